"""The one definition of the bot's chat commands.

The router (`match`), the help card and the Teams manifest's command lists
all read this table, so a command is added in exactly one place.
Matching is case- and accent-insensitive ("hjalp" finds "hjälp"), tolerates
extra whitespace, a leading "/" and a leading @mention of the bot.
A command without an argument only matches on its own, so a sentence that
merely starts with "om" is not taken for the about command.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from i18n import Lang

EVERYONE = frozenset({"staff", "object_owner", "dso", "deputy_dso", "admin"})
DSO_ROLES = frozenset({"dso", "deputy_dso"})

# Scopes in the Teams manifest. Personal data belongs in the 1:1 chat only.
PERSONAL = "personal"
SHARED = ("team", "groupChat")


@dataclass(frozen=True)
class Command:
    name: str
    words: dict[Lang, tuple[str, ...]]  # first word per language is the one shown
    group: str  # heading on the help card: "everyone", "dso" or "admin"
    roles: frozenset[str] = EVERYONE
    argument_key: str | None = None  # catalog key describing the argument, if any
    manifest_scopes: tuple[str, ...] = ()  # where Teams suggests the command

    @property
    def description_key(self) -> str:
        return f"help.commands.{self.name}"

    def word(self, lang: Lang) -> str:
        return self.words[lang][0]

    def allowed_for(self, roles: set[str] | frozenset[str]) -> bool:
        # Everyone in the organisation is at least staff.
        return bool(self.roles & (set(roles) | {"staff"}))


COMMANDS: tuple[Command, ...] = (
    Command(
        "help",
        {"sv": ("hjälp", "?"), "en": ("help",)},
        "everyone",
        manifest_scopes=(PERSONAL, *SHARED),
    ),
    Command(
        "report_incident",
        {
            "sv": ("rapportera incident", "ny incident", "anmäl incident"),
            "en": ("report incident", "new incident", "report breach"),
        },
        "everyone",
        manifest_scopes=(PERSONAL,),
    ),
    Command(
        "my_cases",
        {"sv": ("mina ärenden",), "en": ("my cases",)},
        "everyone",
        manifest_scopes=(PERSONAL,),
    ),
    Command(
        "about",
        {"sv": ("om", "om boten"), "en": ("about",)},
        "everyone",
        manifest_scopes=(PERSONAL, *SHARED),
    ),
    Command(
        "incidents",
        {"sv": ("incidenter",), "en": ("incidents",)},
        "dso",
        roles=DSO_ROLES,
        manifest_scopes=(PERSONAL,),
    ),
    Command(
        "incident",
        {"sv": ("incident",), "en": ("incident",)},
        "dso",
        roles=DSO_ROLES,
        argument_key="help.args.incident",
    ),
)

BY_NAME: dict[str, Command] = {c.name: c for c in COMMANDS}
GROUPS: tuple[str, ...] = ("everyone", "dso", "admin")

_MENTION = re.compile(r"^\s*<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_TRAILING = re.compile(r"[\s.!]+$")


def normalise(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed: what matching compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def _tokens_of_words() -> list[tuple[tuple[str, ...], Command]]:
    pairs = [
        (tuple(normalise(w).split()), cmd)
        for cmd in COMMANDS
        for lang_words in cmd.words.values()
        for w in lang_words
    ]
    # Longest first, so "incident PUI-..." is tried after longer phrases.
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


_WORDS = _tokens_of_words()


def match(text: str | None) -> tuple[Command, str] | None:
    """The command `text` asks for and the rest of the text (original case), or None."""
    if not text:
        return None
    cleaned = _MENTION.sub("", text).strip().removeprefix("/")
    tokens = cleaned.split()
    if not tokens:
        return None
    folded = [normalise(tok) for tok in tokens]
    for words, cmd in _WORDS:
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
        return match(stripped)
    return None


def visible_to(roles: set[str] | frozenset[str]) -> list[Command]:
    return [c for c in COMMANDS if c.allowed_for(roles)]


def for_manifest(scope: str) -> list[Command]:
    return [c for c in COMMANDS if scope in c.manifest_scopes]
