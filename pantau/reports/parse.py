"""Read one regional report file (CSV, XLSX or JSON) into a report or a list of problems.

This is the single entry point used by the ingestion jobs and the dashboard's upload box.
Any bytes give a :class:`ParseOutcome`; nothing raises.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pantau.reports import csv_format, json_format, xlsx_format
from pantau.reports.budget import Budget, read_within_budget
from pantau.reports.messages import Problem
from pantau.reports.model import RegionalReport
from pantau.reports.reading import ReadResult
from pantau.reports.sniffing import REPORT_FORMATS, sniff
from pantau.reports.validation import validate

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
READERS = {"csv": csv_format.read, "xlsx": xlsx_format.read, "json": json_format.read}


@dataclass(frozen=True)
class ParseOutcome:
    """The report (None when any problem is an error), every problem, and the detected
    format; ``region_code`` and ``period`` are filled whenever they could be read, also for
    a rejected file."""

    report: RegionalReport | None
    problems: tuple[Problem, ...]
    file_format: str | None
    region_code: str | None = None
    period: dt.date | None = None

    @property
    def ok(self) -> bool:
        """True when there is a report and no error (warnings allowed)."""
        return self.report is not None and not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def parse_report(
    data: bytes,
    file_name: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: dt.date | None = None,
    budget: Budget | None = None,
) -> ParseOutcome:
    """Parse and validate one regional report; ``today`` (default: the current date) decides
    which periods are in the future, ``budget`` what reading an XLSX may cost (default:
    :class:`Budget`'s defaults; the loader passes the configured one)."""
    today = today or dt.date.today()
    sniffed = sniff(data, file_name, max_bytes, REPORT_FORMATS)
    if sniffed.problem is not None:
        return ParseOutcome(None, (sniffed.problem,), sniffed.detected)
    file_format = sniffed.detected
    reader = READERS[file_format]
    if file_format == "xlsx":
        budget = budget or Budget()
        read: ReadResult = read_within_budget(
            reader,
            data,
            file_name,
            cpu_seconds=budget.cpu_seconds,
            memory_mb=budget.memory_mb,
            wall_seconds=budget.wall_seconds,
        )
    else:
        read = reader(data, file_name)
    if read.fatal:
        return ParseOutcome(None, tuple(read.problems), file_format)
    validated = validate(read, file_name, today)
    problems = tuple(validated.problems)
    report = validated.report if not any(p.is_error for p in problems) else None
    return ParseOutcome(report, problems, file_format, validated.region_code, validated.period)
