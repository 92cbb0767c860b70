"""Pantau TPPO core: settings, database, data model, reference data and CLI."""

__version__ = "0.1.0"
