"""Chat commands. Importing this package registers every command handler."""

from bot.commands import basics, organisation  # noqa: F401  (registration)
