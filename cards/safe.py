"""Make user text inert before it goes into a card.

Teams renders a CommonMark subset in TextBlocks and Fact values (bold, italic,
lists, links), linkifies bare URLs and e-mail addresses, expands
`{{DATE(...)}}`/`{{TIME(...)}}` functions, and turns `<at>…</at>` into mentions
when the card declares them. Text a user typed must show up as exactly what
they typed, never as a link, a mention or formatting, and it must not be able
to spoof surrounding text with bidirectional overrides.

`inert()` is for text shown in TextBlocks and facts. `plain()` is for values
put in `Input.*.value` or action `data`, which are not rendered as markdown but
must still be plain, bounded strings. `caption()` is for plain-text captions such
as choice titles: not markdown, but a tag must not form there either.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

DEFAULT_LIMIT = 1000
ELLIPSIS = "…"
ZWSP = "\u200b"  # zero-width space: invisible, but breaks link detection

# Bidi embeddings, overrides and isolates can make text read differently from
# how it is stored (e.g. hide a file extension). RTL letters themselves are fine.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
# CommonMark punctuation that can start or end formatting, links or code.
_MARKDOWN = re.compile(r"([\\`*_~\[\]()!|#])")
# A line starting with "- ", "+ " or "1. " would become a list item.
_BULLET = re.compile(r"^(\s*)([-+])(?=\s|$)", re.MULTILINE)
_ORDINAL = re.compile(r"^(\s*\d+)([.)])(?=\s|$)", re.MULTILINE)
_TAG = re.compile(r"<(?=[/!?a-zA-Z])")
_SCHEME = re.compile(
    r"(?i)\b([a-z][a-z0-9+.-]*):(//)|\b(mailto|tel|sip|callto|javascript|data|msteams)():"
)
_WWW = re.compile(r"(?i)\b(www)\.")
_EMAIL_AT = re.compile(r"(?<=[\w.+-])@(?=[\w-])")
_DOMAIN_DOT = re.compile(r"(?<=[\w-])\.(?=[a-zA-Z][\w-]*)")
_TEMPLATE = re.compile(r"([{}$])(?=[{}])")
_BLANK_LINES = re.compile(r"\n{3,}")


def _clean(value: Any) -> str:
    """A plain str without control characters or bidi overrides."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.translate(_BIDI_CONTROLS)
    return "".join(
        ch for ch in text if ch == "\n" or unicodedata.category(ch) not in {"Cc", "Cs", "Co"}
    )


def _bound(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    # Do not leave half an emoji sequence or an orphan combining mark behind.
    while cut and (cut[-1] == "\u200d" or unicodedata.combining(cut[-1])):
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def plain(value: Any, limit: int | None = DEFAULT_LIMIT) -> str:
    """A bounded, control-free str for `Input.*.value` and action `data`."""
    return _bound(_clean(value), limit)


def caption(value: Any, limit: int | None = 200) -> str:
    """Text shown as plain text (choice titles): no markdown escapes, but no tags either."""
    return _TAG.sub("‹", plain(value, limit)).replace(">", "›")


def _break_links(text: str) -> str:
    text = _SCHEME.sub(lambda m: f"{m.group(1) or m.group(3)}{ZWSP}:{m.group(2) or ''}", text)
    text = _WWW.sub(f"\\1{ZWSP}.", text)
    text = _EMAIL_AT.sub(f"{ZWSP}@{ZWSP}", text)
    return _DOMAIN_DOT.sub(f"{ZWSP}.", text)


def inert(value: Any, limit: int | None = DEFAULT_LIMIT) -> str:
    """User text that Teams shows literally: no markdown, links, mentions or HTML.

    The length is bounded before escaping, so the limit counts what the user
    sees, and an escape is never cut in half.
    """
    text = _BLANK_LINES.sub("\n\n", _bound(_clean(value), limit).strip("\n"))
    text = _MARKDOWN.sub(r"\\\1", text)
    text = _BULLET.sub(r"\1\\\2", text)
    text = _ORDINAL.sub(r"\1\\\2", text)
    # Adjacent braces would start a {{DATE()}} function or a ${template}.
    text = _TEMPLATE.sub(f"\\1{ZWSP}", text)
    # No tag, so no `<at>` mention and no HTML; the single guillemet looks alike.
    text = _TAG.sub("‹", text).replace(">", "›")
    return _break_links(text)
