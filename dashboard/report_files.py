"""``/export/laporan/<id>``: an archived report file, for analysts whose scope holds it.

Under ``/export/`` on purpose: the security layer then asks for a login (401 without),
refuses the meeting-display role, and writes the download to the audit log and the data
access log like every other export.  The scope decision is :func:`pantau.provenance.archived_file`.
"""

from __future__ import annotations

from flask import Flask, Response, abort, send_file

from dashboard.data.context import app_engine, app_settings
from dashboard.scope import current_scope
from pantau.provenance import archived_file


def sources_href(search: str | None) -> str:
    """The source-report list (``/laporan-sumber``) of the selection in ``search``."""
    return f"/laporan-sumber{search or ''}"


def file_href(report_id: int) -> str:
    """Where report ``report_id``'s archived file is downloaded."""
    return f"/export/laporan/{report_id}"


def register_report_file_routes(server: Flask) -> None:
    """Add the archived-file download route to the dashboard's Flask server."""

    @server.get("/export/laporan/<int:report_id>")
    def report_file(report_id: int) -> Response:
        settings = app_settings()
        try:
            found = archived_file(
                app_engine(settings), settings.data_dir, current_scope(), report_id
            )
        except PermissionError:
            abort(403)
        except LookupError:
            abort(404)
        response = send_file(
            found.path,
            mimetype="application/octet-stream",
            as_attachment=True,
            download_name=found.download_name,
            max_age=0,
        )
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
