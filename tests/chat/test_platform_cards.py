"""The commands every deployment has, and the platform's cards, with the capabilities installed."""

import json
from datetime import UTC, datetime

import pytest

from chat.platform.cards.about import about_card
from chat.platform.cards.help import help_card
from chat.platform.cards.my_cases import my_cases_card
from chat.platform.cards.welcome import welcome_card
from chat.registry import CaseSummary
from chat.retention import Schedule
from i18n import LANGUAGES, keys, t


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
def test_commands_match_in_both_languages(registry, text, name, rest):
    found = registry.match(text)
    assert found is not None
    assert (found[0].name, found[1]) == (name, rest)


@pytest.mark.parametrize(
    "text", ["", "   ", None, "om jag skickade fel mejl", "hjälp mig med en sak", "incidenterna"]
)
def test_sentences_are_not_taken_for_commands(registry, text):
    assert registry.match(text) is None


def test_every_command_is_described_in_both_languages(registry):
    for lang in LANGUAGES:
        for cmd in registry.commands:
            assert cmd.description_key in keys(lang)
            assert cmd.words[lang]


def _texts(card) -> str:
    return json.dumps(card, ensure_ascii=False)


def _help(registry, lang, roles):
    return _texts(help_card(lang, registry.visible_to(roles), roles,
                            registry.contributions("start_actions")))


def test_help_shows_dso_commands_only_to_the_dso(registry):
    staff, dso = _help(registry, "sv", {"staff"}), _help(registry, "sv", {"dso"})
    incidents = f"`incidenter {t('sv', 'incident.args.incidents')}`"
    assert "mina ärenden" in staff and incidents not in staff
    assert incidents in dso and f"`incident {t('sv', 'incident.args.incident')}`" in dso
    assert t("sv", "help.group_dso") in dso
    assert "`my cases`" in _help(registry, "en", {"staff"})


def test_welcome_offers_what_the_capabilities_offer_and_cases_help_about(registry):
    card = welcome_card("sv", user_name="Anna", organisation_name="Kulturnämnden", dso_name="Dana",
                        offers=registry.contributions("welcome_key"),
                        starts=registry.contributions("start_actions"))
    from tests.support.cards import actions_of

    actions = {
        (a["data"]["action"], json.dumps(a["data"], sort_keys=True)) for a in actions_of(card)
    }
    # Teams shows at most six actions in one set.
    assert len(card["actions"]) <= 6
    assert ("flow.start", '{"action": "flow.start", "flow": "incident"}') in actions
    assert ("command", '{"action": "command", "command": "my_cases"}') in actions
    assert card["body"][0]["text"] == t("sv", "welcome.title", name="Anna")
    assert "**Kulturnämnden**" in _texts(card)
    assert t("sv", "incident.offer.welcome") in _texts(card)
    assert welcome_card("en", user_name=None, organisation_name=None, dso_name=None)["lang"] == "en"


def test_about_card_tells_basis_retention_dso_rights_and_imy(registry):
    text = _texts(
        about_card(
            "sv",
            organisation_name="Kulturnämnden",
            dso_name="Dana",
            dso_email="dso@kommun.example",
            schedule=Schedule(draft_days=30, closed_years=7, people_days=365, audit_years=3),
            purposes=registry.contributions("about_key"),
        )
    )
    for fact in [
        "6.1 c och e",
        "33.5",
        "gallringsbeslut",
        t("sv", "about.retention_drafts", days=30),
        t("sv", "about.retention_closed_archive", years=7),
        t("sv", "about.retention_people", days=365),
        t("sv", "about.retention_audit", years=3),
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


def test_my_cases_empty_invites_what_the_capabilities_start(registry):
    card = my_cases_card("sv", [], starts=registry.contributions("start_actions"))
    assert t("sv", "cases.empty") in _texts(card)
    assert card["actions"][0]["data"] == {"action": "flow.start", "flow": "incident"}


def test_my_cases_shows_newest_first_in_stockholm_time_across_dst():
    cases = [
        CaseSummary("PUI-2026-0001", "Vinter", "Avslutad", datetime(2026, 1, 10, 12, tzinfo=UTC)),
        CaseSummary("PUI-2026-0002", "Vår", "Mottagen", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        CaseSummary("PUI-2026-0003", "Sommar", "Bedöms", datetime(2026, 7, 1, 12, 0)),
    ]
    text = _texts(my_cases_card("sv", cases))
    assert "2026-01-10 kl. 13:00" in text  # CET, UTC+1
    assert "2026-03-29 kl. 03:30" in text  # the night summer time starts, UTC+2
    assert "2026-07-01 kl. 14:00" in text  # naive is taken as UTC
    assert text.index("PUI-2026-0003") < text.index("PUI-2026-0002") < text.index("PUI-2026-0001")
    assert "Bedöms" in text
