"""The notification to IMY and the message to the people affected, as plain text.

The notification follows the order of IMY's e-service questions, so the DSO can
copy it field by field. It is always Swedish: the e-service is. It becomes an
official document (allmän handling) at IMY, so every free text passes the
personal-data guard once more, and the reporter's name is never included.
The DSO's own contact details are included on purpose (Art. 33(3)(b)).
"""

from __future__ import annotations

from collections.abc import Sequence

from compliance import pii
from compliance.localtime import format_datetime, to_local
from features.incidents.rules.breach import VULNERABLE_SUBJECTS
from features.incidents.rules.severity import Suggestion
from features.incidents.views import IncidentView, answer_text, format_decimal
from i18n import t

SV = "sv"


def _section(heading: str, body: str) -> str:
    return f"{heading}\n{body}"


def _masked(value: str | None, lang: str) -> str:
    return pii.mask(value.strip(), lang) if value and value.strip() else ""


def _or_missing(value: str, lang: str) -> str:
    return value or t(lang, "dso.imy.missing")


def _answer(view: IncidentView, step_id: str, lang: str = SV) -> str:
    return _or_missing(answer_text(view.answers, step_id, lang), lang)


def likely_consequences(view: IncidentView, lang: str) -> list[str]:
    """Plain-language consequences drawn from the assessment and the answers."""
    data = set(view.answers.get("data_categories") or ())
    subjects = set(view.answers.get("subject_categories") or ())
    found = [key for key in ("confidentiality", "integrity", "availability")
             if view.assessment.factor(key).value > 0]
    if data & {"special", "criminal"}:
        found.append("special")
    if "identity_numbers" in data:
        found.append("identity")
    if "financial" in data:
        found.append("financial")
    if subjects & {s.value for s in VULNERABLE_SUBJECTS}:
        found.append("vulnerable")
    return [t(lang, f"dso.imy.consequence.{key}") for key in found or ["low"]]


def is_notified_late(view: IncidentView) -> bool:
    """The notification comes after the 72 hours: IMY must be told why (Art. 33(1))."""
    if view.submitted_late:
        return True
    if view.imy_notified_on is not None:
        return view.imy_notified_on > to_local(view.deadline).date()
    return view.overdue


def _ongoing(view: IncidentView) -> str:
    answer = view.answers.get("ongoing")
    key = {"yes": "ongoing_yes", "no": "ongoing_no"}.get(str(answer), "ongoing_unknown")
    return t(SV, f"dso.imy.{key}")


def _processor(view: IncidentView) -> str:
    name = answer_text(view.answers, "processor_name", SV)
    return name or _answer(view, "processor")


def _measures(view: IncidentView, lang: str) -> str:
    parts = [_masked(view.measures, lang), answer_text(view.answers, "measures", lang)]
    return "\n".join(dict.fromkeys(p for p in parts if p))


def _informed(view: IncidentView) -> str:
    key = {True: "informed_yes", False: "informed_no"}.get(view.subjects_informed,
                                                              "informed_not_yet")
    reason = _masked(view.subjects_informed_reason, SV)
    lines = [t(SV, f"dso.imy.{key}")]
    if reason:
        lines.append(t(SV, "dso.imy.informed_why", reason=reason))
    return "\n".join(lines)


def _dso_contact(dso_name: str | None, dso_email: str | None) -> str:
    return _or_missing(", ".join(p.strip() for p in (dso_name, dso_email) if p and p.strip()),
                       SV)


def _severity(view: IncidentView) -> str:
    a = view.assessment
    band = t(SV, f"incident.severity.band.{a.band}")
    return t(SV, "dso.imy.severity_text", band=band.capitalize(),
             score=format_decimal(a.score, SV))


def imy_notification_text(view: IncidentView, *, organisation_name: str,
                          dso_name: str | None, dso_email: str | None) -> str:
    """The notification in Swedish, arranged by IMY's e-service questions."""
    def h(key: str) -> str:
        return t(SV, f"dso.imy.{key}")

    cause = _answer(view, "cause")
    cause_other = answer_text(view.answers, "cause_other", SV)
    if cause_other:
        cause = f"{cause}: {cause_other}"
    sections: list[tuple[str, str]] = [
        (h("controller"), _or_missing(organisation_name.strip(), SV)),
        (h("internal_reference"), view.reference),
        (h("dso_contact"), _dso_contact(dso_name, dso_email)),
        (h("what_happened"), _answer(view, "breach_type")),
        (h("description"), _answer(view, "description")),
        (h("occurred"), _answer(view, "occurred_at")),
        (h("discovered"), _answer(view, "discovered_at")),
        (h("aware"), format_datetime(view.aware_at) if view.aware_at else h("missing")),
        (h("ceased"), _ongoing(view)),
        (h("discovery"), _answer(view, "discovery")),
        (h("cause"), cause),
        (h("system"), _answer(view, "system")),
        (h("processor"), _processor(view)),
        (h("subjects"), _answer(view, "subject_categories")),
        (h("data"), _answer(view, "data_categories")),
        (h("people"), _answer(view, "people_count")),
        (h("records"), _answer(view, "records_count")),
        (h("consequences"), "\n".join(likely_consequences(view, SV))),
        (h("severity"), _severity(view)),
        (h("measures"), _or_missing(_measures(view, SV), SV)),
        (h("informed"), _informed(view)),
    ]
    if is_notified_late(view):
        sections.append((h("delay"), _masked(view.late_reason, SV) or h("delay_missing")))
    return "\n\n".join([h("reminder"), *(_section(*s) for s in sections)])


def _contact(lang: str, dso_name: str | None, dso_email: str | None) -> str:
    name = t(lang, "dso.notice.contact_name", name=dso_name.strip()) if dso_name else ""
    email = t(lang, "dso.notice.contact_email", email=dso_email.strip()) if dso_email else ""
    return t(lang, "dso.notice.contact", name=name, email=email)


def _paragraphs(parts: Sequence[str]) -> str:
    return "\n\n".join(p for p in parts if p)


def subjects_notice_text(view: IncidentView, *, organisation_name: str, dso_name: str | None,
                         dso_email: str | None, lang: str = "sv") -> str:
    """A draft message to the people affected (Art. 34), in clear language.

    A draft on purpose: the DSO knows what the people affected already know and
    adapts the wording before anything is sent.
    """
    def n(key: str, **params: str) -> str:
        return t(lang, f"dso.notice.{key}", **params)

    what = n("what_text", type=_answer(view, "breach_type", lang),
             data=_answer(view, "data_categories", lang).lower())
    occurred = answer_text(view.answers, "occurred_at", lang)
    data = set(view.answers.get("data_categories") or ())
    advice = [n("advice_general")]
    if "identity_numbers" in data:
        advice.append(n("advice_identity"))
    return _paragraphs([
        n("greeting"),
        n("intro", organisation=organisation_name.strip()),
        _section(n("what"), what + (f" {n('when', when=occurred)}"
                                    if occurred and occurred != t(lang, "dialog.unknown")
                                    else "")),
        _section(n("consequences"), "\n".join(likely_consequences(view, lang))),
        _section(n("done"), _measures(view, lang) or n("done_default")),
        _section(n("advice"), "\n".join(advice)),
        _contact(lang, dso_name, dso_email),
        n("rights"),
        n("regards", organisation=organisation_name.strip()),
    ])


def subjects_notice_suggested(view: IncidentView) -> bool:
    """The assessment or the DSO's decision points to informing the people affected."""
    return view.assessment.suggestion is Suggestion.HIGH_RISK or view.subjects_informed is True

