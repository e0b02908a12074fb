"""Reminders: runs every capability's reminder policies, and gives the DSO the controls.

The policies (contributed by each capability, `Feature.reminder_policies`) say what
is due; the runner queues it in the outbox once per step, holding all but the legal
clocks for office hours on Swedish working days; the outbox's dispatcher delivers.
The DSO sees and changes the schedules and the office hours, and sees the queue and
what did not arrive (with what to do about it), with `påminnelser` / `reminders`.
Anyone who got a reminder can snooze it for a number of days.

    rules/      office hours on working days, and parameters as people type them
    runner.py   evaluate(db, registry, now): the policies, for every organisation
    policies.py the platform's own: unfinished drafts, the DSO's weekly digest
    settings.py each organisation's settings, over the policies' defaults
    queue.py    the queue in counts and lines (also `dsobot reminders list`)
    views.py, cards/   what people see
    handlers/   the command and the card actions
    texts/      sv.toml, en.toml
"""

from __future__ import annotations

from pathlib import Path

from chat.registry import Command, Feature
from features.reminders.cards.samples import SAMPLES
from features.reminders.handlers import queue, settings, snooze
from features.reminders.policies import POLICIES
from storage.roles import DSO_ROLES, Role

FEATURE = Feature(
    name="reminders",
    texts=Path(__file__).with_name("texts"),
    commands=(
        Command("reminders", {"sv": ("påminnelser", "påminnelse"),
                              "en": ("reminders", "reminder")}, "dso",
                settings.show_command, "reminders.commands.reminders",
                # Not suggested in Teams' command menu: it holds ten commands at most.
                roles=DSO_ROLES | {Role.ADMIN}),
    ),
    actions={
        "reminders.show": settings.show,
        "reminders.edit": settings.edit,
        "reminders.save": settings.save,
        "reminders.resend": queue.resend,
        "reminder.snooze": snooze.snooze,
    },
    samples=SAMPLES,
    about_key="reminders.offer.about",
    reminder_policies=POLICIES,
)
