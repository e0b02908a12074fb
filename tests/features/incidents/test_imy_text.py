"""The notification text for IMY and the draft message to the people affected."""

from datetime import date, timedelta

import pytest

from compliance.pii import MASK_LABELS
from features.incidents.cards.samples import AWARE, sample_view
from features.incidents.imy_text import imy_notification_text, subjects_notice_text
from features.incidents.views import format_decimal
from i18n import t

ORG = "Barn- och utbildningsnämnden"


def notification(view, **kw):
    params = dict(organisation_name=ORG, dso_name="Dina DSO", dso_email="dso@kommun.example")
    return imy_notification_text(view, **{**params, **kw})


def sections(text: str) -> dict[str, str]:
    """Heading → body; the first block is the reminder."""
    found = {}
    for block in text.split("\n\n")[1:]:
        heading, _, body = block.partition("\n")
        found[heading] = body
    return found


def h(key: str) -> str:
    return t("sv", f"dso.imy.{key}")


def test_the_reminder_about_official_documents_comes_first():
    text = notification(sample_view())
    assert text.startswith(h("reminder"))


def test_each_answer_lands_in_its_section():
    view = sample_view("en")  # the DSO's language does not matter: IMY's e-service is Swedish
    found = sections(notification(view))
    assert found[h("controller")] == ORG
    assert found[h("internal_reference")] == "PUI-2026-0007"
    assert found[h("dso_contact")] == "Dina DSO, dso@kommun.example"
    assert found[h("what_happened")] == t("sv", "incident.breach_type.misdirected")
    assert "Mejlet gick till fel" in found[h("description")]
    assert found[h("occurred")] == "2026-03-26 15:10"
    assert found[h("discovered")] == "2026-03-27 08:00"
    assert found[h("aware")] == "2026-03-27 09:30"
    assert found[h("ceased")] == h("ongoing_no")
    assert found[h("discovery")] == t("sv", "incident.discovery.outsider")
    assert found[h("cause")] == t("sv", "incident.cause.human_error")
    assert found[h("subjects")] == ", ".join(
        t("sv", f"incident.subjects.{key}") for key in ("pupils", "children"))
    assert t("sv", "incident.data.special") in found[h("data")]
    assert found[h("people")] == t("sv", "dialog.number.approx", n="20–30")
    assert found[h("records")] == "1"
    assert t("sv", "dso.imy.consequence.identity") in found[h("consequences")]
    assert found[h("severity")] == t(
        "sv", "dso.imy.severity_text",
        band=t("sv", "incident.severity.band.very_high").capitalize(),
        score=format_decimal(view.assessment.score, "sv"))
    assert "Mejlet gick till fel" in found[h("measures")]
    assert found[h("informed")] == h("informed_not_yet")
    assert h("delay") not in found


def test_other_cause_ongoing_and_unknown_answers():
    view = sample_view(answers={"cause": "other", "cause_other": "Skrivaren skrev ut fel lista",
                                "ongoing": "yes", "occurred_at": "unknown"})
    found = sections(notification(view))
    assert found[h("cause")] == t("sv", "incident.cause.other") + ": Skrivaren skrev ut fel lista"
    assert found[h("ceased")] == h("ongoing_yes")
    assert found[h("occurred")] == t("sv", "dialog.unknown")


def test_no_identity_number_email_or_reporter_name_leaks():
    view = sample_view(pii_flag=True, measures="Ring 070-123 45 67 eller mejla a.b@skola.example",
                       late_reason="Väntade på 19811218-9876", reporter_name="Rita Rapportör",
                       submitted_at=AWARE + timedelta(hours=80))
    text = notification(view)
    for leak in ("811218-9876", "elev@skola", "a.b@skola", "070-123", "Rita Rapportör"):
        assert leak not in text
    assert MASK_LABELS["sv"]["personnummer"] in text and MASK_LABELS["sv"]["email"] in text
    assert "dso@kommun.example" in text  # the DSO's contact is meant to be there


def test_a_late_report_gives_the_reasons_for_delay():
    view = sample_view(submitted_at=AWARE + timedelta(hours=80), now=AWARE + timedelta(hours=81),
                       late_reason="Rapporten kom in efter helgen.")
    assert sections(notification(view))[h("delay")] == "Rapporten kom in efter helgen."
    missing = sections(notification(sample_view(now=AWARE + timedelta(hours=90))))
    assert missing[h("delay")] == h("delay_missing")  # overdue: the DSO is told to fill it in


def test_notified_on_time_needs_no_delay_section():
    view = sample_view(imy_notified_on=date(2026, 3, 29), now=AWARE + timedelta(hours=200))
    assert h("delay") not in sections(notification(view))
    late = sample_view(imy_notified_on=date(2026, 3, 31), now=AWARE + timedelta(hours=200))
    assert h("delay") in sections(notification(late))


def test_informed_with_reason_and_missing_contact():
    view = sample_view(subjects_informed=False, subjects_informed_reason="Kan inte nås")
    found = sections(notification(view, dso_name=None, dso_email=None))
    assert found[h("informed")] == (
        h("informed_no") + "\n" + t("sv", "dso.imy.informed_why", reason="Kan inte nås"))
    assert found[h("dso_contact")] == h("missing")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_subjects_notice_is_clear_and_gives_the_dso_contact(lang):
    text = subjects_notice_text(sample_view(lang), organisation_name=ORG, dso_name="Dina DSO",
                                dso_email="dso@kommun.example", lang=lang)
    assert "Dina DSO" in text and "dso@kommun.example" in text
    assert ORG in text
    assert t(lang, "dso.notice.advice_identity") in text  # identity numbers were exposed
    assert t(lang, "incident.breach_type.misdirected") in text
    assert "811218-9876" not in text and "elev@skola" not in text


def test_the_subjects_notice_without_a_dso_name_still_has_a_contact_sentence():
    text = subjects_notice_text(sample_view(), organisation_name=ORG, dso_name=None,
                                dso_email="dso@kommun.example")
    contact = t("sv", "dso.notice.contact_email", email="dso@kommun.example")
    assert t("sv", "dso.notice.contact", name="", email=contact) in text
