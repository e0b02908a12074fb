"""The reminders' cards, in both languages, pass the official Adaptive Cards checker, fit
in a Teams message, and name only installed actions."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from cards.gallery import HOSTILE_NAME, render_all
from cards.safe import inert
from features.reminders.cards.samples import SAMPLES
from features.reminders.cards.settings import MAX_PROBLEMS, ProblemRow, QueueView, settings_card
from features.reminders.settings import effective, policies_of
from features.reminders.views import policy_row
from i18n import t
from tests.cards.test_official_renderer import TEAMS_SAFE_BYTES, check_with_node
from tests.support.cards import actions_of


@pytest.fixture(scope="module")
def gallery() -> dict[str, dict]:
    return {f"{name}.{lang}": card for name, lang, card in render_all(SAMPLES)}


def test_every_reminders_card_validates_and_renders(gallery):
    report = check_with_node([{"name": k, "card": v} for k, v in gallery.items()])
    failures = {name: r["errors"] for name, r in report.items() if r["errors"]}
    assert not failures, json.dumps(failures, indent=2, ensure_ascii=False)


def test_the_cards_fit_in_a_teams_message(gallery):
    for name, card in gallery.items():
        assert len(json.dumps(card, ensure_ascii=False).encode()) < TEAMS_SAFE_BYTES, name


def test_every_button_names_an_installed_action(gallery, registry):
    for name, card in gallery.items():
        for action in actions_of(card):
            if "data" in action:
                assert registry.action(action["data"]["action"]), (name, action["data"])


def test_the_samples_are_in_the_gallery(registry):
    assert set(SAMPLES) <= set(registry.samples)


def test_a_snoozed_card_keeps_its_own_buttons_and_loses_the_snooze(gallery):
    card = gallery["reminder_snoozed.sv"]
    assert [a["data"]["action"] for a in actions_of(card) if "data" in a] == [
        "flow.resume_draft", "flow.cancel", "flow.cancel"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_overview_with_every_installed_policy_and_a_full_list_validates(registry, lang):
    rows = [policy_row(lang, p, effective(p, None)) for p in policies_of(registry)]
    problems = [ProblemRow(i, HOSTILE_NAME, "larm", datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
                           "undeliverable", t(lang, "reminders.advice.blocked",
                                              name=inert(HOSTILE_NAME, 120)))
                for i in range(MAX_PROBLEMS)]
    card = settings_card(lang, office=("08:00", "17:00"), policies=rows,
                         queue=QueueView({"sent": 10_000}, problems, 250),
                         notice=t(lang, "reminders.queue.resent", person=inert(HOSTILE_NAME)))
    assert len(json.dumps(card, ensure_ascii=False).encode()) < TEAMS_SAFE_BYTES
    report = check_with_node([{"name": "overview", "card": card}])
    assert not report["overview"]["errors"], report["overview"]["errors"]
