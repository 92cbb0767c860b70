"""The foundation: settings, migrations, reference data and the ``pantau`` CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from geodata.regions import by_code, load_regions, provinces, regencies
from pantau import schema
from pantau.db import DatabaseUnavailable, create_db_engine, redact_url
from pantau.models import Country, Region
from pantau.reference import load_reference_data
from pantau.settings import Settings, SettingsError
from pantau.status import database_status


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pantau.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


class TestReferenceFile:
    def test_has_exactly_38_provinces_and_514_regencies(self):
        assert len(provinces()) == 38
        assert len(regencies()) == 514
        kinds = [region.kind for region in regencies()]
        assert kinds.count("kabupaten") == 416
        assert kinds.count("kota") == 98

    def test_codes_follow_the_kemendagri_pattern(self):
        for region in load_regions():
            pattern = r"\d{2}" if region.kind == "provinsi" else r"\d{2}\.\d{2}"
            assert re.fullmatch(pattern, region.code), region.code

    def test_every_regency_has_an_existing_parent_province(self):
        codes = by_code()
        for region in regencies():
            assert region.province_code == region.code[:2]
            assert codes[region.province_code].kind == "provinsi"

    def test_kota_have_a_7_in_third_digit(self):
        for region in regencies():
            assert (region.kind == "kota") == (region.code[3] == "7"), region.code

    def test_new_papua_provinces_are_present(self):
        codes = by_code()
        for code in ("93", "94", "95", "96"):
            assert codes[code].kind == "provinsi"

    def test_centroids_lie_in_indonesia(self):
        for region in load_regions():
            assert -11.5 < region.latitude < 6.5, region.code
            assert 94.5 < region.longitude < 141.5, region.code


class TestSettings:
    def test_defaults_put_sqlite_in_var(self, monkeypatch, tmp_path):
        monkeypatch.chdir(tmp_path)
        for name in ("DATABASE_URL", "DATA_DIR", "SECRET_KEY"):
            monkeypatch.delenv(f"PANTAU_{name}", raising=False)
        settings = Settings.from_env()
        assert settings.data_dir == tmp_path / "var"
        assert settings.database_url == f"sqlite:///{tmp_path / 'var' / 'pantau.db'}"

    def test_secret_key_is_generated_once_and_kept(self, monkeypatch, tmp_path):
        monkeypatch.setenv("PANTAU_DATA_DIR", str(tmp_path))
        monkeypatch.delenv("PANTAU_SECRET_KEY", raising=False)
        first = Settings.from_env().secret_key
        second = Settings.from_env().secret_key
        assert first == second and len(first) == 64
        assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0

    def test_bad_number_is_a_clear_error(self, monkeypatch):
        monkeypatch.setenv("PANTAU_REPORT_DUE_DAY", "tenth")
        with pytest.raises(SettingsError, match="PANTAU_REPORT_DUE_DAY"):
            Settings.from_env()


class TestDatabase:
    def test_sqlite_uses_wal_and_foreign_keys(self, tmp_path):
        engine = create_db_engine(f"sqlite:///{tmp_path / 'x.db'}")
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

    def test_malformed_url_is_rejected_clearly(self):
        with pytest.raises(DatabaseUnavailable, match="not a valid database URL"):
            create_db_engine("not a url")

    def test_password_is_hidden(self):
        assert redact_url("postgresql://u:secret@h/d") == "postgresql://u:***@h/d"

    def test_migrations_reach_head_and_init_is_idempotent(self, engine):
        assert schema.current_revision(engine) == schema.head_revision()
        tables = set(inspect(engine).get_table_names())
        assert {"regions", "countries", "reports", "facts", "task_forces"} <= tables
        before = database_status(engine)
        schema.upgrade(engine)
        counts = load_reference_data(engine)
        assert counts == {"regions": 552, "countries": 249}
        assert database_status(engine) == before

    def test_the_migrations_build_the_schema_the_models_declare(self, engine):
        # every schema change goes through Alembic: models and migrations never drift
        from alembic.autogenerate import compare_metadata
        from alembic.migration import MigrationContext

        import pantau.releases.models  # noqa: F401  (registers the release tables)
        from pantau.models import Base

        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []

    def test_a_forked_worker_never_reuses_its_parents_connections(self, engine):
        # gunicorn forks workers from a preloaded app that already opened the database
        import os

        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        assert engine.pool.checkedin() == 1
        reader, writer = os.pipe()
        child = os.fork()
        if child == 0:  # the worker: an empty pool, and it connects anew
            try:
                inherited = engine.pool.checkedin()
                with engine.connect() as connection:
                    works = connection.execute(text("SELECT 1")).scalar() == 1
                os.write(writer, f"{inherited} {works}".encode())
            finally:
                os._exit(0)
        os.close(writer)
        answer = os.read(reader, 100).decode()
        os.waitpid(child, 0)
        assert answer == "0 True"
        with engine.connect() as connection:  # the parent's connection still works
            assert connection.execute(text("SELECT 1")).scalar() == 1

    def test_migrations_go_down_and_up_again(self, engine):
        schema.downgrade(engine, "base")
        assert "facts" not in inspect(engine).get_table_names()
        schema.upgrade(engine)
        assert schema.current_revision(engine) == schema.head_revision()

    def test_a_database_with_runs_and_reports_migrates_from_0002(self, engine):
        # An installation of the first release: runs referenced by reports.  SQLite
        # rebuilds ingestion_runs to alter it, which foreign keys must not block.
        schema.downgrade(engine, "0002")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO ingestion_runs (id, source, kind, trigger, started_at, status,"
                    " files_seen, accepted, rejected, skipped, rows)"
                    " VALUES (1, 'inbox', 'regional', 'manual', '2026-11-01', 'ok', 1, 1, 0, 0, 5)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO reports (origin, source, region_code, period, report_key,"
                    " version, file_name, content_hash, file_format, status, late, synthetic,"
                    " received_at, run_id, row_count)"
                    " VALUES ('gugus_tugas', 'inbox', '32.01', '2026-10-01',"
                    " 'gugus_tugas|32.01|2026-10', 1, 'a.csv', 'x', 'csv', 'accepted',"
                    " false, false, '2026-11-02', 1, 5)"
                )
            )
        schema.upgrade(engine)
        assert schema.current_revision(engine) == schema.head_revision()
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT run_id FROM reports")) == 1
            assert connection.scalar(text("SELECT status FROM ingestion_runs")) == "ok"

    def test_reference_rows_in_database(self, engine):
        with Session(engine) as session:
            bandung = session.get(Region, "32.04")
            assert bandung.kind == "kabupaten" and bandung.province_code == "32"
            assert session.get(Country, "KH").name_id == "Kamboja"
            assert session.scalar(select(Country.alpha3).where(Country.alpha2 == "MM")) == "MMR"

    def test_status_counts(self, engine):
        status = database_status(engine)
        assert status["regions"]["provinces"] == 38
        assert status["regions"]["regencies"] == 514
        assert status["reports"] == {"accepted": 0, "rejected": 0, "superseded": 0, "held": 0}
        assert status["facts"] == 0 and status["latest_period"] is None


class TestCli:
    def test_init_twice_then_status_json(self, database_url, tmp_path):
        env = {
            "PATH": "/usr/bin:/bin",
            "PANTAU_DATABASE_URL": database_url,
            "PANTAU_DATA_DIR": str(tmp_path / "data"),
        }
        for _ in range(2):
            result = run_cli("init", env=env)
            assert result.returncode == 0, result.stderr
            assert "552 regions" in result.stdout
        result = run_cli("status", "--json", env=env)
        assert result.returncode == 0, result.stderr
        status = json.loads(result.stdout)
        assert status["regions"] == {
            "provinces": 38,
            "regencies": 514,
            "kabupaten": 416,
            "kota": 98,
        }
        assert status["reports"]["accepted"] == 0
        assert status["facts"] == 0
        assert status["latest_period"] is None
        assert status["database"] == redact_url(database_url)

    @pytest.mark.parametrize(
        "url, expected",
        [
            ("nonsense", "not a valid database URL"),
            ("postgresql+psycopg://nobody:pw@127.0.0.1:1/none", "cannot reach the database"),
            ("mysql+nodriver://x@y/z", "unsupported database"),
        ],
    )
    def test_bad_database_url_gives_one_line(self, url, expected, tmp_path):
        env = {
            "PATH": "/usr/bin:/bin",
            "PANTAU_DATABASE_URL": url,
            "PANTAU_DATA_DIR": str(tmp_path),
        }
        result = run_cli("status", env=env)
        assert result.returncode == 2
        assert expected in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
        assert "pw" not in result.stderr

    def test_status_on_empty_database_says_run_init(self, tmp_path):
        env = {"PATH": "/usr/bin:/bin", "PANTAU_DATA_DIR": str(tmp_path)}
        result = run_cli("status", env=env)
        assert result.returncode == 2
        assert "pantau init" in result.stderr

    def test_every_command_has_help(self):
        result = run_cli("--help")
        assert result.returncode == 0
        commands = re.findall(r"^  (\w[\w-]*)", result.stdout.split("Commands:")[1], re.M)
        assert {"init", "status", "serve"} <= set(commands)
        for command in commands:
            assert run_cli(command, "--help").returncode == 0, command
