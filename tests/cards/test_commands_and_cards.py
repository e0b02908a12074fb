import json
from datetime import UTC, datetime

import pytest

from cards.about import about_card
from cards.command_catalog import COMMANDS, match
from cards.help import help_card
from cards.my_cases import CaseSummary, my_cases_card
from cards.welcome import welcome_card
from i18n import LANGUAGES, keys


@pytest.mark.parametrize(
    ("text", "name", "rest"),
    [
        ("hjälp", "help", ""),
        ("HJALP", "help", ""),
        ("help", "help", ""),
        ("?", "help", ""),
        ("  /Hjälp!  ", "help", ""),
        ("<at>Dataskydd</at> hjälp", "help", ""),
        ("om", "about", ""),
        ("About", "about", ""),
        ("mina   ärenden", "my_cases", ""),
        ("MINA ARENDEN", "my_cases", ""),
        ("my cases", "my_cases", ""),
        ("rapportera incident", "report_incident", ""),
        ("Report incident", "report_incident", ""),
        ("incidenter", "incidents", ""),
        ("incidents", "incidents", ""),
        ("incident PUI-2026-0007", "incident", "PUI-2026-0007"),
        ("Incident  pui-2026-0007   IMY", "incident", "pui-2026-0007 IMY"),
    ],
)
def test_commands_match_in_both_languages(text, name, rest):
    found = match(text)
    assert found is not None
    assert (found[0].name, found[1]) == (name, rest)


@pytest.mark.parametrize(
    "text", ["", "   ", None, "om jag skickade fel mejl", "hjälp mig med en sak", "incidenterna"]
)
def test_sentences_are_not_taken_for_commands(text):
    assert match(text) is None


def test_every_command_is_described_in_both_languages():
    for lang in LANGUAGES:
        for cmd in COMMANDS:
            assert cmd.description_key in keys(lang)
            assert cmd.words[lang]


def _texts(card) -> str:
    return json.dumps(card, ensure_ascii=False)


def test_help_shows_dso_commands_only_to_the_dso():
    staff, dso = _texts(help_card("sv", {"staff"})), _texts(help_card("sv", {"dso"}))
    assert "mina ärenden" in staff and "`incidenter`" not in staff
    assert "`incidenter`" in dso and "`incident PUI-ÅÅÅÅ-NNNN [imy]`" in dso
    assert "För dataskyddsombudet" in dso
    assert "`my cases`" in _texts(help_card("en", {"staff"}))


def test_welcome_offers_report_cases_help_and_about():
    card = welcome_card("sv", user_name="Anna", organisation_name="Kulturnämnden", dso_name="Dana")
    actions = {
        (a["data"]["action"], json.dumps(a["data"], sort_keys=True)) for a in card["actions"]
    }
    assert ("flow.start", '{"action": "flow.start", "flow": "incident"}') in actions
    assert ("command", '{"action": "command", "command": "my_cases"}') in actions
    assert card["body"][0]["text"] == "Hej Anna!"
    assert "**Kulturnämnden**" in _texts(card)
    assert welcome_card("en", user_name=None, organisation_name=None, dso_name=None)["lang"] == "en"


def test_about_card_tells_basis_retention_dso_rights_and_imy():
    text = _texts(
        about_card(
            "sv",
            organisation_name="Kulturnämnden",
            dso_name="Dana",
            dso_email="dso@kommun.example",
            retention_days=365,
        )
    )
    for fact in [
        "6.1 c och e",
        "33.5",
        "gallringsbeslut",
        "365 dagar",
        "Dana",
        "dso@kommun.example",
        "Integritetsskyddsmyndigheten",
        "Entra-objekt-id",
        "Kulturnämnden är personuppgiftsansvarig",
    ]:
        assert fact in text, fact
    assert "Article 6(1)(c) and (e)" in _texts(
        about_card("en", organisation_name=None, dso_name=None, dso_email=None)
    )


def test_my_cases_empty_invites_a_report():
    card = my_cases_card("sv", [])
    assert "inga ärenden" in _texts(card)
    assert card["actions"][0]["data"] == {"action": "flow.start", "flow": "incident"}


def test_my_cases_shows_newest_first_in_stockholm_time_across_dst():
    cases = [
        CaseSummary("PUI-2026-0001", "Vinter", "closed", datetime(2026, 1, 10, 12, 0, tzinfo=UTC)),
        CaseSummary("PUI-2026-0002", "Vår", "submitted", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        CaseSummary("PUI-2026-0003", "Sommar", "in_review", datetime(2026, 7, 1, 12, 0)),
    ]
    text = _texts(my_cases_card("sv", cases))
    assert "2026-01-10 kl. 13:00" in text  # CET, UTC+1
    assert "2026-03-29 kl. 03:30" in text  # the night summer time starts, UTC+2
    assert "2026-07-01 kl. 14:00" in text  # naive is taken as UTC
    assert text.index("PUI-2026-0003") < text.index("PUI-2026-0002") < text.index("PUI-2026-0001")
    assert "Bedöms av dataskyddsombudet" in text
    assert "Being assessed" in _texts(my_cases_card("en", cases))
