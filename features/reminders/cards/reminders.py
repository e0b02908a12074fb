"""The reminders the platform itself sends: an unfinished draft, the DSO's weekly
digest, and how any reminder card reads once it was snoozed."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cards import elements as el
from cards.safe import inert
from compliance.localtime import to_local
from dialogs.views import CANCEL
from i18n import Lang, t

SNOOZE = "reminder.snooze"
SNOOZE_INPUT = "days"


def local_time(when: datetime, lang: Lang) -> str:
    """`2026-03-29 kl. 14:05` / `2026-03-29 at 14:05`, Stockholm time."""
    local = to_local(when if when.tzinfo else when.replace(tzinfo=UTC))
    return t(lang, "common.datetime", date=local.strftime("%Y-%m-%d"),
             time=local.strftime("%H:%M"))


def draft_card(lang: Lang, *, title: str, progress: str | None, left_at: datetime,
               instance: str, discard: dict[str, Any] | None) -> el.Element:
    """A report begun and left: continue where it stopped, or throw it away (which the
    dialog itself asks to confirm)."""
    body: list[el.Element] = [
        el.heading(t(lang, "reminders.drafts.title"), size="Medium"),
        el.text(t(lang, "reminders.drafts.text", title=inert(title, 120),
                  when=local_time(left_at, lang)), trusted=True),
    ]
    if progress:
        body.append(el.text(progress, trusted=True, isSubtle=True, size="Small"))
    body.append(el.text(t(lang, "reminders.drafts.kept"), trusted=True, isSubtle=True))
    actions = [el.action_submit(t(lang, "reminders.drafts.continue"), "flow.resume_draft",
                                {"instance": instance})]
    if discard is not None:
        actions.append(el.action_execute(t(lang, "reminders.drafts.discard"), CANCEL, discard,
                                         associatedInputs="none"))
    return el.card(body, actions, lang=lang, fallback_text=t(lang, "reminders.drafts.title"))


@dataclass(frozen=True)
class Digest:
    week: int
    incidents: int
    rights: int
    review: int
    undelivered: int


def digest_card(lang: Lang, digest: Digest) -> el.Element:
    body: list[el.Element] = [
        el.heading(t(lang, "reminders.digest.title", week=digest.week), size="Medium"),
        el.text(t(lang, "reminders.digest.intro"), trusted=True),
        el.facts([
            (t(lang, "reminders.digest.incidents"), str(digest.incidents)),
            (t(lang, "reminders.digest.rights"), str(digest.rights)),
            (t(lang, "reminders.digest.review"), str(digest.review)),
            (t(lang, "reminders.digest.undelivered"), str(digest.undelivered)),
        ], trusted_values=True),
    ]
    if digest.undelivered:
        body.append(el.text(t(lang, "reminders.digest.undelivered_hint"), trusted=True))
    if not (digest.incidents or digest.rights or digest.review or digest.undelivered):
        body.append(el.text(t(lang, "reminders.digest.calm"), trusted=True, isSubtle=True))
    actions = [el.action_submit(t(lang, "reminders.digest.open"), "command",
                                {"command": "reminders"})]
    return el.card(body, actions, lang=lang,
                   fallback_text=t(lang, "reminders.digest.title", week=digest.week))


# -- a reminder card, snoozed ---------------------------------------------------------------


def _is_snooze(node: Any) -> bool:
    return isinstance(node, dict) and (
        (node.get("data") or {}).get("action") == SNOOZE
        or (str(node.get("type", "")).startswith("Input.") and node.get("id") == SNOOZE_INPUT))


def _without_snooze(node: Any) -> Any:
    """The card without its snooze controls (and without containers they leave empty)."""
    if isinstance(node, list):
        kept = [_without_snooze(item) for item in node if not _is_snooze(item)]
        return [item for item in kept if item is not None]
    if not isinstance(node, dict):
        return node
    result = {key: _without_snooze(value) for key, value in node.items()}
    kind = result.get("type")
    if kind == "ActionSet" and not result.get("actions"):
        return None
    if kind == "Action.ShowCard":
        inner = result.get("card") or {}
        if not inner.get("body") and not inner.get("actions"):
            return None
    if kind in ("Container", "Column") and not result.get("items"):
        return None
    if kind == "ColumnSet" and not result.get("columns"):
        return None
    return result


def snoozed_card(lang: Lang, original: Any, line: str) -> el.Element:
    """The reminder as it was delivered, without its snooze controls, with a line that
    says until when it is snoozed (a plain card when the original is not at hand)."""
    note = el.text(line, trusted=True, weight="Bolder", color="Good", separator=True)
    if isinstance(original, dict) and original.get("type") == "AdaptiveCard":
        card = _without_snooze(copy.deepcopy(original))
        card["body"] = [*(card.get("body") or []), note]
        if not card.get("actions"):
            card.pop("actions", None)
        return card
    return el.card([note], lang=lang, fallback_text=line)
