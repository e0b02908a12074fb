"""Every card the bot can send, checked by the official `adaptivecards` library."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cards.gallery import render_all
from tests.support.cards import actions_of

SCRIPT = Path(__file__).with_name("validate_cards.mjs")
TEAMS_SAFE_BYTES = 28 * 1024  # Teams caps a message near 40 KB including the envelope


def check_with_node(named_cards: list[dict]) -> dict:
    node = shutil.which("node")
    assert node, "node is needed to check cards with the adaptivecards library"
    done = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(named_cards),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def gallery(registry) -> dict[str, dict]:
    return {f"{name}.{lang}": card for name, lang, card in render_all(registry.samples)}


@pytest.fixture(scope="module")
def report(gallery) -> dict:
    # One node process for all cards keeps this fast.
    return check_with_node([{"name": k, "card": v} for k, v in gallery.items()])


def test_the_gallery_holds_the_platforms_and_every_capabilitys_cards(registry):
    names = set(registry.samples)
    assert {"welcome", "help_staff", "help_dso", "about", "my_cases", "my_cases_empty"} <= names
    assert {"incident_dso_new", "incident_list", "flow_summary"} <= names


def test_every_card_parses_validates_and_renders(report, gallery):
    assert set(report) == set(gallery)
    failures = {name: r["errors"] for name, r in report.items() if r["errors"]}
    assert not failures, json.dumps(failures, indent=2, ensure_ascii=False)
    assert all(len(r["html"]) > 500 for r in report.values())


def test_the_checker_catches_broken_cards():
    broken = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "Carousel2000", "text": "x"}, {"type": "Input.Text"}],
        "actions": [{"type": "Action.Teleport", "title": "x"}],
    }
    errors = check_with_node([{"name": "broken", "card": broken}])["broken"]["errors"]
    text = " ".join(errors)
    assert "UnknownElementType" in text
    assert "UnknownActionType" in text
    assert "PropertyCantBeNull" in text  # an input without id


def test_hostile_user_text_renders_inert(report):
    for name, r in report.items():
        html = r["html"]
        links = re.findall(r'<a [^>]*href="([^"]*)"', html)
        assert not [u for u in links if "evil" in u], (name, links)
        # No mention tag anywhere; where markdown is rendered, not even its look-alike.
        assert r["mentionTags"] == 0 and "<at>" not in r["markdownText"], name
        assert "<strong>VIKTIGT</strong>" not in html and "<b>html</b>" not in html, name
        assert "<ul><li>punkt" not in html and "<h1>" not in html, name
        assert "\x00" not in html and "\u202e" not in html, name


def test_cards_are_valid_json_and_fit_in_a_teams_message(gallery):
    for name, card in gallery.items():
        encoded = json.dumps(card, ensure_ascii=False).encode()
        assert json.loads(encoded) == card
        assert len(encoded) < TEAMS_SAFE_BYTES, (name, len(encoded))
        assert "entities" not in card.get("msteams", {}), "no mention entities from user text"


def test_every_button_names_an_installed_handler(gallery, registry):
    for name, card in gallery.items():
        for action in actions_of(card):
            if action["type"] in {"Action.Submit", "Action.Execute"}:
                assert registry.action(action["data"]["action"]), (name, action["data"])
            if action["type"] == "Action.Execute":
                assert action["verb"] == action["data"]["action"], name
