"""Chat commands. Importing this package registers every command handler."""

from bot import dialog_runner, incidents  # noqa: F401  (registration)
from bot.commands import basics, organisation  # noqa: F401  (registration)
