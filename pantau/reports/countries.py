"""Destination countries: ISO 3166-1 alpha-2 from the codes and names officers write."""

from __future__ import annotations

import difflib
import gettext
import re
import unicodedata
from functools import lru_cache

import pycountry

# Names in common use that pycountry (and its Indonesian translation) does not carry.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "KR": ("Korea Selatan", "Korsel", "Republic of Korea"),  # not "Korea": ambiguous
    "KP": ("Korea Utara", "Korut"),
    "LA": ("Laos", "Lao", "Lao PDR"),
    "TW": ("Taiwan", "Republic of China", "Taipei"),
    "VN": ("Vietnam", "Viet Nam"),
    "HK": ("Hongkong", "Hong Kong", "Hong Kong SAR"),
    "MO": ("Makau", "Macau", "Makao"),
    "CN": ("Tiongkok", "China", "Cina", "RRT", "RRC", "Republik Rakyat Cina"),
    "US": ("Amerika", "Amerika Serikat", "USA", "United States", "America"),
    "GB": ("Inggris", "UK", "Britania Raya", "England", "Britain", "Great Britain"),
    "AE": ("UEA", "UAE", "Uni Emirat Arab", "Emirates", "Dubai", "Abu Dhabi"),
    "SA": ("Arab Saudi", "Saudi", "Saudi Arabia", "KSA"),
    "MM": ("Burma", "Myanmar"),
    "TL": ("Timor Leste", "Timor-Leste", "East Timor"),
    "RU": ("Rusia", "Russia"),
    "BN": ("Brunei", "Brunei Darussalam"),
    "TR": ("Turki", "Turkey", "Turkiye"),
    "IR": ("Iran",),
    "SY": ("Suriah", "Syria"),
    "NL": ("Belanda", "Holland", "Netherlands"),
    "CZ": ("Ceko", "Czech Republic"),
    "MD": ("Moldova",),
    "TZ": ("Tanzania",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "PS": ("Palestina", "Palestine"),
}

# Short Indonesian names used in messages where the translation is long or formal.
SHORT_NAMES_ID: dict[str, str] = {
    "LA": "Laos",
    "TW": "Taiwan",
    "RU": "Rusia",
    "BN": "Brunei",
    "TL": "Timor Leste",
    "IR": "Iran",
    "SY": "Suriah",
    "KP": "Korea Utara",
    "KR": "Korea Selatan",
}


def normalise(text: str) -> str:
    """Lower case, accents and punctuation removed, single spaces: the key of every name."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"[^0-9a-z]+", " ", plain.casefold())
    return " ".join(plain.split())


@lru_cache(maxsize=1)
def _indonesian() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
    except OSError:
        return gettext.NullTranslations()


def _english_names(country: object) -> list[str]:
    names = [getattr(country, "name", "")]
    for attribute in ("common_name", "official_name"):
        value = getattr(country, attribute, None)
        if value:
            names.append(value)
    return [name for name in names if name]


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Every known spelling (normalised) -> alpha-2; codes first, names never override them."""
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    translate = _indonesian().gettext
    for country in pycountry.countries:
        alpha2 = country.alpha_2
        codes[normalise(alpha2)] = alpha2
        codes[normalise(country.alpha_3)] = alpha2
        for english in _english_names(country):
            names.setdefault(normalise(english), alpha2)
            names.setdefault(normalise(translate(english)), alpha2)
    for alpha2, extra in EXTRA_NAMES.items():
        for name in extra:
            names[normalise(name)] = alpha2
    return {**names, **codes}


def resolve_country(text: str) -> str | None:
    """The ISO alpha-2 code of a country written as alpha-2, alpha-3, English or Indonesian
    name (case and accents ignored), or None when unknown.  Never guesses a near miss."""
    if not isinstance(text, str):
        return None
    key = normalise(text)
    if not key:
        return None
    return _index().get(key)


def suggest_countries(text: str, limit: int = 3) -> list[str]:
    """Alpha-2 codes of the countries whose names are closest to ``text`` (for messages)."""
    key = normalise(text) if isinstance(text, str) else ""
    if not key or limit <= 0:
        return []
    index = _index()
    candidates = [name for name in index if len(name) > 3]
    found: list[str] = []
    for name in difflib.get_close_matches(key, candidates, n=limit * 4, cutoff=0.6):
        alpha2 = index[name]
        if alpha2 not in found:
            found.append(alpha2)
    return found[:limit]


def country_name(alpha2: str, language: str = "id") -> str:
    """The short name of a country in Indonesian (``id``) or English, or the code itself."""
    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        return alpha2
    english = getattr(country, "common_name", None) or country.name
    if language != "id":
        return english
    if alpha2 in SHORT_NAMES_ID:
        return SHORT_NAMES_ID[alpha2]
    translated = _indonesian().gettext(english)
    if translated == english:
        translated = _indonesian().gettext(country.name)
    return translated
