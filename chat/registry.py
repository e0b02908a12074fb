"""What a capability brings, and the registry that the installed capabilities make up.

A capability (`features/<name>/`) declares one `Feature`: its chat commands,
its card actions, its guided flows with what happens when one is finished, its
gallery samples, its texts, and what it contributes to the others (rows for
"my cases", choices for record pickers, buttons on the welcome card, ...).
Nothing registers itself on import: the composition root builds one
`Registry` from an explicit list (`features.FEATURES`) at start.

A card action's data always carries `action`; `Action.Submit` and
`Action.Execute` reach the same handler. Handlers authorise everything again
on the server: the card is never trusted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chat.commands import CommandMatcher
from dialogs.model import Flow, Form
from i18n import Lang, add_source
from storage.roles import EVERYONE, Role

if TYPE_CHECKING:
    from chat.ctx import Ctx
    from chat.dialog_runner import Submission
    from chat.turn import Answer

CommandHandler = Callable[["Ctx", str], Awaitable["Answer"]]
ActionHandler = Callable[["Ctx", dict[str, Any]], Awaitable["Answer"]]
# What happens when a flow is submitted: it stores its record and completes the dialog
# (`chat.dialog_runner.complete`) in one transaction.
# The receipt of a submitted dialog, again, from its stored final state.
Receipt = Callable[["Ctx", dict[str, Any]], Awaitable["Answer | None"]]
Completion = Callable[["Ctx", "Submission"], Awaitable["Answer"]]
SampleBuilder = Callable[[Lang], dict[str, Any]]
# Records a person may pick in a flow step (`Step.choices_from`): (record id, label) pairs.
ChoiceSource = Callable[["Ctx"], Awaitable[Sequence[tuple[str, str]]]]

# Scopes in the Teams manifest. Personal data belongs in the 1:1 chat only.
PERSONAL = "personal"
SHARED = ("team", "groupChat")
# Headings of the help card, in order.
GROUPS: tuple[str, ...] = ("everyone", "dso", "admin")


@dataclass(frozen=True)
class Command:
    """A chat command: the words that ask for it, who may, and its handler."""

    name: str
    words: Mapping[Lang, tuple[str, ...]]  # first word per language is the one shown
    group: str  # heading on the help card: one of GROUPS
    handler: CommandHandler
    description_key: str
    roles: frozenset[Role] = EVERYONE
    argument_key: str | None = None  # catalog key describing the argument, if any
    manifest_scopes: tuple[str, ...] = ()  # where Teams suggests the command
    # A whole message that asks for this command without its word, e.g. a case's
    # reference typed alone ("PUI-2026-0001"); the handler gets the message as `rest`.
    pattern: str | None = None
    # Works before the person's organisation is known (help, about).
    without_organisation: bool = False

    def word(self, lang: Lang) -> str:
        return self.words[lang][0]

    def allowed_for(self, roles: set[str] | frozenset[str]) -> bool:
        # Everyone in the organisation is at least staff.
        return bool({str(r) for r in self.roles} & (set(roles) | {Role.STAFF.value}))

    @property
    def shared(self) -> bool:
        """May be used in group chats and channels (shows no personal data)."""
        return bool(set(self.manifest_scopes) & set(SHARED))


@dataclass(frozen=True)
class FlowSpec:
    """A guided flow and what happens when it is submitted.

    `receipt`: what a submitted dialog shows when it is submitted again (a double
    click, a retry): the same receipt, from the final state `on_done` stored.
    """

    flow: Flow
    on_done: Completion
    receipt: Receipt | None = None


@dataclass(frozen=True)
class StartAction:
    """A button on the welcome, help and "my cases" cards that starts a flow.

    `topic`: words (in any language, lower case) that make a message in a group
    chat look like this flow's business; the bot then moves it to the 1:1 chat.
    """

    label_key: str
    flow_id: str
    topic: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseSummary:
    """One row of "my cases": something the person reported or handles."""

    reference: str  # e.g. "PUI-2026-0007"
    title: str  # user text
    status_text: str  # already in the person's language
    submitted_at: datetime  # timezone-aware


MyCases = Callable[["Ctx"], Awaitable[Sequence[CaseSummary]]]
# Offered a file a person sent (`chat.turn.Upload`): an answer, or None to let the next
# capability try.
TakeUpload = Callable[["Ctx", Any], Awaitable["Answer | None"]]
# Offered a typed 1:1 message that no command and no dialog took (e.g. "send this as
# your answer to the DSO's question?"): an answer, or None to let the next one try.
FreeText = Callable[["Ctx", str], Awaitable["Answer | None"]]


@dataclass(frozen=True)
class Feature:
    """Everything one capability brings. Only `name` is required."""

    name: str
    texts: Path | None = None  # a folder with sv.toml and en.toml
    commands: tuple[Command, ...] = ()
    actions: Mapping[str, ActionHandler] = field(default_factory=dict)
    # Card actions that may be used in group chats and channels.
    shared_actions: frozenset[str] = frozenset()
    # Card actions that work before the person's organisation is known.
    actions_without_organisation: frozenset[str] = frozenset()
    flows: tuple[FlowSpec, ...] = ()
    forms: tuple[Form, ...] = ()  # its single-card forms (their actions are in `actions`)
    samples: Mapping[str, SampleBuilder] = field(default_factory=dict)
    # -- contributions to the others ---------------------------------------------------
    start_actions: tuple[StartAction, ...] = ()
    welcome_key: str | None = None  # a line on the welcome card: what people can do here
    about_key: str | None = None  # what the capability stores and why (the about card)
    manifest_key: str | None = None  # a sentence of the Teams app's description
    my_cases: MyCases | None = None
    free_text: tuple[FreeText, ...] = ()
    uploads: tuple[TakeUpload, ...] = ()
    record_choices: Mapping[str, ChoiceSource] = field(default_factory=dict)
    # How its closed records are archived and disposed of (chat.retention.RecordRetention).
    retention: tuple[Any, ...] = ()
    reminder_policies: tuple[Any, ...] = ()
    summary_sections: tuple[Any, ...] = ()
    exports: tuple[Any, ...] = ()  # chat.exports.Export: its records as a spreadsheet


class Registry:
    """The installed capabilities, looked up by command, action, flow and contribution."""

    def __init__(self, features: Sequence[Feature]) -> None:
        self.features = tuple(features)
        self._commands: dict[str, Command] = {}
        self._actions: dict[str, ActionHandler] = {}
        self._flows: dict[str, FlowSpec] = {}
        self._samples: dict[str, SampleBuilder] = {}
        self._choices: dict[str, ChoiceSource] = {}
        names = set()
        for feature in self.features:
            if feature.name in names:
                raise ValueError(f"capability {feature.name!r} installed twice")
            names.add(feature.name)
            if feature.texts is not None:
                add_source(feature.texts)
            _add(self._commands, {c.name: c for c in feature.commands}, "command", feature)
            _add(self._actions, feature.actions, "card action", feature)
            _add(self._flows, {s.flow.id: s for s in feature.flows}, "flow", feature)
            _add(self._samples, feature.samples, "gallery sample", feature)
            _add(self._choices, feature.record_choices, "record choice", feature)
        self.shared_actions = frozenset().union(*(f.shared_actions for f in self.features))
        self.actions_without_organisation = frozenset().union(
            *(f.actions_without_organisation for f in self.features))
        self._matcher = CommandMatcher(self.commands)

    # -- lookups -------------------------------------------------------------------------

    @property
    def commands(self) -> tuple[Command, ...]:
        return tuple(self._commands.values())

    def command(self, name: str) -> Command | None:
        return self._commands.get(name)

    def match(self, text: str | None) -> tuple[Command, str] | None:
        """The command a typed message asks for, and the rest of the text."""
        return self._matcher.match(text)

    def action(self, name: str) -> ActionHandler | None:
        return self._actions.get(name)

    def flow(self, flow_id: str) -> FlowSpec | None:
        return self._flows.get(flow_id)

    def choices(self, source: str) -> ChoiceSource | None:
        return self._choices.get(source)

    @property
    def samples(self) -> Mapping[str, SampleBuilder]:
        return dict(self._samples)

    def visible_to(self, roles: set[str] | frozenset[str]) -> list[Command]:
        return [c for c in self.commands if c.allowed_for(roles)]

    def for_manifest(self, scope: str) -> list[Command]:
        return [c for c in self.commands if scope in c.manifest_scopes]

    def contributions(self, name: str) -> list[Any]:
        """Every installed capability's non-empty value of a `Feature` field, in order."""
        found = []
        for feature in self.features:
            value = getattr(feature, name)
            if isinstance(value, tuple):
                found += list(value)
            elif value:
                found.append(value)
        return found


def _add(into: dict[str, Any], items: Mapping[str, Any], what: str, feature: Feature) -> None:
    for key, value in items.items():
        if key in into:
            raise ValueError(f"{what} {key!r} of {feature.name!r} is already installed")
        into[key] = value
