"""Write blank templates, filled reports and the national overseas table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from geodata.regions import by_code
from pantau.reports import csv_format, json_format, national, xlsx_format
from pantau.reports.content import blank_content, report_content
from pantau.reports.model import OverseasMonth, RegionalReport

FORMATS = ("xlsx", "csv", "json")
WRITERS = {"csv": csv_format.write, "xlsx": xlsx_format.write, "json": json_format.write}


def _writer(fmt: str):
    try:
        return WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}") from None


def template_file_name(region_code: str, period: dt.date, fmt: str) -> str:
    """``laporan_32.01_2024-05.xlsx``."""
    return f"laporan_{region_code}_{period:%Y-%m}.{fmt}"


def write_template(region_code: str, period: dt.date, fmt: str) -> bytes:
    """A blank template for one region and month: identity filled, figures empty."""
    writer = _writer(fmt)
    if region_code not in by_code():
        raise ValueError(f"unknown region code {region_code!r}")
    return writer(blank_content(region_code, period.replace(day=1)))


def write_report(report: RegionalReport, fmt: str) -> bytes:
    """A filled report; ``parse_report`` of the result gives ``report`` back exactly."""
    return _writer(fmt)(report_content(report))


def write_overseas_table(months: Sequence[OverseasMonth], fmt: str) -> bytes:
    """The national overseas-victim table (Kemenlu) as ``csv`` or ``xlsx``."""
    if fmt not in national.FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(national.FORMATS)}")
    return national.write(months, fmt)
