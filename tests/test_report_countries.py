"""Destination countries from codes and names in English and Indonesian."""

from __future__ import annotations

import pytest

from pantau.reports.countries import country_name, resolve_country, suggest_countries


@pytest.mark.parametrize(
    ("text", "alpha2"),
    [
        ("KH", "KH"),
        ("kh", "KH"),
        ("KHM", "KH"),
        ("Cambodia", "KH"),
        ("Kamboja", "KH"),
        ("  kamboja ", "KH"),
        ("Laos", "LA"),
        ("Taiwan", "TW"),
        ("South Korea", "KR"),
        ("Korea Selatan", "KR"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Hongkong", "HK"),
        ("Hong Kong", "HK"),
        ("Filipina", "PH"),
        ("Philippines", "PH"),
        ("Arab Saudi", "SA"),
        ("Uni Emirat Arab", "AE"),
        ("Tiongkok", "CN"),
        ("Jepang", "JP"),
        ("Côte d'Ivoire", "CI"),
        ("COTE D'IVOIRE", "CI"),
        ("Türkiye", "TR"),
        ("Turki", "TR"),
        ("Myanmar", "MM"),
        ("MMR", "MM"),
    ],
)
def test_resolves(text, alpha2):
    assert resolve_country(text) == alpha2


@pytest.mark.parametrize("text", ["", "  ", "Kamboya", "Atlantis", "XX", "Asia"])
def test_never_guesses(text):
    assert resolve_country(text) is None


def test_suggestions_for_misspellings():
    assert suggest_countries("Kamboya")[0] == "KH"
    assert suggest_countries("Malaysiaa")[0] == "MY"
    assert suggest_countries("Filipinaa", limit=1) == ["PH"]
    assert suggest_countries("") == []
    assert suggest_countries("zzzzzzzz") == []


def test_names_in_both_languages():
    assert country_name("KH") == "Kamboja"
    assert country_name("KH", "en") == "Cambodia"
    assert country_name("LA") == "Laos"
    assert country_name("KR", "en") == "South Korea"
    assert country_name("QQ") == "QQ"
