"""Alembic migrations of the Pantau database."""
