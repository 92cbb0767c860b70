"""Build the Dash application and its Flask server."""

from __future__ import annotations

import logging
from pathlib import Path

import dash
from flask import Flask, jsonify

from dashboard.admin_contacts import register_admin_contact_routes
from dashboard.admin_directives import register_admin_directive_routes
from dashboard.callbacks import shell as shell_callbacks
from dashboard.callbacks.map_views import register_layer_route
from dashboard.components.frame import shell
from dashboard.exports import register_export_routes
from dashboard.report_files import register_report_file_routes
from dashboard.security import install_security
from dashboard.taskforce_exports import register_taskforce_export_routes
from pantau.db import DatabaseUnavailable
from pantau.settings import Settings, get_settings

ASSETS = Path(__file__).resolve().parent.parent / "assets"
PAGES = Path(__file__).resolve().parent / "pages"
log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> dash.Dash:
    """The dashboard for ``settings``, every asset served by the app itself."""
    settings = settings or get_settings()
    app = dash.Dash(
        "dashboard",
        use_pages=True,
        pages_folder=str(PAGES),
        assets_folder=str(ASSETS),
        serve_locally=True,
        title="Pantau TPPO",
        update_title=None,
        suppress_callback_exceptions=True,
        compress=True,
    )
    app.server.config["PANTAU_SETTINGS"] = settings
    _check_schema_once(settings)
    app.layout = shell(settings.language)
    shell_callbacks.register(app)
    _add_health_route(app, settings)
    install_security(app, settings)
    register_export_routes(app.server)
    register_report_file_routes(app.server)
    register_layer_route(app.server)
    register_taskforce_export_routes(app.server)
    register_admin_contact_routes(app.server, settings)
    register_admin_directive_routes(app.server, settings)
    return app


def ready_to_serve(app: dash.Dash) -> Flask:
    """``app``'s WSGI server with Dash's one-time setup already done.

    Dash sets itself up (script bundles, the page router) on the first request it
    receives, and marks that done before it is: a second gunicorn thread arriving meanwhile
    found no bundle registered and answered 500 for React, a page that never rendered.
    One request through the app now, before any thread serves (and, with ``preload_app``,
    before gunicorn forks its workers), leaves nothing to set up later."""
    app.server.test_client().get("/healthz")
    return app.server


def _check_schema_once(settings: Settings) -> None:
    """Check the schema when the app starts, not on every page and export: pages then use
    the shared engine; a database that is down or unmigrated is said in the log here and
    by /healthz afterwards."""
    from pantau.context import open_engine

    try:
        open_engine(settings)
    except DatabaseUnavailable as exc:
        log.error("database not ready at start: %s", exc)


def _add_health_route(app: dash.Dash, settings: Settings) -> None:
    @app.server.get("/healthz")
    def healthz():
        """``ok`` or ``unavailable`` only: anyone may call it, the reason goes to the log."""
        from pantau.context import open_engine

        try:
            open_engine(settings)
        except DatabaseUnavailable as exc:
            app.server.logger.error("health check: database unavailable: %s", exc)
            return jsonify(status="unavailable"), 503
        return jsonify(status="ok")
