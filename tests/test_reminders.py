"""Reminders and escalation against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from factories import simple_report, store_report
from pypdf import PdfReader
from sqlalchemy import select

from pantau import reminders
from pantau.cli import main
from pantau.contacts import (
    ContactError,
    add_contact,
    import_contacts,
    list_contacts,
    remove_contact,
    update_contact,
)
from pantau.models import Reminder

TODAY = dt.date(2025, 3, 20)  # February 2025 is the last complete month (due 10 March)
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_port():
    return _free_port()


def _server(port: int) -> tuple[Controller, Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


def _setup(engine) -> None:
    # 32.01 reported February: nothing due.  32.02 missed February: secretariat.
    # 32.04 missed January and February: Sekda.  32.03 silent since November: head letter.
    last_reports = {
        "32.01": dt.date(2025, 2, 1),
        "32.02": dt.date(2025, 1, 1),
        "32.04": dt.date(2024, 12, 1),
        "32.03": dt.date(2024, 10, 1),
    }
    for code, period in last_reports.items():
        store_report(engine, simple_report(code, period))
        digits = code.replace(".", "")
        for role, local in (
            ("sekretariat", "sekretariat"),
            ("sekda", "sekda"),
            ("kepala_daerah", "kepala"),
        ):
            add_contact(engine, code, role, f"{local}.{digits}@gugus-tugas.example")


def _smtp(settings, port: int):
    return dataclasses.replace(
        settings, smtp_host="127.0.0.1", smtp_port=port, smtp_from="pantau@kemendagri.example"
    )


def test_plan_follows_the_ladder(engine, settings) -> None:
    _setup(engine)
    due = {p.region_code: p for p in reminders.plan(engine, settings, today=TODAY)}
    assert "32.01" not in due
    assert (due["32.02"].step, due["32.02"].months) == ("sekretariat", (dt.date(2025, 2, 1),))
    assert due["32.04"].step == "sekda" and len(due["32.04"].months) == 2
    assert due["32.03"].step == "kepala_daerah"
    assert due["32.03"].months == tuple(
        dt.date(y, m, 1) for y, m in ((2024, 11), (2024, 12), (2025, 1), (2025, 2))
    )
    assert due["32.03"].recipients == ("kepala.3203@gugus-tugas.example",)
    # Never reported anywhere in the window: due, but nobody to write to.
    assert due["33.01"].recipients == ()
    # On the due day itself nothing is late yet for February.
    early = {p.region_code: p for p in reminders.plan(engine, settings, today=dt.date(2025, 3, 10))}
    assert "32.02" not in early and early["32.04"].step == "sekretariat"


def test_send_once_to_the_right_recipients(engine, settings, smtp_port) -> None:
    _setup(engine)
    controller, inbox = _server(smtp_port)
    try:
        smtp = _smtp(settings, smtp_port)
        dry = reminders.run(engine, smtp, send=False, today=TODAY)
        assert dry.dry_run and not inbox.messages
        with engine.connect() as connection:
            assert connection.scalar(select(Reminder.id)) is None

        first = reminders.run(engine, smtp, send=True, today=TODAY)
        assert len(first.sent) == 3 and not first.failed
        received = {tuple(rcpt): message for rcpt, message in inbox.messages}
        assert set(received) == {
            ("sekretariat.3202@gugus-tugas.example",),
            ("sekda.3204@gugus-tugas.example",),
            ("kepala.3203@gugus-tugas.example",),
        }
        head = received[("kepala.3203@gugus-tugas.example",)]
        assert "Cianjur" in head["Subject"]
        body = head.get_body(("plain",)).get_content()
        assert "November 2024" in body and "Februari 2025" in body
        attachments = [part for part in head.iter_attachments()]
        assert attachments[0].get_content_type() == "application/pdf"

        second = reminders.run(engine, smtp, send=True, today=TODAY)
        assert second.sent == [] and len(inbox.messages) == 3
        later = reminders.run(engine, smtp, send=True, today=dt.date(2025, 4, 12))
        # A month on: 32.01 missed March (secretariat); 32.02 still misses February
        # and March (Sekda); 32.04 and 32.03 already had their step.
        steps = {p.region_code: p.step for p in later.planned if p.recipients}
        assert steps == {"32.01": "sekretariat", "32.02": "sekda"}
        assert sorted(rcpt[0] for rcpt, _ in inbox.messages[3:]) == [
            "sekda.3202@gugus-tugas.example",
            "sekretariat.3201@gugus-tugas.example",
        ]
    finally:
        controller.stop()

    rows = {row.region_code: row for row in reminders.history(engine)}
    assert rows["32.03"].sent_at is not None and rows["32.03"].error is None
    assert rows["32.03"].months == ("2024-11", "2024-12", "2025-01", "2025-02")
    text = "\n".join(page.extract_text() for page in PdfReader(rows["32.03"].letter_path).pages)
    assert "Kabupaten Cianjur" in text
    for month in ("November 2024", "Desember 2024", "Januari 2025", "Februari 2025"):
        assert month in text
    assert "Kepala Daerah" in text and "Bupati Cianjur" in text
    for label in ("Nomor", "Sifat", "Lampiran", "Perihal", "DIREKTUR JENDERAL"):
        assert label in text
    assert rows["32.03"].letter_number in text


def test_refused_connection_is_recorded_and_retried(engine, settings, smtp_port) -> None:
    _setup(engine)
    smtp = _smtp(settings, smtp_port)  # nothing listens there yet
    failed = reminders.run(engine, smtp, send=True, today=TODAY)
    assert failed.sent == [] and len(failed.failed) == 3
    with engine.connect() as connection:
        stored = connection.execute(select(Reminder)).all()
    assert len(stored) == 3 and all(r.sent_at is None and "Refused" in r.error for r in stored)

    controller, inbox = _server(smtp_port)
    try:
        retried = reminders.run(engine, smtp, send=True, today=TODAY)
        assert sorted(retried.sent) == sorted(r.id for r in stored)
        assert len(inbox.messages) == 3
        assert reminders.run(engine, smtp, send=True, today=TODAY).sent == []
    finally:
        controller.stop()
    rows = reminders.history(engine)
    assert all(r.sent_at and r.error is None and r.attempts == 2 for r in rows)


@SQLITE_ONLY
def test_contacts_and_cli(engine, settings, tmp_path, smtp_port) -> None:
    with pytest.raises(ContactError):
        add_contact(engine, "99.99", "sekda", "a@b.example")
    with pytest.raises(ContactError):
        add_contact(engine, "32.01", "camat", "a@b.example")
    csv_file = tmp_path / "kontak.csv"
    csv_file.write_text(
        "kode_wilayah;peran;kantor;email\n"
        "32.01;sekretariat;Sekretariat GT PP-TPPO Kab. Bogor;sekretariat.3201@gugus-tugas.example\n"
        "32.01;Sekda;Setda Kab. Bogor;sekda.3201@gugus-tugas.example\n"
        "32.01;bupati;;kepala.3201@gugus-tugas.example\n"
        "32.99;sekda;;x@y.example\n"
    )
    runner = CliRunner()
    result = runner.invoke(main, ["contacts", "import", str(csv_file)])
    assert result.exit_code == 1 and "3 contact(s) stored, 1 rejected" in result.output
    assert "line 5" in result.output
    assert [r.role for r in list_contacts(engine, region_code="32.01")] == [
        "kepala_daerah",
        "sekda",
        "sekretariat",
    ]
    result = runner.invoke(main, ["contacts", "list", "--province", "32"])
    assert "sekda.3201@gugus-tugas.example" in result.output and "3 contact(s)" in result.output
    assert import_contacts(
        engine, [{"region_code": "32.01", "role": "sekda", "email": "bad"}]
    ).errors
    (head,) = list_contacts(engine, region_code="32.01", role="bupati")
    update_contact(engine, head.id, email="Bupati.3201@Pemda.example", office="Bupati Bogor")
    (head,) = list_contacts(engine, region_code="32.01", role="kepala_daerah")
    assert (head.email, head.office) == ("bupati.3201@pemda.example", "Bupati Bogor")
    with pytest.raises(ContactError):
        update_contact(engine, head.id, email="not an address")
    assert remove_contact(engine, head.id) and not remove_contact(engine, head.id)
    assert len(list_contacts(engine, region_code="32.01")) == 2
    add_contact(engine, "32.01", "kepala_daerah", "kepala.3201@gugus-tugas.example")

    result = runner.invoke(main, ["reminders", "run", "--date", "2025-03-20"])
    assert result.exit_code == 0, result.output
    assert "dry run" in result.output and "32.01  kepala_daerah" in result.output
    result = runner.invoke(main, ["reminders", "run", "--send", "--date", "2025-03-20"])
    assert "SMTP not configured" in result.output
