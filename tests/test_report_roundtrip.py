"""write_report -> parse_report gives the report back; templates and ``pantau template``."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from click.testing import CliRunner
from fixtures.reports.samples import REPORT, TODAY, parse, value_row, xlsx_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from geodata.regions import by_code
from pantau.cli import main
from pantau.reports import model
from pantau.reports.model import RegionalReport, TaskForceStatus, VictimCount
from pantau.reports.writing import write_report, write_template

FORMATS = ("csv", "xlsx", "json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_of_the_sample(fmt):
    outcome = parse(write_report(REPORT, fmt), f"laporan_32.01_2024-05.{fmt}")
    assert outcome.problems == ()
    assert outcome.file_format == fmt
    assert outcome.report == REPORT


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_of_a_minimal_province_report(fmt):
    report = RegionalReport(
        region_code="53",
        period=dt.date(2023, 12, 1),
        task_force=TaskForceStatus(established=False, chair="=SUM(A1)", decree_number="'0123"),
        synthetic=True,
    )
    outcome = parse(write_report(report, fmt), f"x.{fmt}")
    assert outcome.ok and outcome.report == report


def test_written_xlsx_is_reproducible():
    assert write_report(REPORT, "xlsx") == write_report(REPORT, "xlsx")


texts = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=40
).map(lambda text: " ".join(text.split()) or None)
counts = st.integers(min_value=0, max_value=10**6)
victim_keys = st.tuples(
    st.sampled_from(model.SEXES),
    st.sampled_from(model.AGE_GROUPS),
    st.sampled_from(model.EXPLOITATION_TYPES),
    st.one_of(st.none(), st.sampled_from(("KH", "MM", "PH", "LA", "MY", "SA", "TW", "HK"))),
)


@st.composite
def reports(draw) -> RegionalReport:
    keys = draw(st.lists(victim_keys, unique=True, max_size=8))
    victims = tuple(VictimCount(*key, draw(st.integers(0, 500))) for key in keys)
    total = sum(victim.count for victim in victims)
    return RegionalReport(
        region_code=draw(st.sampled_from(sorted(by_code()))),
        period=dt.date(draw(st.integers(2017, 2024)), draw(st.integers(1, 5)), 1),
        task_force=TaskForceStatus(
            established=draw(st.booleans()),
            decree_number=draw(texts),
            decree_date=draw(st.none() | st.dates(dt.date(2000, 1, 1), TODAY)),
            valid_until=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))),
            chair=draw(texts),
            member_agencies=tuple(
                draw(st.lists(st.sampled_from(model.MEMBER_AGENCIES), unique=True))
            ),
            action_plan=draw(st.booleans()),
            budget_idr=draw(st.none() | st.integers(0, 10**12)),
        ),
        activities=draw(
            st.dictionaries(st.sampled_from(model.ACTIVITY_TYPES), st.tuples(counts, counts))
        ),
        victims=victims,
        services=draw(st.dictionaries(st.sampled_from(model.SERVICES), st.integers(0, total))),
        enforcement=draw(st.dictionaries(st.sampled_from(model.ENFORCEMENT_STAGES), counts)),
        restitution_requested_idr=draw(st.integers(0, 10**10)),
        restitution_awarded_idr=draw(st.integers(0, 10**10)),
        synthetic=draw(st.booleans()),
    )


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_round_trip_of_any_valid_report(fmt, report):
    outcome = parse(write_report(report, fmt), f"report.{fmt}")
    assert outcome.ok, [p.message("en") for p in outcome.problems]
    assert outcome.report == report


@pytest.mark.parametrize("fmt", FORMATS)
def test_blank_template_says_it_is_empty(fmt):
    data = write_template("32.01", dt.date(2024, 5, 17), fmt)
    outcome = parse(data, f"laporan_32.01_2024-05.{fmt}")
    assert [p.code for p in outcome.problems] == ["template_empty"]
    assert (outcome.region_code, outcome.period) == ("32.01", dt.date(2024, 5, 1))


def test_filled_xlsx_template_parses():
    book = load_workbook(io.BytesIO(write_template("32.01", dt.date(2024, 5, 1), "xlsx")))
    task_force = book["Gugus Tugas"]
    task_force.cell(value_row(task_force, "terbentuk"), 3).value = "ya"
    task_force.cell(value_row(task_force, "anggota"), 3).value = "Dinas PPPA; Polres; BP3MI"
    activities = book["Kegiatan"]
    activities["C2"], activities["D2"] = 3, 150
    victims = book["Korban"]
    victims.append(["perempuan", "dewasa", "penipuan_daring", "Kamboja", 4])
    victims["A2"], victims["B2"], victims["C2"], victims["D2"], victims["E2"] = (
        "laki_laki",
        "anak",
        "kerja_paksa",
        "dalam_negeri",
        1,
    )
    summary = book["Ringkasan Korban"]
    summary.cell(value_row(summary, "total_korban"), 3).value = 5
    summary.cell(value_row(summary, "pemulangan"), 3).value = 4
    outcome = parse(xlsx_bytes(book), "laporan_32.01_2024-05.xlsx")
    assert outcome.ok, [p.message() for p in outcome.problems]
    report = outcome.report
    assert report.task_force.member_agencies == ("dinas_pppa", "polri", "bp3mi")
    assert report.activities == {"socialisation": (3, 150)}
    assert report.victims == (
        VictimCount("male", "child", "forced_labour", None, 1),
        VictimCount("female", "adult", "online_scam", "KH", 4),
    )
    assert report.services == {"repatriation": 4}


def test_filled_csv_template_parses():
    text = write_template("73.71", dt.date(2024, 5, 1), "csv").decode("utf-8-sig")
    text = text.replace(
        "gugus_tugas;terbentuk;Gugus tugas terbentuk;;;;;", "gugus_tugas;terbentuk;;;;;;tidak"
    )
    text = text.replace(
        "korban;rincian;;;;;;\r\n", "korban;rincian;;P;Dewasa;Kerja paksa;Malaysia;2\r\n", 1
    )
    text = text.replace(
        "ringkasan_korban;total_korban;Total korban ditangani;;;;;",
        "ringkasan_korban;total_korban;;;;;;2",
    )
    outcome = parse(text.encode("utf-8"), "laporan_73.71_2024-05.csv")
    assert outcome.ok, [p.message() for p in outcome.problems]
    assert outcome.report.region_code == "73.71"
    assert outcome.report.victims == (VictimCount("female", "adult", "forced_labour", "MY", 2),)


def test_write_template_rejects_unknown_region_and_format():
    with pytest.raises(ValueError, match="unknown region"):
        write_template("32.99", dt.date(2024, 5, 1), "csv")
    with pytest.raises(ValueError, match="unknown format"):
        write_template("32.01", dt.date(2024, 5, 1), "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_writes_a_template_that_parses(fmt, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["template", "--region", "32.01", "--period", "2024-05", "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / f"laporan_32.01_2024-05.{fmt}"
    assert result.output.strip() == path.name
    outcome = parse(path.read_bytes(), path.name)
    assert [p.code for p in outcome.problems] == ["template_empty"]


def test_cli_output_to_a_folder_or_file(tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        main, ["template", "--region", "53", "--period", "Mei 2024", "--output", str(tmp_path)]
    )
    assert result.exit_code == 0
    assert (tmp_path / "laporan_53_2024-05.xlsx").exists()
    target = tmp_path / "mine.json"
    result = runner.invoke(
        main,
        [
            "template",
            "--region",
            "53",
            "--period",
            "2024-05",
            "--format",
            "json",
            "--output",
            str(target),
        ],
    )
    assert result.exit_code == 0 and target.exists()


def test_cli_rejects_unknown_region_and_bad_period(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["template", "--region", "32.99", "--period", "2024-05"])
    assert result.exit_code == 2
    assert "kode wilayah '32.99' tidak dikenal" in result.output
    result = runner.invoke(main, ["template", "--region", "32.01", "--period", "2024-13"])
    assert result.exit_code == 2
    assert "periode '2024-13' tidak valid" in result.output


def test_examples_in_the_documentation_parse():
    from pathlib import Path

    text = (Path(__file__).parent.parent / "docs" / "report-template.md").read_text("utf-8")
    blocks = text.split("```")
    csv_example = next(b for b in blocks if b.startswith("\nbagian;isian"))
    outcome = parse(csv_example.strip().encode(), "laporan_32.01_2024-05.csv")
    assert outcome.ok and outcome.problems == (), [p.message() for p in outcome.problems]
    assert outcome.report.victims == REPORT.victims
    json_example = next(b for b in blocks if b.startswith('json\n{\n  "format"'))
    outcome = parse(json_example.removeprefix("json").encode(), "laporan_32.01_2024-05.json")
    assert outcome.report == REPORT
    table = next(b for b in blocks if b.startswith("\nperiode;negara"))
    from pantau.reports.national import parse_overseas_table

    months = parse_overseas_table(table.strip().encode(), "kemenlu.csv", today=TODAY).months
    assert [m.period.month for m in months] == [4, 3]
