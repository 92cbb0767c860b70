"""Numbered versions of the imported boundary layers: ``pantau geodata history`` and
``pantau geodata rollback N``.

Every import leaves a snapshot of both levels (layers and manifests) under
``<data dir>/boundaries/versions/<N>/``, so the layer an import replaced can be restored.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from geodata.boundaries import BoundaryImportError
from geodata.matching import LEVELS


def boundaries_dir(data_dir: Path) -> Path:
    """``<data dir>/boundaries``."""
    return data_dir / "boundaries"


def versions_dir(data_dir: Path) -> Path:
    """``<data dir>/boundaries/versions``."""
    return boundaries_dir(data_dir) / "versions"


def _layer_files(level: str) -> tuple[str, str]:
    return f"{level}.geojson", f"{level}.manifest.json"


def numbers(data_dir: Path) -> list[int]:
    """The numbers of the saved versions, oldest first."""
    folder = versions_dir(data_dir)
    if not folder.exists():
        return []
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit())


def save_version(data_dir: Path, note: str) -> int:
    """Snapshot the current layers of both levels as the next numbered version."""
    number = (numbers(data_dir) or [0])[-1] + 1
    target = versions_dir(data_dir) / str(number)
    temporary = target.with_name(f".{number}.tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    for level in LEVELS:
        for name in _layer_files(level):
            source = boundaries_dir(data_dir) / name
            if source.exists():
                shutil.copy2(source, temporary / name)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    info = {"number": number, "created_at": created, "note": note}
    (temporary / "version.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    temporary.rename(target)
    return number


def describe(data_dir: Path, number: int) -> dict:
    """A version's note and date with a summary of each level's manifest."""
    folder = versions_dir(data_dir) / str(number)
    info = json.loads((folder / "version.json").read_text(encoding="utf-8"))
    info["levels"] = {}
    for level in LEVELS:
        path = folder / _layer_files(level)[1]
        if path.exists():
            manifest = json.loads(path.read_text(encoding="utf-8"))
            info["levels"][level] = {
                "source_name": manifest.get("source_name"),
                "imported_at": manifest.get("imported_at"),
                "mode": manifest.get("mode"),
                "derived_from": manifest.get("derived_from"),
                "regions": manifest.get("layer_regions", manifest["counts"]["regions"]),
                "missing": len(manifest.get("missing", [])),
            }
    return info


def history(data_dir: Path) -> list[dict]:
    """Every saved version, oldest first."""
    return [describe(data_dir, number) for number in numbers(data_dir)]


def rollback(data_dir: Path, number: int) -> int:
    """Restore version ``number`` as the current layers; saved as a new version in turn."""
    folder = versions_dir(data_dir) / str(number)
    if not (folder / "version.json").exists():
        known = ", ".join(map(str, numbers(data_dir))) or "none"
        raise BoundaryImportError(f"there is no version {number} (versions: {known})")
    for level in LEVELS:
        for name in _layer_files(level):
            source, current = folder / name, boundaries_dir(data_dir) / name
            if source.exists():
                temporary = current.with_name(current.name + ".tmp")
                shutil.copy2(source, temporary)
                temporary.replace(current)
            else:
                current.unlink(missing_ok=True)
    return save_version(data_dir, f"rollback to version {number}")
