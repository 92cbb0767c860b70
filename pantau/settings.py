"""Settings read from ``PANTAU_*`` environment variables, with safe defaults."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

ENV_PREFIX = "PANTAU_"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(ENV_PREFIX + name)
    return value if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{ENV_PREFIX}{name} must be a whole number, got {raw!r}") from exc


def _env_flag(name: str) -> bool | None:
    """A yes/no setting; None when unset (the code decides, e.g. from the request)."""
    raw = (_env(name) or "").strip().lower()
    if raw in ("", "auto"):
        return None
    if raw in ("1", "true", "yes"):
        return True
    if raw in ("0", "false", "no"):
        return False
    raise SettingsError(f"{ENV_PREFIX}{name} must be yes, no or auto, got {raw!r}")


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Everything configurable about one Pantau installation."""

    data_dir: Path
    database_url: str
    language: str = "id"
    report_due_day: int = 10
    suppression_threshold: int = 4
    max_report_bytes: int = 10 * 1024 * 1024
    # Budget of one XLSX read in its child process (pantau/reports/budget.py).
    xlsx_cpu_seconds: int = 10
    xlsx_memory_mb: int = 768
    xlsx_wall_seconds: int = 15
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    access_log_retention_days: int = 365
    web_workers: int = 0  # 0: from the CPU count (pantau.gunicorn_config)
    keepalive_seconds: int = 75
    # Secure session cookies: None = whenever the request came over HTTPS.
    cookie_secure: bool | None = None
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted.
    proxy_count: int = 0
    explicit_secret_key: str | None = field(default=None, repr=False)
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_from: str | None = None
    # Reminder ladder: ROLE:DELAY steps, DELAY after the due date of the first missing month
    # in days (d) or months (m); see pantau/reminders.py.
    reminder_ladder: str = "sekretariat:1d,sekda:1m,kepala_daerah:3m"
    # Scorecard weights and targets (TOML); relative paths are inside the data dir.
    scorecard_file: str = "scorecard.toml"

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings from the process environment."""
        data_dir = Path(_env("DATA_DIR", "var") or "var").expanduser().absolute()
        default_url = f"sqlite:///{data_dir / 'pantau.db'}"
        language = _env("LANGUAGE", "id") or "id"
        if language not in ("id", "en"):
            raise SettingsError(f"{ENV_PREFIX}LANGUAGE must be 'id' or 'en', got {language!r}")
        return cls(
            data_dir=data_dir,
            database_url=_env("DATABASE_URL", default_url) or default_url,
            language=language,
            report_due_day=_env_int("REPORT_DUE_DAY", 10),
            suppression_threshold=_env_int("SUPPRESSION_THRESHOLD", 4),
            max_report_bytes=_env_int("MAX_REPORT_BYTES", 10 * 1024 * 1024),
            xlsx_cpu_seconds=_env_int("XLSX_CPU_SECONDS", cls.xlsx_cpu_seconds),
            xlsx_memory_mb=_env_int("XLSX_MEMORY_MB", cls.xlsx_memory_mb),
            xlsx_wall_seconds=_env_int("XLSX_WALL_SECONDS", cls.xlsx_wall_seconds),
            session_idle_minutes=_env_int("SESSION_IDLE_MINUTES", 30),
            session_max_hours=_env_int("SESSION_MAX_HOURS", 12),
            access_log_retention_days=_env_int("ACCESS_LOG_RETENTION_DAYS", 365),
            web_workers=_env_int("WEB_WORKERS", 0),
            keepalive_seconds=_env_int("KEEPALIVE_SECONDS", 75),
            cookie_secure=_env_flag("COOKIE_SECURE"),
            proxy_count=_env_int("PROXY_COUNT", 0),
            explicit_secret_key=_env("SECRET_KEY"),
            smtp_host=_env("SMTP_HOST"),
            smtp_port=_env_int("SMTP_PORT", 587),
            smtp_user=_env("SMTP_USER"),
            smtp_password=_env("SMTP_PASSWORD"),
            smtp_from=_env("SMTP_FROM"),
            reminder_ladder=_env("REMINDER_LADDER", cls.reminder_ladder) or cls.reminder_ladder,
            scorecard_file=_env("SCORECARD_FILE", cls.scorecard_file) or cls.scorecard_file,
        )

    @property
    def smtp_configured(self) -> bool:
        """Whether email can be sent: a server and a sender address are set."""
        return bool(self.smtp_host and self.smtp_from)

    def path(self, *parts: str) -> Path:
        """A path inside the data dir, its parent folder created."""
        target = self.data_dir.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    @cached_property
    def secret_key(self) -> str:
        """The signing key: from the environment, or generated once into the data dir."""
        if self.explicit_secret_key:
            return self.explicit_secret_key
        key_file = self.path("secret_key")
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
        return key_file.read_text().strip()


def named_secret(variable: str) -> str | None:
    """The value of the environment variable a configuration names for a secret (a source's
    ``auth_env``): read here, like every setting, and never stored in the repository."""
    return os.environ.get(variable) or None


def first_admin_password() -> str | None:
    """``PANTAU_ADMIN_PASSWORD``, the password of the first admin (``pantau users
    ensure-admin``): read only when that command asks, so that the password is not held by
    the :class:`Settings` every process (the web app included) keeps."""
    return _env("ADMIN_PASSWORD")


def get_settings() -> Settings:
    """The settings of this process, read from the environment each call."""
    return Settings.from_env()
