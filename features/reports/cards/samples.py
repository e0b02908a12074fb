"""Gallery samples of the summary card: one organisation, and three with their total
(one with a hostile name, as an organisation's name is typed by an admin)."""

from __future__ import annotations

from typing import Any

from cards.gallery import HOSTILE_NAME, SampleBuilder
from chat.summaries import Figure
from features.reports.cards.summary import ShownOrganisation, ShownSection, summary_card
from i18n import Lang


def _sections(scale: int) -> tuple[ShownSection, ...]:
    def f(key: str, label: str, value: int, of: int | None = None,
          command: str | None = "registret") -> Figure:
        return Figure(key, label, value * scale, None if of is None else of * scale, command)

    return (
        ShownSection("register.summary.title", (
            f("register.registered", "register.summary.registered", 125),
            f("register.incomplete", "register.summary.incomplete", 40, 125),
            f("register.reviewed_12m", "register.summary.reviewed_12m", 88, 125),
            f("register.classified", "register.summary.classified", 60, 125),
            f("register.dpia_needed", "register.summary.dpia_needed", 9),
            f("register.dpia_done", "register.summary.dpia_done", 6, 9),
            f("register.dpia_followup_due", "register.summary.dpia_followup_due", 1))),
        ShownSection("rights.summary.title", (
            f("rights.received", "rights.summary.received", 1),
            f("rights.answered_in_time", "rights.summary.answered_in_time", 1, 1),
            f("rights.answered_late", "rights.summary.answered_late", 0, 1),
            f("rights.extended", "rights.summary.extended", 0, 1),
            f("rights.open_now", "rights.summary.open_now", 0),
            f("rights.overdue_now", "rights.summary.overdue_now", 0))),
        ShownSection("incident.summary.title", (
            f("incidents.documented", "incident.summary.documented", 8),
            f("incidents.discovered_by_staff", "incident.summary.discovered_by_staff", 6, 8),
            f("incidents.notified_imy", "incident.summary.notified_imy", 0, 8),
            f("incidents.notified_within_72h", "incident.summary.notified_within_72h", 0, 0),
            f("incidents.subjects_informed", "incident.summary.subjects_informed", 0, 8),
            f("incidents.near_misses", "incident.summary.near_misses", 2),
            f("incidents.open_now", "incident.summary.open_now", 1),
            f("incidents.overdue_now", "incident.summary.overdue_now", 0))),
    )


def _buttons() -> dict[str, dict[str, Any]]:
    return {f.key: {"command": "register", "rest": ""} for s in _sections(1) for f in s.figures}


def _one(lang: Lang) -> dict[str, Any]:
    return summary_card(lang, 2024, [ShownOrganisation("Bildningsnämnden", _sections(1))],
                        _buttons())


def _several(lang: Lang) -> dict[str, Any]:
    return summary_card(lang, 2024, [
        ShownOrganisation(None, _sections(3)),
        ShownOrganisation("Bildningsnämnden", _sections(1)),
        ShownOrganisation(HOSTILE_NAME, _sections(1)),
        ShownOrganisation("Socialnämnden", _sections(1)),
    ], _buttons())


SAMPLES: dict[str, SampleBuilder] = {"reports_summary": _one, "reports_summary_several": _several}
