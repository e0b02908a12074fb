"""The guided-dialog engine: a pure function of (flow, saved state, answer).

    start(flow, now, context)                 -> Outcome
    handle(flow, state, answer, now, context) -> Outcome
    show(flow, state, context)                -> View   (resume: show where we are)

The state is a JSON-serialisable dict the caller stores (see `new_state`);
nothing is kept in memory, so a flow resumes days later from the stored state.
A refused answer leaves the state untouched (`Outcome.changed` is False).
Card actions carry the instance, step and revision they were drawn for; a
card that is no longer current is refused and the current view shown instead.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from compliance import pii
from compliance.localtime import to_utc
from dialogs import navigation as nav
from dialogs.answers import Context, choice_views, read_card, read_text
from dialogs.format import format_answer
from dialogs.model import END, TEXT_KINDS, Answers, Flow, Kind, Step
from dialogs.parsing import ParseError
from dialogs.views import (
    ANSWER,
    BACK,
    CANCEL,
    CANCEL_ABORT,
    CANCEL_CONFIRM,
    EDIT,
    PII_KEEP,
    PII_MASK,
    PII_REWRITE,
    SKIP,
    SUBMIT,
    Answer,
    CardAction,
    Message,
    Outcome,
    Phase,
    PiiWarningView,
    QuestionView,
    SummaryItem,
    Text,
    View,
)

State = dict[str, Any]
ContextLike = Context | Mapping[str, Any] | None

STALE = Message("dialog.notice.stale")
FINISHED = Message("dialog.notice.finished")


def new_state(flow: Flow, now: datetime, instance: str) -> State:
    return {
        "flow": flow.id,
        "version": flow.version,
        "instance": instance,
        "phase": Phase.ASKING.value,
        "step": flow.steps[0].id,
        "answers": {},
        "history": [],  # steps answered before the current one, for "back"
        "rev": 0,  # bumped on every change; cards carry it
        "editing": False,  # came from the summary to change one answer
        "pending": None,  # {"step", "text"} held back by the personal-data warning
        "pii_kept": [],  # steps whose text keeps personal data on the user's insistence
        "before_cancel": None,
        "started_at": to_utc(now).isoformat(),
        "submitted_at": None,
    }


def _copy(state: Mapping[str, Any]) -> State:
    """A private copy of a stored state. States are JSON, and a JSON round trip
    copies them several times faster than `copy.deepcopy`."""
    return json.loads(json.dumps(state))


def start(flow: Flow, now: datetime, context: ContextLike = None) -> Outcome:
    ctx = Context.of(context)
    state = new_state(flow, now, ctx.instance or uuid.uuid4().hex)
    return Outcome(state, _view(flow, state, ctx), changed=True)


def show(flow: Flow, state: Mapping[str, Any], context: ContextLike = None,
         notice: Message | None = None) -> View:
    """The view for the stored state, e.g. when someone comes back days later."""
    state = _reconcile(flow, _copy(state))
    return _view(flow, state, Context.of(context), notice=notice)


def handle(flow: Flow, state: Mapping[str, Any], answer: Answer, now: datetime,
           context: ContextLike = None) -> Outcome:
    ctx = Context.of(context)
    original = dict(state)
    work = _reconcile(flow, _copy(original))
    phase = Phase(work["phase"])

    def refuse(notice: Message) -> Outcome:
        return Outcome(original, _view(flow, work, ctx, notice=notice), changed=False)

    if phase in (Phase.DONE, Phase.CANCELLED):
        return refuse(FINISHED)
    if isinstance(answer, CardAction):
        if _is_stale(work, answer):
            return refuse(STALE)
        result = _on_action(flow, work, answer, now, ctx)
    else:
        result = _on_text(flow, work, answer, now, ctx)
    if result is None:  # an action that does not belong to this phase
        return refuse(STALE)
    new, error, draft = result
    if new is None:
        return Outcome(original, _view(flow, work, ctx, error=error, draft=draft), changed=False)
    new["rev"] = work["rev"] + 1
    return Outcome(new, _view(flow, new, ctx, error=error, draft=draft), changed=True)


# (new state or None when refused, error to show, draft text to pre-fill)
Result = tuple[State | None, Message | None, str | None]


def _is_stale(state: State, action: CardAction) -> bool:
    if action.instance != state["instance"] or action.rev != state["rev"]:
        return True
    # An answer must be for the step being asked, whatever the revision says.
    return action.action in (ANSWER, SKIP) and action.step != state["step"]


def _on_action(flow: Flow, state: State, action: CardAction, now: datetime,
               ctx: Context) -> Result | None:
    phase = Phase(state["phase"])
    name = action.action
    if name == CANCEL and phase is not Phase.CONFIRM_CANCEL:
        return nav.ask_cancel(state), None, None
    if phase is Phase.ASKING:
        step = flow.step(state["step"])
        if name == ANSWER:
            return _answer(flow, state, step, lambda: read_card(step, action.values, now, ctx),
                           ctx, draft=None)
        if name == BACK:
            return nav.back(flow, state)
        if name == SKIP:
            return nav.skip(flow, state, step)
    elif phase is Phase.SUMMARY:
        if name == EDIT and action.step and flow.has_step(action.step):
            return nav.edit(flow, state, action.step)
        if name == SUBMIT:
            return nav.submit(flow, state, now)
        if name == BACK:
            return nav.back(flow, state)
    elif phase is Phase.CONFIRM_CANCEL:
        if name == CANCEL_CONFIRM:
            return nav.confirm_cancel(state), None, None
        if name == CANCEL_ABORT:
            return nav.abort_cancel(state), None, None
    elif phase is Phase.PII_WARNING:
        choice = {PII_REWRITE: "rewrite", PII_MASK: "mask", PII_KEEP: "keep"}.get(name)
        if choice:
            return _resolve_pii(flow, state, choice, ctx)
    return None


def _on_text(flow: Flow, state: State, answer: Text, now: datetime, ctx: Context) -> Result:
    phase = Phase(state["phase"])
    command = nav.command_of(answer.text, phase)
    if command == "cancel":
        return nav.ask_cancel(state), None, None
    if phase is Phase.CONFIRM_CANCEL:
        if command == "yes":
            return nav.confirm_cancel(state), None, None
        if command == "no":
            return nav.abort_cancel(state), None, None
        return None, Message("dialog.error.confirm_cancel"), None
    if phase is Phase.PII_WARNING:
        if command in ("rewrite", "mask", "keep"):
            return _resolve_pii(flow, state, command, ctx)
        # Anything else is taken as the rewritten answer; the warning is over
        # even if that answer has to be asked again.
        state["phase"], state["pending"] = Phase.ASKING.value, None
        step = flow.step(state["step"])
        new, error, draft = _answer(flow, state, step,
                                    lambda: read_text(step, answer.text, now, ctx), ctx,
                                    draft=answer.text)
        return new or state, error, draft
    if phase is Phase.SUMMARY:
        if command == "submit":
            return nav.submit(flow, state, now)
        if command == "back":
            return nav.back(flow, state)
        if isinstance(command, tuple):  # ("edit", position)
            path = flow.path(state["answers"])
            if 1 <= command[1] <= len(path):
                return nav.edit(flow, state, path[command[1] - 1].id)
        return None, Message("dialog.error.summary"), None
    step = flow.step(state["step"])
    if command == "back":
        return nav.back(flow, state)
    if command == "skip":
        return nav.skip(flow, state, step)
    return _answer(flow, state, step, lambda: read_text(step, answer.text, now, ctx), ctx,
                   draft=answer.text)


def _answer(flow: Flow, state: State, step: Step, read: Any, ctx: Context,
            draft: str | None) -> Result:
    try:
        value = read()
    except ParseError as e:
        return None, Message(e.key, e.params), draft
    if value is None:
        if step.required:
            return None, Message("dialog.error.required"), None
        return nav.skip(flow, state, step)
    answers = {**state["answers"], step.id: value}
    for validator in step.validators:
        if key := validator(value, answers):
            return None, Message(key), draft
    typed = _free_text(step, value)
    if step.pii_guard and typed is not None and pii.find(typed, names=not step.names_expected):
        state["phase"], state["pending"] = Phase.PII_WARNING.value, {"step": step.id,
                                                                      "text": typed}
        return state, None, None
    return nav.store(flow, state, step, value, kept_pii=False), None, None


@dataclass(frozen=True)
class Reanswer:
    """One stored answer given again (a correction): the typed value, or the problem;
    `own_words` is the person's free text in it, for the personal-data guard."""

    value: Any = None
    error: Message | None = None
    own_words: str | None = None


def reanswer(flow: Flow, step_id: str, values: Mapping[str, Any], answers: Answers,
             now: datetime, context: ContextLike = None) -> Reanswer:
    """Read a step's card inputs as the dialog would, checked against the other answers."""
    ctx = Context.of(context)
    step = flow.step(step_id)
    try:
        value = read_card(step, values, now, ctx)
    except ParseError as e:
        return Reanswer(error=Message(e.key, e.params))
    if value is None:
        return Reanswer(error=Message("dialog.error.required")) if step.required else Reanswer()
    for validator in step.validators:
        if key := validator(value, {**answers, step.id: value}):
            return Reanswer(error=Message(key))
    return Reanswer(value, own_words=_free_text(step, value))


def _free_text(step: Step, value: Any) -> str | None:
    """What a person wrote in their own words: a text answer, or a record pick's
    typed label (a record chosen from the register is not their text)."""
    if step.kind in TEXT_KINDS:
        return value
    if step.kind is Kind.RECORD_PICK and isinstance(value, dict) and value.get("id") is None:
        return value.get("label")
    return None


def _as_answer(step: Step, text: str) -> Any:
    return {"id": None, "label": text} if step.kind is Kind.RECORD_PICK else text


def _resolve_pii(flow: Flow, state: State, choice: str, ctx: Context) -> Result:
    pending = state["pending"]
    step = flow.step(pending["step"])
    state["pending"] = None
    state["phase"] = Phase.ASKING.value
    if choice == "rewrite":
        return state, None, pending["text"]
    step_names = not flow.step(pending["step"]).names_expected
    text = pending["text"] if choice == "keep" else pii.mask(pending["text"], ctx.lang,
                                                             names=step_names)
    return nav.store(flow, state, step, _as_answer(step, text), kept_pii=choice == "keep"), \
        None, None


def _reconcile(flow: Flow, state: State) -> State:
    """Make a stored state fit the flow as declared now (a newer version may
    have dropped or renamed steps): unknown answers go, a lost step is
    replaced by the first unanswered one, and a summary of an older version
    first asks what the new version added."""
    state["answers"] = {k: v for k, v in state["answers"].items() if flow.has_step(k)}
    state["history"] = [s for s in state["history"] if flow.has_step(s)]
    if state["phase"] in (Phase.ASKING.value, Phase.PII_WARNING.value) and not flow.has_step(
        state["step"]
    ):
        target = nav.first_unanswered(flow, state["answers"])
        state["phase"] = Phase.ASKING.value if target != END else Phase.SUMMARY.value
        state["step"], state["pending"] = (target if target != END else None), None
    if state.get("version") != flow.version:
        state["version"] = flow.version
        target = nav.first_unanswered(flow, state["answers"])
        if state["phase"] == Phase.SUMMARY.value and target != END:
            state["phase"], state["step"] = Phase.ASKING.value, target
    return state


def _view(flow: Flow, state: State, ctx: Context, *, error: Message | None = None,
          notice: Message | None = None, draft: str | None = None) -> View:
    phase = Phase(state["phase"])
    base = {"flow_id": flow.id, "title_key": flow.title_key, "instance": state["instance"],
            "rev": state["rev"], "lang": ctx.lang, "error": error, "notice": notice}
    if phase is Phase.CONFIRM_CANCEL and state.get("before_cancel") == Phase.ASKING.value:
        # Show what is being cancelled (the step) under the confirmation.
        return View(phase, question=_question(flow, state, ctx, None), **base)
    if phase is Phase.ASKING:
        return View(phase, question=_question(flow, state, ctx, draft), **base)
    if phase is Phase.PII_WARNING:
        pending = state["pending"]
        step = flow.step(pending["step"])
        names = not step.names_expected
        found = tuple(dict.fromkeys(f.kind for f in pii.find(pending["text"], names=names)))
        warning = PiiWarningView(step.id, step.question_key, found,
                                 pii.mask(pending["text"], ctx.lang, names=names))
        return View(phase, pii=warning, **base)
    if phase in (Phase.SUMMARY, Phase.DONE):
        return View(phase, summary=_summary(flow, state, ctx), **base)
    return View(phase, **base)


def _question(flow: Flow, state: State, ctx: Context, draft: str | None) -> QuestionView:
    return question_view(flow, state["step"], state["answers"], ctx, draft=draft,
                         can_back=bool(state["history"]) or state.get("editing", False))


def question_view(flow: Flow, step_id: str, answers: Answers, context: ContextLike = None, *,
                  draft: str | None = None, can_back: bool = False) -> QuestionView:
    """One step's question as its card shows it, with the answer given so far; also
    for asking one answer again outside the dialog (a correction on a record)."""
    ctx = Context.of(context)
    step = flow.step(step_id)
    path = [s.id for s in flow.path(answers)]
    value = answers.get(step.id)
    position = path.index(step.id) + 1 if step.id in path else len(path)
    return QuestionView(
        step_id=step.id, question_key=step.question_key, help_key=step.help_key,
        kind=step.kind, required=step.required, choices=choice_views(step, ctx),
        value=value,
        value_text=draft if draft is not None else (
            format_answer(step, value, ctx.lang) if value is not None else None),
        allow_unknown=step.allow_unknown, max_length=step.max_length,
        position=position, total=len(path), can_back=can_back,
    )


def _summary(flow: Flow, state: State, ctx: Context) -> tuple[SummaryItem, ...]:
    kept = set(state.get("pii_kept", ()))
    return tuple(
        SummaryItem(s.id, s.question_key, format_answer(s, state["answers"].get(s.id), ctx.lang),
                    flagged=s.id in kept)
        for s in flow.path(state["answers"])
    )
