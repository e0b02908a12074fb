"""Greetings and thanks get a friendly word back, not "I did not understand".

Matched on the whole message, normalised (case, accents, punctuation), so
"Hej!", "tack så mycket" and "Thanks :)" are recognised and a sentence that
merely starts with "hej" is not.
"""

from __future__ import annotations

from chat.ctx import Ctx
from chat.turn import Answer
from dialogs.parsing import normalise
from i18n import t

_SAID = {
    "hello": ("hej", "hej hej", "hejsan", "tjena", "tjenare", "hallå", "god morgon",
              "god dag", "godmorgon", "hi", "hello", "hey", "good morning"),
    "thanks": ("tack", "tack så mycket", "tusen tack", "tackar", "tack tack", "stort tack",
               "thanks", "thank you", "thanks a lot", "thx", "cheers"),
    "bye": ("hejdå", "hej då", "hej hej då", "ha det bra", "ha det", "vi hörs", "bye",
            "goodbye", "good bye", "see you"),
}
_MEANING = {normalise(words): kind for kind, all_words in _SAID.items() for words in all_words}


def reply(ctx: Ctx, text: str) -> Answer | None:
    """A short friendly answer to a greeting, thanks or goodbye; None for anything else."""
    kind = _MEANING.get(normalise(text))
    if kind is None:
        return None
    first_name = (ctx.who.name or "").split()[0] if ctx.who.name else ""
    if kind == "hello" and first_name and ctx.who.is_personal:
        return Answer.text(t(ctx.lang, "smalltalk.hello_name", name=first_name))
    return Answer.text(t(ctx.lang, f"smalltalk.{kind}"))
