"""The notification to IMY (Art. 33), drafted for the DSO from the report as corrected.

Only the answers on the flow's path count (a corrected answer can strand others on a
branch no longer taken). What nobody recorded shows as a gap in brackets, never as a
guess: the text claims no measure, no notification and no assessment that a person did
not record.

The notification follows the order of IMY's e-service and is always Swedish (the
e-service is). It becomes an official document (allmän handling) at IMY, so every
free text passes the personal-data guard once more and the reporter's name is never
included; the DSO's contact details are there on purpose (Art. 33(3)(b)).
"""

from __future__ import annotations

from typing import Any

from compliance.localtime import format_date, format_datetime
from dialogs.model import UNKNOWN
from features.incidents.drafts import Answers, consequence_codes, free_text, own_text, tidy
from features.incidents.flow import on_path
from features.incidents.rules.severity import Band
from features.incidents.views import (
    Controller,
    IncidentView,
    answer_text,
    aware_text,
    format_decimal,
    moment_text,
)
from i18n import t

SV = "sv"


def _gap(field: str, lang: str = SV) -> str:
    return t(lang, "imy.missing_field", field=t(lang, f"imy.field_{field}"))


def _answer(answers: Answers, step_id: str) -> str:
    """An answer as IMY reads it: "Okänt." for don't know, "" when not given."""
    if answers.get(step_id) == UNKNOWN:
        return t(SV, "imy.unknown")
    return tidy(answer_text(answers, step_id, SV))


def _moment(answers: Answers, step_id: str) -> str:
    """A date-time answer; a day given without a time as the day with "(tid okänd)"."""
    if answers.get(step_id) == UNKNOWN:
        return t(SV, "imy.unknown")
    return moment_text(answers, step_id, SV)


def _with_other(answers: Answers, step_id: str, other_id: str, lang: str = SV) -> str:
    """Choice labels, the "other" one followed by what the reporter wrote."""
    given = answers.get(step_id)
    if given is None or given == UNKNOWN:
        return _answer(answers, step_id)
    other = tidy(answer_text(answers, other_id, lang))
    labels = []
    for value in given if isinstance(given, list) else [given]:
        label = answer_text({step_id: [value]}, step_id, lang)
        labels.append(f"{label} ({other})" if value == "other" and other else label)
    return ", ".join(labels)


def _measures(view: IncidentView, answers: Answers, lang: str) -> str:
    """The recorded measures, then the reporter's unless the DSO's record already holds them."""
    kept: list[str] = []
    for part in (free_text(view.measures, lang), tidy(answer_text(answers, "measures", lang))):
        if part and not any(part.casefold() in k.casefold() for k in kept):
            kept.append(part)
    return "\n".join(kept)


def _grounds(view: IncidentView, lang: str) -> str:
    return " ".join(t(lang, f"incident.severity.why.ground_{g}") for g in view.assessment.grounds)


def likely_consequences(view: IncidentView, lang: str) -> list[str]:
    """The likely consequences for the data subjects, in plain language, from the facts."""
    codes = consequence_codes(view) or ["none"]
    return [t(lang, f"imy.consequence.{code}", grounds=_grounds(view, lang))
            if code == "unlikely" else t(lang, f"imy.consequence.{code}") for code in codes]


# -- the notification to IMY -----------------------------------------------------------------

def _h(key: str, **params: Any) -> str:
    return t(SV, f"imy.{key}", **params)


def _phase(view: IncidentView) -> list[tuple[str, str]]:
    """Art. 33(4): a preliminary notification says so, and when the supplement comes.
    First, as it frames everything that follows."""
    if view.notification_phase != "preliminary":
        return []
    supplemented = view.imy_supplement_at is not None
    lines = [_h("phase_supplement" if supplemented else "phase_preliminary")]
    if view.imy_notified_at is not None:
        lines.append(_h("phase_notified", day=format_date(view.imy_notified_at)))
    if view.imy_supplement_at is not None:
        lines.append(_h("phase_supplemented", day=format_date(view.imy_supplement_at)))
    elif view.supplement_due is not None:
        lines.append(_h("phase_due", day=format_date(view.supplement_due)))
    return [("phase", "\n".join(lines))]


def _controller(c: Controller) -> list[tuple[str, str]]:
    dso = [_h("dso_name", name=own_text(c.dso_name) or _gap("dso_name")),
           _h("dso_email", email=own_text(c.dso_email) or _gap("dso_email"))]
    return [("controller", free_text(c.name) or _gap("controller")),
            ("org_number", own_text(c.org_number) or _gap("org_number")),
            ("address", free_text(c.address) or _gap("address")),
            ("sector", _h("sector_public")),  # the product serves public bodies only
            ("dso_contact", "\n".join(dso))]


def _references(view: IncidentView) -> str:
    lines = [_h("reference_internal", reference=view.reference)]
    if view.diarienummer:
        lines.append(_h("reference_diarienummer", diarienummer=own_text(view.diarienummer)))
    if view.imy_reference:
        lines.append(_h("reference_imy", imy_reference=own_text(view.imy_reference)))
    return "\n".join(lines)


def _ceased(view: IncidentView, answers: Answers) -> str:
    when = moment_text(answers, "ceased_at", SV) if answers.get("ceased_at") != UNKNOWN else ""
    if not when and view.ceased_at is not None:
        when = format_datetime(view.ceased_at)
    if answers.get("ongoing") == "no" or view.ceased_at is not None:
        return _h("ceased_at", when=when) if when else _h("ceased_yes")
    return _h("ceased_no") if answers.get("ongoing") == "yes" else _h("unknown")


def _processor(answers: Answers) -> str:
    name = tidy(answer_text(answers, "processor_name", SV))
    given = _answer(answers, "processor")
    return f"{given}: {name}" if given and name else given


def _severity(view: IncidentView) -> list[tuple[str, str]]:
    """Only a band a person confirmed is the controller's own assessment; until then the
    notification shows a gap, and the score apart, labelled as the support's advice."""
    if view.own_assessment in set(Band):
        own = t(SV, f"incident.severity.band.{view.own_assessment}")
        return [("own_assessment", own[:1].upper() + own[1:])]
    a = view.assessment
    advice = _h("support_text", band=t(SV, f"incident.severity.band.{a.band}"),
                score=format_decimal(a.score, SV))
    return [("own_assessment", _gap("own_assessment")), ("support", advice)]


def _informed(view: IncidentView) -> str:
    """Told: when and how. Not told: the Art. 34(3) exception relied on and/or why."""
    if view.subjects_informed is True:
        day = format_date(view.subjects_informed_on) if view.subjects_informed_on else ""
        method = free_text(view.subjects_informed_method)
        return "\n".join([_h("informed_yes"), _h("informed_on", day=day or _gap("informed_on")),
                          _h("informed_how", method=method or _gap("informed_how"))])
    told_not = view.subjects_informed is False
    lines = [_h("informed_no" if told_not else "informed_not_yet")]
    if view.art34_exception:
        lines.append(_h(f"art34_{view.art34_exception}"))
    reason = free_text(view.subjects_informed_reason)
    if reason:
        lines.append(_h("informed_reason", reason=reason))
    elif told_not and not view.art34_exception:
        lines.append(_gap("informed_reason"))
    return "\n".join(lines)


def _near_miss(view: IncidentView) -> str:
    return "\n".join([_h("near_miss_title", reference=view.reference), _h("near_miss")])


def imy_notification_text(view: IncidentView, controller: Controller) -> str:
    """The notification in Swedish, block by block in the order of IMY's e-service
    (each block: the e-service's question, then the answer to copy)."""
    if view.near_miss:
        return _near_miss(view)
    answers = on_path(view.answers)
    gap = _gap("answer")

    def answer(step_id: str) -> str:
        return _answer(answers, step_id) or gap

    def moment(step_id: str) -> str:
        return _moment(answers, step_id) or gap

    blocks: list[tuple[str, str]] = [
        *_phase(view),
        *_controller(controller),
        ("references", _references(view)),
        ("breach_type", answer("breach_type")),
        ("description", answer("description")),
        ("occurred", moment("occurred_at")),
        ("discovered", moment("discovered_at")),
        ("aware", aware_text(view, SV) or _gap("aware")),
    ]
    if view.delay_to_explain:
        blocks.append(("delay", free_text(view.late_reason) or _gap("delay")))
    blocks += [
        ("ceased", _ceased(view, answers)),
        ("discovery", answer("discovery")),
        ("cause", _with_other(answers, "cause", "cause_other") or gap),
        ("subjects", _with_other(answers, "subject_categories", "subjects_other") or gap),
        ("people", answer("people_count")),
        ("data", _with_other(answers, "data_categories", "data_other") or gap),
        ("records", answer("records_count")),
    ]
    system = _answer(answers, "system")
    if system:
        blocks.append(("system", system))
    blocks += [
        ("processor", _processor(answers) or gap),
        ("consequences", "\n".join(likely_consequences(view, SV))),
        *_severity(view),
        ("measures", _measures(view, answers, SV) or _gap("measures")),
        ("informed", _informed(view)),
    ]
    return "\n\n".join([_h("reminder"), *(f"{_h(key)}\n{body}" for key, body in blocks)])
