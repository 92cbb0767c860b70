"""Sending email through the configured SMTP server (``PANTAU_SMTP_*``), STARTTLS where
the server offers it."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from pantau.settings import Settings

TIMEOUT_SECONDS = 20


def message(
    settings: Settings,
    recipients: list[str],
    subject: str,
    body: str,
    attachment: tuple[str, bytes] | None = None,
) -> EmailMessage:
    """A plain-text email from ``PANTAU_SMTP_FROM``, with an optional PDF attached."""
    mail = EmailMessage()
    mail["From"] = settings.smtp_from or ""
    mail["To"] = ", ".join(recipients)
    mail["Subject"] = subject
    mail.set_content(body)
    if attachment is not None:
        name, data = attachment
        mail.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return mail


def send(settings: Settings, mail: EmailMessage) -> None:
    """Deliver ``mail``; raises OSError or smtplib.SMTPException when it cannot."""
    if not settings.smtp_configured:
        raise smtplib.SMTPException("SMTP is not configured (PANTAU_SMTP_HOST, PANTAU_SMTP_FROM)")
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS) as smtp:
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(mail)
