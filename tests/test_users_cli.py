"""``pantau users ...``: add, list, disable, set-password, ensure-admin, with validation."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from pantau import audit
from pantau.auth import authenticate, user_count
from pantau.cli import main
from pantau.settings import Settings


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["users", *args], input=input)


def can_login(engine: Engine, settings: Settings, name: str, password: str) -> bool:
    result = authenticate(engine, name, password, "127.0.0.1", settings.secret_key)
    return result.account is not None


def test_add_list_disable_and_set_password(settings: Settings, engine: Engine) -> None:
    result = run("add", "Jateng", "--role", "provinsi", "--region", "33", "--password", "x" * 12)
    assert result.exit_code == 0, result.output
    assert "jateng added with role provinsi for region 33" in result.output
    listing = run("list")
    assert (
        "jateng" in listing.output and "provinsi" in listing.output and "active" in listing.output
    )
    assert "scrypt" not in listing.output and "x" * 12 not in listing.output
    assert can_login(engine, settings, "jateng", "x" * 12)
    changed = run("set-password", "jateng", input="y" * 12 + "\n" + "y" * 12 + "\n")
    assert changed.exit_code == 0, changed.output
    assert can_login(engine, settings, "jateng", "y" * 12)
    assert not can_login(engine, settings, "jateng", "x" * 12)
    assert run("disable", "jateng").exit_code == 0
    assert "disabled" in run("list").output
    assert not can_login(engine, settings, "jateng", "y" * 12)
    actions = [entry.action for entry in audit.entries(engine)]
    assert actions[:3] == [audit.USER_DISABLE, audit.USER_PASSWORD, audit.USER_ADD]


def test_password_is_prompted_twice_hidden(settings: Settings, engine: Engine) -> None:
    result = run("add", "analis", "--role", "nasional", input="p" * 12 + "\n" + "p" * 12 + "\n")
    assert result.exit_code == 0, result.output
    assert "p" * 12 not in result.output
    assert can_login(engine, settings, "analis", "p" * 12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "provinsi"], "needs --region"),
        (["--role", "provinsi", "--region", "99"], "not a known province code"),
        (["--role", "provinsi", "--region", "33.01"], "not a known province code"),
        (["--role", "kabupaten", "--region", "33"], "not a known regency code"),
        (["--role", "nasional", "--region", "33"], "has no region"),
        (["--role", "nasional", "--password", "short"], "at least 10 characters"),
    ],
)
def test_add_refuses_invalid_input(settings: Settings, engine: Engine, args, message) -> None:
    password = [] if "--password" in args else ["--password", "z" * 12]
    result = run("add", "someone", *args, *password)
    assert result.exit_code == 1 and message in result.output
    assert user_count(engine) == 0


def test_duplicate_and_unknown_users(settings: Settings, engine: Engine) -> None:
    assert run("add", "kab", "--role", "kabupaten", "--region", "33.01", "--password", "k" * 12)
    result = run("add", "kab", "--role", "nasional", "--password", "k" * 12)
    assert result.exit_code == 1 and "exists already" in result.output
    assert run("disable", "ghost").exit_code == 1


def test_ensure_admin_creates_the_first_admin_once(settings: Settings, engine: Engine) -> None:
    first = run("ensure-admin")
    assert first.exit_code == 0, first.output
    password = first.output.split("write it down): ")[1].split()[0]
    assert len(password) >= 20 and "/login" in first.output
    assert can_login(engine, settings, "admin", password)
    # Also kept where a long log cannot scroll it away: a file only its owner can read.
    kept = settings.data_dir / "first-admin-password.txt"
    assert kept.read_text(encoding="utf-8").split() == ["admin", password]
    assert kept.stat().st_mode & 0o777 == 0o600
    assert str(kept) in first.output
    again = run("ensure-admin")
    assert "nothing to do" in again.output and password not in again.output
    assert user_count(engine) == 1


def test_ensure_admin_takes_the_password_from_the_environment(
    settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANTAU_ADMIN_PASSWORD", "from the secret store")
    result = run("ensure-admin", "--login-url", "http://127.0.0.1:8093/login")
    assert result.exit_code == 0 and "from the secret store" not in result.output
    assert "log in at http://127.0.0.1:8093/login" in result.output  # make run's PORT
    assert can_login(engine, settings, "admin", "from the secret store")
    assert not (settings.data_dir / "first-admin-password.txt").exists()
