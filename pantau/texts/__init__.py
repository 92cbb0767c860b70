"""The one text catalogue of every surface: pages, exports, PDFs, error and login pages.

Texts live in gettext catalogues (``locale/<lang>/LC_MESSAGES/messages.po``) that
translators edit with any PO editor; messages are identified by stable keys such as
``nav.ringkasan``.  Labels of category values (sex, age group, exploitation type, member
agency, enforcement stage) come from the report template's vocabulary
(:mod:`pantau.reports.fields`), so a category is spelled the same in a report, on screen
and in an export.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from pantau.reports import fields

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
log = logging.getLogger(__name__)

#: Vocabularies whose labels name category values on screen, in the order they are tried.
_CATEGORY_VOCABULARIES = (
    fields.SEXES,
    fields.AGE_GROUPS,
    fields.EXPLOITATIONS,
    fields.STAGES,
    fields.MEMBER_AGENCIES,
    fields.SERVICES,
    fields.ACTIVITIES,
)


def language(raw: object, default: str = DEFAULT_LANGUAGE) -> str:
    """``raw`` when it is a supported language, else ``default``."""
    return raw if isinstance(raw, str) and raw in LANGUAGES else default


def catalogue_path(lang: str) -> Path:
    """The PO file of ``lang``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> Translations:
    """The compiled catalogue of ``lang`` (read from its PO file once per process)."""
    with catalogue_path(lang).open("rb") as source:
        catalog = read_po(source, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def known(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Whether ``key`` has a text in ``lang``."""
    return translations(lang).gettext(key) != key


def t(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang`` with ``values`` filled in.

    A key missing from the catalogue shows as the key itself (visible, never a crash);
    ``tests/test_texts.py`` fails the build for every key the code uses that a catalogue
    lacks.
    """
    text = translations(language(lang)).gettext(key)
    if text == key:
        log.warning("no text %r in the %s catalogue", key, language(lang))
    return text.format(**values) if values else text


def label(code: str | None, lang: str) -> str:
    """The display label of a category value (``female``, ``child``, ``online_scam``...).

    Values of the report template come from its vocabulary; other values (levels, run
    states) from the catalogue's ``value.*`` or ``filter.*`` entries; anything else is
    shown as it is.
    """
    if code is None:
        return ""
    lang = language(lang)
    for vocabulary in _CATEGORY_VOCABULARIES:
        if code in vocabulary.by_code:
            return vocabulary.label(code, lang)
    for key in (f"value.{code}", f"filter.{code}"):
        if known(key, lang):
            return t(key, lang)
    return code


def options(codes: Iterable[str], lang: str) -> list[dict[str, str]]:
    """Dropdown options ``{"label", "value"}`` of category values."""
    return [{"label": label(code, lang), "value": code} for code in codes]
