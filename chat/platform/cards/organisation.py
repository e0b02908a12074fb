"""Asked once: which organisation (controller) a person works for."""

from __future__ import annotations

from collections.abc import Sequence

from cards import elements as el
from i18n import Lang, t

FIELD = "organisation"


def choose_organisation_card(
    lang: Lang, organisations: Sequence[tuple[int, str]], *, error: bool = False
) -> el.Element:
    """`organisations` are (id, name); names pass through as plain choice titles."""
    body = [
        el.heading(t(lang, "bot.choose_organisation_title")),
        el.text(t(lang, "bot.choose_organisation_intro"), trusted=True),
        el.input_choice_set(
            FIELD,
            [(name, str(org_id)) for org_id, name in organisations],
            label=t(lang, "bot.choose_organisation_label"),
            required=True,
            error_message=t(lang, "bot.organisation_invalid"),
        ),
    ]
    if error:
        body.append(el.text(t(lang, "bot.organisation_invalid"), trusted=True, color="Attention"))
    actions = [el.action_submit(t(lang, "bot.choose_organisation_submit"), "org.choose")]
    return el.card(body, actions, lang=lang, fallback_text=t(lang, "bot.choose_organisation_title"))
