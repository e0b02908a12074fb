"""What a turn is about, and what it answers, without Bot Framework types.

The handler turns an incoming activity into a `Who` and hands it to plain
async functions (commands, card actions, dialogs); they answer with an
`Answer`, which the handler sends. That keeps the conversation logic
testable without HTTP or the SDK.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    # Where this person is DSO or deputy: one DSO often serves several controllers.
    dso_organisations: frozenset[int] = frozenset()

    @property
    def is_personal(self) -> bool:
        return self.conversation_type == "personal"

    @property
    def is_dso(self) -> bool:
        return bool(self.dso_organisations)

    @property
    def all_roles(self) -> frozenset[str]:
        """For what the person may ask for; each record is still checked by its own organisation."""
        extra = {"staff"} | ({"dso"} if self.dso_organisations else set())
        return self.roles | extra


@dataclass
class Answer:
    """Messages to send, and optionally a card that replaces the one clicked."""

    messages: list[str | Card] = field(default_factory=list)
    replace_card: Card | None = None

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
        )
