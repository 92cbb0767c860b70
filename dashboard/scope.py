"""The access scope of the current request, set by the security layer on ``flask.g``.

Fails closed: inside a request that the security layer has not given a scope, the scope
sees nothing.  Outside any request (command line, benchmarks, jobs) it is national.
"""

from __future__ import annotations

from flask import g, has_request_context

from pantau.access import Scope

#: The scope of a request nobody vouched for: no region, suppression on.
NO_ACCESS = Scope(role="none", region_code=None, suppress=True)


def current_scope() -> Scope:
    """The scope every query of this request must be filtered by."""
    if not has_request_context():
        return Scope.national()
    scope = getattr(g, "pantau_scope", None)
    return scope if isinstance(scope, Scope) else NO_ACCESS
