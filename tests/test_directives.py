"""Directives and their follow-up: addressees, states, CSV import and the command line."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from pantau.cli import main
from pantau.directives import (
    DirectiveError,
    add_directive,
    follow_ups,
    import_follow_ups,
    list_directives,
    read_follow_up_file,
    record_follow_up,
    summarise,
)

TODAY = dt.date(2023, 4, 15)


def test_states_per_addressee(engine) -> None:
    directive = add_directive(
        engine,
        number="1/RAKOR/2023",
        issued_on=dt.date(2023, 1, 10),
        title="Pembentukan gugus tugas",
        addressees="province",
        codes=["32"],
        due_date=dt.date(2023, 3, 31),
        done_when="acted",
    )
    record_follow_up(engine, directive, "32.01", acted_on=dt.date(2023, 2, 1), note="SK terbit")
    record_follow_up(engine, directive, "32.02", acknowledged_on=dt.date(2023, 1, 20))
    with pytest.raises(DirectiveError):
        record_follow_up(engine, directive, "33.01", acknowledged_on=dt.date(2023, 1, 20))
    rows = {r.region_code: r for r in follow_ups(engine, directive, today=TODAY)}
    assert len(rows) == 28  # Jawa Barat and its 27 regencies/cities
    assert rows["32.01"].state == "done" and rows["32.01"].acknowledged_on == dt.date(2023, 2, 1)
    assert rows["32.02"].state == "overdue"  # acknowledged only, and the due date passed
    before_due = follow_ups(engine, directive, today=dt.date(2023, 3, 1))
    assert summarise(before_due) == {"done": 1, "overdue": 0, "pending": 27}
    assert summarise(rows.values()) == {"done": 1, "overdue": 27, "pending": 0}

    listed = add_directive(
        engine,
        number="2/RAKOR/2023",
        issued_on=dt.date(2023, 2, 1),
        title="Laporan RAD",
        addressees="list",
        codes=["53.01", "52.01"],
        done_when="acknowledged",
    )
    record_follow_up(engine, listed, "53.01", acknowledged_on=dt.date(2023, 2, 3))
    assert summarise(follow_ups(engine, listed, today=TODAY)) == {
        "done": 1,
        "overdue": 0,
        "pending": 1,
    }
    with pytest.raises(DirectiveError):
        add_directive(engine, number="x", issued_on=TODAY, title="t", addressees="list")
    with pytest.raises(DirectiveError):
        add_directive(engine, number="1/RAKOR/2023", issued_on=TODAY, title="again")
    assert [d.number for d in list_directives(engine, today=TODAY)] == [
        "2/RAKOR/2023",
        "1/RAKOR/2023",
    ]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_csv_import_and_cli(engine, tmp_path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "directives",
            "add",
            "--number",
            "200.6.6/8791/SJ",
            "--date",
            "2022-12-20",
            "--title",
            "Pencegahan TPPO terhadap calon pekerja migran Indonesia",
            "--due",
            "2023-03-31",
        ],
    )
    assert result.exit_code == 0, result.output
    file = tmp_path / "tindak_lanjut.csv"
    file.write_text(
        "kode_wilayah;diterima;ditindaklanjuti;catatan;bukti\n"
        "32.01;05/01/2023;1 Februari 2023;Surat edaran bupati;https://example.org/se.pdf\n"
        "32.02;2023-01-09;;;\n"
        "32.03;kemarin;;;\n"
    )
    assert len(read_follow_up_file(file)) == 3
    result = runner.invoke(main, ["directives", "import", "1", str(file)])
    assert result.exit_code == 1 and "2 follow-up(s) stored, 1 rejected" in result.output
    assert "line 4" in result.output
    result = runner.invoke(main, ["directives", "show", "1", "--state", "done"])
    assert result.exit_code == 0, result.output
    assert "32.01" in result.output and "32.02" not in result.output
    result = runner.invoke(main, ["directives", "list"])
    assert "200.6.6/8791/SJ" in result.output and "(dari 552)" in result.output
    stored, errors = import_follow_ups(engine, 1, [{"region_code": "99.99"}])
    assert stored == 0 and errors
