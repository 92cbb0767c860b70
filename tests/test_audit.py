"""The audit log: recording, filtering, the ``pantau audit`` command."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from sqlalchemy import Engine, update

from pantau import audit
from pantau.cli import main
from pantau.db import session_scope
from pantau.models import AuditEvent


def test_record_and_filter(engine: Engine) -> None:
    audit.record(engine, audit.LOGIN, username="analis", address="10.0.0.1")
    audit.record(
        engine,
        audit.UPLOAD,
        username="jateng",
        address="10.0.0.2",
        detail={"file": "33_2024-05.xlsx", "period": dt.date(2024, 5, 1)},
    )
    audit.record(engine, audit.LOGIN_FAILED, username="analis", outcome="invalid")
    everything = audit.entries(engine)
    assert [entry.action for entry in everything] == [
        audit.LOGIN_FAILED,
        audit.UPLOAD,
        audit.LOGIN,
    ]
    upload = audit.entries(engine, action=audit.UPLOAD)[0]
    assert upload.detail == {"file": "33_2024-05.xlsx", "period": "2024-05-01"}
    assert upload.at.tzinfo is not None
    assert len(audit.entries(engine, username="analis")) == 2
    with session_scope(engine) as session:
        session.execute(
            update(AuditEvent)
            .where(AuditEvent.action == audit.LOGIN)
            .values(at=dt.datetime(2024, 1, 15, 8, tzinfo=dt.UTC))
        )
    assert [e.action for e in audit.entries(engine, until=dt.date(2024, 1, 15))] == [audit.LOGIN]
    assert len(audit.entries(engine, since=dt.date(2024, 1, 16))) == 2
    assert audit.entries(engine, since=dt.date(2024, 1, 16), until=dt.date(2024, 1, 1)) == []


def test_audit_command(settings, engine: Engine) -> None:
    audit.record(
        engine,
        audit.EXPORT,
        username="analis",
        address="10.0.0.1",
        detail={"path": "/export/overseas.csv"},
    )
    audit.record(engine, audit.LOGIN, username="jateng", address="10.0.0.2")
    runner = CliRunner()
    result = runner.invoke(main, ["audit", "--user", "analis"])
    assert result.exit_code == 0, result.output
    assert "export" in result.output and "/export/overseas.csv" in result.output
    assert "jateng" not in result.output
    result = runner.invoke(main, ["audit", "--action", "login", "--json"])
    assert '"username": "jateng"' in result.output
    future = runner.invoke(main, ["audit", "--since", "2999-01-01"])
    assert "no matching audit events" in future.output
    assert runner.invoke(main, ["audit", "--action", "nonsense"]).exit_code == 2
