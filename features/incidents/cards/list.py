"""The DSO's open incidents, most urgent first.

Undecided incidents come first, ordered by their 72-hour deadline (overdue
ones at the top); incidents already decided but not closed, and near misses
(which have no clock), follow, newest first, because no clock drives them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cards import elements as el
from cards.safe import inert
from compliance.deadlines import format_span
from compliance.localtime import format_datetime
from features.incidents.views import IncidentListItem
from i18n import Lang, t

MAX_SHOWN = 15  # keeps the card far below Teams' message size limit
# Rows per page of the DSO's filtered list: 15 rows of the longest texts measure about
# 24 KB (UTF-16, as Teams counts), under Teams' 40 KB with room for the heading.
PAGE_SIZE = MAX_SHOWN


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


def _item(lang: Lang, item: IncidentListItem,
          organisations: Mapping[str, str] | None = None) -> el.Element:
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
                *([(t(lang, "incident.lists.organisation"),
                    inert(organisations[item.id], 120))]
                  if organisations and organisations.get(item.id) else []),
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
                       closed: bool = False, which: str | None = None, year: int | None = None,
                       page: int = 1, total: int | None = None, filter_words: str = "",
                       organisations: Mapping[str, str] | None = None) -> el.Element:
    """Open incidents, most urgent first (or closed ones, as given: latest closed
    first); an empty list says so.

    Paged (`total` given): `items` is one page, in the order the query gave; the card
    says how many there are and offers the next page with a button that carries the
    filter (`filter_words`, as typed) and the page. `organisations`: incident id →
    organisation name, when the list spans several organisations.
    """
    which = which or ("closed" if closed else "open")
    prefix = "closed_" if which == "closed" else ""
    title = (t(lang, f"incident.lists.{which}_title") if which in ("overdue", "all")
             else t(lang, f"dso.list.{prefix}title"))
    if year is not None:
        title = t(lang, "incident.lists.year_title", title=title, year=year)
    body: list[el.Element] = [el.heading(title)]
    if not items:
        empty = (t(lang, f"dso.list.{prefix}empty") if which in ("open", "closed") and year is None
                 else t(lang, "incident.lists.empty_filtered"))
        body.append(el.text(empty, trusted=True))
        return el.card(body, lang=lang, fallback_text=title)
    ordered = list(items) if which == "closed" else sorted(items, key=_urgency)
    body.append(el.text(t(lang, f"dso.list.{prefix}intro"), trusted=True, isSubtle=True))
    if total is None:
        body += [_item(lang, item, organisations) for item in ordered[:MAX_SHOWN]]
        if len(ordered) > MAX_SHOWN:
            body.append(el.text(t(lang, "dso.list.more", shown=MAX_SHOWN, total=len(ordered)),
                                trusted=True, isSubtle=True))
        return el.card(body, lang=lang, fallback_text=title)
    first = (page - 1) * PAGE_SIZE + 1
    body.append(el.text(t(lang, "incident.lists.count", first=first,
                          last=first + len(ordered[:PAGE_SIZE]) - 1, total=total),
                        trusted=True, weight="Bolder"))
    body += [_item(lang, item, organisations) for item in ordered[:PAGE_SIZE]]
    actions = []
    left = total - (first - 1) - len(ordered[:PAGE_SIZE])
    if left > 0:
        rest = " ".join(w for w in (filter_words, t(lang, "incident.lists.page_word"),
                                    str(page + 1)) if w)
        actions.append(el.action_submit(t(lang, "incident.lists.more", count=left), "command",
                                        {"command": "incidents", "rest": rest}))
    return el.card(body, actions, lang=lang, fallback_text=title)
