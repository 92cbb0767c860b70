"""What one pass of a source did, file by file."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from pantau.reports.loading import IngestOutcome


@dataclass(frozen=True)
class FileResult:
    """One file (or fetched document) of a pass and what became of it."""

    name: str
    outcome: IngestOutcome

    @property
    def status(self) -> str:
        return self.outcome.status


@dataclass
class SourceResult:
    """The summary of one pass of one source."""

    name: str
    kind: str
    run_id: int | None = None
    status: str = "ok"  # ok, failed
    files: list[FileResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    duration: float = 0.0
    skipped_busy: bool = False  # the job was already running elsewhere
    waiting: list[str] = field(default_factory=list)  # files still being written: next pass

    def count(self, status: str) -> int:
        return sum(1 for item in self.files if item.status == status)

    @property
    def files_seen(self) -> int:
        return len(self.files)

    @property
    def accepted(self) -> int:
        return self.count("accepted")

    @property
    def rejected(self) -> int:
        return self.count("rejected")

    @property
    def duplicates(self) -> int:
        return self.count("duplicate")

    @property
    def rows(self) -> int:
        return sum(item.outcome.rows for item in self.files)

    @property
    def failed(self) -> bool:
        return self.status == "failed"
