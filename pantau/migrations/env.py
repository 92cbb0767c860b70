"""Alembic environment: runs migrations on the connection handed in by ``pantau.schema``."""

from alembic import context

from pantau.models import Base
from pantau.releases import models as _release_models  # noqa: F401  (registers the tables)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
