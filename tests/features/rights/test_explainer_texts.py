"""The rights explainer's texts (features/rights/texts/<lang>/explainer.toml): complete in
both languages, short enough for a phone, plain enough for a Teams TextBlock, and saying
what a public body must not forget.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from features.rights.rules.topics import ARTICLES, PARTS, RIGHTS, Topic, text_key

TEXTS = Path(__file__).resolve().parents[3] / "features" / "rights" / "texts"
LANGS = ("sv", "en")
LIMITS = {"short": 80, "meaning": 400, "applies": 700, "limits": 700, "staff": 700,
          "deadline": 300}
EXPLAINER_KEYS = ("intro", "not_sure", "disclaimer")


def _load(lang: str) -> dict[str, Any]:
    with (TEXTS / lang / "explainer.toml").open("rb") as f:
        return tomllib.load(f)


def _flat(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        flat.update(_flat(value, full) if isinstance(value, dict) else {full: value})
    return flat


@pytest.fixture(scope="module", params=LANGS)
def texts(request: pytest.FixtureRequest) -> dict[str, Any]:
    return _flat(_load(request.param))


def test_the_files_parse_and_hold_only_the_rights_area():
    for lang in LANGS:
        assert set(_load(lang)) == {"rights"}
        assert set(_load(lang)["rights"]) == {"explainer", "topic"}


def test_every_topic_has_every_part(texts: dict[str, Any]):
    for topic in Topic:
        for part in PARTS:
            value = texts.get(text_key(topic, part))
            assert isinstance(value, str) and value.strip(), text_key(topic, part)
    for key in EXPLAINER_KEYS:
        assert isinstance(texts.get(f"rights.explainer.{key}"), str), key


def test_no_key_in_one_language_only():
    sv, en = _flat(_load("sv")), _flat(_load("en"))
    assert set(sv) == set(en)
    expected = {text_key(t, p) for t in Topic for p in PARTS}
    expected |= {f"rights.explainer.{k}" for k in EXPLAINER_KEYS}
    assert set(sv) == expected
    assert all(isinstance(v, str) and v.strip() for v in (*sv.values(), *en.values()))


def test_lengths_fit_a_phone(texts: dict[str, Any]):
    too_long = [
        f"{text_key(topic, part)}: {len(texts[text_key(topic, part)])} > {limit}"
        for topic in Topic
        for part, limit in LIMITS.items()
        if len(texts[text_key(topic, part)]) > limit
    ]
    assert too_long == []
    assert all(len(texts[text_key(t, "title")]) <= 60 for t in Topic)
    assert all("\n" not in texts[text_key(t, p)] for t in Topic for p in ("title", "short"))


# Teams renders TextBlock markdown: only plain lines and "- " bullets are wanted.
_MARKUP = re.compile(r"[*_`#<>\[\]|]|https?:|www\.")


def test_plain_text_and_dash_bullets_only(texts: dict[str, Any]):
    for key, value in texts.items():
        assert not _MARKUP.search(value), f"{key}: markup in {value!r}"
        assert value == value.strip(), f"{key}: leading or trailing space"
        for line in value.split("\n"):
            assert line.strip(), f"{key}: an empty line"
            assert line == line.strip(), f"{key}: indented or trailing space in {line!r}"
            assert not re.match(r"(\d+[.)]|[•–+])\s", line), f"{key}: other bullet {line!r}"
            assert not line.startswith("-") or line.startswith("- "), f"{key}: {line!r}"


def _all_text(lang: str) -> str:
    return "\n".join(_flat(_load(lang)).values()).casefold()


def test_the_swedish_terms_are_used():
    text = _all_text("sv")
    for term in ("den registrerade", "registerutdrag", "rätt till rättelse", "radering",
                 "rätten att bli bortglömd", "begränsning av behandling", "invändning",
                 "dataportabilitet", "automatiserade beslut och profilering",
                 "sekretessprövning enligt offentlighets- och sekretesslagen (osl)",
                 "arkivlagen", "gallring", "personuppgiftsansvarig", "dataskyddsombud",
                 "överklaga", "förvaltningsrätten", "imy", "registrera begäran"):
        assert term in text, term


# What a public body must not forget, per topic: (topic, part, words that must be there).
NUANCES_SV = [
    (Topic.OBJECTION, "applies", ("6.1 e", "6.1 f", "direktmarknadsföring", "absolut")),
    (Topic.OBJECTION, "limits", ("tvingande berättigade skäl", "rättsliga anspråk")),
    (Topic.PORTABILITY, "applies", ("själv", "samtycke eller avtal", "automatiserat")),
    (Topic.PORTABILITY, "limits", ("6.1 c och e",)),
    (Topic.ERASURE, "limits", ("rättslig förpliktelse", "allmänt intresse",
                               "myndighetsutövning", "arkivlagen", "allmänna handlingar",
                               "gallring")),
    (Topic.ACCESS, "applies", ("gratis",)),
    (Topic.ACCESS, "limits", ("identiteten", "sekretessprövning", "uppenbart ogrundad",
                              "förvaltningsrätten", "imy")),
    (Topic.ACCESS, "meaning", ("ändamålen", "mottagarna", "sparas", "varifrån",
                               "rättigheter", "automatiserade beslut")),
    (Topic.INFORMATION, "applies", ("artikel 13", "artikel 14", "samlar in")),
    (Topic.RECTIFICATION, "applies", ("artikel 19",)),
    (Topic.ERASURE, "applies", ("artikel 19",)),
    (Topic.RESTRICTION, "applies", ("artikel 19", "korrekta", "invändning")),
    (Topic.RESTRICTION, "limits", ("innan begränsningen hävs",)),
    (Topic.REQUEST, "limits", ("överklagas", "förvaltningsrätten", "förvaltningslagen",
                               "imy")),
    (Topic.REQUEST, "staff", ("registrera begäran", "identiteten", "dataskyddsombudet")),
]
NUANCES_EN = [
    (Topic.OBJECTION, "applies", ("6(1)(e)", "6(1)(f)", "direct marketing", "absolute")),
    (Topic.OBJECTION, "limits", ("compelling legitimate grounds", "legal claims")),
    (Topic.PORTABILITY, "applies", ("themselves", "consent or a contract", "automated")),
    (Topic.ERASURE, "limits", ("legal obligation", "public interest", "official authority",
                               "archives act", "public documents")),
    (Topic.ACCESS, "limits", ("identity", "secrecy assessment", "manifestly unfounded")),
    (Topic.RESTRICTION, "limits", ("before the restriction is lifted",)),
    (Topic.REQUEST, "limits", ("appealed", "administrative court", "imy")),
]


@pytest.mark.parametrize(("lang", "topic", "part", "words"),
                         [("sv", *n) for n in NUANCES_SV] + [("en", *n) for n in NUANCES_EN])
def test_the_public_sector_nuances_are_there(lang: str, topic: Topic, part: str,
                                             words: tuple[str, ...]):
    text = _flat(_load(lang))[text_key(topic, part)].casefold()
    missing = [w for w in words if w not in text]
    assert missing == [], f"{lang} {text_key(topic, part)} lacks {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_request_deadline_says_the_same_rule(lang: str):
    """One month, the next working day, two more months told within the first."""
    words = {"sv": ("en månad", "lördag, söndag eller helgdag", "nästa vardag",
                    "två månader", "skälen", "inom den första månaden"),
             "en": ("one month", "saturday, sunday or public holiday", "next working day",
                    "two further months", "reasons", "within the first month")}[lang]
    texts = _flat(_load(lang))
    for topic in (*RIGHTS, Topic.REQUEST):
        if topic is Topic.INFORMATION:  # given at collection, not on request
            continue
        deadline = texts[text_key(topic, "deadline")].casefold()
        assert all(w in deadline for w in words), (lang, topic)


def test_every_topic_has_its_articles():
    assert set(ARTICLES) == set(Topic)
    assert all(ARTICLES[t] for t in Topic)
    assert ARTICLES[Topic.ACCESS] == (15,) and ARTICLES[Topic.AUTOMATED] == (22,)
