"""What a turn is about, and what it answers, without Bot Framework types.

The handler turns an incoming activity into a `Who` and hands it to plain
async functions (commands, card actions, dialogs); they answer with an
`Answer`, which the handler sends. That keeps the conversation logic
testable without HTTP or the SDK.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.roles import DSO_ROLES, Role

Card = dict[str, Any]


@dataclass(frozen=True)
class Organisation:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class Who:
    """The person acting in this turn, in the organisation they act for."""

    person_id: int
    name: str | None
    lang: str  # "sv" or "en"
    tenant_id: str | None
    conversation_id: str
    conversation_type: str  # "personal", "groupChat" or "channel"
    organisation: Organisation | None
    roles: frozenset[str] = frozenset()  # in `organisation`; everyone is also "staff"
    # Every organisation the person holds a granted role in, with those roles:
    # one DSO often serves several controllers.
    held: Mapping[int, frozenset[str]] = field(default_factory=dict)

    @property
    def is_personal(self) -> bool:
        return self.conversation_type == "personal"

    @property
    def dso_organisations(self) -> frozenset[int]:
        """Where this person is DSO or deputy."""
        return self.organisations_with(DSO_ROLES)

    @property
    def is_dso(self) -> bool:
        return bool(self.dso_organisations)

    @property
    def all_roles(self) -> frozenset[str]:
        """For what the person may ask for; each record is still checked by its own organisation."""
        extra = {Role.STAFF.value} | ({Role.DSO.value} if self.dso_organisations else set())
        return self.roles | extra

    def organisations_with(self, roles: frozenset[Role] | frozenset[str]) -> frozenset[int]:
        """The organisations where the person holds one of `roles`; with staff among
        them, also their own organisation (everyone is staff there)."""
        wanted = {str(r) for r in roles}
        found = {org for org, held in self.held.items() if held & wanted}
        if Role.STAFF.value in wanted and self.organisation is not None:
            found.add(self.organisation.id)
        return frozenset(found)

    def holds(self, roles: frozenset[Role] | frozenset[str], organisation_id: int) -> bool:
        return organisation_id in self.organisations_with(roles)


@dataclass(frozen=True)
class FileOffer:
    """A file the bot offers the person in their 1:1 chat (a report, an export). The
    edge sends it through Teams' file consent card, or as a short-lived download
    link where that is not available."""

    path: Path  # in the deployment's data directory
    name: str  # the file name the person sees
    description: str  # what it is, in the person's language


@dataclass(frozen=True)
class Upload:
    """A file a person sent the bot in their 1:1 chat, already fetched by the edge into
    the data directory (size-limited); the capabilities decide what it is for."""

    path: Path
    name: str  # as the person named it
    file_type: str  # e.g. "docx"


@dataclass
class Answer:
    """Messages to send, optionally a card that replaces the one clicked, and files."""

    messages: list[str | Card] = field(default_factory=list)
    replace_card: Card | None = None
    files: list[FileOffer] = field(default_factory=list)

    @classmethod
    def text(cls, text: str) -> Answer:
        return cls(messages=[text])

    @classmethod
    def card(cls, card: Card) -> Answer:
        return cls(messages=[card])

    def then(self, other: Answer) -> Answer:
        return Answer(
            messages=[*self.messages, *other.messages],
            replace_card=other.replace_card or self.replace_card,
            files=[*self.files, *other.files],
        )
