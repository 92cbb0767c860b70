"""``pantau geodata`` subcommands (registered by ``pantau.cli``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pantau.settings import get_settings


@click.group("geodata")
def geodata() -> None:
    """Region boundaries: import official boundary files and show what the maps use."""


def _area_ratio(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[float, float]:
    try:
        low, high = (float(part) for part in value.split(":"))
    except ValueError as exc:
        raise click.BadParameter("give MIN:MAX, for example 0.5:2") from exc
    if not 0 < low < 1 < high:
        raise click.BadParameter("MIN must be between 0 and 1 and MAX above 1")
    return low, high


@geodata.command("import")
@click.argument("path")
@click.option(
    "--level", type=click.Choice(["province", "regency"]), required=True, help="Region level."
)
@click.option("--code-field", help="Field holding the Kemendagri code (found when not given).")
@click.option("--name-field", help="Field holding the region name (found when not given).")
@click.option("--source-name", help="Where the file comes from, for the manifest.")
@click.option("--crs", help="CRS of a file that has none (no .prj), e.g. EPSG:32749.")
@click.option(
    "--replace",
    is_flag=True,
    help="Replace the whole layer; by default only the regions in the file are updated.",
)
@click.option(
    "--keep-unverified",
    is_flag=True,
    help="Import features that fail the ground check (seat or area) instead of leaving them out.",
)
@click.option(
    "--area-ratio",
    default="0.5:2",
    show_default=True,
    callback=_area_ratio,
    help="Allowed polygon area / reference area.",
)
@click.option(
    "--seat-km",
    type=float,
    default=8.0,
    show_default=True,
    help="How far a region's seat may lie outside its polygon.",
)
def import_command(
    path: str,
    level: str,
    code_field: str | None,
    name_field: str | None,
    source_name: str | None,
    crs: str | None,
    replace: bool,
    keep_unverified: bool,
    area_ratio: tuple[float, float],
    seat_km: float,
) -> None:
    """Import a boundary file (GeoJSON, Shapefile, zipped Shapefile, GeoPackage).

    The result goes to <data dir>/boundaries/<level>.geojson with a manifest beside it, and
    is saved as a numbered version (see history, rollback). Importing regencies also
    derives the province layer, unless provinces were imported.
    """
    from geodata.ground import GroundRules
    from geodata.importer import BoundaryImportError, import_boundaries

    try:
        result = import_boundaries(
            path,
            level,
            get_settings(),
            code_field=code_field,
            name_field=name_field,
            source_name=source_name,
            rules=GroundRules(seat_km=seat_km, area_ratio=area_ratio),
            keep_unverified=keep_unverified,
            replace=replace,
            crs=crs,
        )
    except BoundaryImportError as exc:
        click.echo(f"pantau geodata import: {exc}", err=True)
        sys.exit(2)
    _echo_result(result.level, result.path, result.manifest)
    if result.derived is not None:
        _echo_result(result.derived.level, result.derived.path, result.derived.manifest)
    click.echo(f"saved as version {result.manifest['version']} (pantau geodata history)")


def _echo_result(level: str, path: Path, manifest: dict) -> None:
    from geodata.regions import label

    counts = manifest["counts"]
    origin = "derived from regencies" if manifest.get("derived_from") else "imported"
    click.echo(
        f"{level}: {counts['regions']} regions {origin} from {counts['features_read']} "
        f"features -> {path} ({manifest['output_bytes']:,} bytes, simplified at "
        f"{manifest['simplification']['tolerance_degrees']} degrees)"
    )
    if not manifest.get("derived_from"):
        fields = ", ".join(f"{k} = {v}" for k, v in manifest["fields"].items() if v) or "none"
        click.echo(f"  CRS: {manifest['crs_in'] or 'none in the file'}; fields used: {fields}")
        click.echo(
            "  counts: "
            + ", ".join(f"{value} {key}" for key, value in counts.items() if key != "regions")
        )
    if manifest.get("mode") == "merge":
        click.echo(
            f"  merged: {counts['kept']} regions kept from the previous layer; "
            f"{manifest['layer_regions']} in the layer now"
        )
    if manifest["missing"]:
        names = ", ".join(map(label, manifest["missing"][:40]))
        more = (
            f", and {len(manifest['missing']) - 40} more" if len(manifest["missing"]) > 40 else ""
        )
        click.echo(f"  missing ({len(manifest['missing'])}): {names}{more}")
    for what in ("rejected", "relabelled", "unverified", "unmatched", "ambiguous", "extra"):
        for item in manifest.get(what, []):
            click.echo(f"  {what}: {_describe(item)}")
    for item in manifest.get("outdated", []):
        click.echo(f"  outdated: {_describe(item)}")
    for item in manifest.get("conflicts", []):
        click.echo(f"  conflict: {_describe(item)}")
    for code, count in manifest.get("duplicates", {}).items():
        click.echo(f"  merged: {count} features with code {label(code)}")
    for warning in manifest["warnings"]:
        click.echo(f"  warning: {warning}")


def _describe(item: dict) -> str:
    from geodata.regions import label

    text = f"feature {item['feature']} (code {item['code']!r}, name {item['name']!r})"
    if "explanation" in item:
        return f"{text}: {item['explanation']}"
    if "now" in item:
        return f"{text} is now {label(item['now'])}: {item.get('reason', '')}".rstrip(": ")
    if "name_matches" in item:
        return f"{text}: the name fits {label(item['name_matches'])}"
    return f"{text}: {item.get('reason', '')}"


@geodata.command("history")
def history_command() -> None:
    """List the saved versions of the boundary layers, newest last."""
    from geodata.versions import history

    versions = history(get_settings().data_dir)
    if not versions:
        click.echo("no boundaries imported yet")
    for version in versions:
        click.echo(f"{version['number']:>3}  {version['created_at']}  {version['note']}")
        for level, details in version["levels"].items():
            origin = "derived from regencies, " if details["derived_from"] else ""
            click.echo(
                f"       {level}: {details['regions']} regions from {details['source_name']} "
                f"({origin}{details['mode'] or 'replace'}, {details['missing']} missing)"
            )


@geodata.command("rollback")
@click.argument("number", type=int)
def rollback_command(number: int) -> None:
    """Restore version NUMBER of the boundary layers (saved as a new version)."""
    from geodata.boundaries import BoundaryImportError
    from geodata.versions import rollback

    try:
        saved = rollback(get_settings().data_dir, number)
    except BoundaryImportError as exc:
        click.echo(f"pantau geodata rollback: {exc}", err=True)
        sys.exit(2)
    click.echo(f"restored version {number}; saved as version {saved}")


@geodata.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def status_command(as_json: bool) -> None:
    """Show the schematic layers and the imported boundaries with their source and date."""
    from geodata.status import geodata_status

    summary = geodata_status(get_settings())
    if as_json:
        click.echo(json.dumps(summary))
        return
    schematic = summary["schematic"]
    if None in schematic.values():
        click.echo("Schematic maps:  not available yet")
    else:
        click.echo(
            f"Schematic maps:  {schematic['provinces']} provinces, {schematic['regencies']} "
            "regencies/cities"
        )
    for level, count in summary["boundaries"].items():
        details = summary["imports"].get(level)
        if count is None or details is None:
            click.echo(f"Boundaries {level + ':':9s} not imported (schematic map only)")
            continue
        derived = ", derived from regencies" if details["derived_from"] else ""
        click.echo(
            f"Boundaries {level + ':':9s} {count} regions from {details['source_name']} "
            f"({details['imported_at']}{derived}), {len(details['missing'])} missing"
        )


commands: list[click.Command] = [geodata]
