"""The guided flow of what only the DSO can judge for the annual report, declared once
from the areas (`areas.py`): per area its own questions, the mark on the four-step
scale and the advice; then other matters and an overall summary.

Every free text goes through the personal-data guard like any other. The year the
report is for is not a step: the command puts it in the dialog's state (`YEAR`).
"""

from __future__ import annotations

from dialogs.model import Choice, Flow, Kind, Step
from features.reports.annual.areas import AREAS, MARKS, OTHER, SUMMARY, Answer3

YEAR = "year"  # the key of the report's year in the dialog's state

_YPN = tuple(Choice(a.value, f"annual_report.choice.{a.value}") for a in Answer3)
_SCALE = tuple(Choice(m, f"annual_report.scale.{m}") for m in MARKS)


def _steps() -> tuple[Step, ...]:
    steps: list[Step] = []
    for area in AREAS:
        for judged in area.judged:
            if judged.scale == "yn":
                steps.append(Step(judged.id, f"annual_report.q.{judged.id}", Kind.YES_NO))
            else:
                steps.append(Step(judged.id, f"annual_report.q.{judged.id}",
                                  Kind.SINGLE_CHOICE, choices=_YPN))
        steps.append(Step(area.mark_id, f"annual_report.q.{area.mark_id}", Kind.SINGLE_CHOICE,
                          "annual_report.help.mark", choices=_SCALE))
        steps.append(Step(area.advice_id, f"annual_report.q.{area.advice_id}", Kind.LONG_TEXT,
                          "annual_report.help.advice", required=False))
    for key in OTHER:
        steps.append(Step(key, f"annual_report.q.{key}", Kind.LONG_TEXT,
                          "annual_report.help.other", required=False))
    steps.append(Step(SUMMARY, f"annual_report.q.{SUMMARY}", Kind.LONG_TEXT,
                      "annual_report.help.advice", required=False))
    return tuple(steps)


FLOW = Flow(id="annual_report", version=1, title_key="annual_report.flow.title", steps=_steps())
JUDGEMENT_IDS = frozenset(step.id for step in FLOW.steps)
