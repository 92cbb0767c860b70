"""The settings and database engine of the running app, for every query of a request."""

from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import Engine

from pantau.db import engine_for
from pantau.settings import Settings, get_settings


def app_settings() -> Settings:
    """The settings of the running app (the environment's outside an app)."""
    configured = current_app.config.get("PANTAU_SETTINGS") if has_app_context() else None
    return configured or get_settings()


def app_engine(settings: Settings | None = None) -> Engine:
    """The shared engine of the app's database (no per-request connection checks)."""
    return engine_for((settings or app_settings()).database_url)
