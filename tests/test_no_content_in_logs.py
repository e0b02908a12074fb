"""The check that guards "no message content in any log" itself works (tests/support/sent.py)."""

from __future__ import annotations

import logging

from tests.support import sent


def test_a_sent_text_in_a_log_line_is_found_and_routing_data_is_not_content():
    lines = sent.LogLines()
    logger = logging.getLogger("leak.demo")
    logger.addHandler(lines)
    logger.propagate = False  # this demonstration must not leak into the run's own check
    try:
        logger.warning("failed to store %s", "Journalanteckning om Lisa Berg")
        logger.warning("incident %s alerted", "PUI-2026-0007")
    finally:
        logger.removeHandler(lines)
    texts = {"Journalanteckning om Lisa Berg", "nothing like it in the logs"}
    assert sent.leaks(texts, lines.lines) == [
        ("Journalanteckning om Lisa Berg",
         "leak.demo WARNING failed to store Journalanteckning om Lisa Berg")]


def test_what_a_person_typed_and_entered_is_remembered_but_not_ids():
    before = set(sent.SENT)
    sent.remember({"text": "Ett brev till fel adress", "value": {
        "action": "incident.decide", "incident": "0f0e-long-identifier-0000",
        "justification": "Mottagaren raderade mejlet direkt", "rev": 3}})
    added = sent.SENT - before
    assert added == {"Ett brev till fel adress", "Mottagaren raderade mejlet direkt"}
