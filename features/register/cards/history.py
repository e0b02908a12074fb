"""An entry's history: every version with who, when, why and from which request, and
one version as old → new for each field it changed."""

from __future__ import annotations

from typing import Any

from cards import elements as el
from cards.safe import inert
from compliance.localtime import format_datetime
from features.register.fields import BY_ID
from features.register.views import EntryView, VersionView, value_text
from i18n import Lang, t

MAX_SHOWN = 25  # the newest; each version can be opened


def _who(lang: Lang, version: VersionView) -> str:
    return inert(version.by, 80) if version.by else t(lang, "register.history.someone")


def _line(lang: Lang, version: VersionView) -> str:
    line = t(lang, "register.history.line", number=version.number,
             when=format_datetime(version.at), who=_who(lang, version),
             what=t(lang, f"register.history.source.{version.source}"),
             count=len(version.changes))
    if version.request:
        line += " · " + inert(version.request, 20)
    return line


def history_card(lang: Lang, view: EntryView) -> dict[str, Any]:
    title = t(lang, "register.history.title", reference=inert(view.reference, 20))
    body: list[el.Element] = [el.heading(title, size="Medium")]
    shown = sorted(view.versions, key=lambda v: v.number, reverse=True)[:MAX_SHOWN]
    for version in shown:
        body.append(el.columns([
            el.column([el.text(_line(lang, version), trusted=True, size="Small")]),
            el.column([el.action_set([el.action_execute(
                t(lang, "register.history.open"), "register.version",
                {"register_entry": view.id, "number": version.number})])], width="auto"),
        ], separator=True))
    if len(view.versions) > len(shown):
        body.append(el.text(t(lang, "register.history.more", shown=len(shown),
                              total=len(view.versions)), trusted=True, isSubtle=True))
    back = el.action_execute(t(lang, "register.action.back"), "register.open",
                             {"register_entry": view.id})
    return el.card(body, [back], lang=lang, fallback_text=title)


def _value(lang: Lang, field_id: str, value: Any) -> str:
    spec = BY_ID.get(field_id)
    if spec is None:
        return inert(str(value), 200) if value not in (None, "", []) else ""
    return value_text(spec, value, lang, 300)


def version_card(lang: Lang, view: EntryView, version: VersionView) -> dict[str, Any]:
    title = t(lang, "register.version.title", reference=inert(view.reference, 20),
              number=version.number)
    body: list[el.Element] = [
        el.heading(title, size="Medium"),
        el.text(_line(lang, version), trusted=True, isSubtle=True),
    ]
    if version.reason:
        body.append(el.text(t(lang, "register.version.reason",
                              reason=inert(version.reason, 500)), trusted=True))
    nothing = t(lang, "register.version.empty")
    for field_id, change in version.changes.items():
        label = t(lang, f"register.field.{field_id}") if field_id in BY_ID else inert(field_id)
        old = _value(lang, field_id, change.get("old")) or nothing
        new = _value(lang, field_id, change.get("new")) or nothing
        body.append(el.container([
            el.text(label, trusted=True, weight="Bolder", size="Small"),
            el.text(t(lang, "register.version.change", old=old, new=new), trusted=True),
        ], separator=True))
    back = el.action_execute(t(lang, "register.action.back_history"), "register.history",
                             {"register_entry": view.id})
    return el.card(body, [back], lang=lang, fallback_text=title)
