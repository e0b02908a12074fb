"""Personal-data incidents in chat: filing the report, the DSO's handling, the reporter's view.

Importing this package registers its commands and card actions.
"""

from bot.incidents import commands, dso_actions, reporter_actions, submit  # noqa: F401
