"""The IMY texts shown for copying: the notification and the draft letter (Art. 34).

Plain TextBlocks (no monospace, wrapped) so they read well and copy cleanly;
the texts are made inert like any text holding what users typed.
"""

from __future__ import annotations

from cards import elements as el
from cards.safe import inert
from i18n import Lang, t

# A card must stay far below Teams' message size limit; the full text is always
# available from `incident PUI-… imy` as a plain message.
BLOCK_LIMIT = 7000


def _block(title: str, value: str, note: str | None = None) -> list[el.Element]:
    items = [el.text(title, trusted=True, weight="Bolder", separator=True, spacing="Medium")]
    if note:
        items.append(el.text(note, trusted=True, isSubtle=True, spacing="Small"))
    items.append(el.container([el.text(inert(value, BLOCK_LIMIT), trusted=True)],
                              style="emphasis"))
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
