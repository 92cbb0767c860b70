"""Open the configured database, ready for use, or fail with a message that says what to fix."""

from __future__ import annotations

from sqlalchemy import Engine

from pantau.db import DatabaseUnavailable, check_connection, engine_for
from pantau.schema import current_revision, head_revision
from pantau.settings import Settings, get_settings


def open_engine(settings: Settings | None = None, *, require_schema: bool = True) -> Engine:
    """The engine of the configured database, reachable and (by default) migrated."""
    settings = settings or get_settings()
    engine = engine_for(settings.database_url)
    check_connection(engine)
    if require_schema:
        revision = current_revision(engine)
        if revision is None:
            raise DatabaseUnavailable("the database is empty: run `pantau init` first")
        if revision != head_revision():
            raise DatabaseUnavailable(
                f"the database schema is at {revision}, the code needs {head_revision()}: "
                "run `pantau init` to migrate it"
            )
    return engine
