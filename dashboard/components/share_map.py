"""The province map of a share in per cent (task forces active, directive addressees done):
one drawing for the ``/gugus-tugas`` roll-up, the ``/arahan`` follow-up and their slides."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard import layout as charts
from dashboard.components.maps import choropleth_map
from geodata.schematic import schematic_layer


def province_share_map(
    shares: Mapping[str, float],
    lines: Mapping[str, str],
    colorbar_title: str,
    lang: str,
    *,
    height: int,
) -> dict:
    """Provinces coloured by ``shares`` (sequential scale), the share written on each and
    ``lines`` (the whole sentence of a province) on hover; no margins, ``height`` px."""
    figure = choropleth_map(
        schematic_layer("province"),
        shares,
        text=lines,
        show_values=True,
        colorbar_title=colorbar_title,
        locale=lang,
    )
    return charts.with_layout(figure, height=height, margin={"l": 0, "r": 0, "t": 10, "b": 0})
