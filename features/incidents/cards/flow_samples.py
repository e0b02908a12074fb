"""Gallery samples of the guided-dialog cards: real views of the incident report
from the engine, fed with hostile answers."""

from __future__ import annotations

from datetime import datetime

from cards.flow import render
from cards.gallery import HOSTILE_LONG, HOSTILE_NAME, HOSTILE_TEXT, SampleBuilder
from compliance.localtime import STOCKHOLM
from dialogs import engine
from dialogs.views import CANCEL, PII_KEEP, CardAction, Text, View
from features.incidents.flow import FLOW

NAMES = ("question_choice", "question_stale", "question_text_error", "question_datetime",
         "question_multi", "question_number_error", "question_record_pick", "pii_warning",
         "summary", "confirm_cancel", "cancelled", "done")


def _sample_views(lang: str) -> dict[str, View]:
    now = datetime(2026, 11, 21, 10, 0, tzinfo=STOCKHOLM)
    ctx = {"lang": lang, "instance": "sample", "choices": {
        "system": [("r1", HOSTILE_NAME), ("r2", "Elevregistret"), ("r3", "Procapita")]}}

    def say(outcome: engine.Outcome, *texts: str) -> engine.Outcome:
        for text in texts:
            outcome = engine.handle(FLOW, outcome.state, Text(text), now, ctx)
        return outcome

    def click(outcome: engine.Outcome, action: str) -> engine.Outcome:
        data = {"action": action, "instance": "sample", "rev": outcome.view.rev}
        return engine.handle(FLOW, outcome.state, CardAction.from_data(data), now, ctx)

    start = engine.start(FLOW, now, ctx)
    warned = say(start, "1", "1", f"{HOSTILE_TEXT} 19811218-9876")
    kept = click(warned, PII_KEEP)
    to_data = ["igår 8:00", "igår 15:00", "idag 9:15", "nej", "idag 9:30", "5", "1"]
    to_people = [*to_data, "1, 2, 4", "5"]
    answers = [*to_people, "ca 25", "över 100", "nej", "2", "2", "1, 6", "2"]
    at_system = say(kept, *answers)
    # The hostile text holds an e-mail address: kept ("3") despite the warning.
    summary = say(at_system, "1", "ja", HOSTILE_NAME, HOSTILE_TEXT, "3", HOSTILE_NAME,
                  HOSTILE_TEXT, "3")
    return {
        "question_choice": engine.show(FLOW, start.state, ctx),
        "question_stale": engine.show(FLOW, start.state, ctx, notice=engine.STALE),
        "question_text_error": say(start, "1", "1", HOSTILE_LONG).view,
        "question_datetime": say(kept, "vet inte", "tillbaka").view,
        "question_multi": say(kept, *to_data, "1, 3", "tillbaka").view,
        "question_number_error": say(kept, *to_people, "många").view,
        "question_record_pick": at_system.view,
        "pii_warning": warned.view,
        "summary": summary.view,
        "confirm_cancel": click(summary, CANCEL).view,
        "cancelled": say(click(summary, CANCEL), "ja").view,
        "done": say(summary, "skicka").view,
    }


def _sample(name: str) -> SampleBuilder:
    return lambda lang: render(_sample_views(lang)[name])


SAMPLES: dict[str, SampleBuilder] = {f"flow_{name}": _sample(name) for name in NAMES}
