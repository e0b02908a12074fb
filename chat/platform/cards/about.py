"""Our own Art. 13 information: what the bot stores about people, why, how long."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cards import elements as el
from cards.safe import inert
from chat.retention import Schedule
from i18n import Lang, t

# Configured addresses are shown as-is (Teams makes them clickable);
# anything that does not look like an address is shown inert instead.
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")


def _section(lang: Lang, key: str, *paragraphs: str) -> list[el.Element]:
    return [
        el.heading(t(lang, f"about.{key}_heading"), size="Medium", spacing="Medium"),
        *(el.text(p, trusted=True) for p in paragraphs),
    ]


def about_card(
    lang: Lang,
    *,
    organisation_name: str | None,
    dso_name: str | None,
    dso_email: str | None,
    schedule: Schedule | None = None,
    purposes: Sequence[str] = (),
) -> el.Element:
    """`purposes`: each installed capability's account of what it stores and why
    (catalog keys)."""
    controller = (
        t(lang, "about.controller", organisation=inert(organisation_name, 120))
        if organisation_name
        else t(lang, "about.controller_unknown")
    )
    how_long = [t(lang, "about.how_long")]
    if schedule is not None:
        closed = "about.retention_closed_archive" if schedule.require_archive \
            else "about.retention_closed"
        how_long += [
            t(lang, "about.retention_drafts", days=schedule.draft_days),
            t(lang, closed, years=schedule.closed_years),
            t(lang, "about.retention_people", days=schedule.people_days),
            t(lang, "about.retention_audit", years=schedule.audit_years),
        ]
    if dso_name:
        dso = [t(lang, "about.dso", name=inert(dso_name, 120))]
        if dso_email:
            shown = dso_email if _EMAIL.match(dso_email) else inert(dso_email, 120)
            dso.append(t(lang, "about.dso_email", email=shown))
    else:
        dso = [t(lang, "about.dso_missing")]
    body = [
        el.heading(t(lang, "about.title")),
        el.text(t(lang, "about.intro"), trusted=True),
        *_section(lang, "controller", controller),
        *_section(lang, "what", t(lang, "about.what")),
        *_section(lang, "why", t(lang, "about.why"), *(t(lang, key) for key in purposes),
                  t(lang, "about.public_record")),
        *_section(lang, "how_long", *how_long),
        *_section(lang, "dso", *dso),
        *_section(lang, "rights", t(lang, "about.rights"), t(lang, "about.complaint")),
    ]
    return el.card(body, lang=lang, fallback_text=t(lang, "about.title"))
