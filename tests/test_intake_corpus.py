"""Corrupted report files through the real inbox: every file ends accepted or rejected.

Huge numbers, long digit strings, NUL, lone surrogates, invisible characters and duplicate
JSON keys, on SQLite and PostgreSQL: no file stays in the inbox, no archive copy without its
report row, ``pantau ingest`` exits 0, and what is accepted equals what the file says.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import simple_report
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from jobs.config import SourceConfig
from jobs.sources import run_source
from pantau.cli import main
from pantau.models import Fact, Report
from pantau.reports.numbers import MAX_COUNT, InvalidValue, parse_integer, show
from pantau.reports.parse import parse_report
from pantau.reports.writing import write_report

MAY = dt.date(2024, 5, 1)
RECEIVED = dt.datetime(2024, 6, 4, 2, 0, tzinfo=dt.UTC)


def _csv(value: str, field: str = "kegiatan;sosialisasi;Sosialisasi;;;;;2") -> bytes:
    text = write_report(simple_report("53.01", MAY), "csv").decode("utf-8-sig")
    head, _, _ = field.rpartition(";")
    assert field in text
    return text.replace(field, f"{head};{value}").encode("utf-8", "surrogatepass")


def _json(edit) -> bytes:
    document = json.loads(write_report(simple_report("53.01", MAY), "json"))
    edit(document)
    return json.dumps(document, ensure_ascii=True).encode()


def _set(path: tuple, value: object):
    def edit(document: dict) -> None:
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


def _duplicate_korban() -> bytes:
    text = write_report(simple_report("53.01", MAY), "json").decode()
    entry = '"korban": [{"jenis_kelamin": "laki_laki", "kelompok_umur": "anak", '
    entry += '"jenis_eksploitasi": "kerja_paksa", "negara_tujuan": "MY", "jumlah": 4}],'
    return text.replace('"korban": [', entry + '\n  "korban": [', 1).encode()


CORPUS: dict[str, bytes] = {
    "int64-max.csv": _csv("9223372036854775807"),
    "two-to-63.csv": _csv("9223372036854775808"),
    "twenty-digits.csv": _csv("1" * 20),
    "five-thousand-digits.csv": _csv("9" * 5000),
    "grouped-huge.csv": _csv("999.999.999.999.999.999.999"),
    "over-bound.csv": _csv(str(MAX_COUNT + 1)),
    "nul.csv": _csv("188\x00/2023", "gugus_tugas;nomor_sk;Nomor SK;;;;;188/Kep.100-DP3A/2023"),
    "minus-zero.csv": _csv("-0"),
    "arabic-digits.csv": _csv("١٢٣"),
    "zero-width.csv": _csv("1\u200b2"),
    "huge.json": _json(_set(("kegiatan", "sosialisasi", "jumlah_kegiatan"), 2**70)),
    "huge-float.json": _json(_set(("kegiatan", "sosialisasi", "jumlah_kegiatan"), 1e300)),
    "digits.json": _json(_set(("kegiatan", "sosialisasi", "jumlah_kegiatan"), "7" * 4400)),
    "nul.json": _json(_set(("gugus_tugas", "ketua"), "Bu\x00pati")),
    "surrogate.json": _json(_set(("gugus_tugas", "ketua"), "Bu\ud800pati")),
    "surrogate-key.json": _json(_set(("identitas", "kantor_\udfff"), "x")),
    "budget.json": _json(_set(("gugus_tugas", "anggaran_idr"), 10**30)),
    "duplicate-key.json": _duplicate_korban(),
}


def _drop(folder: Path, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    os.utime(path, (RECEIVED.timestamp(), RECEIVED.timestamp()))


def _inbox(settings) -> SourceConfig:
    return SourceConfig(
        name="inbox",
        kind="inbox",
        schedule="*/15 * * * *",
        path=settings.data_dir / "inbox",
        settle_seconds=0.0,
        stable_interval=0.0,
    )


def _stored_files(settings) -> set[str]:
    found = set()
    for folder in ("archive", "rejected"):
        for path in (settings.data_dir / folder).rglob("*"):
            if path.is_file() and not path.name.endswith(".errors.txt"):
                found.add(path.relative_to(settings.data_dir).as_posix())
    return found


def _check_every_file_ends(engine, settings, names: set[str]) -> list:
    """The invariants of the corpus; returns the stored report rows."""
    inbox = settings.data_dir / "inbox"
    assert [p.name for p in inbox.rglob("*") if p.is_file()] == []
    assert not list(settings.data_dir.rglob("*.part"))
    with engine.connect() as connection:
        reports = connection.execute(select(Report)).all()
        facts = connection.scalar(select(func.count()).select_from(Fact))
        biggest = connection.scalar(select(func.max(Fact.value)))
    assert {r.file_name for r in reports} == names
    assert {r.status for r in reports} <= {"accepted", "rejected", "held"}
    assert {r.archive_path for r in reports} == _stored_files(settings)  # no orphan copy
    for report in reports:
        if report.status in ("rejected", "held"):
            reasons = json.loads(report.rejection_reasons)
            assert reasons and all(r["message_id"] and r["message_en"] for r in reasons)
    assert facts >= 0 and (biggest or 0) <= MAX_COUNT * 10**6
    return reports


def test_corrupted_files_end_accepted_or_rejected(engine, settings) -> None:
    for name, data in CORPUS.items():
        _drop(settings.data_dir / "inbox", name, data)
    result = run_source(engine, settings, _inbox(settings))
    assert result.status == "ok", result.errors
    reports = _check_every_file_ends(engine, settings, set(CORPUS))
    status = {r.file_name: r.status for r in reports}
    assert {n for n, s in status.items() if s == "accepted"} == set(), status
    reasons = {r.file_name: r.rejection_reasons for r in reports}
    assert "U+200B" in reasons["zero-width.csv"]
    assert "U+0000" in reasons["nul.json"]  # a NUL byte makes a CSV binary: refused anyway
    assert "U+D800" in reasons["surrogate.json"]
    assert "korban" in reasons["duplicate-key.json"]
    for name in ("int64-max.csv", "over-bound.csv", "huge.json", "budget.json"):
        assert "1,000,000,000" in reasons[name] or "melebihi" in reasons[name], name
    assert "0-9" in reasons["arabic-digits.csv"]
    assert "negatif" in reasons["minus-zero.csv"]


def test_pantau_ingest_exits_0_on_the_corpus(engine, settings) -> None:
    for name, data in CORPUS.items():
        _drop(settings.data_dir / "inbox", name, data)
    outcome = CliRunner().invoke(main, ["ingest", "--source", "inbox"])
    assert outcome.exit_code == 0, outcome.output
    assert f"0 accepted, {len(CORPUS)} rejected" in outcome.output


def test_a_reader_error_becomes_the_files_rejection(engine, settings, monkeypatch) -> None:
    """Any exception of a reader rejects the file with "berkas tidak dapat diproses"."""
    from pantau.reports import parse

    def broken(data: bytes, file_name: str):
        raise RuntimeError("reader bug")

    monkeypatch.setitem(parse.READERS, "csv", broken)
    _drop(settings.data_dir / "inbox", "53.01.csv", _csv("2"))
    result = run_source(engine, settings, _inbox(settings))
    assert result.status == "ok" and result.rejected == 1
    (report,) = _check_every_file_ends(engine, settings, {"53.01.csv"})
    reasons = json.loads(report.rejection_reasons)
    assert reasons[0]["message_id"].endswith(
        "berkas tidak dapat diproses: RuntimeError: reader bug. Simpan ulang laporan dari "
        "templat resmi lalu kirim lagi; bila tetap ditolak, hubungi admin."
    )
    assert "cannot be processed: RuntimeError" in reasons[0]["message_en"]


_VALUES = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(alphabet="0123456789.,-+ ", min_size=1, max_size=40),
    st.text(min_size=1, max_size=12),
    st.sampled_from(["1" * 25, "9" * 4301, "\x00", "\ud800", "١٢٣", "-0", "1\u200b2"]),
)


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(value=_VALUES)
def test_any_count_value_ends_accepted_or_rejected(engine, settings, value: str) -> None:
    text = value.replace(";", " ").replace("\n", " ").replace("\r", " ").replace('"', " ")
    name = f"{abs(hash(value)) % 10**12}.csv"
    _drop(settings.data_dir / "inbox", name, _csv(text))
    result = run_source(engine, settings, _inbox(settings))
    assert result.status == "ok", result.errors
    assert not (settings.data_dir / "inbox" / name).exists()
    with engine.connect() as connection:
        row = connection.execute(
            select(Report.id, Report.status).where(Report.file_name == name)
        ).first()
    assert row is not None
    if row.status == "accepted":  # what is accepted equals what the file says
        expected = parse_integer(text)
        with engine.connect() as connection:
            stored = connection.scalar(
                select(Fact.value).where(
                    Fact.report_id == row.id,
                    Fact.metric == "activity_events",
                    Fact.item == "socialisation",
                )
            )
        assert (stored or 0) == (expected or 0) and 0 <= (stored or 0) <= MAX_COUNT


def test_numbers_bounds_and_no_guessing() -> None:
    assert parse_integer(str(MAX_COUNT)) == MAX_COUNT
    assert parse_integer("1.262") == 1262
    for text, code in (
        (str(MAX_COUNT + 1), "too_large"),
        ("1" * 21, "too_many_digits"),
        ("9" * 5000, "too_many_digits"),
        ("-0", "negative"),
        ("١٢٣", "non_ascii_digits"),
    ):
        try:
            parse_integer(text)
        except InvalidValue as exc:
            assert exc.code == code, text
        else:
            raise AssertionError(f"{text!r} was accepted")
    assert show("1\u200b2") == "1U+200B2"
    assert show("a\x00b\ud800") == "aU+0000bU+D800"


def test_parse_report_never_raises_on_long_digits() -> None:
    outcome = parse_report(_csv("7" * 5000), "53.01.csv", today=dt.date(2024, 6, 4))
    assert not outcome.ok and outcome.errors[0].code == "too_many_digits"


def test_truncated_or_deleted_csv_lines_are_never_accepted() -> None:
    """Cut at every line or with any one line deleted, a CSV report is rejected as cut off."""
    whole = write_report(simple_report("53.01", MAY), "csv")
    lines = whole.split(b"\r\n")
    today = dt.date(2024, 6, 4)
    assert parse_report(whole, "53.01.csv", today=today).ok
    codes = {"csv_cut_off", "csv_rows_mismatch"}
    for cut in range(1, len(lines) - 1):
        for data in (b"\r\n".join(lines[:cut]), b"\r\n".join(lines[: cut + 1])[:-3]):
            outcome = parse_report(data, "53.01.csv", today=today)
            assert not outcome.ok, cut
            if cut > 1:
                assert outcome.errors[0].code in codes, (cut, outcome.errors[0].code)
                assert "terpotong" in outcome.errors[0].message("id")
                assert "cut off" in outcome.errors[0].message("en")
        deleted = b"\r\n".join(lines[:cut] + lines[cut + 1 :])
        assert not parse_report(deleted, "53.01.csv", today=today).ok, cut


def test_truncated_json_says_it_looks_cut_off() -> None:
    whole = write_report(simple_report("53.01", MAY), "json")
    for size in range(1, len(whole) - 2, 97):
        outcome = parse_report(whole[:size], "53.01.json", today=dt.date(2024, 6, 4))
        assert not outcome.ok
    problem = parse_report(whole[: len(whole) // 2], "53.01.json").errors[0]
    assert problem.code == "json_cut_off" and "cut off" in problem.message("en")


def test_korea_alone_is_not_a_country() -> None:
    from pantau.reports.countries import resolve_country

    assert resolve_country("Korea") is None
    assert resolve_country("Korea Selatan") == "KR"


def test_a_huge_unreadable_file_is_held_with_capped_problems(engine, settings) -> None:
    """Thousands of bad lines and no readable region: stored small, held for the admins,
    never shown as a national report of any month."""
    from pantau.reports.intake import held_files
    from pantau.reports.loading import MAX_PROBLEMS

    header = (
        "bagian;isian;keterangan;jenis_kelamin;kelompok_umur;jenis_eksploitasi;negara_tujuan;nilai"
    )
    lines = [header, "identitas;kode_wilayah;;;;;;??", "identitas;periode;;;;;;kapan"]
    lines += [f"kegiatan;sosialisasi;;;;;;x{n}" for n in range(5000)]
    lines.append(f"penutup;jumlah_baris;;;;;;{len(lines) - 1}")
    _drop(settings.data_dir / "inbox", "besar.csv", "\r\n".join(lines).encode())
    too_many = [header, *(f"kegiatan;sosialisasi;;;;;;{n}" for n in range(60_000))]
    _drop(settings.data_dir / "inbox", "sangat-besar.csv", "\n".join(too_many).encode())
    started = time.monotonic()
    result = run_source(engine, settings, _inbox(settings))
    assert time.monotonic() - started < 20
    assert result.status == "ok" and result.rejected == 2
    _check_every_file_ends(engine, settings, {"besar.csv", "sangat-besar.csv"})
    with engine.connect() as connection:
        rows = {r.file_name: r for r in connection.execute(select(Report)).all()}
    big = rows["besar.csv"]
    assert big.status == "held" and big.region_code is None
    reasons = json.loads(big.rejection_reasons)
    assert len(reasons) == MAX_PROBLEMS + 1 and reasons[-1]["code"] == "more_problems"
    assert len(big.rejection_reasons) < 100_000
    errors = (settings.data_dir / "rejected" / "besar.csv.errors.txt").stat().st_size
    assert errors < 100_000
    assert "50,000" in rows["sangat-besar.csv"].rejection_reasons
    assert {item.file_name for item in held_files(engine)} == {"besar.csv", "sangat-besar.csv"}
    listing = CliRunner().invoke(main, ["intake", "list"])
    assert listing.exit_code == 0 and "besar.csv" in listing.output


def _spin(data: bytes, file_name: str):
    while True:  # a reader stuck in a pathological workbook
        pass


def _hog(data: bytes, file_name: str):
    return [bytearray(64 * 1024 * 1024) for _ in range(100)]  # 6.4 GB


def test_xlsx_is_read_under_a_cpu_memory_and_time_budget() -> None:
    """The budget's limits are real: a reader spinning or allocating is stopped in the child
    and the file is refused with a clear message; a normal workbook reads as before."""
    from pantau.reports import xlsx_format
    from pantau.reports.budget import read_within_budget

    started = time.monotonic()
    spun = read_within_budget(_spin, b"", "a.xlsx", cpu_seconds=1, wall_seconds=30)
    assert time.monotonic() - started < 20  # RLIMIT_CPU, not the 30 s wall clock, ended it
    assert spun.fatal and spun.problems[0].code == "xlsx_over_budget"
    assert "waktu" in spun.problems[0].message("id") and "time" in spun.problems[0].message("en")
    hog = read_within_budget(_hog, b"", "a.xlsx", memory_mb=256)
    assert hog.fatal and "memori" in hog.problems[0].message("id")
    data = write_report(simple_report("53.01", MAY), "xlsx")
    assert read_within_budget(xlsx_format.read, data, "a.xlsx").entries
    assert parse_report(data, "53.01.xlsx", today=dt.date(2024, 6, 4)).ok


def _xlsx_with_row(sheet_part: str, row: bytes) -> bytes:
    """The filled template with row 2 of ``sheet_part`` replaced by ``row`` (raw XML)."""
    import io
    import re
    import zipfile

    base = write_report(simple_report("53.01", MAY), "xlsx")
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == sheet_part:
                body = re.sub(rb'<row r="2".*?</row>', lambda _: row, body, count=1, flags=re.S)
            target.writestr(info, body)
    return output.getvalue()


def _expanding_xlsx(cells: int = 6_300_000) -> bytes:
    """A real workbook whose Kegiatan row 2 holds ``cells`` cells, varied enough (ratio
    about 100:1) to pass the ZIP directory's checks: by default 0.9 MiB that unpack to
    95 MB."""
    import random

    rng = random.Random(7)
    plain = b"<c><v>1</v></c>" * 60
    parts = [plain + b"<c><v>%d</v></c>" % rng.randrange(10**9) for _ in range(cells // 61)]
    return _xlsx_with_row("xl/worksheets/sheet4.xml", b'<row r="2">' + b"".join(parts) + b"</row>")


def test_an_expanding_xlsx_is_refused_within_seconds(engine, settings) -> None:
    """It cost 61 s of CPU and was accepted; now refused at once, through the inbox."""
    import io
    import zipfile

    from pantau.reports.sniffing import check_zip

    data = _expanding_xlsx()
    assert len(data) < 1024 * 1024 and check_zip(data, "x.xlsx") is None
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert unpacked > 90_000_000
    _drop(settings.data_dir / "inbox", "53.01.xlsx", data)
    started = time.monotonic()
    result = run_source(engine, settings, _inbox(settings))
    assert time.monotonic() - started < 5
    assert result.status == "ok" and result.rejected == 1
    (report,) = _check_every_file_ends(engine, settings, {"53.01.xlsx"})
    reasons = json.loads(report.rejection_reasons)
    assert (
        reasons[0]["code"] == "zip_bomb"
        and "200,000 cells in the worksheets" in reasons[0]["message_en"]
    )


def test_an_xlsx_with_too_many_rows_is_refused_not_cut_short() -> None:
    """Past 20,000 rows the old reader stopped silently and accepted what it had read."""
    from pantau.reports.xlsx_format import MAX_ROWS

    rows = b"".join(
        b'<row r="%d"><c t="inlineStr"><is><t>x</t></is></c></row>' % n
        for n in range(2, MAX_ROWS + 3)
    )
    data = _xlsx_with_row("xl/worksheets/sheet5.xml", rows)
    outcome = parse_report(data, "53.01.xlsx", today=dt.date(2024, 6, 4))
    assert not outcome.ok and outcome.errors[0].code == "too_many_rows"
    assert "20,000" in outcome.errors[0].message("en") and outcome.errors[0].sheet == "Korban"
    blank = b"".join(b'<row r="%d"></row>' % n for n in range(2, MAX_ROWS + 3))
    victims = write_report(simple_report("53.01", MAY), "xlsx")
    assert parse_report(victims, "53.01.xlsx", today=dt.date(2024, 6, 4)).ok
    padded = _xlsx_with_row("xl/worksheets/sheet1.xml", blank)  # instructions: never read
    assert parse_report(padded, "53.01.xlsx", today=dt.date(2024, 6, 4)).ok


def test_the_xlsx_budget_is_a_setting(monkeypatch) -> None:
    """PANTAU_XLSX_CPU_SECONDS is what the loader's child gets: a workbook under the cell
    limit that needs more than one second is refused under a one-second budget."""
    from pantau.reports.budget import Budget
    from pantau.settings import Settings

    monkeypatch.setenv("PANTAU_XLSX_CPU_SECONDS", "1")
    monkeypatch.setenv("PANTAU_XLSX_WALL_SECONDS", "30")
    budget = Budget.of(Settings.from_env())
    assert (budget.cpu_seconds, budget.wall_seconds) == (1, 30.0)
    data = _expanding_xlsx(190_000)  # under MAX_CELLS
    started = time.monotonic()
    outcome = parse_report(data, "53.01.xlsx", today=dt.date(2024, 6, 4), budget=budget)
    assert time.monotonic() - started < 20  # one CPU second, not the 30 s of wall clock
    assert outcome.errors[0].code == "xlsx_over_budget", outcome.errors
    assert "time" in outcome.errors[0].message("en")


def test_files_the_server_cannot_read_are_held_with_a_reason(engine, settings) -> None:
    """A pipe (a read blocked the pass forever), a dangling link (skipped on every pass)
    and a rejected file with a 250-byte name (its errors.txt could not be written, so
    every pass failed on it) all leave the inbox with a reason."""
    inbox = settings.data_dir / "inbox"
    inbox.mkdir(parents=True)
    os.mkfifo(inbox / "pipa.csv")
    (inbox / "tautan.csv").symlink_to(inbox / "tidak-ada.csv")
    long_name = "l" * 246 + ".csv"
    _drop(inbox, long_name, _csv("1" * 30))
    for _ in range(2):
        result = run_source(engine, settings, _inbox(settings))
        assert result.status == "ok", result.errors
    assert [p.name for p in inbox.iterdir()] == []
    with engine.connect() as connection:
        rows = {r.file_name: r for r in connection.execute(select(Report)).all()}
    assert set(rows) == {"pipa.csv", "tautan.csv", long_name}
    for name in ("pipa.csv", "tautan.csv"):
        assert rows[name].status == "held"
        reasons = json.loads(rows[name].rejection_reasons)
        assert "cannot read the file" in reasons[0]["message_en"], reasons
        assert (settings.data_dir / rows[name].archive_path).is_symlink() or name == "pipa.csv"
        assert (settings.data_dir / f"{rows[name].archive_path}.errors.txt").is_file()
    assert "not a regular file" in rows["pipa.csv"].rejection_reasons
    assert "dangling link" in rows["tautan.csv"].rejection_reasons
    stored = settings.data_dir / rows[long_name].archive_path
    assert rows[long_name].status == "rejected" and stored.is_file()
    assert stored.with_name(stored.name + ".errors.txt").is_file()


def _pass_as_nobody(database: Path, data_dir: Path, queue) -> None:
    """One inbox pass in a child process that dropped root (root reads any file)."""
    from pantau.db import create_db_engine
    from pantau.settings import Settings

    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
    engine = create_db_engine(f"sqlite:///{database}")
    settings = Settings(data_dir=data_dir, database_url=str(engine.url))
    result = run_source(engine, settings, _inbox(settings))
    queue.put((result.status, result.files_seen, result.rejected, result.errors))


@pytest.fixture
def open_folder():
    """A temporary folder every user can reach (pytest's own tmp root is 0700)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="pantau-noread-", dir="/tmp"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_file_without_read_permission_is_held(open_folder) -> None:
    """Permissions 000: the pass of an unprivileged user ends ``ok``, holds the file with
    the reason and moves it out of the inbox; the next pass sees nothing."""
    import multiprocessing

    from pantau import schema
    from pantau.db import create_db_engine
    from pantau.reference import load_reference_data

    folder = open_folder
    database = folder / "pantau.db"
    engine = create_db_engine(f"sqlite:///{database}")
    schema.upgrade(engine)
    load_reference_data(engine)
    engine.dispose()
    database.chmod(0o666)
    inbox = folder / "inbox"
    _drop(inbox, "53.01.csv", _csv("2"))
    inbox.chmod(0o777)
    (inbox / "53.01.csv").chmod(0o000)
    context = multiprocessing.get_context("fork")
    outcomes = []
    for _ in range(2):
        queue = context.Queue()
        child = context.Process(target=_pass_as_nobody, args=(database, folder, queue))
        child.start()
        outcomes.append(queue.get(timeout=60))
        child.join(timeout=60)
        assert child.exitcode == 0
    assert outcomes == [("ok", 1, 1, []), ("ok", 0, 0, [])]
    engine = create_db_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        (report,) = connection.execute(select(Report)).all()
    engine.dispose()
    assert report.status == "held" and "PermissionError" in report.rejection_reasons
    assert "cannot read the file" in report.rejection_reasons
    assert not list(inbox.iterdir()) and (folder / report.archive_path).exists()


def test_json_with_any_line_deleted_is_rejected_or_unchanged() -> None:
    """A deleted line that still parses (a field, a member agency) changed stored data;
    now the closing count rejects it as cut off, or nothing of the report changed."""
    from pantau.reports.model import TaskForceStatus

    base = simple_report("53.01", MAY)
    members = TaskForceStatus(
        established=True, decree_number="188/2023", member_agencies=("dinas_pppa", "polri", "bp3mi")
    )
    report = type(base)(**{**base.__dict__, "task_force": members})
    whole = write_report(report, "json")
    today = dt.date(2024, 6, 4)
    original = parse_report(whole, "53.01.json", today=today)
    assert original.ok, original.errors
    lines = whole.split(b"\n")
    still_parsing = 0
    for number in range(len(lines)):
        data = b"\n".join(lines[:number] + lines[number + 1 :])
        outcome = parse_report(data, "53.01.json", today=today)
        if outcome.ok:
            assert outcome.report == original.report, lines[number]
            continue
        if any(p.code in ("json_count_mismatch", "json_count_missing") for p in outcome.errors):
            still_parsing += 1
            message = next(p for p in outcome.errors if p.code.startswith("json_count"))
            assert "cut off" in message.message("en") and "terpotong" in message.message("id")
    assert still_parsing >= 20  # deletions the old reader accepted as a smaller report


def test_json_without_its_closing_count_is_refused() -> None:
    from pantau.reports.json_format import seal

    document = json.loads(write_report(simple_report("53.01", MAY), "json"))
    assert document["penutup"] == {"jumlah_nilai": seal(document)["penutup"]["jumlah_nilai"]}
    del document["penutup"]
    outcome = parse_report(json.dumps(document).encode(), "53.01.json")
    assert [p.code for p in outcome.errors] == ["json_count_missing"]
    document["penutup"] = {"jumlah_nilai": "banyak"}
    outcome = parse_report(json.dumps(document).encode(), "53.01.json")
    assert [p.code for p in outcome.errors] == ["json_count_mismatch"]
    assert parse_report(json.dumps(seal(document)).encode(), "53.01.json").ok


def test_xlsx_with_a_template_row_deleted_is_rejected_as_cut_off() -> None:
    """A deleted row of a fixed sheet read as "not reported" and the report was accepted."""
    import io

    from openpyxl import load_workbook

    whole = write_report(simple_report("53.01", MAY), "xlsx")
    today = dt.date(2024, 6, 4)
    assert parse_report(whole, "53.01.xlsx", today=today).ok
    checked = 0
    for title in ("Identitas", "Gugus Tugas", "Kegiatan", "Ringkasan Korban", "Penegakan Hukum"):
        rows = load_workbook(io.BytesIO(whole))[title].max_row
        for number in range(2, rows + 1):
            book = load_workbook(io.BytesIO(whole))
            field = book[title].cell(number, 1).value
            book[title].delete_rows(number)
            buffer = io.BytesIO()
            book.save(buffer)
            outcome = parse_report(buffer.getvalue(), "53.01.xlsx", today=today)
            if field == "berlaku_sampai":  # added to the template later: may be absent
                assert outcome.ok, outcome.errors
                continue
            assert not outcome.ok, (title, field)
            problem = next(p for p in outcome.errors if p.code == "xlsx_rows_missing")
            assert f"'{field}'" in problem.message("en") and "cut off" in problem.message("en")
            checked += 1
    assert checked >= 30


def test_an_xlsx_with_a_huge_shared_string_table_is_refused_at_once() -> None:
    """openpyxl reads the whole shared-string table on opening: counted like cells."""
    import io
    import random
    import zipfile

    from pantau.reports.xlsx_format import count_cells

    rng = random.Random(3)
    strings = b"".join(b"<si><t>%d</t></si>" % rng.randrange(10**6) for _ in range(300_000))
    table = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    base = write_report(simple_report("53.01", MAY), "xlsx")
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("xl/sharedStrings.xml", table + strings + b"</sst>")
    data = output.getvalue()
    assert count_cells(base) < 5_000
    started = time.monotonic()
    outcome = parse_report(data, "53.01.xlsx", today=dt.date(2024, 6, 4))
    assert time.monotonic() - started < 5
    assert outcome.errors[0].code == "zip_bomb", outcome.errors
