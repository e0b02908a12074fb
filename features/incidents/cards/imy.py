"""The IMY texts shown for copying: the notification and the draft letter (Art. 34).

Shown verbatim (`cards.elements.verbatim`: rich-text runs, never read as markdown),
one line per line of the text and each label on its own line in bold, so what the
DSO copies is exactly the text: no escapes, no invisible characters.
"""

from __future__ import annotations

from cards import elements as el
from cards.safe import inert, plain
from i18n import Lang, t

# A card must stay far below Teams' message size limit; the full text is always
# available from `incident PUI-… imy` as a plain message.
BLOCK_LIMIT = 7000


def _lines(value: str) -> list[el.Element]:
    """The text's blocks (separated by a blank line); a block's first line, when more
    follow, is its label."""
    shown: list[el.Element] = []
    for block in plain(value, BLOCK_LIMIT).split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        for n, line in enumerate(lines):
            shown.append(el.verbatim(line, bold=n == 0 and len(lines) > 1,
                                     spacing="Medium" if n == 0 else "None"))
    return shown


def _block(title: str, value: str, note: str | None = None) -> list[el.Element]:
    items = [el.text(title, trusted=True, weight="Bolder", separator=True, spacing="Medium")]
    if note:
        items.append(el.text(note, trusted=True, isSubtle=True, spacing="Small"))
    items.append(el.container(_lines(value), style="emphasis"))
    return items


def imy_text_card(lang: Lang, *, reference: str, notification: str,
                  subjects_notice: str | None) -> el.Element:
    """The notification (always Swedish) and, when suggested, the draft to the people affected."""
    title = t(lang, "imy.card.title", reference=inert(reference, 40))
    body = [
        el.heading(title, size="Medium"),
        el.container([el.text(t(lang, "imy.card.official"), trusted=True, weight="Bolder")],
                     style="warning"),
        el.text(t(lang, "imy.card.copy"), trusted=True, isSubtle=True),
        *_block(t(lang, "imy.card.notification"), notification),
    ]
    if subjects_notice:
        # The letter is a draft: it holds gaps in brackets and must be adapted first.
        body += _block(t(lang, "imy.card.subjects"), subjects_notice,
                       note=t(lang, "imy.card.letter_note"))
    else:
        body.append(el.text(t(lang, "imy.card.no_subjects"), trusted=True, isSubtle=True,
                            separator=True))
    return el.card(body, lang=lang, fallback_text=title)
