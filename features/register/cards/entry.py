"""One register entry on a card: what it is, how complete, and what can be done.

The buttons come first, under the entry's name and completeness; then its
fields section by section (the missing required ones marked). Staff see a
summary (name, purposes, owner) and may ask for a change; the owner, those who
act for them, the DSOs and the admins see everything and act directly.
"""

from __future__ import annotations

from typing import Any

from cards import elements as el
from cards.safe import inert
from features.register.fields import FIELDS, Section
from features.register.views import EntryView
from i18n import Lang, t

SUMMARY = ("purposes", "owner", "object")


def entry_data(view: EntryView, **extra: Any) -> dict[str, Any]:
    return {"register_entry": view.id, "rev": view.revision, **extra}


def _completeness(lang: Lang, view: EntryView) -> list[el.Element]:
    c = view.completeness
    line = t(lang, "register.entry.completeness", percent=c.percent, filled=c.filled,
             required=c.required)
    body = [el.text(line, trusted=True, weight="Bolder")]
    if view.missing:
        names = ", ".join(t(lang, f"register.field.{f}") for f in view.missing)
        body.append(el.text(t(lang, "register.entry.missing", fields=names), trusted=True,
                            size="Small"))
    # Neutral either way: what is missing is said in words, not in a colour.
    return [el.container(body, style="emphasis")]


def _actions(lang: Lang, view: EntryView) -> list[el.Element]:
    rows: list[list[el.Element]] = [[], []]
    active = view.values.get("status") != "retired"
    if view.keeper and active:
        rows[0].append(el.action_execute(t(lang, "register.action.confirm"),
                                         "register.confirm", entry_data(view),
                                         style="positive"))
        if view.missing:
            rows[0].append(el.action_execute(t(lang, "register.action.complete"),
                                             "register.complete_start", entry_data(view)))
    if active:
        rows[0].append(el.action_execute(t(lang, "register.action.request_change"),
                                         "register.change_start", entry_data(view)))
    rows[1].append(el.action_execute(t(lang, "register.action.history"), "register.history",
                                     {"register_entry": view.id}))
    if view.keeper and active:
        rows[1].append(el.action_execute(t(lang, "register.action.hand_over"),
                                         "register.handover_start", entry_data(view)))
        rows[1].append(el.action_execute(t(lang, "register.action.retire"),
                                         "register.retire_start", entry_data(view)))
    return [el.action_set(row) for row in rows if row]


def _section(lang: Lang, view: EntryView, section: Section) -> list[el.Element]:
    pairs = []
    lacking = set(view.missing)
    for spec in FIELDS:
        if spec.section is not section or spec.id in ("name",):
            continue
        shown = view.shown(spec.id, lang)
        if shown:
            pairs.append((t(lang, spec.label_key), shown))
        elif spec.id in lacking:
            pairs.append((t(lang, spec.label_key), t(lang, "register.entry.lacking")))
    if not pairs:
        return []
    return [el.text(t(lang, f"register.section.{section}"), trusted=True, weight="Bolder",
                    separator=True, spacing="Medium"),
            el.facts(pairs, trusted_values=True)]


def entry_card(lang: Lang, view: EntryView, *, notice: str | None = None) -> dict[str, Any]:
    name = inert(view.values.get("name") or "", 200)
    title = t(lang, "register.entry.title", reference=inert(view.reference, 20), name=name)
    body: list[el.Element] = []
    if notice:
        body.append(el.container([el.text(inert(notice, 400), trusted=True, weight="Bolder")],
                                 style="warning"))
    body.append(el.heading(title, size="Medium"))
    if view.open_requests:
        body.append(el.text(t(lang, "register.entry.open_requests", count=view.open_requests),
                            trusted=True, size="Small"))
    if not view.full:
        pairs = [(t(lang, f"register.field.{f}"), view.shown(f, lang)) for f in SUMMARY
                 if view.shown(f, lang)]
        body += [el.facts(pairs, trusted_values=True), *_actions(lang, view)]
        return el.card(body, lang=lang, fallback_text=title)
    body += [*_completeness(lang, view), *_actions(lang, view)]
    for section in Section:
        body += _section(lang, view, section)
    return el.card(body, lang=lang, fallback_text=title)
