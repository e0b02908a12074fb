"""The DSO's open incidents, most urgent first.

Undecided incidents come first, ordered by their 72-hour deadline (overdue
ones at the top); incidents already decided but not closed, and near misses
(which have no clock), follow, newest first, because no clock drives them.
"""

from __future__ import annotations

from collections.abc import Sequence

from cards import elements as el
from cards.safe import inert
from compliance.deadlines import format_span
from compliance.localtime import format_datetime
from features.incidents.views import IncidentListItem
from i18n import Lang, t

MAX_SHOWN = 15  # keeps the card far below Teams' message size limit


def _urgency(item: IncidentListItem) -> tuple[int, float]:
    if item.decided:
        return (1, -item.submitted_at.timestamp())
    return (0, item.deadline.timestamp())


def _clock(lang: Lang, item: IncidentListItem) -> str:
    if item.near_miss:
        return t(lang, "dso.list.near_miss")
    if item.decided:
        return t(lang, f"dso.status.{item.status}")
    key = "dso.clock.overdue" if item.overdue else "dso.clock.left"
    return t(lang, key, span=format_span(item.time_left, lang))


def _item(lang: Lang, item: IncidentListItem) -> el.Element:
    band = (t(lang, "dso.list.band", band=t(lang, f"incident.severity.band.{item.band}"))
            if item.band else t(lang, "dso.list.unassessed"))
    owner = inert(item.owner_name, 80) if item.owner_name else t(lang, "dso.no_owner")
    urgent = not item.decided and item.urgent
    open_action = el.action_execute(t(lang, "dso.action.open"), "incident.open",
                                    {"incident": item.id})
    return el.container(
        [
            el.text(f"**{inert(item.reference, 40)}** · {inert(item.title, 120)}", trusted=True),
            el.text(_clock(lang, item), trusted=True, weight="Bolder",
                    color="Attention" if urgent else "Default"),
            el.facts([
                (t(lang, "dso.status_label"), t(lang, f"dso.status.{item.status}")),
                *([(t(lang, "dso.diarienummer"), inert(item.diarienummer, 64))]
                  if item.diarienummer else []),
                (t(lang, "dso.owner"), owner),
                (t(lang, "dso.severity.title"), band),
                (t(lang, "dso.submitted_at"), format_datetime(item.submitted_at)),
            ], trusted_values=True),
            el.action_set([open_action]),
        ],
        style="attention" if urgent else None,
        separator=True,
        spacing="Medium",
    )


def incident_list_card(lang: Lang, items: Sequence[IncidentListItem], *,
                       closed: bool = False) -> el.Element:
    """Open incidents, most urgent first (or closed ones, as given: latest closed
    first); an empty list says so."""
    which = "closed_" if closed else ""
    title = t(lang, f"dso.list.{which}title")
    body: list[el.Element] = [el.heading(title)]
    if not items:
        body.append(el.text(t(lang, f"dso.list.{which}empty"), trusted=True))
        return el.card(body, lang=lang, fallback_text=title)
    ordered = list(items) if closed else sorted(items, key=_urgency)
    body.append(el.text(t(lang, f"dso.list.{which}intro"), trusted=True, isSubtle=True))
    body += [_item(lang, item) for item in ordered[:MAX_SHOWN]]
    if len(ordered) > MAX_SHOWN:
        body.append(el.text(t(lang, "dso.list.more", shown=MAX_SHOWN, total=len(ordered)),
                            trusted=True, isSubtle=True))
    return el.card(body, lang=lang, fallback_text=title)
