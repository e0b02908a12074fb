"""Who may see what of an incident, and do what, in its own organisation.

The kernel (`chat.records`) finds the incident only where the person holds one
of an action's roles; `seat_of` then says, for this person, this incident and
its organisation's settings, how much they see and which actions they may
take now. Every action checks its name against `Seat.actions` on the server
(`gate`), and a refusal is audited like any other.

- The DSOs (and deputies) see everything and handle the case. Whether they
  also record the controller's decision to notify is the organisation's
  setting (`dso_records_decisions`); the DSO advises either way.
- Where the controller records its own decisions, the organisation's admins
  see the case and record the decision, its notification and the letter.
- The information security coordinator and the registrar see what the
  organisation's `alert_scopes` give them ("full" or "summary"); a registrar
  may always enter the diarienummer, and sees at least the summary to do so.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.records import Access
from chat.turn import Who
from storage.models import Incident, OrganisationSettings
from storage.repos import OrganisationSettingsRepository
from storage.repos.settings import ALERT_ROLES  # roles an organisation may add to alerts
from storage.roles import DSO_ROLES, Role


class Scope(StrEnum):
    FULL = "full"  # the whole case: facts, free text, history
    SUMMARY = "summary"  # reference, type, status, clock: no free text, no names


class Act(StrEnum):
    """The actions on an incident card, as `Seat.actions` names them."""

    VIEW = "view"
    TAKE = "take"
    ASK = "ask"
    CORRECT = "correct"
    ADVISE = "advise"
    DECIDE = "decide"  # and the notification's supplement, and the letter (Art. 34)
    REGISTER = "register"  # the diarienummer
    MEASURES = "measures"
    ADJUST = "adjust"
    CLOSE = "close"
    REOPEN = "reopen"
    IMY_TEXT = "imy_text"


# Everyone who may look for an incident at all; `seat_of` narrows it per incident.
CASE_ROLES = frozenset(DSO_ROLES | {Role.ADMIN, *ALERT_ROLES})


@dataclass(frozen=True)
class Seat:
    scope: Scope | None  # None: sees nothing of this incident
    actions: frozenset[Act]

    def may(self, act: Act) -> bool:
        return act in self.actions


NOBODY = Seat(None, frozenset())


# What a DSO may do on a case. Whether it is still open is each action's to check
# (a closed case answers "closed" with its card, not "not allowed").
_HANDLING = frozenset({Act.VIEW, Act.IMY_TEXT, Act.TAKE, Act.ASK, Act.CORRECT, Act.ADVISE,
                       Act.REGISTER, Act.MEASURES, Act.ADJUST, Act.CLOSE, Act.REOPEN})


def seat_of(roles: frozenset[Role] | set[Role], incident: Incident,
            settings: OrganisationSettings) -> Seat:
    """What someone holding `roles` in the incident's organisation may see and do on it
    (the reporter: see `REPORTER`)."""
    scope: Scope | None = None
    acts: set[Act] = set()
    if roles & DSO_ROLES:
        scope, acts = Scope.FULL, set(_HANDLING)
        if settings.dso_records_decisions:
            acts.add(Act.DECIDE)
    if not settings.dso_records_decisions and Role.ADMIN in roles:
        scope = Scope.FULL
        acts |= {Act.VIEW, Act.IMY_TEXT, Act.DECIDE}
    for role in ALERT_ROLES:
        if role not in roles:
            continue
        given = settings.alert_scopes.get(role.value)
        if role is Role.REGISTRAR:
            given = given or Scope.SUMMARY  # to register the case, they must see it
            acts.add(Act.REGISTER)
        if given in (Scope.FULL, Scope.SUMMARY):
            scope = _wider(scope, Scope(given))
            acts.add(Act.VIEW)
    if incident.near_miss:
        # A near miss is closed without a decision: nothing to advise on or notify.
        acts -= {Act.DECIDE, Act.ADVISE, Act.IMY_TEXT}
    return Seat(scope, frozenset(acts)) if scope else NOBODY


def _wider(current: Scope | None, other: Scope) -> Scope:
    return Scope.FULL if Scope.FULL in (current, other) else other


def roles_here(who: Who, incident: Incident) -> frozenset[Role]:
    return frozenset(r for r in CASE_ROLES if who.holds({r}, incident.organisation_id))


async def settings_in(session: AsyncSession, organisation_id: int) -> OrganisationSettings:
    """The organisation's settings, read once per transaction (the gate and the card
    both ask)."""
    cache = session.info.setdefault("organisation_settings", {})
    if organisation_id not in cache:
        cache[organisation_id] = await OrganisationSettingsRepository(session).get(
            organisation_id)
    return cache[organisation_id]


async def seat_in(session: AsyncSession, who: Who, incident: Incident) -> Seat:
    settings = await settings_in(session, incident.organisation_id)
    return seat_of(roles_here(who, incident), incident, settings)


def gate(act: Act) -> Callable[[Any, AsyncSession, Incident], Awaitable[str | None]]:
    """A kernel gate: the refusal reason (audited) when this person may not `act` here."""

    async def check(ctx: Any, session: AsyncSession, incident: Incident) -> str | None:
        seat = await seat_in(session, ctx.who, incident)
        return None if seat.may(act) else f"not_{act}"

    return check


def access(act: Act) -> Access:
    """Who may take `act` on an incident: found by role, then gated per incident."""
    return Access(roles=CASE_ROLES, refusal="not_dso", gate=gate(act))


