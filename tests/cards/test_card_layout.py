"""Where things land when Teams draws a card: the buttons a DSO needs are near the
top of the incident card, and a refused form's message sits by the form.

Laid out by the official renderer in headless Chromium (tests/cards/measure_cards.mjs),
540 px wide like a card in Teams' chat column.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cards.gallery import render_all
from i18n import t

SCRIPT = Path(__file__).with_name("measure_cards.mjs")
# A laptop screen shows about 700 px of the chat: the buttons must be on it.
BUTTONS_WITHIN = 700
INCIDENT_CARDS = ("incident_dso_new", "incident_dso_owned_questions", "incident_dso_notified",
                  "incident_dso_corrected", "incident_dso_late", "incident_dso_near_miss",
                  "incident_dso_controller_decides")


def measure(named_cards: list[dict]) -> dict:
    assert shutil.which("node") and Path("/usr/bin/chromium").exists(), (
        "the layout tests need node and Debian's chromium (make test installs them)")
    done = subprocess.run(["node", str(SCRIPT)], input=json.dumps(named_cards),
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def laid_out(registry) -> dict:
    wanted = {*INCIDENT_CARDS, "incident_form_decide", "incident_form_decide_late"}
    # The form samples carry a refusal notice starting with these words.
    cards = [{"name": f"{name}.{lang}", "card": card, "find": "Mejlet gick till fel",
              "button": t(lang, "dso.action.case_file")}
             for name, lang, card in render_all(registry.samples) if name in wanted]
    return measure(cards)


@pytest.mark.parametrize("name", INCIDENT_CARDS)
def test_the_incident_cards_buttons_are_on_the_first_screen(laid_out, name):
    for lang in ("sv", "en"):
        measured = laid_out[f"{name}.{lang}"]
        assert measured["firstButton"] is not None, measured
        assert measured["firstButton"] < BUTTONS_WITHIN, (name, lang, measured)
        # The way to everything else, too.
        assert measured["button"] is not None and measured["button"] < BUTTONS_WITHIN, (
            name, lang, measured)


def test_the_incident_card_stays_short(laid_out):
    for name in INCIDENT_CARDS:
        assert laid_out[f"{name}.sv"]["height"] < 1600, (name, laid_out[f"{name}.sv"])


def test_a_refused_forms_message_is_right_above_its_inputs(laid_out):
    # The decision form with a notice (the gallery sample carries one).
    for lang in ("sv", "en"):
        measured = laid_out[f"incident_form_decide.{lang}"]
        assert measured["found"] is not None
        assert 0 < measured["firstInput"] - measured["found"] < 250, measured
        assert measured["found"] < BUTTONS_WITHIN
