"""A change request on a card: what it would change (old → new for each field), why,
the DPIA screening of a new activity, and, for an approver, approve / reject / ask.

The card names the request's revision: a second click on the same card, after the
request was approved, changes nothing and shows how it stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cards import elements as el
from cards.forms import form_inputs
from cards.safe import inert
from compliance.localtime import format_datetime
from features.register.fields import BY_ID
from features.register.forms import ASK_FORM, REJECT_FORM, REPLY_FORM
from features.register.rules.dpia import Criterion
from features.register.views import RequestView, value_text
from i18n import Lang, t


def request_data(view: RequestView, **extra: Any) -> dict[str, Any]:
    return {"register_request": view.id, "rev": view.revision, **extra}


def _changes(lang: Lang, view: RequestView) -> list[el.Element]:
    body: list[el.Element] = [el.text(t(lang, "register.request.changes"), trusted=True,
                                      weight="Bolder", separator=True, spacing="Medium")]
    nothing = t(lang, "register.version.empty")
    for field_id in view.changed_fields():
        spec = BY_ID[field_id]
        new = value_text(spec, view.proposed.get(field_id), lang, 300) or nothing
        if view.kind == "new":
            body.append(el.facts([(t(lang, spec.label_key), new)], trusted_values=True))
            continue
        old = value_text(spec, view.previous.get(field_id), lang, 300) or nothing
        body.append(el.container([
            el.text(t(lang, spec.label_key), trusted=True, weight="Bolder", size="Small"),
            el.text(t(lang, "register.version.change", old=old, new=new), trusted=True)]))
    return body


def _dpia(lang: Lang, screening: Mapping[str, Any] | None) -> list[el.Element]:
    if not screening:
        return []
    spec = BY_ID["dpia_screening"]
    met = [t(lang, spec.choice_key(c)) for c in screening.get("met", [])
           if c in {x.value for x in Criterion}]
    key = "register.dpia.likely" if screening.get("likely_needed") else "register.dpia.unlikely"
    items = [el.text(t(lang, key, count=len(met)), trusted=True, weight="Bolder")]
    if met:
        items.append(el.text("\n".join(f"- {m}" for m in met), trusted=True, size="Small"))
    return [el.container(items, style="attention" if screening.get("likely_needed")
                         else "emphasis", spacing="Medium")]


def _events(lang: Lang, view: RequestView) -> list[el.Element]:
    lines = []
    for event in view.events:
        who = inert(event.by, 80) if event.by else t(lang, "register.history.someone")
        line = t(lang, f"register.request.event.{event.kind}", who=who,
                 when=format_datetime(event.at))
        if event.text:
            line += f": {inert(event.text, 300)}"
        lines.append(line)
    if not lines:
        return []
    return [el.text("\n\n".join(lines), trusted=True, size="Small", separator=True)]


def _approver_actions(lang: Lang, view: RequestView, draft: Mapping[str, Any] | None
                      ) -> list[el.Element]:
    if not view.may_approve:
        return []
    reject = el.card(form_inputs(lang, REJECT_FORM, draft=draft), [el.action_execute(
        t(lang, REJECT_FORM.submit_key), REJECT_FORM.id, request_data(view))], lang=lang)
    ask = el.card(form_inputs(lang, ASK_FORM, draft=draft), [el.action_execute(
        t(lang, ASK_FORM.submit_key), ASK_FORM.id, request_data(view))], lang=lang)
    return [el.action_set([
        el.action_execute(t(lang, "register.action.approve"), "register.approve",
                          request_data(view), style="positive"),
        el.action_show_card(t(lang, "register.action.reject"), reject),
        el.action_show_card(t(lang, "register.action.ask"), ask),
    ])]


def request_card(lang: Lang, view: RequestView, *, notice: str | None = None,
                 draft: Mapping[str, Any] | None = None) -> dict[str, Any]:
    title = t(lang, f"register.request.title_{view.kind}", reference=inert(view.reference, 20),
              name=inert(view.entry_name, 200))
    body: list[el.Element] = []
    if notice:
        body.append(el.container([el.text(inert(notice, 400), trusted=True, weight="Bolder")],
                                 style="warning"))
    stage = f" · {t(lang, f'register.request.stage.{view.stage}')}" if view.stage and \
        view.status == "in_review" else ""
    pairs = [(t(lang, "register.request.status_label"),
              t(lang, f"register.request.status.{view.status}") + stage),
             (t(lang, "register.request.requester"),
              inert(view.requester, 80) if view.requester else "—")]
    if view.object_name:
        pairs.append((t(lang, "register.field.object"), inert(view.object_name, 200)))
    if view.entry_reference:
        pairs.append((t(lang, "register.request.entry"), inert(view.entry_reference, 20)))
    if view.reason:
        pairs.append((t(lang, "register.request.reason"), inert(view.reason, 500)))
    body += [el.heading(title, size="Medium"), el.facts(pairs, trusted_values=True),
             *_approver_actions(lang, view, draft), *_dpia(lang, view.dpia),
             *_changes(lang, view), *_events(lang, view)]
    actions = []
    if view.is_requester and view.status == "in_review":
        actions.append(el.action_execute(t(lang, "register.action.withdraw"),
                                         "register.withdraw", request_data(view)))
    return el.card(body, actions, lang=lang, fallback_text=title)


def question_card(lang: Lang, view: RequestView, question: str, asked_by: str | None,
                  question_id: str, *, notice: str | None = None,
                  draft: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The approver's question to the requester, answered in place."""
    title = t(lang, "register.question.title", reference=inert(view.reference, 20))
    who = inert(asked_by, 80) if asked_by else t(lang, "register.history.someone")
    body = [el.heading(title, size="Medium"),
            el.text(t(lang, "register.question.from", who=who), trusted=True, isSubtle=True),
            el.container([el.text(inert(question, 1000), trusted=True)], style="emphasis")]
    if notice:
        body.append(el.text(inert(notice, 400), trusted=True, weight="Bolder"))
    body += form_inputs(lang, REPLY_FORM, draft=draft)
    send = el.action_execute(t(lang, REPLY_FORM.submit_key), REPLY_FORM.id,
                             {"register_request": view.id, "question": question_id},
                             style="positive")
    return el.card(body, [send], lang=lang, fallback_text=title)
