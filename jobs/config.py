"""The sources of reports, configured in ``<data dir>/pantau.toml`` (see ``docs/sources.md``).

The file is created with documented defaults the first time it is needed.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from apscheduler.triggers.cron import CronTrigger

from pantau.settings import Settings, SettingsError

CONFIG_NAME = "pantau.toml"
SOURCE_KINDS = ("inbox", "overseas", "http")
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")

DEFAULT_CONFIG = """\
# Pantau TPPO: where reports come from and when they are fetched.
# Documentation: docs/sources.md.  Paths are relative to the data dir.
# Edit, then restart `pantau scheduler`; `pantau sources` shows what is configured.

[scheduler]
# Time zone of the cron schedules below.
timezone = "Asia/Jakarta"
# A run missed (e.g. the machine was off) still starts if at most this late.
misfire_grace_seconds = 600
# SQLite only: how long a job lock lasts unless renewed (it is renewed while a job runs).
lock_lease_seconds = 300

# Regional reports (CSV, XLSX, JSON) dropped into a folder by officers, SFTP or a share.
[sources.inbox]
kind = "inbox"
path = "inbox"
schedule = "*/15 * * * *"          # cron: minute hour day month weekday
# A file is taken only when untouched for this long and its size and time are stable.
settle_seconds = 10
# The time a file was received: "mtime" (its modification time) or "now".
received_time = "mtime"

# The national Kemenlu table of Indonesian victims handled abroad, by country and month.
[sources.kemenlu]
kind = "overseas"
path = "overseas"
schedule = "0 * * * *"
settle_seconds = 10
received_time = "mtime"

# A regional or national system publishing JSON reports over HTTP(S).  The secret is read
# from the environment variable named in auth_env, never written here.
# [sources.ntt]
# kind = "http"
# url = "https://example.nttprov.go.id/api/tppo/reports"
# format = "index"                  # "report": the URL is one JSON report;
#                                   # "index": a JSON list of report URLs
# auth_env = "PANTAU_SOURCE_NTT_TOKEN"
# auth_header = "Authorization"
# auth_scheme = "Bearer"            # prefix of the header value; "" for none
# timeout_seconds = 30
# retries = 3                       # extra attempts after a timeout or a 5xx answer
# backoff_seconds = 2               # waits 2 s, 4 s, 8 s ... between attempts
# schedule = "0 */6 * * *"
"""


class ConfigError(SettingsError):
    """The sources file cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class SourceConfig:
    """One configured source."""

    name: str
    kind: str
    schedule: str
    path: Path | None = None
    settle_seconds: float = 10.0
    stable_interval: float = 1.0
    received_time: str = "mtime"
    url: str | None = None
    format: str = "report"
    auth_env: str | None = None
    auth_header: str = "Authorization"
    auth_scheme: str = "Bearer"
    timeout_seconds: float = 30.0
    retries: int = 3
    backoff_seconds: float = 2.0
    enabled: bool = True

    @property
    def ingest_kind(self) -> str:
        """What the files of this source hold: ``regional`` or ``overseas`` reports."""
        return "overseas" if self.kind == "overseas" else "regional"


@dataclass(frozen=True)
class Config:
    """The whole sources file."""

    path: Path
    sources: tuple[SourceConfig, ...]
    timezone: str = "Asia/Jakarta"
    misfire_grace_seconds: int = 600
    lock_lease_seconds: int = 300

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"no source named {name!r} in {self.path} (configured: {known})")


def config_path(settings: Settings) -> Path:
    return settings.data_dir / CONFIG_NAME


def ensure_config(settings: Settings) -> Path:
    """The sources file, created with the documented defaults if absent."""
    path = config_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return path
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(DEFAULT_CONFIG)
    return path


def load_config(settings: Settings) -> Config:
    """Read and check the sources file (creating it first if needed)."""
    path = ensure_config(settings)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    return parse_config(raw, settings, path)


def parse_config(raw: dict, settings: Settings, path: Path) -> Config:
    """Check a parsed TOML document and build the configuration."""
    scheduler = raw.get("scheduler", {})
    sources_raw = raw.get("sources", {})
    if not isinstance(sources_raw, dict) or not isinstance(scheduler, dict):
        raise ConfigError(f"{path}: [scheduler] and [sources.NAME] must be tables")
    sources = tuple(_source(name, values, settings, path) for name, values in sources_raw.items())
    timezone = str(scheduler.get("timezone", "Asia/Jakarta"))
    for source in sources:
        try:
            CronTrigger.from_crontab(source.schedule, timezone=timezone)
        except (ValueError, LookupError) as exc:
            raise ConfigError(
                f"{path}: source {source.name!r} has an invalid schedule "
                f'{source.schedule!r} ({exc}); use cron syntax like "*/15 * * * *"'
            ) from exc
    return Config(
        path=path,
        sources=sources,
        timezone=timezone,
        misfire_grace_seconds=int(scheduler.get("misfire_grace_seconds", 600)),
        lock_lease_seconds=int(scheduler.get("lock_lease_seconds", 300)),
    )


_FIELDS = {
    "kind",
    "schedule",
    "path",
    "settle_seconds",
    "stable_interval",
    "received_time",
    "url",
    "format",
    "auth_env",
    "auth_header",
    "auth_scheme",
    "timeout_seconds",
    "retries",
    "backoff_seconds",
    "enabled",
}


def _source(name: str, values: object, settings: Settings, path: Path) -> SourceConfig:
    where = f"{path}: source {name!r}"
    if not NAME_PATTERN.match(name):
        raise ConfigError(f"{where}: names use a-z, 0-9, '-' and '_' (at most 40 characters)")
    if not isinstance(values, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(values) - _FIELDS)
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(unknown)}")
    kind = values.get("kind")
    if kind not in SOURCE_KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(SOURCE_KINDS)}, got {kind!r}")
    if "schedule" not in values:
        raise ConfigError(f'{where}: needs a schedule, e.g. "*/15 * * * *"')
    options = {key: value for key, value in values.items() if key not in ("path", "kind")}
    folder = None
    if kind in ("inbox", "overseas"):
        folder = Path(values.get("path", "inbox" if kind == "inbox" else "overseas")).expanduser()
        if not folder.is_absolute():
            folder = settings.data_dir / folder
    elif not values.get("url"):
        raise ConfigError(f"{where}: an http source needs a url")
    if options.get("received_time", "mtime") not in ("mtime", "now"):
        raise ConfigError(f'{where}: received_time must be "mtime" or "now"')
    if options.get("format", "report") not in ("report", "index"):
        raise ConfigError(f'{where}: format must be "report" or "index"')
    try:
        return SourceConfig(name=name, kind=kind, path=folder, **options)
    except TypeError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
