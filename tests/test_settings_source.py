"""Every ``PANTAU_*`` setting is read from the environment in one place, ``pantau/settings.py``.

A setting read anywhere else escapes its validation, its default and the README's table
(``PANTAU_COOKIE_SECURE``, ``PANTAU_PROXY_COUNT`` and ``PANTAU_ADMIN_PASSWORD`` once were).
The source is parsed, not grepped, so that a docstring naming a variable is no read.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pantau", "dashboard", "jobs", "geodata")
SETTINGS_MODULE = ROOT / "pantau" / "settings.py"
READERS = {"environ", "getenv", "getenvb", "environb"}


def _prefix_names(tree: ast.Module) -> set[str]:
    """Names that stand for a ``PANTAU_`` string: module constants and ``ENV_PREFIX``."""
    names = {"ENV_PREFIX"}
    for node in tree.body:
        if isinstance(node, ast.Assign) and _names_pantau(node.value, set()):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _names_pantau(node: ast.AST, prefixes: set[str]) -> bool:
    """Whether ``node`` (a constant, an f-string, a sum) spells a name starting PANTAU_."""
    return any(
        (
            isinstance(part, ast.Constant)
            and isinstance(part.value, str)
            and part.value.startswith("PANTAU_")
        )
        or (isinstance(part, ast.Name) and part.id in prefixes)
        for part in ast.walk(node)
    )


def _is_reader(node: ast.AST) -> bool:
    """``os.environ``, ``os.getenv``, or the names imported from ``os``."""
    if isinstance(node, ast.Attribute):
        return node.attr in READERS or _is_reader(node.value)
    return isinstance(node, ast.Name) and node.id in READERS


def environment_reads(source: str) -> list[int]:
    """The lines of ``source`` that read a ``PANTAU_*`` environment variable."""
    tree = ast.parse(source)
    prefixes = _prefix_names(tree)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_reader(node.func):
            looked_up = node.args[:1] + [k.value for k in node.keywords if k.arg == "key"]
        elif isinstance(node, ast.Subscript) and _is_reader(node.value):
            looked_up = [node.slice]
        elif isinstance(node, ast.Compare) and any(_is_reader(c) for c in node.comparators):
            looked_up = [node.left]
        else:
            continue
        if any(_names_pantau(arg, prefixes) for arg in looked_up):
            lines.append(node.lineno)
    return lines


def test_the_detector_finds_every_form_of_read() -> None:
    reads = """
import os
from os import environ, getenv
a = os.environ.get("PANTAU_X")
b = os.environ["PANTAU_X"]
c = os.getenv("PANTAU_X", "1")
d = environ.get(f"PANTAU_{name}")
e = getenv("PANTAU_" + name)
f = "PANTAU_X" in os.environ
g = os.environ.setdefault("PANTAU_X", "1")
VARIABLE = "PANTAU_X"
h = os.environ.get(VARIABLE)
i = os.environ.get(ENV_PREFIX + "X")
"""
    assert environment_reads(reads) == [4, 5, 6, 7, 8, 9, 10, 12, 13]
    others = '''
"""Set PANTAU_X to change it."""
import os
port = os.environ.get("PORT", "8050")
config = app.config.get("PANTAU_SETTINGS")
message = f"PANTAU_DATABASE_URL is not valid"
'''
    assert environment_reads(others) == []


def test_pantau_settings_are_read_only_in_the_settings_module() -> None:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == SETTINGS_MODULE:
                continue
            lines = environment_reads(path.read_text(encoding="utf-8"))
            if lines:
                found[str(path.relative_to(ROOT))] = lines
    assert found == {}, "read PANTAU_* through pantau.settings, not the environment"


def test_the_settings_module_is_where_they_are_read() -> None:
    """The scan would pass vacuously if it could not see the reads that are allowed."""
    assert environment_reads(SETTINGS_MODULE.read_text(encoding="utf-8")) != []
