"""The greeting a person (or a group) gets once: what the installed capabilities offer."""

from __future__ import annotations

from typing import Any

from chat.directory import dso_contact
from chat.platform.cards.welcome import welcome_card
from chat.registry import Registry
from chat.turn import Who
from storage.db import Database
from storage.roles import DSO_ROLES


async def welcome_for(db: Database, registry: Registry, who: Who) -> dict[str, Any]:
    dso_name = None
    is_dso = who.organisation is not None and who.holds(DSO_ROLES, who.organisation.id)
    if who.organisation is not None and not is_dso:
        # Nobody is told who their own DSO is when they are it.
        dso_name, _ = await dso_contact(db, who.organisation.id)
    return welcome_card(
        who.lang,
        user_name=who.name if who.is_personal else None,
        organisation_name=who.organisation.name if who.organisation else None,
        dso_name=dso_name,
        offers=registry.contributions("welcome_key"),
        starts=registry.contributions("start_actions"),
        you_are_dso=is_dso,
    )
