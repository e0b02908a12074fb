"""The IMY texts shown for copying: the notification and the Art. 34 message.

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


def _block(title: str, value: str) -> list[el.Element]:
    return [
        el.text(title, trusted=True, weight="Bolder", separator=True, spacing="Medium"),
        el.container([el.text(inert(value, BLOCK_LIMIT), trusted=True)], style="emphasis"),
    ]


def imy_text_card(lang: Lang, *, reference: str, notification: str,
                  subjects_notice: str | None) -> el.Element:
    """The notification (always Swedish) and, when suggested, the draft to the people affected."""
    title = t(lang, "dso.imy_card.title", reference=inert(reference, 40))
    body = [
        el.heading(title, size="Medium"),
        el.container([el.text(t(lang, "dso.imy_card.official"), trusted=True, weight="Bolder")],
                     style="warning"),
        el.text(t(lang, "dso.imy_card.copy"), trusted=True, isSubtle=True),
        *_block(t(lang, "dso.imy_card.notification"), notification),
    ]
    if subjects_notice:
        body += _block(t(lang, "dso.imy_card.subjects"), subjects_notice)
    else:
        body.append(el.text(t(lang, "dso.imy_card.no_subjects"), trusted=True, isSubtle=True,
                            separator=True))
    return el.card(body, lang=lang, fallback_text=title)
