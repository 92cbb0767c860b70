"""The audit log: who did what, when and from where.

Every security-relevant action is recorded with :func:`record` into the ``audit_log``
table: logins and failed logins, logouts, exports and downloads (recorded for every
``/export/...`` request by the dashboard's security layer), report uploads (the upload
page calls ``record(engine, UPLOAD, username=..., address=..., detail={"file": ...})``),
user changes made with ``pantau users`` and source changes.  Admins read it on
``/admin/audit`` or with ``pantau audit``.

Retention: entries are never deleted or changed by the application; removing old entries
is a deliberate database operation under the institution's records policy.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from pantau.db import session_scope
from pantau.models import AuditEvent, utcnow

LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOGOUT = "logout"
EXPORT = "export"
UPLOAD = "report_upload"
USER_ADD = "user_add"
USER_DISABLE = "user_disable"
USER_PASSWORD = "user_password"
SOURCE_CHANGE = "source_change"
ACCESS_DENIED = "access_denied"
CONTACT_CHANGE = "contact_change"
DIRECTIVE_CHANGE = "directive_change"
INTAKE_DISMISS = "intake_dismiss"

ACTIONS = (
    LOGIN,
    LOGIN_FAILED,
    LOGOUT,
    EXPORT,
    UPLOAD,
    USER_ADD,
    USER_DISABLE,
    USER_PASSWORD,
    SOURCE_CHANGE,
    ACCESS_DENIED,
    CONTACT_CHANGE,
    DIRECTIVE_CHANGE,
    INTAKE_DISMISS,
)


@dataclass(frozen=True)
class Entry:
    """One audit event as read back."""

    at: dt.datetime
    username: str | None
    address: str | None
    action: str
    outcome: str
    detail: dict[str, Any]


def record(
    engine: Engine,
    action: str,
    *,
    username: str | None,
    address: str | None = None,
    outcome: str = "ok",
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Append one event; ``detail`` is stored as JSON (values that are not JSON as text)."""
    with session_scope(engine) as session:
        session.add(
            AuditEvent(
                at=utcnow(),
                username=(username or None) and username[:64],
                address=(address or None) and address[:64],
                action=action[:40],
                outcome=outcome[:12],
                detail=json.dumps(dict(detail or {}), default=str, ensure_ascii=False),
            )
        )


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def entries(
    engine: Engine,
    *,
    username: str | None = None,
    action: str | None = None,
    since: dt.datetime | dt.date | None = None,
    until: dt.datetime | dt.date | None = None,
    limit: int = 500,
) -> list[Entry]:
    """Events, newest first, filtered by user, action and time (a date means that day).

    ``until`` as a date includes the whole day.
    """
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if username:
        query = query.where(AuditEvent.username == username)
    if action:
        query = query.where(AuditEvent.action == action)
    if since is not None:
        if not isinstance(since, dt.datetime):
            since = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
        query = query.where(AuditEvent.at >= _utc(since))
    if until is not None:
        if not isinstance(until, dt.datetime):
            until = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        query = query.where(AuditEvent.at < _utc(until))
    with session_scope(engine) as session:
        rows = session.scalars(query.limit(limit)).all()
        return [
            Entry(
                at=_utc(row.at),
                username=row.username,
                address=row.address,
                action=row.action,
                outcome=row.outcome,
                detail=json.loads(row.detail) if row.detail else {},
            )
            for row in rows
        ]
