"""The letter to the people affected (Art. 34), drafted for the DSO in plain Swedish or
English from the report as corrected: what happened in a sentence, what it may mean,
what we have done (only what is recorded; a gap otherwise), what the person can do,
and whom to contact.
"""

from __future__ import annotations

from features.incidents.drafts import (
    IMY_ONLY,
    Answers,
    consequence_codes,
    day_of,
    free_text,
    own_text,
    tidy,
)
from features.incidents.flow import breach_facts, on_path
from features.incidents.rules.breach import BreachType, Consequence, DataCategory
from features.incidents.rules.severity import Suggestion
from features.incidents.rules.workflow import Decision, DsoAdvice
from features.incidents.views import Controller, IncidentView, answer_text
from i18n import t


def _listed(items: list[str], lang: str) -> str:
    """Words joined as in a sentence: "a, b och c" / "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t(lang, 'letter.data_and')} {items[-1]}"


def _letter_data(answers: Answers, lang: str) -> str:
    given = answers.get("data_categories")
    if not isinstance(given, list):
        return ""
    other = tidy(answer_text(answers, "data_other", lang))
    words = [other if value == "other" and other else t(lang, f"letter.data_{value}")
             for value in given if value in set(DataCategory)]
    return _listed(list(dict.fromkeys(words)), lang)


def _what(answers: Answers, lang: str) -> str:
    kind = answers.get("breach_type")
    sentences = [t(lang, f"letter.what_{kind if kind in set(BreachType) else 'unsure'}")]
    data = _letter_data(answers, lang)
    if data:
        sentences.append(t(lang, "letter.data", data=data))
    day = day_of(answers, "occurred_at")
    if day:
        sentences.append(t(lang, "letter.when", day=day))
    return " ".join(sentences)


def _done(view: IncidentView, lang: str) -> str:
    # Only what was recorded: no default claim that damage was limited or IMY told.
    lines = [free_text(view.measures, lang) or t(lang, "letter.done_missing")]
    if view.decision == Decision.NOTIFIED:
        lines.append(t(lang, "letter.done_imy"))
    return "\n".join(lines)


def _advice(view: IncidentView, lang: str) -> str:
    facts = breach_facts(view.answers)
    data, said = facts.data, facts.consequences
    fitting = (("identity", DataCategory.IDENTITY_NUMBERS in data
                or Consequence.IDENTITY_FRAUD in said),
               ("credentials", DataCategory.CREDENTIALS in data),
               ("financial", DataCategory.FINANCIAL in data or Consequence.FINANCIAL_LOSS in said),
               ("protected", DataCategory.PROTECTED_IDENTITY in data
                or Consequence.PHYSICAL_HARM in said),
               ("general", True))
    return "\n".join(t(lang, f"letter.advice_{key}") for key, fits in fitting if fits)


def _contact(c: Controller, lang: str) -> str:
    name, email = own_text(c.dso_name), own_text(c.dso_email)
    if not name and not email:
        return t(lang, "letter.contact", contact=t(lang, "letter.contact_missing"))
    parts = [name, email or t(lang, "letter.contact_email_missing")]
    return t(lang, "letter.contact", contact=", ".join(p for p in parts if p))


def subjects_notice_text(view: IncidentView, controller: Controller, lang: str = "sv") -> str:
    """A draft letter to the people affected (Art. 34(2)), in plain language, for the DSO
    to adapt: they know what the people affected already know. Empty for a near miss:
    nothing happened to anyone's data."""
    if view.near_miss:
        return ""
    answers = on_path(view.answers)
    organisation = free_text(controller.name, lang) or t(lang, "letter.organisation_missing")
    codes = [c for c in consequence_codes(view) if c not in IMY_ONLY] or ["none"]
    sections = [
        t(lang, "letter.greeting"),
        t(lang, "letter.intro", organisation=organisation),
        f"{t(lang, 'letter.what')}\n{_what(answers, lang)}",
        f"{t(lang, 'letter.means')}\n" + " ".join(t(lang, f"letter.means_{c}") for c in codes),
        f"{t(lang, 'letter.done')}\n{_done(view, lang)}",
        f"{t(lang, 'letter.advice')}\n{_advice(view, lang)}",
        _contact(controller, lang),
        t(lang, "letter.rights"),
        t(lang, "letter.regards", organisation=organisation),
    ]
    return "\n\n".join(sections)


def subjects_notice_suggested(view: IncidentView) -> bool:
    """Whether to offer the letter: the support sees a high risk, the DSO advised informing
    the people affected, or they were informed. Never for a near miss."""
    if view.near_miss:
        return False
    return (view.assessment.suggestion is Suggestion.HIGH_RISK
            or view.dso_advice == DsoAdvice.NOTIFY_AND_INFORM
            or view.subjects_informed is True)
