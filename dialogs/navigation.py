"""Moving through a flow: store an answer and advance, back, skip, edit from
the summary, submit, cancel. Each takes the working copy of the state and
returns (new state or None when refused, error, draft) like the engine."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from compliance.localtime import to_utc
from dialogs.model import END, Answers, Flow, Step
from dialogs.parsing import normalise
from dialogs.views import Message, Phase

State = dict[str, Any]
Result = tuple[State | None, Message | None, str | None]

# Typed commands, compared after `normalise` (case and accents ignored).
_WORDS = {
    "cancel": {"avbryt", "cancel", "stop", "stopp"},
    "back": {"tillbaka", "bakat", "foregaende", "back", "previous", "go back"},
    "skip": {"hoppa over", "hoppa", "skip", "nasta fraga", "pass"},
    "submit": {"skicka", "skicka in", "klar", "submit", "send", "done"},
    "yes": {"ja", "j", "yes", "y"},
    "no": {"nej", "n", "no", "fortsatt", "continue"},
    "rewrite": {"1", "skriv om", "andra", "rewrite", "edit"},
    "mask": {"2", "maskera", "dolj", "mask", "hide"},
    "keep": {"3", "behall", "behall som det ar", "keep", "keep as written"},
}
_EDIT = re.compile(r"^(?:andra|edit|change)?\s*(\d+)$")
_BY_PHASE = {
    Phase.ASKING: ("cancel", "back", "skip"),
    Phase.SUMMARY: ("cancel", "back", "submit"),
    Phase.CONFIRM_CANCEL: ("yes", "no"),
    Phase.PII_WARNING: ("cancel", "rewrite", "mask", "keep"),
}


def command_of(text: str, phase: Phase) -> str | tuple[str, int] | None:
    """A navigation command typed in the chat, or None for an ordinary answer."""
    words = normalise(text)
    if phase is Phase.CONFIRM_CANCEL and words in _WORDS["cancel"]:
        return "yes"  # "avbryt" when asked "do you want to cancel?"
    for command in _BY_PHASE.get(phase, ()):
        if words in _WORDS[command]:
            return command
    if phase is Phase.SUMMARY and (m := _EDIT.match(words)):
        return ("edit", int(m.group(1)))
    return None


def first_unanswered(flow: Flow, answers: Answers) -> str:
    for step in flow.path(answers):
        if step.id not in answers:
            return step.id
    return END


def _ask(state: State, step_id: str) -> State:
    state["phase"], state["step"] = Phase.ASKING.value, step_id
    return state


def to_summary(state: State) -> State:
    state["phase"], state["step"], state["editing"] = Phase.SUMMARY.value, None, False
    return state


def advance(flow: Flow, state: State, step: Step) -> State:
    if state["editing"]:
        # Changing one answer may open a branch (e.g. "other" asks for details).
        target = first_unanswered(flow, state["answers"])
        return to_summary(state) if target == END else _ask(state, target)
    state["history"].append(step.id)
    target = flow.next_id(step, state["answers"])
    return to_summary(state) if target == END else _ask(state, target)


def store(flow: Flow, state: State, step: Step, value: Any, *, kept_pii: bool) -> State:
    state["answers"][step.id] = value
    state["pii_kept"] = [s for s in state["pii_kept"] if s != step.id] + (
        [step.id] if kept_pii else [])
    return advance(flow, state, step)


def back(flow: Flow, state: State) -> Result:
    if state["editing"]:
        return to_summary(state), None, None
    on_path = {s.id for s in flow.path(state["answers"])}
    while state["history"]:
        previous = state["history"].pop()
        if previous in on_path:
            return _ask(state, previous), None, None
    return None, Message("dialog.error.no_back"), None


def skip(flow: Flow, state: State, step: Step) -> Result:
    if step.required:
        return None, Message("dialog.error.required"), None
    return store(flow, state, step, None, kept_pii=False), None, None


def edit(flow: Flow, state: State, step_id: str) -> Result:
    if step_id not in {s.id for s in flow.path(state["answers"])}:
        return None, Message("dialog.error.summary"), None
    state["editing"] = True
    return _ask(state, step_id), None, None


def submit(flow: Flow, state: State, now: datetime) -> Result:
    path = flow.path(state["answers"])
    for step in path:
        if step.required and state["answers"].get(step.id) is None:
            state["editing"] = True
            return _ask(state, step.id), Message("dialog.error.required"), None
    # Answers on a branch not taken are not part of the report.
    on_path = {s.id for s in path}
    state["answers"] = {k: v for k, v in state["answers"].items() if k in on_path}
    state["pii_kept"] = [s for s in state["pii_kept"] if s in on_path]
    state["phase"], state["submitted_at"] = Phase.DONE.value, to_utc(now).isoformat()
    return state, None, None


def ask_cancel(state: State) -> State:
    state["before_cancel"], state["phase"] = state["phase"], Phase.CONFIRM_CANCEL.value
    return state


def confirm_cancel(state: State) -> State:
    state["phase"] = Phase.CANCELLED.value
    return state


def abort_cancel(state: State) -> State:
    state["phase"], state["before_cancel"] = state["before_cancel"], None
    return state
