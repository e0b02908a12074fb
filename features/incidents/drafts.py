"""What the two drafts for the DSO share: the notification to IMY (`imy_text`) and the
letter to the people affected (`letter`). Text helpers, and the likely consequences
drawn once from the corrected facts, as codes each draft words for its reader.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cards.safe import plain
from compliance import pii
from compliance.localtime import format_date
from dialogs.format import parse_stored_moment
from dialogs.model import UNKNOWN
from features.incidents.flow import breach_facts
from features.incidents.rules.breach import (
    CONFIDENTIALITY_BREACHES,
    VULNERABLE_SUBJECTS,
    BreachFacts,
    BreachType,
    Consequence,
    DataCategory,
    Encryption,
    Permanence,
    Recipients,
    Retrieval,
)
from features.incidents.rules.severity import Suggestion
from features.incidents.views import (
    IncidentView,
)

SV = "sv"
Answers = Mapping[str, Any]


_BLANK_LINES = re.compile(r"\n\s*\n")


def tidy(text: str) -> str:
    # Blocks are separated by blank lines; one inside a free text would split its block.
    return _BLANK_LINES.sub("\n", text.strip())


def free_text(value: str | None, lang: str = SV) -> str:
    """Text a person typed: plain, personal data masked."""
    return tidy(pii.mask(plain(value, None), lang)) if value else ""


def own_text(value: str | None) -> str:
    """Identifiers and contact details kept on purpose (org number, diarienummer, the DSO's
    e-mail): plain, but not masked, or the guard would take out what IMY must get."""
    return plain(value, None).strip() if value else ""


def day_of(answers: Answers, step_id: str) -> str:
    """The day of a moment answer, "" when not given or unknown."""
    value = answers.get(step_id)
    if not isinstance(value, str) or value == UNKNOWN:
        return ""
    return format_date(parse_stored_moment(value))


# -- likely consequences ---------------------------------------------------------------------
# One set of codes from the corrected facts; the notification words them about "the data
# subjects" (`imy.consequence.<code>`), the letter to "you" (`letter.means_<code>`).

# Exposure the facts rule out, as the severity rules' strong grounds do.
_NOT_EXPOSED = frozenset({"encrypted", "nobody_saw", "retrieved"})
_DATA = ((frozenset({DataCategory.SPECIAL, DataCategory.CRIMINAL}), "special"),
         (frozenset({DataCategory.PROTECTED_IDENTITY}), "protected"),
         (frozenset({DataCategory.IDENTITY_NUMBERS}), "identity"),
         (frozenset({DataCategory.FINANCIAL}), "financial"),
         (frozenset({DataCategory.CREDENTIALS}), "credentials"),
         (frozenset({DataCategory.SECRECY}), "secrecy"),
         (frozenset({DataCategory.BEHAVIOURAL}), "behavioural"))
# What the reporter said it may lead to, unless a sentence on the data says it already.
_REPORTED = ((Consequence.IDENTITY_FRAUD, "fraud", "identity"),
             (Consequence.FINANCIAL_LOSS, "financial_loss", "financial"),
             (Consequence.DISCRIMINATION, "discrimination", "special"),
             (Consequence.PHYSICAL_HARM, "safety", "protected"),
             (Consequence.REPUTATION, "reputation", None),
             (Consequence.DISTRESS, "distress", None),
             (Consequence.LOSS_OF_CONTROL, "control", None))
# Said to IMY only: the letter speaks to one person about their own situation.
IMY_ONLY = frozenset({"vulnerable", "lasting", "temporary", "unlikely"})


def _who_saw(facts: BreachFacts) -> str:
    lost = facts.breach_type is BreachType.LOSS
    retrieved = facts.retrieval is Retrieval.CONFIRMED
    if facts.encryption is Encryption.SAFE:
        return "encrypted"
    match facts.recipients:
        case Recipients.NOBODY if retrieved:
            return "nobody_saw"
        case Recipients.TRUSTED | Recipients.KNOWN:
            return "retrieved" if retrieved else "seen_known"
        case Recipients.MANY:
            return "seen_many"
        case Recipients.PUBLIC:
            return "published"
    return "lost" if lost else "seen"


def consequence_codes(view: IncidentView) -> list[str]:
    facts = breach_facts(view.answers)  # reads only the answers on the path
    disclosed = facts.breach_type is None or facts.breach_type in CONFIDENTIALITY_BREACHES
    seen = _who_saw(facts) if disclosed else None
    codes = [seen] if seen else []
    codes += {BreachType.DESTRUCTION: ["destroyed"], BreachType.LOSS: ["unavailable"],
              BreachType.ALTERATION: ["altered"]}.get(facts.breach_type, [])
    # What the data could do in others' hands matters only when others may have them.
    if seen and seen not in _NOT_EXPOSED:
        codes += [code for categories, code in _DATA if facts.data & categories]
    if facts.subjects & VULNERABLE_SUBJECTS:
        codes.append("vulnerable")
    codes += [code for reported, code, said_by in _REPORTED
              if reported in facts.consequences and said_by not in codes]
    codes += {Permanence.LASTING: ["lasting"], Permanence.TEMPORARY: ["temporary"]
              }.get(facts.permanence, [])
    if view.assessment.suggestion is Suggestion.NOT_NOTIFIABLE:
        codes.append("unlikely")
    return codes
