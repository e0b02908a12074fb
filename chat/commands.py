"""Which command a typed message asks for.

Matching is case- and accent-insensitive ("hjalp" finds "hjälp"), tolerates
extra whitespace, a leading "/" and a leading @mention of the bot. A command
without an argument only matches on its own, so a sentence that merely starts
with "om" is not taken for the about command.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chat.registry import Command

_MENTION = re.compile(r"^\s*<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_TRAILING = re.compile(r"[\s.!]+$")


def normalise(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed: what matching compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


class CommandMatcher:
    """Finds the command in a message among a fixed set of commands."""

    def __init__(self, commands: Sequence[Command]) -> None:
        pairs = [
            (tuple(normalise(w).split()), cmd)
            for cmd in commands
            for lang_words in cmd.words.values()
            for w in lang_words
        ]
        # Longest first, so a one-word command taking an argument is tried last.
        self._words = sorted(pairs, key=lambda p: len(p[0]), reverse=True)
        self._patterns = [(re.compile(cmd.pattern, re.IGNORECASE), cmd)
                          for cmd in commands if cmd.pattern]

    def match(self, text: str | None) -> tuple[Command, str] | None:
        """The command `text` asks for and the rest of the text (original case), or None."""
        if not text:
            return None
        cleaned = _MENTION.sub("", text).strip().removeprefix("/")
        tokens = cleaned.split()
        if not tokens:
            return None
        folded = [normalise(tok) for tok in tokens]
        for words, cmd in self._words:
            n = len(words)
            if tuple(folded[:n]) != words:
                continue
            rest = " ".join(tokens[n:])
            if cmd.argument_key is None:
                if _TRAILING.sub("", rest):
                    continue  # a sentence, not a command
                return cmd, ""
            return cmd, rest
        # Trailing "." or "!" after a single-word command, e.g. "hjälp!".
        stripped = _TRAILING.sub("", cleaned)
        if stripped != cleaned and stripped:
            return self.match(stripped)
        for pattern, cmd in self._patterns:
            if pattern.fullmatch(cleaned):
                return cmd, cleaned
        return None
