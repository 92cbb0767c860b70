"""Load the region and country reference data into the database (idempotent)."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
from sqlalchemy import Engine, func, select

from geodata.regions import load_regions
from pantau.db import session_scope
from pantau.models import Country, Region

INDONESIAN_NAMES = {"TLS": "Timor-Leste", "CHN": "Tiongkok", "MAC": "Makau", "RUS": "Rusia"}
"""Where pycountry's Indonesian name is dated or not the one the government uses now
(Timor-Leste, not "Timor Timur"; Tiongkok since Keppres 12/2014)."""


@lru_cache(maxsize=1)
def _indonesian() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])


def country_rows() -> list[dict[str, str]]:
    """ISO 3166-1 countries with short English names and their Indonesian translation."""
    rows = []
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        rows.append(
            {
                "alpha2": country.alpha_2,
                "alpha3": country.alpha_3,
                "numeric": country.numeric,
                "name_en": english,
                "name_id": INDONESIAN_NAMES.get(country.alpha_3) or _indonesian().gettext(english),
            }
        )
    return rows


def load_reference_data(engine: Engine) -> dict[str, int]:
    """Insert or update every region and country; running it again changes nothing."""
    with session_scope(engine) as session:
        existing_regions = {region.code: region for region in session.scalars(select(Region))}
        for record in load_regions():
            values = {
                "name": record.name,
                "kind": record.kind,
                "province_code": record.province_code,
                "capital": record.capital,
                "latitude": record.latitude,
                "longitude": record.longitude,
                "area_km2": record.area_km2,
                "population": record.population,
            }
            region = existing_regions.get(record.code)
            if region is None:
                session.add(Region(code=record.code, **values))
            else:
                for key, value in values.items():
                    if getattr(region, key) != value:
                        setattr(region, key, value)
        existing_countries = {c.alpha2: c for c in session.scalars(select(Country))}
        for row in country_rows():
            country = existing_countries.get(row["alpha2"])
            if country is None:
                session.add(Country(**row))
            else:
                for key, value in row.items():
                    if getattr(country, key) != value:
                        setattr(country, key, value)
    with session_scope(engine) as session:
        return {
            "regions": session.scalar(select(func.count()).select_from(Region)) or 0,
            "countries": session.scalar(select(func.count()).select_from(Country)) or 0,
        }
