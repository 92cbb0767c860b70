"""The text catalogue: every message the code uses exists in Indonesian and English."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pantau.texts import LANGUAGES, catalogue_path, label, options, t

ROOT = Path(__file__).resolve().parent.parent
CODE = ("pantau", "dashboard", "jobs", "geodata")
# ``t("key", ...)`` anywhere, including inside f-strings, which Babel's extractor skips
LITERAL_CALL = re.compile(r"""\bt\(\s*["']([a-z_][\w.-]*)["']""")


def _catalogue(lang: str) -> dict[str, str]:
    with catalogue_path(lang).open("rb") as source:
        catalog = read_po(source, locale=lang)
    return {message.id: message.string for message in catalog if message.id}


def _keys_used_in_code() -> set[str]:
    """Literal keys of every ``t("...")`` call, extracted with Babel as pybabel does."""
    keys: set[str] = set()
    for folder in CODE:
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords={"t": None}
        ):
            keys.add(message if isinstance(message, str) else message[0])
        for path in (ROOT / folder).rglob("*.py"):
            keys.update(LITERAL_CALL.findall(path.read_text(encoding="utf-8")))
    return keys


def test_both_catalogues_hold_the_same_complete_messages() -> None:
    catalogues = {lang: _catalogue(lang) for lang in LANGUAGES}
    assert set(catalogues["id"]) == set(catalogues["en"])
    for lang, messages in catalogues.items():
        assert [key for key, text in messages.items() if not text.strip()] == [], lang


def test_every_key_used_in_code_has_a_text_in_both_languages() -> None:
    used = _keys_used_in_code()
    assert len(used) > 100  # the extraction really read the code
    for lang in LANGUAGES:
        assert sorted(used - set(_catalogue(lang))) == [], lang


def test_no_indonesian_text_is_defined_twice_with_the_same_meaning() -> None:
    indonesian, english = _catalogue("id"), _catalogue("en")
    seen: dict[tuple[str, str], str] = {}
    twice = []
    for key in sorted(indonesian):
        pair = (indonesian[key], english[key])
        if pair in seen:
            twice.append((seen[pair], key))
        seen.setdefault(pair, key)
    assert twice == []


def test_texts_and_category_labels() -> None:
    assert t("nav.ringkasan", "en") == "Overview"
    assert t("nav.ringkasan", "fr") == "Ringkasan"
    assert t("status.silent", "id", months=4) == "Tidak melapor 4 bulan"
    # category values are labelled by the report template's vocabulary, one spelling each
    assert label("child", "id") == "Anak (di bawah 18 tahun)"
    assert label("p21", "en") == "Complete dossiers (P21)"
    assert label("province", "en") == "Province"
    assert label("unknown_value", "id") == "unknown_value"
    assert options(["male", "female"], "id") == [
        {"label": "Laki-laki", "value": "male"},
        {"label": "Perempuan", "value": "female"},
    ]


def test_every_audit_action_is_worded() -> None:
    """The audit page names each action in words, in both languages."""
    from pantau import audit

    for lang in ("id", "en"):
        catalogue = _catalogue(lang)
        assert [a for a in audit.ACTIONS if f"audit.action.{a}" not in catalogue] == [], lang
