"""Helpers of the dashboard tests: walk a layout tree, act as a user, open a page module."""

from __future__ import annotations

import contextlib
import importlib
import sys
import tempfile
from collections.abc import Iterator
from types import ModuleType

import plotly.graph_objects as go
from dash._callback_context import context_value
from dash._utils import AttributeDict
from flask import Flask, g

from pantau.access import Scope


def _children(component):
    """A component's children; table rows are sent as component JSON (plain dicts)."""
    if isinstance(component, dict):
        return component.get("props", {}).get("children")
    return getattr(component, "children", None)


def find(component, element_id: str):
    """The component with ``element_id`` in a Dash layout tree, or None."""
    if getattr(component, "id", None) == element_id:
        return component
    children = _children(component)
    if children is None:
        return None
    for child in children if isinstance(children, list | tuple) else [children]:
        found = find(child, element_id)
        if found is not None:
            return found
    return None


def figure_of(component, element_id: str) -> go.Figure:
    """The figure of the graph ``element_id`` in a layout tree, validated, with attribute
    access (pages send figures as plain dicts)."""
    return go.Figure(find(component, element_id).figure)


def texts(component) -> list[str]:
    """Every string in a layout tree, in order."""
    if isinstance(component, str):
        return [component]
    children = _children(component)
    if children is None:
        return []
    found: list[str] = []
    for child in children if isinstance(children, list | tuple) else [children]:
        found.extend(texts(child))
    return found


@contextlib.contextmanager
def as_user(app, scope: Scope, *triggered: str) -> Iterator[None]:
    """A request of a user with ``scope``, inside a callback triggered by ``triggered``."""
    token = context_value.set(
        AttributeDict(triggered_inputs=[{"prop_id": prop, "value": None} for prop in triggered])
    )
    try:
        with app.server.test_request_context("/"):
            g.pantau_scope = scope
            yield
    finally:
        context_value.reset(token)


def loaded_page(name: str) -> ModuleType:
    """A page module as the dashboard app loaded it (``dashboard.pages.<name>``)."""
    return sys.modules[f"dashboard.pages.{name}"]


def page_module(settings, name: str, scope: Scope | None = None) -> Iterator[ModuleType]:
    """The page module ``name`` on a bare Dash app, inside a request of ``scope``."""
    import dash

    with tempfile.TemporaryDirectory() as pages:
        app = dash.Dash(__name__, use_pages=True, pages_folder=pages)
    app.server.config["PANTAU_SETTINGS"] = settings
    module = importlib.import_module(f"dashboard.pages.{name}")
    with app.server.test_request_context("/"):
        g.pantau_scope = scope or Scope.national()
        yield module


def export_client(settings):
    """A test client of the export routes alone, for a national analyst."""
    from dashboard import exports

    app = Flask(__name__)
    app.config["PANTAU_SETTINGS"] = settings

    @app.before_request
    def national() -> None:
        g.pantau_scope = Scope.national()

    exports.register_export_routes(app)
    return app.test_client()
