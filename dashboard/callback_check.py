"""Check a ``/_dash-update-component`` request against the callback it names.

Dash finds the function by the request's ``output`` key and passes the input and state
values by position, ignoring the ``id`` and ``property`` they carry.  Role and region rules
read those names, so a request whose names differ from the registration (renamed,
reordered, extra or missing items) could make the rules look at one thing while Dash runs
another.  :func:`callback_mismatch` refuses every such request before any rule applies; it
reads the app's callback map, so every callback registered later is covered as well.
"""

from __future__ import annotations

import json
from typing import Any

import dash
from dash._utils import split_callback_id, stringify_id
from dash.dependencies import ALL, ALLSMALLER, DashDependency, Wildcard

SCALARS = (str, int, float, bool)


def _parse_id(text: str) -> str | dict:
    """A registered component id: a plain string or a pattern (dict, wildcards as lists)."""
    if text.startswith("{"):
        try:
            parsed = json.loads(text)
        except ValueError:
            return text
        if isinstance(parsed, dict):
            return {
                key: Wildcard(value[0]) if isinstance(value, list) else value
                for key, value in parsed.items()
            }
    return text


def _id_matches(pattern: str | dict, given: Any) -> bool:
    if isinstance(pattern, str):
        return isinstance(given, str) and given == pattern
    if not isinstance(given, dict) or set(given) != set(pattern):
        return False
    for key, expected in pattern.items():
        value = given[key]
        if isinstance(expected, Wildcard):
            if not isinstance(value, SCALARS):
                return False
        elif type(value) is not type(expected) or value != expected:
            return False
    return True


def _is_multi(pattern: str | dict) -> bool:
    """Whether a pattern id stands for a list of components (ALL or ALLSMALLER)."""
    return isinstance(pattern, dict) and any(
        value in (ALL, ALLSMALLER) for value in pattern.values()
    )


def _item_matches(pattern: str | dict, prop: str, item: Any, *, output: bool) -> bool:
    if not isinstance(item, dict) or not _id_matches(pattern, item.get("id")):
        return False
    allowed = {"id", "property"} if output else {"id", "property", "value"}
    return item.get("property") == prop and set(item) <= allowed


def _slot_matches(pattern: str | dict, prop: str, given: Any, *, output: bool) -> bool:
    if _is_multi(pattern):
        return isinstance(given, list) and all(
            _item_matches(pattern, prop, item, output=output) for item in given
        )
    return _item_matches(pattern, prop, given, output=output)


def _declared(specs: list[dict]) -> list[tuple[str | dict, str]]:
    return [(_parse_id(spec["id"]), spec["property"]) for spec in specs]


def _outputs(key: str, registered: Any) -> list[tuple[str | dict, str]]:
    """(id, property) of each output; the property as the renderer sends it, with the
    ``@hash`` suffix of an ``allow_duplicate`` output, which the callback key holds."""
    deps = registered if isinstance(registered, list | tuple) else [registered]
    parts = split_callback_id(key)
    parts = parts if isinstance(parts, list) else [parts]
    if len(parts) != len(deps) or not all(isinstance(dep, DashDependency) for dep in deps):
        return []
    return [
        (_parse_id(dep.component_id_str()), part["property"])
        for dep, part in zip(deps, parts, strict=True)
    ]


def _slots_match(declared, given: Any, *, output: bool) -> bool:
    if not isinstance(given, list) or len(given) != len(declared):
        return False
    return all(
        _slot_matches(pattern, prop, item, output=output)
        for (pattern, prop), item in zip(declared, given, strict=True)
    )


def _prop_ids(items: list) -> set[str]:
    flat = [part for item in items for part in (item if isinstance(item, list) else [item])]
    return {f"{stringify_id(part['id'])}.{part['property']}" for part in flat}


def callback_mismatch(app: dash.Dash, body: Any) -> str | None:
    """Why ``body`` is not a call of a registered server callback as declared, or None."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return "malformed callback"
    spec = app.callback_map.get(body["output"])
    if spec is None or spec.get("callback") is None:
        return "unknown callback"
    if not _slots_match(_declared(spec["inputs"]), body.get("inputs"), output=False):
        return "inputs differ from the registered callback"
    if not _slots_match(_declared(spec["state"]), body.get("state", []), output=False):
        return "state differs from the registered callback"
    outputs = body.get("outputs", [])
    if spec.get("no_output"):
        if outputs not in ([], None):
            return "outputs differ from the registered callback"
    else:
        declared = _outputs(body["output"], spec["output"])
        single = not isinstance(spec["output"], list | tuple)
        given = [outputs] if single else outputs
        if not declared or not _slots_match(declared, given, output=True):
            return "outputs differ from the registered callback"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not set(changed) <= _prop_ids(body["inputs"]):
        return "changed inputs are not inputs of the callback"
    return None
