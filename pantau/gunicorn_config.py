"""Gunicorn settings for production: ``gunicorn -c python:pantau.gunicorn_config ...``.

* ``keepalive`` (``PANTAU_KEEPALIVE_SECONDS``, default 75 s) must stay above the idle timeout
  of the load balancer or reverse proxy in front (60 s on most: AWS ALB, nginx's
  ``keepalive_timeout`` 75 s, Azure 4 min: raise it there).  With gunicorn's default of 2 s
  the worker closed connections the balancer still reused, and pages failed with
  connection resets after a short idle time.
* ``workers`` (``PANTAU_WEB_WORKERS``) defaults to ``2 × CPUs + 1`` (at most 12), each with
  four threads.
* ``bind`` is ``0.0.0.0:$PORT`` (8050 without ``PORT``).
"""

from __future__ import annotations

import os

from pantau.settings import get_settings


def cpu_count() -> int:
    """The CPUs this process may run on (the container's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """Gunicorn's rule of thumb, bounded so that small databases are not overrun."""
    return min(2 * cpu_count() + 1, 12)


def options(*, host: str = "0.0.0.0", port: int | None = None, workers: int | None = None):
    """The gunicorn settings, also used by ``pantau serve``."""
    settings = get_settings()
    port = port or int(os.environ.get("PORT", "8050"))
    return {
        "bind": f"{host}:{port}",
        "workers": workers or settings.web_workers or default_workers(),
        "threads": 4,
        "worker_class": "gthread",
        "keepalive": settings.keepalive_seconds,
        "timeout": 120,
        "graceful_timeout": 30,
        "accesslog": "-",
        "preload_app": True,
    }


_options = options()
bind = _options["bind"]
workers = _options["workers"]
threads = _options["threads"]
worker_class = _options["worker_class"]
keepalive = _options["keepalive"]
timeout = _options["timeout"]
graceful_timeout = _options["graceful_timeout"]
accesslog = _options["accesslog"]
preload_app = _options["preload_app"]
