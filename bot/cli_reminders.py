"""`dsobot reminders list | send`: the outbox as an operator sees it.

    dsobot reminders list --org SLUG [--state queued|sending|sent|failed|undeliverable|cancelled]
    dsobot reminders send

`list` prints one line per message (never its content): id, state, kind, the
recipient's name, due and sent times in Stockholm time, attempts and the last
error. `send` evaluates the reminder policies once and delivers what is due,
then stops: for a cron job where no worker runs, or to try again at once.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from bot.settings import Settings
from storage.db import Database
from storage.migrate import upgrade
from storage.models import OutboxState


def cmd_reminders_list(settings: Settings, args: argparse.Namespace) -> int:
    from features.reminders.queue import queue_lines

    url = settings.effective_database_url
    upgrade(url)

    async def run() -> list[str]:
        db = Database(url)
        try:
            return await queue_lines(db, args.org, args.state)
        finally:
            await db.dispose()

    lines = asyncio.run(run())
    for line in lines:
        print(line)
    if not lines:
        print("(no messages)")
    return 0


def cmd_reminders_send(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.runtime import send_once  # loaded only when used

    print(send_once(settings))
    return 0


def add_commands(commands: Any) -> None:
    reminders = commands.add_parser(
        "reminders", help="the outbox: messages and reminders the bot sends (list, send)")
    actions = reminders.add_subparsers(dest="reminders_command", required=True,
                                       metavar="ACTION")
    listing = actions.add_parser("list", help="one line per message: state, recipient, times, "
                                              "attempts, last error (never the content)")
    listing.add_argument("--org", required=True, metavar="SLUG")
    listing.add_argument("--state", choices=[s.value for s in OutboxState])
    listing.set_defaults(handler=cmd_reminders_list)
    sending = actions.add_parser("send", help="evaluate the reminders once and deliver what "
                                              "is due now, then stop")
    sending.set_defaults(handler=cmd_reminders_send)
