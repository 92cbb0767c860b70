"""Turn the entries read from a file into a :class:`RegionalReport`, or say what is wrong.

Rules (each problem names its place; see ``docs/report-template.md``):

* identity: the region code must be a Kemendagri code of the reference list (never
  guessed; close codes or names are suggested), a stated province must contain the
  regency, the period must be a month not after the current one; a region name that does
  not match the code is a warning;
* task force: ``terbentuk`` (ya/tidak) is required; dates, amounts and agency codes checked;
* figures: whole, non-negative numbers; every code of a closed list known; no key twice;
* victims: each breakdown line needs all four parts and a count; the declared total must
  equal the breakdown's sum; no service may exceed the total;
* restitution awarded above restitution requested in the same month is a warning (it is
  normal when verdicts concern requests of earlier months).

A template with nothing filled in besides its identity gives one ``template_empty`` error.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from geodata.regions import PROVINCE_CODE, REGENCY_CODE, by_code
from pantau.reports import fields
from pantau.reports.countries import resolve_country, suggest_countries
from pantau.reports.fields import Cell, Entry, Vocabulary, Where
from pantau.reports.messages import WARNING, Problem
from pantau.reports.model import RegionalReport, TaskForceStatus, VictimCount
from pantau.reports.numbers import (
    MAX_COUNT,
    MAX_RUPIAH,
    InvalidValue,
    is_blank,
    parse_bool,
    parse_date,
    parse_integer,
    parse_period,
    parse_text,
    show,
)
from pantau.reports.reading import ReadResult

INVALID: Any = object()  # a value that was present but could not be read
_NAME_NOISE = re.compile(
    r"\b(kabupaten|kab|kota|administrasi|adm|provinsi|prov|daerah khusus ibukota|dki|"
    r"daerah istimewa|di)\b"
)
_FILE_NAME_KEY = re.compile(r"(\d{2}(?:\.\d{2})?)_(\d{4}-\d{2})")


@dataclass
class Validated:
    """The report when valid, every problem, and what could be read of its identity."""

    report: RegionalReport | None
    problems: list[Problem] = field(default_factory=list)
    region_code: str | None = None
    period: dt.date | None = None


def place_text(where: Where) -> tuple[str, str]:
    """``("baris 5", "row 5")`` (or the sheet and path) for "first seen at" in messages."""
    if where.column and where.column.startswith("$"):
        return where.column, where.column
    parts_id, parts_en = [], []
    if where.sheet:
        parts_id.append(f"lembar '{where.sheet}'")
        parts_en.append(f"sheet '{where.sheet}'")
    if where.row is not None:
        parts_id.append(f"baris {where.row}")
        parts_en.append(f"row {where.row}")
    return ", ".join(parts_id) or "-", ", ".join(parts_en) or "-"


class Checker:
    """Collects problems while reading one file's entries."""

    def __init__(self, file_name: str, places: dict[str, Where], today: dt.date) -> None:
        self.file_name = file_name
        self.places = places
        self.today = today
        self.problems: list[Problem] = []

    def add(self, code: str, where: Where | None, severity: str = "error", **params) -> None:
        where = where or Where()
        self.problems.append(
            Problem(
                code,
                self.file_name,
                sheet=where.sheet,
                row=where.row,
                column=where.column,
                params=params,
                severity=severity,
            )
        )

    @property
    def has_errors(self) -> bool:
        return any(problem.is_error for problem in self.problems)

    def read(self, cell: Cell, parser: Callable[..., Any], **options) -> Any:
        """The parsed value of ``cell``: None when blank, INVALID after reporting why."""
        try:
            return parser(cell.value, **options)
        except InvalidValue as exc:
            params = dict(exc.params)
            self.add(exc.code, cell.where, **params)
            return INVALID

    def missing(self, section: str, code: str, fix: tuple[str, str]) -> None:
        """A required field of ``section`` that no row fills."""
        vocabulary = fields.SECTION_KEYS.get(section)
        name_id = vocabulary.spelled(code, "id") if vocabulary else code
        name_en = vocabulary.spelled(code, "en") if vocabulary else code
        section_id = fields.SECTIONS.spelled(section, "id")
        self.add(
            "missing_value",
            self.places.get(section),
            what_pair=(
                f"Isian '{name_id}' di bagian '{section_id}'",
                f"Field '{name_en}' ('{name_id}') in section '{section_id}'",
            ),
            fix_pair=fix,
        )

    def keyed(self, section: str, entries: Iterable[Entry]) -> dict[str, Cell]:
        """The value cell of each field or item of a key/value section; unknown and
        repeated keys are reported."""
        vocabulary: Vocabulary = fields.SECTION_KEYS[section]
        found: dict[str, Cell] = {}
        for entry in entries:
            key = entry.key
            if key is None or is_blank(key.value):
                if not is_blank(entry.value.value):
                    self.add(
                        "missing_value",
                        key.where if key else entry.row,
                        what_pair=("Kolom isian", "The field column"),
                        fix_pair=(
                            "Tulis nama isian baris ini seperti di templat.",
                            "Write this row's field name as in the template.",
                        ),
                    )
                continue
            code = vocabulary.lookup(key.value)
            if code is None:
                self.add(
                    "unknown_code",
                    key.where,
                    kind=vocabulary.name,
                    value=show(key.value),
                    suggestions=vocabulary.suggest(key.value),
                )
                continue
            if code in found:
                first_id, first_en = place_text(found[code].where)
                self.add(
                    "duplicate",
                    entry.value.where,
                    what_pair=(f"Isian '{show(key.value)}'", f"Field '{show(key.value)}'"),
                    first_pair=(first_id, first_en),
                )
                continue
            found[code] = entry.value
        return found


def _is_filled(entry: Entry) -> bool:
    return not is_blank(entry.value.value) or any(
        not is_blank(cell.value) for cell in entry.dims.values()
    )


def validate(read: ReadResult, file_name: str, today: dt.date) -> Validated:
    """Check the entries of one file and build the report when nothing is wrong."""
    checker = Checker(file_name, read.places, today)
    checker.problems += read.problems
    by_section: dict[str, list[Entry]] = {}
    for entry in read.entries:
        by_section.setdefault(entry.section, []).append(entry)
    identity = checker.keyed(fields.IDENTITY, by_section.get(fields.IDENTITY, ()))
    region_code, period, synthetic = _identity(checker, identity)
    figures = [e for e in read.entries if e.section != fields.IDENTITY and _is_filled(e)]
    if not figures:
        if not checker.has_errors:
            checker.add("template_empty", None)
        return Validated(None, checker.problems, region_code, period)
    task_force = _task_force(checker, by_section.get(fields.TASK_FORCE, ()))
    activities = _activities(checker, by_section)
    victims = _victims(checker, by_section.get(fields.VICTIMS, ()))
    summary = checker.keyed(fields.VICTIM_SUMMARY, by_section.get(fields.VICTIM_SUMMARY, ()))
    services = _summary(checker, summary, victims)
    enforcement, requested, awarded = _enforcement(checker, by_section.get(fields.ENFORCEMENT, ()))
    if checker.has_errors or region_code is None or period is None or task_force is None:
        return Validated(None, checker.problems, region_code, period)
    report = RegionalReport(
        region_code=region_code,
        period=period,
        task_force=task_force,
        activities=activities,
        victims=tuple(victims or ()),
        services=services,
        enforcement=enforcement,
        restitution_requested_idr=requested,
        restitution_awarded_idr=awarded,
        synthetic=bool(synthetic),
    )
    _file_name_check(checker, region_code, period)
    return Validated(report, checker.problems, region_code, period)


# --- identity -------------------------------------------------------------------------------


def _identity(checker: Checker, identity: dict[str, Cell]):
    region_cell = identity.get("region_code")
    region_code = None
    if region_cell is None:
        checker.missing(
            fields.IDENTITY,
            "region_code",
            ("Tulis kode Kemendagri, mis. 32.01.", "Write the Kemendagri code, e.g. 32.01."),
        )
    elif is_blank(region_cell.value):
        checker.add(
            "missing_value",
            region_cell.where,
            what_pair=("Kode wilayah", "The region code"),
            fix_pair=(
                "Tulis kode Kemendagri, mis. 32.01.",
                "Write the Kemendagri code, e.g. 32.01.",
            ),
        )
    else:
        name_cell = identity.get("region_name")
        stated_name = name_cell.value if name_cell and isinstance(name_cell.value, str) else None
        region_code = _region(checker, region_cell, stated_name)
        if region_code is not None:
            _province(checker, identity.get("province_code"), region_code)
            if name_cell is not None and stated_name:
                _region_name(checker, name_cell, stated_name, region_code)
    period = _period(checker, identity.get("period"))
    synthetic = None
    if "synthetic" in identity:
        synthetic = checker.read(identity["synthetic"], parse_bool)
    if "office" in identity:
        checker.read(identity["office"], parse_text)
    return region_code, period, synthetic if synthetic is not INVALID else None


def _code_text(checker: Checker, cell: Cell) -> str | None:
    value = cell.value
    if isinstance(value, bool):
        checker.add("region_format", cell.where, value=show(value), suggestions=[])
        return None
    if isinstance(value, float):
        if not value.is_integer():
            checker.add("region_number", cell.where, value=show(value))
            return None
        value = int(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.strip().lstrip("'")
    checker.add("region_format", cell.where, value=show(value), suggestions=[])
    return None


def _describe(code: str) -> str:
    record = by_code().get(code)
    return f"{code} {record.name}" if record else code


def _region(checker: Checker, cell: Cell, stated_name: str | None) -> str | None:
    text = _code_text(checker, cell)
    if text is None:
        return None
    if not (PROVINCE_CODE.match(text) or REGENCY_CODE.match(text)):
        digits = re.sub(r"\D", "", text)
        candidates = [digits[:2] + "." + digits[2:]] if len(digits) == 4 else []
        candidates += [digits] if len(digits) == 2 else []
        suggestions = [_describe(c) for c in candidates if c in by_code()]
        checker.add("region_format", cell.where, value=show(text), suggestions=suggestions)
        return None
    if text not in by_code():
        checker.add(
            "unknown_region",
            cell.where,
            value=text,
            suggestions=_region_suggestions(text, stated_name),
        )
        return None
    return text


def _core_name(name: str) -> str:
    from pantau.reports.countries import normalise

    return " ".join(_NAME_NOISE.sub(" ", normalise(name)).split())


def _region_suggestions(code: str, stated_name: str | None) -> list[str]:
    regions = by_code()
    if stated_name and _core_name(stated_name):
        wanted = _core_name(stated_name)
        names = {code: _core_name(record.name) for code, record in regions.items()}
        exact = [c for c, name in names.items() if name == wanted]
        close = difflib.get_close_matches(wanted, list(set(names.values())), n=3, cutoff=0.7)
        matches = exact + [c for c, name in names.items() if name in close and c not in exact]
        if matches:
            return [_describe(c) for c in matches[:3]]
    same_level = [c for c in regions if len(c) == len(code)]
    return [_describe(c) for c in difflib.get_close_matches(code, same_level, n=3, cutoff=0.75)]


def _province(checker: Checker, cell: Cell | None, region_code: str) -> None:
    if cell is None or is_blank(cell.value):
        return
    province = _code_text(checker, cell)
    if province is None:
        return
    if not PROVINCE_CODE.match(province):
        checker.add("region_format", cell.where, value=show(province), suggestions=[])
        return
    if province not in by_code():
        checker.add(
            "unknown_region",
            cell.where,
            value=province,
            suggestions=_region_suggestions(province, None),
        )
        return
    if region_code[:2] != province:
        checker.add(
            "region_province_mismatch",
            cell.where,
            region=region_code,
            region_name=by_code()[region_code].name,
            province=f"{province} ({by_code()[province].name})",
        )


def _region_name(checker: Checker, cell: Cell, stated: str, region_code: str) -> None:
    stated_core = _core_name(stated)
    reference = by_code()[region_code].name
    reference_core = _core_name(reference)
    if not stated_core or stated_core in reference_core or reference_core in stated_core:
        return
    suggestions = [
        s for s in _region_suggestions(region_code, stated) if not s.startswith(region_code + " ")
    ]
    checker.add(
        "region_name_mismatch",
        cell.where,
        severity=WARNING,
        value=show(stated),
        region=region_code,
        region_name=reference,
        suggestions=suggestions,
    )


def _period(checker: Checker, cell: Cell | None) -> dt.date | None:
    fix = ("Tulis bulan laporan, mis. 2024-05.", "Write the report month, e.g. 2024-05.")
    if cell is None:
        checker.missing(fields.IDENTITY, "period", fix)
        return None
    period = checker.read(cell, parse_period)
    if period is None:
        checker.add("missing_value", cell.where, what_pair=("Periode", "The period"), fix_pair=fix)
        return None
    if period is INVALID:
        return None
    if period > checker.today.replace(day=1):
        checker.add("future_period", cell.where, value=f"{period:%Y-%m}", today=str(checker.today))
        return None
    return period


def _file_name_check(checker: Checker, region_code: str, period: dt.date) -> None:
    match = _FILE_NAME_KEY.search(checker.file_name)
    if match is None:
        return
    name_region, name_period = match.group(1), match.group(2)
    if name_region != region_code or name_period != f"{period:%Y-%m}":
        checker.add(
            "file_name_mismatch",
            None,
            severity=WARNING,
            name_region=name_region,
            name_period=name_period,
            region=region_code,
            period=f"{period:%Y-%m}",
        )


# --- task force -----------------------------------------------------------------------------


def _task_force(checker: Checker, entries: Iterable[Entry]) -> TaskForceStatus | None:
    values = checker.keyed(fields.TASK_FORCE, entries)
    fix = ("Isi 'ya' atau 'tidak'.", "Write 'ya' (yes) or 'tidak' (no).")
    established = None
    if "established" not in values:
        checker.missing(fields.TASK_FORCE, "established", fix)
    else:
        established = checker.read(values["established"], parse_bool)
        if established is None:
            checker.add(
                "missing_value",
                values["established"].where,
                what_pair=("Isian 'terbentuk'", "Field 'terbentuk' (established)"),
                fix_pair=fix,
            )
    decree_number = _optional(checker, values, "decree_number", parse_text, max_length=120)
    decree_date = _optional(checker, values, "decree_date", parse_date)
    if isinstance(decree_date, dt.date) and decree_date > checker.today:
        checker.add(
            "future_date",
            values["decree_date"].where,
            value=str(decree_date),
            today=str(checker.today),
        )
    valid_until = _optional(checker, values, "valid_until", parse_date)
    chair = _optional(checker, values, "chair", parse_text, max_length=200)
    members = _members(checker, values.get("members"))
    action_plan = _optional(checker, values, "action_plan", parse_bool)
    budget = _optional(checker, values, "budget_idr", parse_integer, maximum=MAX_RUPIAH)
    readings = (established, decree_number, decree_date, valid_until, chair, action_plan, budget)
    if established is None or any(value is INVALID for value in readings) or members is None:
        return None
    return TaskForceStatus(
        established=established,
        decree_number=decree_number,
        decree_date=decree_date,
        valid_until=valid_until,
        chair=chair,
        member_agencies=members,
        action_plan=bool(action_plan),
        budget_idr=budget,
    )


def _optional(checker: Checker, values: dict[str, Cell], code: str, parser, **options) -> Any:
    cell = values.get(code)
    return None if cell is None else checker.read(cell, parser, **options)


def _members(checker: Checker, cell: Cell | None) -> tuple[str, ...] | None:
    """Member agency codes, ``;``- or ``,``-separated text or a JSON list; None if invalid."""
    if cell is None or is_blank(cell.value):
        return ()
    value = cell.value
    if isinstance(value, list):
        items = value
    elif isinstance(value, str):
        items = [item for item in re.split(r"[;,\n]", value)]
    else:
        checker.add("not_text", cell.where, value=show(value))
        return None
    codes: list[str] = []
    valid = True
    for item in items:
        if is_blank(item):
            continue
        code = fields.MEMBER_AGENCIES.lookup(item)
        if code is None:
            checker.add(
                "unknown_code",
                cell.where,
                kind="agency",
                value=show(item),
                suggestions=fields.MEMBER_AGENCIES.suggest(item),
            )
            valid = False
        elif code in codes:
            checker.add(
                "duplicate",
                cell.where,
                what_pair=(f"Instansi '{show(item)}'", f"Agency '{show(item)}'"),
                first_pair=("isian yang sama", "the same field"),
            )
            valid = False
        else:
            codes.append(code)
    return tuple(codes) if valid else None


# --- figures --------------------------------------------------------------------------------


def _counts(checker: Checker, values: dict[str, Cell]) -> dict[str, int]:
    """Counts of people or events; amounts in rupiah (``*_idr``) have their own bound."""
    counts: dict[str, int] = {}
    for code, cell in values.items():
        maximum = MAX_RUPIAH if code.endswith("_idr") else MAX_COUNT
        number = checker.read(cell, parse_integer, maximum=maximum)
        if isinstance(number, int):
            counts[code] = number
    return counts


def _activities(checker: Checker, by_section: dict[str, list[Entry]]) -> dict[str, tuple[int, int]]:
    events = _counts(
        checker, checker.keyed(fields.ACTIVITY_EVENTS, by_section.get(fields.ACTIVITY_EVENTS, ()))
    )
    people = _counts(
        checker, checker.keyed(fields.ACTIVITY_PEOPLE, by_section.get(fields.ACTIVITY_PEOPLE, ()))
    )
    return {
        term.code: (events.get(term.code, 0), people.get(term.code, 0))
        for term in fields.ACTIVITIES.terms
        if term.code in events or term.code in people
    }


_DIMENSION_FIX = {
    "sex": (
        "Isi 'laki_laki' atau 'perempuan'.",
        "Write 'laki_laki' (male) or 'perempuan' (female).",
    ),
    "age_group": (
        "Isi 'anak' (di bawah 18) atau 'dewasa'.",
        "Write 'anak' (child) or 'dewasa' (adult).",
    ),
    "exploitation": (
        "Isi jenis eksploitasi, mis. 'kerja_paksa'.",
        "Write the exploitation type, e.g. 'kerja_paksa'.",
    ),
    "destination": (
        "Isi kode ISO negara (mis. KH) atau 'dalam_negeri'.",
        "Write the country's ISO code (e.g. KH) or 'dalam_negeri' (domestic).",
    ),
    "count": ("Isi jumlah korban (0 bila tidak ada).", "Write the number of victims (0 if none)."),
}


def _victims(checker: Checker, entries: Iterable[Entry]) -> list[VictimCount] | None:
    victims: list[VictimCount] = []
    seen: dict[tuple, Where] = {}
    valid = True
    for entry in entries:
        if not _is_filled(entry):
            continue
        parts: dict[str, Any] = {}
        for dimension, vocabulary in fields.DIMENSIONS.items():
            parts[dimension] = _dimension(
                checker, entry.dims.get(dimension), dimension, vocabulary, entry.row
            )
        parts["destination"] = _destination(checker, entry.dims.get("destination"), entry.row)
        count = checker.read(entry.value, parse_integer)
        if count is None:
            _missing_part(checker, entry.value.where, "count")
            count = INVALID
        values = (*parts.values(), count)
        if any(value is INVALID for value in values):
            valid = False
            continue
        key = (parts["sex"], parts["age_group"], parts["exploitation"], parts["destination"])
        if key in seen:
            first_id, first_en = place_text(seen[key])
            country = key[3] or fields.DOMESTIC_ID
            checker.add(
                "duplicate",
                entry.row,
                what_pair=(
                    "Rincian korban " + "/".join(_spell(key, "id")) + f"/{country}",
                    "Victim breakdown " + "/".join(_spell(key, "en")) + f"/{country}",
                ),
                first_pair=(first_id, first_en),
            )
            valid = False
            continue
        seen[key] = entry.row
        victims.append(VictimCount(*key, count))
    return victims if valid else None


def _spell(key: tuple, language: str) -> list[str]:
    return [
        fields.SEXES.spelled(key[0], language),
        fields.AGE_GROUPS.spelled(key[1], language),
        fields.EXPLOITATIONS.spelled(key[2], language),
    ]


def _missing_part(checker: Checker, where: Where, part: str) -> None:
    names = {
        "sex": ("Jenis kelamin", "Sex"),
        "age_group": ("Kelompok umur", "Age group"),
        "exploitation": ("Jenis eksploitasi", "Exploitation type"),
        "destination": ("Negara tujuan", "Destination"),
        "count": ("Jumlah korban", "The victim count"),
    }
    checker.add("missing_value", where, what_pair=names[part], fix_pair=_DIMENSION_FIX[part])


def _dimension(
    checker: Checker, cell: Cell | None, dimension: str, vocabulary: Vocabulary, row: Where
):
    if cell is None or is_blank(cell.value):
        _missing_part(checker, cell.where if cell else row, dimension)
        return INVALID
    code = vocabulary.lookup(cell.value)
    if code is None:
        checker.add(
            "unknown_code",
            cell.where,
            kind=vocabulary.name,
            value=show(cell.value),
            suggestions=vocabulary.suggest(cell.value),
        )
        return INVALID
    return code


def _destination(checker: Checker, cell: Cell | None, row: Where):
    if cell is None or is_blank(cell.value):
        _missing_part(checker, cell.where if cell else row, "destination")
        return INVALID
    value = cell.value
    if not isinstance(value, str):
        checker.add("unknown_country", cell.where, value=show(value), suggestions=[])
        return INVALID
    if fields.key_of(value) in fields.DOMESTIC_WORDS:
        return None
    country = resolve_country(value)
    if country is None:
        checker.add(
            "unknown_country", cell.where, value=show(value), suggestions=suggest_countries(value)
        )
        return INVALID
    return None if country == "ID" else country


def _summary(
    checker: Checker, summary: dict[str, Cell], victims: list[VictimCount] | None
) -> dict[str, int]:
    counts = _counts(checker, summary)
    total = counts.pop(fields.TOTAL_VICTIMS, None)
    total_cell = summary.get(fields.TOTAL_VICTIMS)
    if victims is not None:
        computed = sum(victim.count for victim in victims)
        if total is None and total_cell is not None and is_blank(total_cell.value) and victims:
            checker.add(
                "missing_value",
                total_cell.where,
                what_pair=("Total korban", "Total victims"),
                fix_pair=(
                    f"Isi total korban (jumlah rincian: {computed}).",
                    f"Write the total victims (breakdown sum: {computed}).",
                ),
            )
        elif total is None and total_cell is None and victims:
            checker.missing(
                fields.VICTIM_SUMMARY,
                fields.TOTAL_VICTIMS,
                (f"Isi total korban ({computed}).", f"Write the total victims ({computed})."),
            )
        elif total is not None and total != computed:
            checker.add(
                "total_mismatch",
                total_cell.where if total_cell else None,
                declared=total,
                computed=computed,
            )
        if total is None:
            total = computed
    if total is not None:
        for service, count in counts.items():
            if count > total:
                checker.add(
                    "service_exceeds_total",
                    summary[service].where,
                    service=service,
                    count=count,
                    total=total,
                )
    return counts


def _enforcement(checker: Checker, entries: Iterable[Entry]) -> tuple[dict[str, int], int, int]:
    values = checker.keyed(fields.ENFORCEMENT, entries)
    counts = _counts(checker, values)
    requested = counts.pop(fields.RESTITUTION_REQUESTED, None) or 0
    awarded = counts.pop(fields.RESTITUTION_AWARDED, None) or 0
    if awarded > requested:
        checker.add(
            "restitution_awarded_exceeds",
            values[fields.RESTITUTION_AWARDED].where,
            severity=WARNING,
            awarded=f"{awarded:,}".replace(",", "."),
            requested=f"{requested:,}".replace(",", "."),
        )
    return counts, requested, awarded
