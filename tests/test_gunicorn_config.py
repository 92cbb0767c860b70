"""Production gunicorn settings: keep-alive above a load balancer's idle timeout, workers
from the CPU count, and the Procfile using them."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOAD_BALANCER_IDLE_SECONDS = 60  # AWS ALB and most proxies


def _config(monkeypatch: pytest.MonkeyPatch, **env: str):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import pantau.gunicorn_config as module

    return importlib.reload(module)


def test_defaults_keep_connections_longer_than_the_balancer(monkeypatch) -> None:
    monkeypatch.delenv("PANTAU_KEEPALIVE_SECONDS", raising=False)
    monkeypatch.delenv("PANTAU_WEB_WORKERS", raising=False)
    config = _config(monkeypatch, PORT="9123")
    assert config.keepalive > LOAD_BALANCER_IDLE_SECONDS
    assert config.workers == min(2 * config.cpu_count() + 1, 12)
    assert config.worker_class == "gthread" and config.bind == "0.0.0.0:9123"


def test_settings_override_the_defaults(monkeypatch) -> None:
    config = _config(monkeypatch, PANTAU_KEEPALIVE_SECONDS="400", PANTAU_WEB_WORKERS="3")
    assert config.keepalive == 400 and config.workers == 3


def test_procfile_uses_the_config_module() -> None:
    web = next(
        line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    assert "-c python:pantau.gunicorn_config" in web and "--workers" not in web
    assert "keep-alive" not in web
