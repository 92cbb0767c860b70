"""The JSON encoding, for systems that push or serve reports (see docs/report-template.md).

An object with the sections ``identitas``, ``gugus_tugas``, ``kegiatan`` (activity ->
``{"jumlah_kegiatan", "jumlah_peserta"}``), ``korban`` (a list of breakdown objects),
``ringkasan_korban`` and ``penegakan_hukum``; English names are accepted too.  Places in
problems are JSON paths such as ``$.korban[2].negara_tujuan``.

The closing section ``"penutup": {"jumlah_nilai": N}`` states how many values the sections
hold (every number, text, ``true``/``false`` and ``null``, and every text of a list such as
``anggota``; :func:`value_count`).  A JSON cut short no longer parses, but one with a line
deleted often still does (a field or a member agency gone): the count catches it, and the
file is rejected as looking cut off.  :func:`seal` adds the closing section to a document.
"""

from __future__ import annotations

import datetime as dt
import json

from pantau.reports import fields
from pantau.reports.content import Content, destination_text
from pantau.reports.fields import Cell, Entry, Where
from pantau.reports.messages import Problem
from pantau.reports.numbers import show
from pantau.reports.reading import ReadResult
from pantau.reports.sniffing import decode_text

FORMAT_NAME = "pantau-tppo/laporan-daerah"
IGNORED_KEYS = frozenset({"format", "versi", "version", "schema"})
END_SECTIONS = frozenset({"penutup", "end"})
END_KEYS = frozenset({"jumlah_nilai", "value_count"})


class Pairs(list):
    """A JSON object as its (key, value) pairs, so repeated keys are kept and reported."""


def loads(data: bytes, file_name: str) -> tuple[object, Problem | None]:
    """The decoded JSON (objects as :class:`Pairs`), or the problem that stops reading it."""
    text, problem = decode_text(data, file_name)
    if text is None:
        return None, problem
    try:
        return json.loads(text, object_pairs_hook=Pairs), None
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            # The text ends before the document does.
            return None, Problem("json_cut_off", file_name, params={"line": exc.lineno})
        return None, Problem(
            "json_invalid",
            file_name,
            params={"detail": exc.msg, "line": exc.lineno, "col": exc.colno},
        )
    except (RecursionError, ValueError) as exc:
        return None, Problem(
            "json_invalid", file_name, params={"detail": str(exc)[:80], "line": 1, "col": 1}
        )


def duplicate_keys(value: object, path: str) -> list[tuple[str, str]]:
    """(path, key) of every key written twice in one object, at any depth; a section
    written under two of its names (``korban`` and ``victims``) counts as twice."""
    found: list[tuple[str, str]] = []
    if isinstance(value, Pairs):
        seen: set[str] = set()
        for key, item in value:
            name = fields.SECTIONS.lookup(key) if path == "$" else None
            marker = name or key
            if marker in seen:
                found.append((f"{path}.{key}", key))
            seen.add(marker)
            found += duplicate_keys(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += duplicate_keys(item, f"{path}[{index}]")
    return found


def _counted(name: str) -> bool:
    """Whether a top-level key is a section whose values are counted."""
    key = fields.key_of(name)
    return key not in IGNORED_KEYS and key not in END_SECTIONS and not name.startswith("$")


def value_count(document: object) -> int:
    """The values of the document's sections (see the module docstring)."""
    items = document if isinstance(document, Pairs) else list(dict(document).items())
    return sum(_leaves(body) for name, body in items if _counted(name))


def _leaves(value: object) -> int:
    if isinstance(value, Pairs):
        return sum(_leaves(item) for _, item in value)
    if isinstance(value, dict):
        return sum(_leaves(item) for item in value.values())
    if isinstance(value, list):
        return sum(_leaves(item) for item in value)
    return 1


def seal(document: dict) -> dict:
    """``document`` with its closing section (the count of its values) last."""
    body = {key: value for key, value in document.items() if fields.key_of(key) not in END_SECTIONS}
    body["penutup"] = {"jumlah_nilai": value_count(body)}
    return body


def _completeness(document: Pairs, file_name: str) -> list[Problem]:
    """The problem of a document whose closing section is missing or counts otherwise."""
    ends = [body for name, body in document if fields.key_of(name) in END_SECTIONS]
    found = value_count(document)
    stated = None
    if len(ends) == 1 and isinstance(ends[0], Pairs):
        counts = [value for key, value in ends[0] if fields.key_of(key) in END_KEYS]
        stated = counts[0] if len(counts) == 1 else None
    if stated is None:
        return [
            Problem("json_count_missing", file_name, column="$.penutup", params={"found": found})
        ]
    if isinstance(stated, bool) or not isinstance(stated, int) or stated != found:
        return [
            Problem(
                "json_count_mismatch",
                file_name,
                column="$.penutup.jumlah_nilai",
                params={"declared": show(stated), "found": found},
            )
        ]
    return []


def _scalar(value: object) -> object:
    """JSON arrays of strings (member agencies) stay lists; other containers are shown as
    text so that the validator reports them as wrong values."""
    if isinstance(value, Pairs):
        return show(dict(value))
    if isinstance(value, list) and not all(isinstance(item, str) for item in value):
        return show(value)
    return value


def read(data: bytes, file_name: str) -> ReadResult:
    """Entries of a regional report in JSON."""
    result = ReadResult()
    document, problem = loads(data, file_name)
    if problem is not None:
        result.problems.append(problem)
        return result
    if not isinstance(document, Pairs):
        result.problems.append(Problem("json_not_object", file_name))
        return result
    duplicates = [
        Problem("json_duplicate_key", file_name, column=path, params={"key": show(key)})
        for path, key in duplicate_keys(document, "$")
    ]
    if duplicates:  # standard JSON readers keep one of them: never guess which
        result.problems += duplicates
        return result
    for name, body in document:
        path = f"$.{name}"
        if not _counted(name):
            continue
        section = fields.SECTIONS.lookup(name)
        if section is None:
            result.problems.append(
                Problem(
                    "unknown_code",
                    file_name,
                    column=path,
                    params={
                        "kind": "section",
                        "value": show(name),
                        "suggestions": fields.SECTIONS.suggest(name),
                    },
                )
            )
            continue
        result.places.setdefault(section, Where(column=path))
        if section == fields.VICTIMS:
            _victims(result, body, path, file_name)
        elif not isinstance(body, Pairs):
            result.problems.append(Problem("json_not_object", file_name, column=path))
        elif section == fields.ACTIVITY_EVENTS:
            _activities(result, body, path, file_name)
        else:
            for key, value in body:
                where = Where(column=f"{path}.{key}")
                result.entries.append(
                    Entry(section, Cell(key, where), Cell(_scalar(value), where), where)
                )
    result.problems += _completeness(document, file_name)
    return result


def _activities(result: ReadResult, body: Pairs, path: str, file_name: str) -> None:
    for activity, value in body:
        where = Where(column=f"{path}.{activity}")
        key = Cell(activity, where)
        if not isinstance(value, Pairs):
            result.entries.append(
                Entry(fields.ACTIVITY_EVENTS, key, Cell(_scalar(value), where), where)
            )
            continue
        for measure, number in value:
            inner = Where(column=f"{path}.{activity}.{measure}")
            column = fields.COLUMNS.lookup(measure)
            section = {"events": fields.ACTIVITY_EVENTS, "people": fields.ACTIVITY_PEOPLE}.get(
                column or ""
            )
            if section is None:
                result.problems.append(_unknown_key(file_name, inner, measure))
                continue
            result.entries.append(Entry(section, key, Cell(_scalar(number), inner), inner))


def _victims(result: ReadResult, body: object, path: str, file_name: str) -> None:
    if not isinstance(body, list) or isinstance(body, Pairs):
        result.problems.append(Problem("json_not_object", file_name, column=path))
        return
    for index, item in enumerate(body):
        item_path = f"{path}[{index}]"
        if not isinstance(item, Pairs):
            result.problems.append(Problem("json_not_object", file_name, column=item_path))
            continue
        dims: dict[str, Cell] = {}
        count = Cell(None, Where(column=f"{item_path}.jumlah"))
        for key, value in item:
            where = Where(column=f"{item_path}.{key}")
            column = fields.COLUMNS.lookup(key)
            if column in fields.VICTIM_COLUMNS:
                dims[column] = Cell(_scalar(value), where)
            elif column in ("count", "value"):
                count = Cell(_scalar(value), where)
            else:
                result.problems.append(_unknown_key(file_name, where, key))
        for column in fields.VICTIM_COLUMNS:
            spelled = fields.COLUMNS.spelled(column)
            dims.setdefault(column, Cell(None, Where(column=f"{item_path}.{spelled}")))
        result.entries.append(Entry(fields.VICTIMS, None, count, Where(column=item_path), dims))


def _unknown_key(file_name: str, where: Where, key: str) -> Problem:
    return Problem(
        "unknown_code",
        file_name,
        column=where.column,
        params={"kind": "column", "value": show(key), "suggestions": fields.COLUMNS.suggest(key)},
    )


def _json_value(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def document(content: Content) -> dict:
    """The report as a JSON-ready dict with Indonesian names and codes."""

    def key_value(vocabulary: fields.Vocabulary, items) -> dict:
        return {vocabulary.spelled(code): _json_value(value) for code, value in items}

    identity = key_value(fields.IDENTITY_FIELDS, content.identity)
    period = dict(content.identity)["period"]
    identity["periode"] = f"{period:%Y-%m}" if isinstance(period, dt.date) else period
    return {
        "format": FORMAT_NAME,
        "versi": 1,
        "identitas": identity,
        "gugus_tugas": key_value(fields.TASK_FORCE_FIELDS, content.task_force),
        "kegiatan": {
            fields.ACTIVITIES.spelled(code): {"jumlah_kegiatan": events, "jumlah_peserta": people}
            for code, events, people in content.activities
        },
        "korban": [
            {
                "jenis_kelamin": fields.SEXES.spelled(line.sex),
                "kelompok_umur": fields.AGE_GROUPS.spelled(line.age_group),
                "jenis_eksploitasi": fields.EXPLOITATIONS.spelled(line.exploitation),
                "negara_tujuan": destination_text(line.country),
                "jumlah": line.count,
            }
            for line in content.victims
        ],
        "ringkasan_korban": key_value(fields.SUMMARY_FIELDS, content.summary),
        "penegakan_hukum": key_value(fields.ENFORCEMENT_FIELDS, content.enforcement),
    }


def write(content: Content) -> bytes:
    """The report as indented UTF-8 JSON, sealed with its closing section."""
    sealed = seal(document(content))
    return (json.dumps(sealed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
