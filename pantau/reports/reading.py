"""What the readers of the three encodings share: their result and header mapping."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pantau.reports import fields
from pantau.reports.fields import Where
from pantau.reports.messages import WARNING, Problem
from pantau.reports.numbers import is_blank, show


@dataclass
class ReadResult:
    """Entries read from a file, the problems met on the way, and where each section lives
    (so that a missing field can be pointed at its sheet)."""

    entries: list[fields.Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    places: dict[str, Where] = field(default_factory=dict)

    @property
    def fatal(self) -> bool:
        """True when the file could not be read far enough to validate its content."""
        return any(problem.is_error for problem in self.problems) and not self.entries


def map_header(
    cells: Sequence[object],
    file_name: str,
    *,
    sheet: str | None = None,
    row: int = 1,
    label: Callable[[int, str], str] | None = None,
) -> tuple[dict[str, int], dict[int, str], list[Problem]]:
    """Canonical column -> index, index -> column name as written, and problems (unknown
    columns are warnings, a column given twice is an error)."""
    columns: dict[str, int] = {}
    names: dict[int, str] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(cells):
        if is_blank(cell):
            continue
        written = show(cell)
        names[index] = label(index, written) if label else written
        canonical = fields.COLUMNS.lookup(written)
        if canonical is None:
            problems.append(
                Problem(
                    "unknown_column",
                    file_name,
                    sheet=sheet,
                    row=row,
                    column=names[index],
                    params={"value": written},
                    severity=WARNING,
                )
            )
            continue
        if canonical in columns:
            first = names[columns[canonical]]
            problems.append(
                Problem(
                    "duplicate",
                    file_name,
                    sheet=sheet,
                    row=row,
                    column=names[index],
                    params={
                        "what_pair": (f"kolom '{written}'", f"column '{written}'"),
                        "first_pair": (f"kolom '{first}'", f"column '{first}'"),
                    },
                )
            )
            continue
        columns[canonical] = index
    return columns, names, problems


def missing_columns(
    columns: dict[str, int],
    required: Sequence[str],
    names: dict[int, str],
    file_name: str,
    *,
    sheet: str | None = None,
    row: int | None = 1,
) -> list[Problem]:
    """One problem per required column absent from the header."""
    found = ", ".join(names.values()) or "-"
    return [
        Problem(
            "missing_column",
            file_name,
            sheet=sheet,
            row=row,
            params={
                "column_id": fields.COLUMNS.spelled(column, "id"),
                "column_en": fields.COLUMNS.spelled(column, "en"),
                "found": found,
            },
        )
        for column in required
        if column not in columns
    ]
