"""Development tools for `make run`: the bot with the offline Agents Playground.

Not shipped in the wheel.
"""
