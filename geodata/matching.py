"""Match boundary features to Kemendagri codes through codes or names found in the wild."""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from geodata.history import changes_of, move_out_of, now_text, old_codes, predates
from geodata.regions import RegionRecord, by_code, provinces, regencies

LEVELS = ("province", "regency")
KINDS = ("kabupaten", "kota")

_ABBREVIATIONS = {
    "kab": "kabupaten",
    "kabupaten": "kabupaten",
    "regency": "kabupaten",
    "kota": "kota",
    "kodya": "kota",
    "kotamadya": "kota",
    "city": "kota",
    "kep": "kepulauan",
    "kepl": "kepulauan",
    "kpl": "kepulauan",
    "adm": "administrasi",
    "admin": "administrasi",
    "prov": "provinsi",
    "propinsi": "provinsi",
    "province": "provinsi",
    "dki": "daerah khusus ibukota",
    "diy": "daerah istimewa yogyakarta",
    "dan": "dan",
}
_DROPPED_WORDS = {"administrasi", "provinsi"}
_SPELLING = (("tanjong", "tanjung"), ("djogja", "yogya"), ("jogja", "yogya"))
_REGENCY_ALIASES = {
    "pangkep": "pangkajenedankepulauan",
    "pangkajenekepulauan": "pangkajenedankepulauan",
    "sitaro": "kepulauansiautagulandangbiaro",
    "siautagulandangbiaro": "kepulauansiautagulandangbiaro",
}
_PROVINCE_ALIASES = {
    "11": ("nanggroeacehdarussalam", "nad"),
    "12": ("northsumatra", "northsumatera", "sumut"),
    "13": ("westsumatra", "westsumatera", "sumbar"),
    "16": ("southsumatra", "southsumatera", "sumsel"),
    "19": ("bangkabelitung", "bangkabelitungislands", "babel"),
    "21": ("riauislands", "kepri"),
    "31": ("jakarta", "jakartaraya", "dkijakarta", "daerahkhususjakarta", "jakartaspecialcapital"),
    "32": ("westjava", "jabar"),
    "33": ("centraljava", "jateng"),
    "34": ("yogyakarta", "daerahistimewayogyakarta", "specialregionofyogyakarta", "diyogyakarta"),
    "35": ("eastjava", "jatim"),
    "52": ("westnusatenggara", "ntb"),
    "53": ("eastnusatenggara", "ntt"),
    "61": ("westkalimantan", "kalbar"),
    "62": ("centralkalimantan", "kalteng"),
    "63": ("southkalimantan", "kalsel"),
    "64": ("eastkalimantan", "kaltim"),
    "65": ("northkalimantan", "kaltara"),
    "71": ("northsulawesi", "sulut"),
    "72": ("centralsulawesi", "sulteng"),
    "73": ("southsulawesi", "sulsel"),
    "74": ("southeastsulawesi", "sultra"),
    "76": ("westsulawesi", "sulbar"),
    "82": ("northmaluku", "malut"),
    "92": ("westpapua", "irianjayabarat"),
    "93": ("southpapua",),
    "94": ("centralpapua",),
    "95": ("highlandpapua", "highlandspapua"),
    "96": ("southwestpapua",),
}

_CODE_TEXT = re.compile(r"^(?:IDN?)?(\d{2})(?:[.\-_ ]?(\d{2}))?$")


def parse_code(value: object) -> str | None:
    """A Kemendagri code (``32`` or ``32.01``) from any common form, or None.

    Accepts ``"32.01"``, ``"3201"``, ``3201``, ``3201.0``, ``32.01`` (a float from a numeric
    column), ``"ID3201"`` (OCHA p-codes), ``"32"`` and ``32``.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            value = int(value)
        elif 10 <= value < 100:
            return f"{value:.2f}"
        else:
            return None
    if isinstance(value, numbers.Integral):
        text = str(int(value))
    else:
        text = str(value).strip().upper()
        if text.endswith(".0") and text[:-2].isdigit():
            text = text[:-2]
    match = _CODE_TEXT.match(text)
    if not match:
        return None
    province, regency = match.groups()
    return f"{province}.{regency}" if regency else province


def code_level(code: str) -> str:
    """``province`` for ``32``, ``regency`` for ``32.01``."""
    return "province" if len(code) == 2 else "regency"


def normalise_text(text: str) -> str:
    """Lower case ASCII words: accents dropped, punctuation turned into spaces, abbreviations
    expanded (``KAB.`` -> ``kabupaten``, ``Kep.`` -> ``kepulauan``, ``Adm.`` -> ``administrasi``).
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = ascii_text.lower().replace("&", " dan ").replace("'", "").replace("`", "")
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@dataclass(frozen=True)
class ParsedName:
    """A region name split into its kind word (if any) and a compact comparison key."""

    kind: str | None
    key: str


def _compact(words: list[str]) -> str:
    key = "".join(word for word in words if word not in _DROPPED_WORDS)
    for old, new in _SPELLING:
        key = key.replace(old, new)
    return key


def parse_name(text: str) -> ParsedName:
    """Split ``KAB. BANDUNG``, ``Kota Adm. Jakarta Selatan`` or ``Bandung Regency``."""
    words = normalise_text(text).split()
    kind = None
    if words and words[0] in KINDS:
        kind, words = words[0], words[1:]
    elif len(words) > 1 and words[-1] in KINDS:
        kind, words = words[-1], words[:-1]
    key = _compact(words)
    return ParsedName(kind, _REGENCY_ALIASES.get(key, key))


def province_key(text: str) -> str:
    """The comparison key of a province name (``Prov. DKI Jakarta`` -> ``daerahkhususibukota
    jakarta``)."""
    return _compact(normalise_text(text).split())


@dataclass
class Match:
    """How one feature was matched: ``status`` is ``matched``, ``ambiguous`` or ``unmatched``."""

    status: str
    code: str | None = None
    via: str | None = None
    candidates: list[str] = field(default_factory=list)
    reason: str = ""
    outdated: str | None = None
    """Why the feature is outdated (what the region is now), when history explains it."""


@lru_cache(maxsize=1)
def _regency_index() -> dict[str, list[RegionRecord]]:
    index: dict[str, list[RegionRecord]] = defaultdict(list)
    for region in regencies():
        index[parse_name(region.name).key].append(region)
    return dict(index)


@lru_cache(maxsize=1)
def _former_names() -> dict[str, tuple[RegionRecord, str | None]]:
    """Former names and old spellings: key -> (region now, explanation or None)."""
    found: dict[str, tuple[RegionRecord, str | None]] = {}
    for change in changes_of("renamed") + changes_of("spelling"):
        region = by_code()[change.new_code]
        if region.level != "regency":
            continue
        why = None
        if change.change == "renamed":
            why = f"{change.old_name} is now {now_text(region.code)} ({predates(change)})"
        found[parse_name(change.old_name).key] = (region, why)
    return found


@lru_cache(maxsize=1)
def _province_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for region in provinces():
        index[province_key(region.name)] = region.code
        for alias in _PROVINCE_ALIASES.get(region.code, ()):
            index[alias] = region.code
    for change in changes_of("renamed"):
        if len(change.new_code) == 2:
            index[province_key(change.old_name)] = change.new_code
    return index


@lru_cache(maxsize=1)
def reference_codes(level: str) -> frozenset[str]:
    """The 38 province codes or the 514 regency codes."""
    regions = provinces() if level == "province" else regencies()
    return frozenset(region.code for region in regions)


def match_province_name(name: object) -> Match:
    """Match a province name (Indonesian, common abbreviations or English)."""
    if not isinstance(name, str) or not name.strip():
        return Match("unmatched", reason="no name")
    code = _province_index().get(province_key(name))
    if code is None:
        return Match("unmatched", reason=f"no province is called {name!r}")
    return Match("matched", code=code, via="name")


def _province_hint(value: object) -> str | None:
    code = parse_code(value)
    if code is not None:
        return code[:2] if code[:2] in reference_codes("province") else None
    match = match_province_name(value)
    return match.code


def match_regency_name(name: object, province: object = None, kind: object = None) -> Match:
    """Match a regency/city name; the kind word or the province must settle look-alikes.

    ``province`` may be a province code or name, ``kind`` a value like ``Kota`` or ``Regency``
    (from a separate field, as in GADM's ``TYPE_2``). The province narrows the candidates but
    never turns a name that fits one region into "unknown": a regency listed under a province
    it has left is matched and explained through the change history.
    """
    if not isinstance(name, str) or not name.strip():
        return Match("unmatched", reason="no name")
    parsed = parse_name(name)
    kind_hint = parsed.kind or kind_of(kind)
    province_code = _province_hint(province) if province is not None else None
    attempts = [parsed.key]
    if parsed.kind:
        attempts.append(_compact(normalise_text(name).split()))
    for key in attempts:
        candidates = list(_regency_index().get(key, []))
        former = None
        if not candidates and key in _former_names():
            region, former = _former_names()[key]
            candidates = [region]
        kind_filter = kind_hint if key == parsed.key else None
        if kind_filter:
            candidates = [c for c in candidates if c.kind == kind_filter]
        narrowed = [c for c in candidates if c.province_code == province_code]
        if province_code and narrowed:
            candidates = narrowed
        if len(candidates) == 1:
            found = candidates[0]
            why = former
            if province_code and found.province_code != province_code:
                why = _moved(name, found, province_code)
            return Match("matched", code=found.code, via="name", outdated=why)
        if len(candidates) > 1:
            return Match(
                "ambiguous",
                candidates=[c.code for c in candidates],
                reason=f"{name!r} could be "
                + " or ".join(f"{c.name} ({c.code})" for c in candidates)
                + "; give the kind (Kabupaten/Kota) or the province",
            )
    return Match("unmatched", reason=f"no regency or city is called {name!r}")


def _moved(name: str, region: RegionRecord, file_province: str) -> str:
    """``Merauke (Papua in the file) is now 93.01 Kabupaten Merauke, Papua Selatan; ...``."""
    text = f"{name} ({by_code()[file_province].name} in the file) is now {now_text(region.code)}"
    change = move_out_of(region.code, file_province)
    if change is None:
        return f"{text}; the province in the file does not fit"
    return f"{text}; {predates(change)}"


def kind_of(value: object) -> str | None:
    """``kabupaten`` or ``kota`` for a lone kind word (``Kab.``, ``Kota``, ``City``), else None."""
    if not isinstance(value, str):
        return None
    words = normalise_text(value).split()
    return words[0] if len(words) == 1 and words[0] in KINDS else None


def match_name(level: str, name: object, province: object = None, kind: object = None) -> Match:
    """Match a name at ``level``."""
    if level == "province":
        return match_province_name(name)
    return match_regency_name(name, province=province, kind=kind)


def match_code(level: str, value: object) -> Match:
    """Match a code value at ``level``: ``matched``, or ``unmatched`` with the reason."""
    code = parse_code(value)
    if code is None:
        return Match("unmatched", reason=f"{value!r} is not a Kemendagri code")
    if code_level(code) != level:
        return Match("unmatched", code=code, reason=f"{code} is a {code_level(code)} code")
    if code not in reference_codes(level):
        change = old_codes().get(code)
        if change is not None:
            why = f"{code} is an old code: now {now_text(change.new_code)}; {predates(change)}"
            return Match("matched", code=change.new_code, via="old code", outdated=why)
        return Match("unmatched", code=code, reason=f"{code} is not in the reference list")
    return Match("matched", code=code, via="code")
