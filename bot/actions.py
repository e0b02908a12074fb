"""Registries of chat commands and card actions, filled by the modules that handle them.

A card action's data always carries `action`; `Action.Submit` and
`Action.Execute` reach the same handler. Handlers must authorise everything
again on the server: the card is never trusted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.context import Ctx
from bot.turn import Answer

CommandHandler = Callable[[Ctx, str], Awaitable[Answer]]
ActionHandler = Callable[[Ctx, dict[str, Any]], Awaitable[Answer]]

COMMANDS: dict[str, CommandHandler] = {}
ACTIONS: dict[str, ActionHandler] = {}


def command(name: str) -> Callable[[CommandHandler], CommandHandler]:
    """Register the handler of a command from `cards.command_catalog`."""

    def decorator(handler: CommandHandler) -> CommandHandler:
        COMMANDS[name] = handler
        return handler

    return decorator


def action(name: str) -> Callable[[ActionHandler], ActionHandler]:
    def decorator(handler: ActionHandler) -> ActionHandler:
        ACTIONS[name] = handler
        return handler

    return decorator
