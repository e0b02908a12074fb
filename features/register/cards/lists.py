"""The register at a glance, and lists of entries (a search, the incomplete ones,
an owner's own), each row opening the entry's card."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cards import elements as el
from cards.safe import inert
from features.register.completeness import Completeness
from i18n import Lang, t

MAX_ROWS = 20  # a list card stays small; narrow the search for more
# Rows per page of a paged list (an owner's entries): 20 full rows of the longest texts
# measure about 30 KB as Teams counts (UTF-16), under its 40 KB.
PAGE_SIZE = MAX_ROWS


@dataclass(frozen=True)
class EntryRow:
    id: str
    reference: str
    name: str
    object_name: str
    owner: str | None
    purposes: str  # in words, shortened
    percent: int
    missing: int
    status: str


def _row(lang: Lang, row: EntryRow, full: bool) -> el.Element:
    facts = [(t(lang, "register.field.purposes"), inert(row.purposes, 150) or "—"),
             (t(lang, "register.field.owner"), inert(row.owner, 120) if row.owner
              else t(lang, "register.list.no_owner"))]
    if full:
        facts.insert(0, (t(lang, "register.field.object"), inert(row.object_name, 120)))
        facts.append((t(lang, "register.list.completeness"),
                      t(lang, "register.list.percent", percent=row.percent,
                        missing=row.missing)))
    status = "" if row.status == "active" else \
        f" · {t(lang, f'register.choice.status.{row.status}')}"
    return el.container([
        el.text(f"**{inert(row.reference, 20)}** · {inert(row.name, 150)}{status}",
                trusted=True),
        el.facts(facts, trusted_values=True),
        el.action_set([el.action_execute(t(lang, "register.action.open"), "register.open",
                                         {"register_entry": row.id, "from": "list"})]),
    ], separator=True, spacing="Medium")


def entry_list_card(lang: Lang, title_key: str, rows: Sequence[EntryRow], *, full: bool,
                    empty_key: str, page: int = 1, total: int | None = None,
                    more: Mapping[str, str] | None = None, **params: object) -> dict:
    """A list of entries. Paged (`total` given): `rows` is the page, the card says how
    many there are in all and `more` (a command and its rest, carrying the filter and the
    next page) is the "show more" button while some are left."""
    # Parameters are what someone typed (search words): shown inert.
    title = t(lang, title_key, **{k: inert(str(v), 80) for k, v in params.items()})
    body: list[el.Element] = [el.heading(title, size="Medium")]
    if not rows:
        body.append(el.text(t(lang, empty_key), trusted=True))
    if total is None:
        body += [_row(lang, row, full) for row in rows[:MAX_ROWS]]
        if len(rows) > MAX_ROWS:
            body.append(el.text(t(lang, "register.list.more", shown=MAX_ROWS, total=len(rows)),
                                trusted=True, isSubtle=True))
        return el.card(body, lang=lang, fallback_text=title)
    shown = list(rows[:PAGE_SIZE])
    first = (page - 1) * PAGE_SIZE + 1
    if shown:
        body.append(el.text(t(lang, "register.lists.count", first=first,
                              last=first + len(shown) - 1, total=total),
                            trusted=True, weight="Bolder"))
    body += [_row(lang, row, full) for row in shown]
    left = total - (first - 1) - len(shown)
    actions = []
    if left > 0 and more:
        actions.append(el.action_submit(t(lang, "register.lists.more", count=left), "command",
                                        dict(more)))
    return el.card(body, actions, lang=lang, fallback_text=title)


def pick_card(lang: Lang, title: str, options: Sequence[tuple[str, Mapping[str, str]]], *,
              command: bool) -> dict:
    """Several names matched: one button each (a command with its rest, or a card action
    with its data), the label inert."""
    body: list[el.Element] = [el.heading(title, size="Medium")]
    buttons = [el.action_submit(inert(label, 100), "command", dict(data)) if command
               else el.action_execute(inert(label, 100), data["action"],
                                      {k: v for k, v in data.items() if k != "action"})
               for label, data in options]
    body.append(el.action_set(buttons))
    return el.card(body, lang=lang, fallback_text=title)


def overview_card(lang: Lang, *, organisation: str, total: Completeness, entries: int,
                  mine: Completeness | None, can_export: bool, open_requests: int) -> dict:
    """`register` alone: how the register stands and where to go from here."""
    title = t(lang, "register.overview.title", organisation=inert(organisation, 120))
    body: list[el.Element] = [
        el.heading(title, size="Medium"),
        el.text(t(lang, "register.overview.counts", entries=entries,
                  complete=total.complete_entries, percent=total.percent), trusted=True),
    ]
    if mine is not None:
        body.append(el.text(t(lang, "register.overview.mine", entries=mine.entries,
                              complete=mine.complete_entries, percent=mine.percent),
                            trusted=True, weight="Bolder"))
    if open_requests:
        body.append(el.text(t(lang, "register.overview.requests", count=open_requests),
                            trusted=True))
    body.append(el.text(t(lang, "register.overview.search_hint"), trusted=True, isSubtle=True,
                        size="Small"))
    actions = [el.action_submit(t(lang, "register.action.new"), "flow.start",
                                {"flow": "register_new"}, style="positive")]
    if mine is not None:
        actions.append(el.action_submit(t(lang, "register.action.mine"), "command",
                                        {"command": "my_processing"}))
        actions.append(el.action_submit(t(lang, "register.action.incomplete"), "command",
                                        {"command": "register", "rest": "ofullständiga"}))
    if can_export:
        actions.append(el.action_submit(t(lang, "register.action.export"), "command",
                                        {"command": "register", "rest": "export"}))
    return el.card(body, actions, lang=lang, fallback_text=title)
