"""Serve a WSGI application with gunicorn from inside the ``pantau`` process."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication
from gunicorn.util import import_app


class _Gunicorn(BaseApplication):
    def __init__(self, app_uri: str, options: dict[str, object]) -> None:
        self.app_uri = app_uri
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return import_app(self.app_uri)


def run_gunicorn(app_uri: str, *, host: str, port: int, workers: int | None = None) -> None:
    """Run ``app_uri`` (``module:attribute``) until interrupted, with the production
    settings of :mod:`pantau.gunicorn_config` (``workers`` None: from the CPU count)."""
    from pantau.gunicorn_config import options

    _Gunicorn(app_uri, options(host=host, port=port, workers=workers)).run()
