"""Read an XLSX in a child process under a CPU-time, memory and wall-clock budget.

A workbook within the size limits can still expand to a hundred megabytes of XML and cost
a minute of CPU in openpyxl.  The child gets ``RLIMIT_CPU`` and ``RLIMIT_AS`` (address
space above what it inherited); the parent waits at most ``wall_seconds``.  Any overrun is
the file's rejection with a clear message, never a stuck worker.  The limits are settings
(``PANTAU_XLSX_CPU_SECONDS``, ``PANTAU_XLSX_MEMORY_MB``, ``PANTAU_XLSX_WALL_SECONDS``).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Callable
from dataclasses import dataclass

from pantau.reports.messages import Problem
from pantau.reports.reading import ReadResult
from pantau.settings import Settings

CPU_SECONDS = Settings.xlsx_cpu_seconds
MEMORY_MB = Settings.xlsx_memory_mb
WALL_SECONDS = float(Settings.xlsx_wall_seconds)


@dataclass(frozen=True)
class Budget:
    """What one XLSX read may cost."""

    cpu_seconds: int = CPU_SECONDS
    memory_mb: int = MEMORY_MB
    wall_seconds: float = WALL_SECONDS

    @classmethod
    def of(cls, settings: Settings) -> Budget:
        """The budget configured in ``settings``."""
        return cls(
            settings.xlsx_cpu_seconds, settings.xlsx_memory_mb, float(settings.xlsx_wall_seconds)
        )


def _page_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(reader, data: bytes, file_name: str, cpu: int, memory_mb: int, pipe) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        limit = _page_bytes() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        pipe.send(("ok", reader(data, file_name)))
    except MemoryError:
        pipe.send(("memory", None))
    except BaseException as exc:  # reported to the parent as this file's rejection
        pipe.send(("error", f"{type(exc).__name__}: {str(exc)[:120]}"))
    finally:
        pipe.close()


def read_within_budget(
    reader: Callable[[bytes, str], ReadResult],
    data: bytes,
    file_name: str,
    *,
    cpu_seconds: int = CPU_SECONDS,
    memory_mb: int = MEMORY_MB,
    wall_seconds: float = WALL_SECONDS,
) -> ReadResult:
    """``reader(data, file_name)`` run in a forked child under the budget."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(reader, data, file_name, cpu_seconds, memory_mb, sender)
    )
    process.start()
    sender.close()
    try:
        if receiver.poll(wall_seconds):
            kind, value = receiver.recv()
        else:
            kind, value = "time", None
    except EOFError:  # killed by RLIMIT_CPU (SIGXCPU) or the kernel
        kind, value = "time", None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if kind == "ok":
        return value
    result = ReadResult()
    if kind == "error":
        result.problems.append(Problem("unprocessable", file_name, params={"detail": value}))
    else:
        reason = "memory" if kind == "memory" else "time"
        result.problems.append(Problem("xlsx_over_budget", file_name, params={"budget": reason}))
    return result
