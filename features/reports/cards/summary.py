"""The DSO's summary card: each area's figures, each opening the list behind it.

One organisation: its figures, each with a button that runs the figure's list
command. Several: the total first (with the buttons: the lists cover every
organisation the DSO serves), then each organisation's figures apart, compactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cards import elements as el
from cards.safe import inert
from chat.summaries import Figure
from i18n import Lang, t


@dataclass(frozen=True)
class ShownSection:
    title_key: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class ShownOrganisation:
    name: str | None  # None: the total over the others
    sections: tuple[ShownSection, ...]


# The card action a figure's button sends: the generic {"action": "command", ...}
# with the command's name and the words after it, as `chat.platform` runs them.
ButtonData = dict[str, Any]


def figure_value(lang: Lang, figure: Figure) -> str:
    if figure.of is None:
        return str(figure.value)
    return t(lang, "reports.summary.of", value=figure.value, of=figure.of)


def _figure_row(lang: Lang, figure: Figure, button: ButtonData | None) -> el.Element:
    cols = [el.column([el.text(t(lang, figure.label_key), trusted=True)], width="stretch",
                      verticalContentAlignment="Center"),
            el.column([el.text(figure_value(lang, figure), trusted=True, weight="Bolder")],
                      width="auto", verticalContentAlignment="Center")]
    if button is not None:
        cols.append(el.column([el.action_set([el.action_submit(
            t(lang, "reports.summary.open"), "command", button)])], width="auto"))
    return el.columns(cols, spacing="Small")


def _section(lang: Lang, section: ShownSection,
             buttons: dict[str, ButtonData] | None) -> el.Element:
    if buttons is None:  # an organisation of several: compact, the buttons are on the total
        return el.container([
            el.text(t(lang, section.title_key), trusted=True, weight="Bolder"),
            el.facts([(t(lang, f.label_key), figure_value(lang, f)) for f in section.figures],
                     trusted_values=True),
        ], spacing="Small")
    return el.container([
        el.text(t(lang, section.title_key), trusted=True, weight="Bolder", size="Medium"),
        *(_figure_row(lang, f, buttons.get(f.key)) for f in section.figures),
    ], separator=True, spacing="Medium")


def summary_card(lang: Lang, year: int, shown: Sequence[ShownOrganisation],
                 buttons: dict[str, ButtonData], not_apart: Sequence[str] = ()) -> el.Element:
    """`shown`: one organisation, or the total followed by each organisation.
    `buttons`: figure key → the data of its button (figures without a list have none).
    `not_apart`: organisations in the total but too many to show apart (a card has
    room for a few), named so the DSO can ask for one."""
    body: list[el.Element] = [el.heading(t(lang, "reports.summary.title", year=year))]
    if len(shown) == 1 and shown[0].name is not None:
        body.append(el.text(shown[0].name, spacing="None", isSubtle=True))
    several = len(shown) > 1 or bool(not_apart)
    count = len(shown) - 1 + len(not_apart)
    for place in shown:
        if several:
            title = (t(lang, "reports.summary.total", count=count) if place.name is None
                     else inert(place.name, 200))
            body.append(el.text(title, trusted=True, weight="Bolder", size="Large",
                                separator=True, spacing="Large"))
        with_buttons = place.name is None or not several
        body += [_section(lang, s, buttons if with_buttons else None) for s in place.sections]
    if not_apart:
        body.append(el.text(t(lang, "reports.summary.not_apart", year=year,
                              names=", ".join(inert(n, 100) for n in not_apart)),
                            trusted=True, separator=True))
    body.append(el.text(t(lang, "reports.summary.note"), trusted=True, isSubtle=True,
                        size="Small", separator=True))
    return el.card(body, lang=lang, fallback_text=t(lang, "reports.summary.title", year=year))
