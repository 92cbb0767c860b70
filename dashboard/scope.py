"""The access scope of the current request, set by the security layer on ``flask.g``."""

from __future__ import annotations

from flask import g, has_request_context

from pantau.access import Scope


def current_scope() -> Scope:
    """The scope every query of this request must be filtered by."""
    if has_request_context() and getattr(g, "pantau_scope", None) is not None:
        return g.pantau_scope
    return Scope.national()
