"""The incident as a summary, for those the organisation tells with "summary" scope
(e.g. a registrar, an information security coordinator).

It says that there is an incident and how urgent it is, in the bot's own
words only: the reference, the kind of event and breach, the status, the
72-hour clock and the severity band. No free text, no names, no categories
of people or data: what the reporter wrote stays with the DSOs.
"""

from __future__ import annotations

from cards import elements as el
from cards.safe import inert
from compliance.deadlines import format_span
from compliance.localtime import format_datetime
from features.incidents.cards.dso import register_action
from features.incidents.views import IncidentView, answer_text
from i18n import Lang, t


def _clock(lang: Lang, view: IncidentView) -> str:
    if view.near_miss:
        return t(lang, "dso.clock.near_miss")
    if view.decided or view.closed:
        return t(lang, f"dso.status.{view.status}")
    key = "dso.clock.overdue" if view.overdue else "dso.clock.left"
    return t(lang, key, span=format_span(view.time_left, lang))


def incident_summary_card(lang: Lang, view: IncidentView, *,
                          notice: str | None = None) -> el.Element:
    title = t(lang, "dso.title_near_miss" if view.near_miss else "dso.title",
              reference=inert(view.reference, 40))
    body: list[el.Element] = []
    if notice:
        body.append(el.container([el.text(inert(notice, 300), trusted=True, weight="Bolder")],
                                 style="warning"))
    pairs = [
        (t(lang, "dso.status_label"), t(lang, f"dso.status.{view.status}")),
        (t(lang, "dso.diarienummer"), inert(view.diarienummer, 64) if view.diarienummer
         else t(lang, "dso.not_registered")),
        (t(lang, "incident.q.breach_type"),
         answer_text(view.answers, "breach_type", lang) or t(lang, "dso.not_given")),
        (t(lang, "dso.submitted_at"), format_datetime(view.submitted_at)),
        (t(lang, "dso.severity.title"),
         t(lang, f"incident.severity.band.{view.assessment.band}")),
    ]
    body += [
        el.heading(title),
        el.text(_clock(lang, view), trusted=True, weight="Bolder",
                color="Attention" if view.urgent and not view.decided else "Default"),
        el.facts(pairs, trusted_values=True),
        el.text(t(lang, "dso.summary.scope"), trusted=True, isSubtle=True, size="Small"),
        *register_action(lang, view),
    ]
    return el.card(body, lang=lang, fallback_text=title)
