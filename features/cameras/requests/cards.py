"""A footage request on a card: the erasure clock first (on every card), then what was
asked, what has been done, and the buttons of whoever may act next. What people
typed is shown inert."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from cards import elements as el
from cards.forms import form_card
from cards.safe import inert
from compliance.localtime import format_datetime, to_local
from dialogs.model import Form
from features.cameras.requests.forms import GROUND
from features.cameras.requests.rules.clock import time_left
from features.cameras.requests.rules.workflow import may_hand_over
from features.cameras.requests.views import RequestView
from i18n import Lang, t
from i18n.dates import long_date

P = "cameras.requests"


def request_data(view: RequestView) -> dict[str, Any]:
    return {"footage_request": view.id, "rev": view.revision}


def when(lang: Lang, moment: datetime) -> str:
    """"3 april 2026 22:00" in Stockholm time."""
    local = to_local(moment)
    return f"{long_date(local.date(), lang, weekday=False)} {local:%H:%M}"


def left_text(lang: Lang, at: datetime, now: datetime) -> str:
    left = time_left(at, now)
    if left.days == 0 and left.hours == 0:
        return t(lang, f"{P}.clock.within_hour")
    return t(lang, f"{P}.clock.left", days=left.days, hours=left.hours)


def clock_text(lang: Lang, view: RequestView) -> str:
    """The erasure clock in one sentence."""
    clock = view.erasure
    if view.secured_at is not None:
        return t(lang, f"{P}.clock.secured", at=when(lang, view.secured_at))
    if clock.at is None:
        return t(lang, f"{P}.clock.unknown")
    if clock.too_late(view.now):
        return t(lang, f"{P}.clock.too_late", at=when(lang, clock.at))
    text = t(lang, f"{P}.clock.erased_by", at=when(lang, clock.at),
             left=left_text(lang, clock.at, view.now))
    if clock.unknown:
        text += " " + t(lang, f"{P}.clock.some_unknown", cameras=", ".join(clock.unknown))
    return text


def clock_lines(lang: Lang, view: RequestView) -> list[el.Element]:
    lines = [el.text(clock_text(lang, view), trusted=True, weight="Bolder", size="Medium")]
    if view.urgent and not view.too_late:
        lines.insert(0, el.text(t(lang, f"{P}.clock.urgent"), trusted=True,
                                weight="Bolder", color="Attention"))
    return [el.container(lines, style="attention" if view.urgent else "emphasis")]


def title(lang: Lang, view: RequestView) -> str:
    return t(lang, f"{P}.card.title", reference=view.reference,
             requester=t(lang, f"{P}.choice.requester.{view.requester_kind}"))


def _facts(lang: Lang, view: RequestView) -> list[tuple[str, str]]:
    yes_no = {True: t(lang, "common.yes"), False: t(lang, "common.no"), None: "—"}
    facts = [
        (t(lang, f"{P}.card.status"), t(lang, f"{P}.status.{view.status}")),
        (t(lang, f"{P}.card.requester"),
         inert(" · ".join(x for x in (view.requester_name, view.requester_ref) if x), 300)
         or "—"),
        (t(lang, f"{P}.card.cameras"), inert("; ".join(view.cameras), 600) or "—"),
        (t(lang, f"{P}.card.window"),
         f"{format_datetime(view.window_start)} – {format_datetime(view.window_end)}"),
        (t(lang, f"{P}.card.purpose"), inert(view.purpose, 600) or "—"),
        (t(lang, f"{P}.card.imprisonment"), yes_no[view.imprisonment]),
        (t(lang, f"{P}.card.channel"),
         t(lang, f"{P}.choice.channel.{view.channel}") if view.channel else "—"),
        (t(lang, f"{P}.card.received"), when(lang, view.received_at)),
        (t(lang, f"{P}.card.needed_by"),
         long_date(view.needed_by, lang) if view.needed_by else "—"),
        (t(lang, f"{P}.card.logged_by"), inert(view.logged_by, 120) or "—"),
    ]
    if view.secured_at:
        facts.append((t(lang, f"{P}.card.secured"), t(
            lang, f"{P}.card.secured_text", at=when(lang, view.secured_at),
            by=inert(view.secured_by, 120) or "—", where=inert(view.secured_where, 300))))
    if view.decision:
        facts += [
            (t(lang, f"{P}.card.decision"), t(lang, f"{P}.choice.decision.{view.decision}")),
            (t(lang, f"{P}.card.decision_reason"), inert(view.decision_reason, 800)),
            (t(lang, f"{P}.card.legal_ground"), inert(view.legal_ground, 300) or "—"),
            (t(lang, f"{P}.card.decided_by"), t(
                lang, f"{P}.card.decided_text", by=inert(view.decided_by, 120),
                capacity=inert(view.decided_capacity, 120),
                on=long_date(view.decided_on, lang, weekday=False) if view.decided_on
                else "—")),
        ]
    if view.handed_over_at:
        h = view.handover
        facts.append((t(lang, f"{P}.card.handover"), t(
            lang, f"{P}.card.handover_text", at=when(lang, view.handed_over_at),
            to=inert(h.get("recipient"), 200), format=inert(h.get("format"), 100),
            size=inert(h.get("size"), 50),
            medium=t(lang, f"{P}.choice.medium.{h.get('medium')}") if h.get("medium")
            else "—", checksum=inert(h.get("checksum"), 64))))
    return facts


def _buttons(lang: Lang, view: RequestView) -> list[el.Element]:
    if view.closed:
        return []
    data = request_data(view)
    buttons: list[el.Element] = []
    if view.may_handle and view.secured_at is None:
        buttons.append(el.action_execute(t(lang, f"{P}.action.secure"), f"{P}.form",
                                         {**data, "form": "cameras.secure"},
                                         style="positive"))
    if view.may_decide and view.decision is None:
        buttons.append(el.action_execute(t(lang, f"{P}.action.decide"), f"{P}.form",
                                         {**data, "form": "cameras.decide"}))
    if view.may_handle and may_hand_over(view.decision) and view.handed_over_at is None:
        buttons.append(el.action_execute(t(lang, f"{P}.action.handover"), f"{P}.form",
                                         {**data, "form": "cameras.handover"}))
    if view.may_decide:
        buttons.append(el.action_execute(t(lang, f"{P}.action.close"), "cameras.close", data))
    return [el.action_set(buttons)] if buttons else []


def request_card(lang: Lang, view: RequestView, *, notice: str | None = None) -> dict:
    heading = title(lang, view)
    body: list[el.Element] = [el.heading(heading, size="Medium")]
    if notice:
        body.append(el.text(notice, trusted=True, weight="Bolder"))
    body += clock_lines(lang, view)
    body += _buttons(lang, view)
    body.append(el.facts(_facts(lang, view), trusted_values=True))
    return el.card(body, [], lang=lang, fallback_text=heading)


def request_form_card(lang: Lang, view: RequestView, form: Form, *,
                      grounds: Sequence[tuple[str, str]] = (), notice: str | None = None,
                      draft: dict[str, Any] | None = None,
                      values: dict[str, Any] | None = None) -> dict:
    """One of the request's forms on a card of its own, the clock above it; the decision's
    legal ground is a choice of the grounds valid that day."""
    before: list[el.Element] = [el.heading(title(lang, view), size="Medium"),
                                *clock_lines(lang, view),
                                el.text(t(lang, f"{P}.form.title.{form.id}"), trusted=True,
                                        weight="Bolder")]
    if notice:
        before.append(el.container([el.text(notice, trusted=True, weight="Bolder")],
                                   style="emphasis"))
    omit = frozenset()
    if any(f.id == GROUND for f in form.fields):
        omit = frozenset({GROUND})
        chosen = (draft or {}).get(GROUND) or (values or {}).get(GROUND)
        before.append(el.input_choice_set(
            GROUND, [(label, code) for code, label in grounds],
            label=t(lang, f"{P}.form.{GROUND}"), value=chosen, required=True,
            error_message=t(lang, f"{P}.form.ground_error"), style="compact"))
    card = form_card(lang, form, request_data(view), values=values, draft=draft, omit=omit,
                     before=before)
    card["actions"].append(el.action_execute(t(lang, "common.cancel"), f"{P}.open",
                                             {"footage_request": view.id}))
    return card


def desk_card(lang: Lang, views: Sequence[RequestView]) -> dict:
    heading = t(lang, f"{P}.desk.title", count=len(views))
    body: list[el.Element] = [el.heading(heading, size="Medium")]
    if not views:
        body.append(el.text(t(lang, f"{P}.desk.none"), trusted=True))
    for view in views:
        body.append(el.container([
            el.text(title(lang, view), trusted=True, weight="Bolder"),
            el.text(clock_text(lang, view), trusted=True,
                    **({"color": "Attention"} if view.urgent else {})),
            el.action_set([el.action_execute(t(lang, f"{P}.action.open"), f"{P}.open_below",
                                             {"footage_request": view.id})]),
        ], separator=True))
    return el.card(body, [], lang=lang, fallback_text=heading)
