"""The notification to IMY and the draft letter to the people affected, as a DSO reads them.

Each test states the facts of an incident (the report's answers as corrected, and what
the DSO recorded) and what the text must then say. The base case: at a school, an
e-mail with a pupil list went to the wrong guardian on 19 November 2026; the school
became aware on 20 November at 09:30.
"""

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from features.incidents.cards.imy import imy_text_card
from features.incidents.flow import breach_facts, stored_columns
from features.incidents.imy_text import imy_notification_text, likely_consequences
from features.incidents.letter import subjects_notice_suggested, subjects_notice_text
from features.incidents.records import summary_of
from features.incidents.rules.breach import (
    BreachType,
    Consequence,
    DataCategory,
    Encryption,
    Permanence,
    Recipients,
)
from features.incidents.rules.severity import Band, Suggestion, assess
from features.incidents.rules.workflow import Art34Exception
from features.incidents.views import Controller, CorrectionView, IncidentView, aware_text
from i18n import t

STOCKHOLM = ZoneInfo("Europe/Stockholm")
AWARE = datetime(2026, 11, 20, 9, 30, tzinfo=STOCKHOLM)

REPORT: dict[str, Any] = {
    "event": "breach",
    "breach_type": "misdirected",
    "description": "Ett mejl med en elevlista skickades till fel vårdnadshavare.",
    "occurred_at": "2026-11-19T14:10:00+01:00",
    "discovered_at": "2026-11-20T08:00:00+01:00",
    "aware_at": "2026-11-20T09:30:00+01:00",
    "ongoing": "no",
    "ceased_at": "2026-11-20T10:00:00+01:00",
    "discovery": "outsider",
    "cause": "human_error",
    "data_categories": ["ordinary", "identity_numbers"],
    "subject_categories": ["pupils"],
    "people_count": {"min": 25, "max": 25, "approx": True},
    "records_count": {"min": 1, "max": 1, "approx": False},
    "encryption": "no",
    "recipients": "known_other",
    "retrieval": "unknown",
    "consequences": ["distress"],
    "permanence": "unknown",
    "system": {"id": None, "label": "Skolportalen"},
    "processor": "no",
    "measures": "Mottagaren har ombetts radera mejlet.",
    "unit": "Skolförvaltningen",
}

NAMNDEN = Controller(name="Barn- och utbildningsnämnden", org_number="212000-0142",
                     address="Box 100, 111 11 Staden", dso_name="Dina Dataskydd",
                     dso_email="dso@kommun.example")


def incident(answers: dict[str, Any] | None = None, **recorded: Any) -> IncidentView:
    """The incident as the DSO's card sees it: the answers (as corrected), the columns and
    the assessment that follow from them, and what the DSO recorded."""
    answers = {**REPORT, **(answers or {})}
    columns = stored_columns(answers)
    view = IncidentView(
        id="inc-7", revision=2, reference="PUI-2026-0007", status="in_review",
        reporter_name="Rita Rapportör", owner_name="Dina Dataskydd",
        submitted_at=AWARE + timedelta(hours=2), aware_at=columns["aware_at"],
        now=AWARE + timedelta(hours=20), answers=answers, summary=summary_of(answers, "sv"),
        assessment=assess(breach_facts(answers)), near_miss=columns["near_miss"],
        ceased_at=columns["ceased_at"])
    return replace(view, **recorded)


def notification(view: IncidentView, controller: Controller = NAMNDEN) -> str:
    return imy_notification_text(view, controller)


def letter(view: IncidentView, controller: Controller = NAMNDEN, lang: str = "sv") -> str:
    return subjects_notice_text(view, controller, lang)


def h(key: str) -> str:
    """A heading of the notification: the question of IMY's e-service."""
    return t("sv", f"imy.{key}")


def sections(text: str) -> dict[str, str]:
    """Heading → what is written under it (the first block is the reminder)."""
    found = {}
    for block in text.split("\n\n")[1:]:
        heading, _, body = block.partition("\n")
        found[heading] = body
    return found


# -- the notification: who notifies --------------------------------------------------------

def test_the_controller_is_named_with_org_number_address_sector_and_dso():
    found = sections(notification(incident()))
    assert found[h("controller")] == "Barn- och utbildningsnämnden"
    assert found[h("org_number")] == "212000-0142"
    assert found[h("address")] == "Box 100, 111 11 Staden"
    assert found[h("sector")] == "Offentlig sektor"
    assert found[h("dso_contact")] == "Namn: Dina Dataskydd\nE-post: dso@kommun.example"


def test_missing_controller_details_are_visible_gaps():
    found = sections(notification(incident(), Controller(name="Barn- och utbildningsnämnden")))
    assert found[h("org_number")] == "[Komplettera: organisationsnummer]"
    assert found[h("address")] == "[Komplettera: adress]"
    assert found[h("dso_contact")] == ("Namn: [Komplettera: dataskyddsombudets namn]\n"
                                       "E-post: [Komplettera: dataskyddsombudets e-postadress]")


def test_our_references_are_the_case_number_and_the_diarienummer_when_registered():
    found = sections(notification(incident(diarienummer="BUN 2026/117")))
    assert found[h("references")] == ("Internt ärendenummer: PUI-2026-0007\n"
                                      "Diarienummer: BUN 2026/117")
    assert "Diarienummer" not in sections(notification(incident()))[h("references")]


# -- the notification: what happened -------------------------------------------------------

def test_the_blocks_follow_imys_e_service():
    headings = list(sections(notification(incident())))
    assert headings == [h(key) for key in (
        "controller", "org_number", "address", "sector", "dso_contact", "references",
        "breach_type", "description", "occurred", "discovered", "aware", "ceased",
        "discovery", "cause", "subjects", "people", "data", "records", "system", "processor",
        "consequences", "own_assessment", "support", "measures", "informed")]


def test_each_answer_lands_under_its_question():
    found = sections(notification(incident()))
    assert found[h("breach_type")] == "Mejl, brev eller sms till fel mottagare"
    assert found[h("description")] == (
        "Ett mejl med en elevlista skickades till fel vårdnadshavare.")
    assert found[h("occurred")] == "2026-11-19 14:10"
    assert found[h("discovered")] == "2026-11-20 08:00"
    assert found[h("aware")] == "2026-11-20 09:30"
    assert found[h("ceased")] == "Ja, den upphörde 2026-11-20 10:00."
    assert found[h("discovery")] == "Någon utomstående eller en berörd person berättade"
    assert found[h("cause")] == "Den mänskliga faktorn (ett misstag i det enskilda fallet)"
    assert found[h("subjects")] == "Elever"
    assert found[h("people")] == "ca 25"
    assert found[h("data")] == ("Vanliga personuppgifter (till exempel namn, adress, bild), "
                                "Personnummer eller samordningsnummer")
    assert found[h("records")] == "1"
    assert h("records") == "Ungefär hur många personuppgiftsposter berörs?"
    assert found[h("system")] == "Skolportalen"
    assert found[h("processor")] == "Nej"


def test_a_day_given_without_a_time_is_the_day_with_time_unknown_never_midnight():
    # The reporter knew the school became aware on 20 November, not at what time.
    view = incident({"aware_at": "2026-11-20", "occurred_at": "2026-11-19"})
    text = notification(view)
    found = sections(text)
    assert found[h("aware")] == "2026-11-20 (tid okänd)" == aware_text(view, "sv")
    assert found[h("occurred")] == "2026-11-19 (tid okänd)"
    assert "00:00" not in text


def test_an_unknown_time_of_occurrence_is_said_to_be_unknown():
    assert sections(notification(incident({"occurred_at": "unknown"})))[h("occurred")] == "Okänt."


def test_whether_the_breach_has_ceased():
    ongoing = incident({"ongoing": "yes"})
    assert sections(notification(ongoing))[h("ceased")] == "Nej, incidenten pågår fortfarande."
    unknown = incident({"ongoing": "unknown"})
    assert sections(notification(unknown))[h("ceased")] == "Okänt."
    ceased_sometime = incident({"ceased_at": "unknown"})
    assert sections(notification(ceased_sometime))[h("ceased")] == "Ja."


def test_what_the_reporter_wrote_under_other_follows_its_choice():
    view = incident({"cause": "other", "cause_other": "Autoifyllnad i mejlprogrammet",
                     "subject_categories": ["pupils", "other"], "subjects_other": "lärare",
                     "data_categories": ["ordinary", "other"], "data_other": "betyg"})
    found = sections(notification(view))
    assert found[h("cause")] == "Annat (Autoifyllnad i mejlprogrammet)"
    assert found[h("subjects")] == "Elever, Andra (lärare)"
    assert found[h("data")].endswith("Annat (betyg)")


def test_a_processor_is_named():
    view = incident({"processor": "yes", "processor_name": "Skolsystem AB"})
    assert sections(notification(view))[h("processor")] == "Ja: Skolsystem AB"


# -- the notification: consequences and severity -------------------------------------------

def test_consequences_follow_from_the_facts():
    # Identity numbers of pupils went to a known guardian; nobody confirmed deletion.
    found = sections(notification(incident()))[h("consequences")].split("\n")
    assert found == [
        "En känd mottagare har kunnat ta del av uppgifterna, och det är inte bekräftat att de "
        "har lämnats tillbaka eller raderats.",
        "Personnummer kan användas för identitetsstöld och bedrägerier, till exempel köp eller "
        "lån i de registrerades namn.",
        "Barn, elever, patienter eller klienter berörs. De är särskilt sårbara, vilket gör "
        "följderna allvarligare.",
        "Incidenten kan orsaka de registrerade oro eller obehag.",
    ]


def test_a_destroyed_disk_speaks_of_destruction_and_lasting_consequences():
    view = incident({"breach_type": "destruction", "permanence": "lasting",
                     "data_categories": ["special"], "consequences": ["none_known"]})
    text = notification(view)
    assert sections(text)[h("breach_type")] == "Förstöring (till exempel trasig dator)"
    consequences = sections(text)[h("consequences")]
    assert "Uppgifterna har förstörts och kan vara förlorade" in consequences
    assert "Följderna kan bli bestående." in consequences
    assert "diskriminering" not in consequences  # destroyed data were not disclosed
    assert "förstörelse" not in text


def test_encrypted_data_with_the_key_safe_make_a_risk_unlikely():
    view = incident({"breach_type": "loss", "encryption": "encrypted_safe",
                     "recipients": "unknown", "consequences": ["none_known"]})
    consequences = sections(notification(view))[h("consequences")]
    assert ("det är osannolikt att incidenten medför en risk för de registrerades rättigheter "
            "och friheter") in consequences
    assert "Uppgifterna var krypterade och nyckeln är i säkert förvar." in consequences
    assert "identitetsstöld" not in consequences


def test_consequences_in_english_for_the_dso():
    assert likely_consequences(incident(), "en")[0] == (
        "A known recipient has been able to see the data, and it is not confirmed that they "
        "were returned or deleted.")


def test_the_score_is_advice_until_a_person_confirms_the_own_assessment():
    view = incident()
    text = notification(view)
    found = sections(text)
    assert found[h("own_assessment")] == ("[Komplettera: den personuppgiftsansvariges egen "
                                          "bedömning: låg, medel, hög eller mycket hög]")
    assert found[h("support")].startswith("Allvarlighet enligt ENISA:s metod: hög (3,25 poäng).")
    assert h("support") == ("Underlag: bedömningsstödets råd (inte den personuppgiftsansvariges "
                            "egen bedömning)")
    assert view.assessment.score == 3.25


def test_a_confirmed_own_assessment_is_the_controllers_and_the_advice_is_left_out():
    found = sections(notification(incident(own_assessment="medium")))
    assert found[h("own_assessment")] == "Medel"
    assert h("support") not in found
    assert "ENISA" not in notification(incident(own_assessment="medium"))


# -- the notification: measures, the people affected, phases and delay ---------------------

def test_measures_recorded_by_the_dso_and_given_by_the_reporter_appear_once():
    view = incident(measures="Mottagaren har ombetts radera mejlet.\nRutinen ses över.")
    assert sections(notification(view))[h("measures")] == (
        "Mottagaren har ombetts radera mejlet.\nRutinen ses över.")
    both = incident(measures="Rutinen för utskick ses över.")
    assert sections(notification(both))[h("measures")] == (
        "Rutinen för utskick ses över.\nMottagaren har ombetts radera mejlet.")
    none = incident({"measures": None})
    assert sections(notification(none))[h("measures")] == (
        "[Komplettera: vilka åtgärder som har vidtagits eller föreslås]")


def test_people_informed_say_when_and_how():
    view = incident(subjects_informed=True, subjects_informed_on=date(2026, 11, 21),
                    subjects_informed_method="Brev till vårdnadshavarna")
    assert sections(notification(view))[h("informed")] == (
        "Ja.\nDatum: 2026-11-21\nHur: Brev till vårdnadshavarna")


def test_people_not_informed_give_the_art_34_3_exception_and_the_reason():
    view = incident(subjects_informed=False, art34_exception="unintelligible",
                    subjects_informed_reason="Datorn var krypterad.")
    assert sections(notification(view))[h("informed")] == (
        "Nej.\nUndantag enligt artikel 34.3 a: uppgifterna är obegripliga för den som inte "
        "är behörig att ta del av dem, till exempel genom kryptering.\n"
        "Skäl: Datorn var krypterad.")
    for exception in Art34Exception:  # each exception is named with its point of Art. 34(3)
        view = incident(subjects_informed=False, art34_exception=exception)
        assert "Undantag enligt artikel 34.3" in sections(notification(view))[h("informed")]
    without_reason = sections(notification(incident(subjects_informed=False)))
    assert without_reason[h("informed")] == (
        "Nej.\n[Komplettera: varför de registrerade inte informeras (undantag enligt "
        "artikel 34.3 eller annat skäl)]")
    assert sections(notification(incident()))[h("informed")] == "Inte ännu."


def test_a_notification_after_72_hours_gives_the_reasons_for_the_delay():
    view = incident(imy_notified_at=AWARE + timedelta(hours=80), now=AWARE + timedelta(hours=90),
                    late_reason="Rapporten kom in efter helgen.")
    text = notification(view)
    assert h("delay") == ("Skäl till att anmälan görs senare än 72 timmar efter att den "
                          "personuppgiftsansvarige fick kännedom om incidenten")
    assert sections(text)[h("delay")] == "Rapporten kom in efter helgen."
    # The delay block comes right after the time the controller became aware.
    headings = list(sections(text))
    assert headings.index(h("delay")) == headings.index(h("aware")) + 1


def test_a_late_notification_without_reasons_asks_for_them():
    # Not notified yet, and 90 hours have passed: a notification now would be late.
    view = incident(now=AWARE + timedelta(hours=90))
    assert sections(notification(view))[h("delay")] == "[Komplettera: skälen till förseningen]"


def test_a_notification_within_72_hours_has_no_delay_block():
    view = incident(imy_notified_at=AWARE + timedelta(hours=30), now=AWARE + timedelta(hours=200))
    assert h("delay") not in sections(notification(view))


def test_a_preliminary_notification_shows_imys_reference_and_when_the_supplement_is_due():
    view = incident(decision="notified", notification_phase="preliminary",
                    imy_notified_at=AWARE + timedelta(hours=30), imy_reference="IMY-2026-1234")
    text = notification(view)
    found = sections(text)
    assert found[h("phase")] == (
        "Preliminär anmälan enligt artikel 33.4 i dataskyddsförordningen. Alla uppgifter "
        "finns inte ännu; anmälan kompletteras.\n"
        "Den preliminära anmälan lämnades 2026-11-21.\n"
        "Kompletteringen lämnas senast 2026-12-19.")
    assert "IMY:s diarienummer: IMY-2026-1234" in found[h("references")]
    assert next(iter(found)) == h("phase")  # it frames everything that follows


def test_a_supplemented_notification_says_when_the_supplement_was_given():
    view = incident(decision="notified", notification_phase="preliminary",
                    imy_notified_at=AWARE + timedelta(hours=30),
                    imy_supplement_at=datetime(2026, 12, 10, 13, 0, tzinfo=STOCKHOLM))
    found = sections(notification(view))
    assert found[h("phase")] == (
        "Komplettering av en preliminär anmälan enligt artikel 33.4 i dataskyddsförordningen.\n"
        "Den preliminära anmälan lämnades 2026-11-21.\n"
        "Kompletteringen lämnades 2026-12-10.")


def test_a_complete_notification_has_no_phase_block():
    view = incident(decision="notified", notification_phase="complete",
                    imy_notified_at=AWARE + timedelta(hours=30))
    assert h("phase") not in sections(notification(view))


# -- the notification: what it must never hold ---------------------------------------------

def test_no_identity_number_contact_details_or_reporter_name():
    view = incident({"description": "Elevens personnummer 19811218-9876 stod i mejlet.",
                     "measures": "Ring 070-123 45 67 eller mejla a.b@skola.example"},
                    late_reason="Väntade på svar från 19811218-9876",
                    now=AWARE + timedelta(hours=90))
    text = notification(view)
    for leak in ("811218-9876", "a.b@skola", "070-123", "Rita Rapportör"):
        assert leak not in text
    assert "[personnummer]" in text and "[e-postadress]" in text
    assert "dso@kommun.example" in text  # the DSO's contact is meant to be there


def test_corrected_answers_are_what_the_text_shows():
    # The reporter said the mail was sent to the wrong person, the breach had ceased and
    # gave another cause; the DSO corrected all three. Answers on abandoned branches
    # (when it ceased, the other cause) no longer describe the incident.
    corrected = {"breach_type": "loss", "ongoing": "yes", "cause": "human_error",
                 "cause_other": "Fel i adresslistan"}
    view = incident(corrected, corrections=(
        CorrectionView(AWARE + timedelta(hours=5), "Dina Dataskydd", "breach_type",
                       "misdirected", "loss", "Datorn med mejlet stals."),))
    found = sections(notification(view))
    assert found[h("breach_type")] == "Förlust (till exempel stulen eller borttappad dator)"
    assert found[h("ceased")] == "Nej, incidenten pågår fortfarande."
    assert "2026-11-20 10:00" not in notification(view)
    assert found[h("cause")] == "Den mänskliga faktorn (ett misstag i det enskilda fallet)"
    assert "adresslistan" not in notification(view)
    assert "kommit bort eller blivit stulna" in letter(view)


def test_a_near_miss_is_not_notified():
    view = incident({"event": "near_miss"})
    text = notification(view)
    assert text.startswith("PUI-2026-0007 är ett tillbud: ingen anmälan till IMY")
    assert "Ett tillbud är därför ingen personuppgiftsincident och anmäls inte till IMY." in text
    assert h("breach_type") not in text and h("controller") not in text


# -- the letter to the people affected ------------------------------------------------------

def test_the_letter_tells_what_happened_in_plain_words_and_when():
    text = letter(incident())
    assert ("Vad har hänt?\nEtt meddelande med uppgifter om dig skickades av misstag till fel "
            "mottagare. Det gäller uppgifter som namn och adress och ditt personnummer eller "
            "samordningsnummer. Det hände den 2026-11-19.") in text
    assert "14:10" not in text  # the day is enough for the person


@pytest.mark.parametrize(("kind", "sentence"), [
    ("misdirected", "Ett meddelande med uppgifter om dig skickades av misstag till fel mottagare."),
    ("disclosure_other", "Uppgifter om dig har lämnats ut till någon som inte skulle ha fått dem."),
    ("unauthorised_access", "Någon som inte hade rätt till det har kunnat se uppgifter om dig."),
    ("loss", "Handlingar eller utrustning med uppgifter om dig har kommit bort eller blivit "
             "stulna."),
    ("destruction", "Uppgifter om dig har förstörts och kan ha gått förlorade."),
    ("alteration", "Uppgifter om dig har ändrats av misstag eller av någon som inte hade rätt "
                   "att ändra dem."),
    ("unsure", "Uppgifter om dig har hanterats på ett sätt som inte var avsett. Vi utreder "
               "fortfarande exakt vad som hände."),
])
def test_each_kind_of_breach_is_one_plain_sentence(kind, sentence):
    text = letter(incident({"breach_type": kind}))
    assert f"Vad har hänt?\n{sentence} Det gäller" in text
    assert "Vet inte" not in text and "Uppgifter som berörs" not in text
    assert t("sv", f"incident.breach_type.{kind}") not in text


def test_every_kind_of_breach_has_a_sentence_in_both_languages():
    for kind in BreachType:
        for lang in ("sv", "en"):
            assert t(lang, f"letter.what_{kind}")


def test_the_letter_for_leaked_identity_numbers_advises_a_fraud_block():
    text = letter(incident())
    assert "bedrägerispärr hos ett kreditupplysningsföretag" in text
    assert "omfrågekopia" in text
    assert "id-kort" not in text.lower()
    english = letter(incident(), lang="en")
    assert "fraud block" in english and "credit reference agency" in english
    assert "ID card" not in english


def test_the_letter_claims_nothing_that_was_not_recorded():
    text = letter(incident())
    assert "Vad har vi gjort?\n[Fyll i vad ni har gjort för att begränsa skadan]" in text
    assert "IMY" not in text.replace("Integritetsskyddsmyndigheten (IMY)", "", 1).replace(
        "lämna klagomål", "")
    assert "anmält" not in text and "begränsat" not in text


def test_the_letter_says_imy_was_notified_once_that_is_recorded():
    view = incident(decision="notified", imy_notified_at=AWARE + timedelta(hours=30),
                    measures="Vi har bett mottagaren radera mejlet och ser över våra utskick.")
    assert ("Vad har vi gjort?\nVi har bett mottagaren radera mejlet och ser över våra utskick.\n"
            "Vi har anmält incidenten till Integritetsskyddsmyndigheten (IMY).") in letter(view)
    assert "Vi har anmält" not in letter(incident(decision="not_notifiable"))


def test_the_letter_gives_the_dso_contact_or_a_visible_gap():
    assert ("Har du frågor kan du kontakta vårt dataskyddsombud: Dina Dataskydd, "
            "dso@kommun.example.") in letter(incident())
    nobody = letter(incident(), Controller(name="Barn- och utbildningsnämnden"))
    assert ("kontakta vårt dataskyddsombud: [Fyll i dataskyddsombudets kontaktuppgifter]."
            in nobody)
    name_only = letter(incident(), replace(NAMNDEN, dso_email=None))
    assert "Dina Dataskydd, [Fyll i dataskyddsombudets e-postadress]." in name_only


def test_the_letter_ends_with_the_right_to_complain_and_the_controllers_regards():
    text = letter(incident())
    assert "rätt att lämna klagomål till Integritetsskyddsmyndigheten (IMY)" in text
    assert text.endswith("Med vänliga hälsningar\nBarn- och utbildningsnämnden")
    assert "Rita Rapportör" not in text


@pytest.mark.parametrize(("data", "advice"), [
    (["credentials"], "Byt lösenord på de konton som berörs och överallt där du använder "
                      "samma lösenord."),
    (["financial"], "Håll koll på dina kontoutdrag och kortköp, och kontakta din bank direkt"),
    (["protected_identity"], "Kontakta oss genast, så går vi tillsammans igenom vad som behöver "
                             "göras för din säkerhet."),
])
def test_the_advice_fits_the_data(data, advice):
    text = letter(incident({"data_categories": data}))
    assert advice in text
    assert "bedrägerispärr" not in text  # no identity numbers this time
    assert "Lämna aldrig ut lösenord eller koder" in text  # always said


def test_what_it_may_mean_follows_the_data_and_what_was_done_with_them():
    text = letter(incident({"data_categories": ["special"],
                            "subject_categories": ["patients_clients"],
                            "recipients": "unknown_or_many", "consequences": ["none_known"]}))
    assert ("Vad kan det innebära för dig?\nUppgifterna kan ha setts av flera personer som vi "
            "inte känner till, och de kan spridas vidare. Uppgifterna är känsliga, och i värsta "
            "fall kan de användas för att behandla dig orättvist.") in text
    assert "sårbara" not in text  # said to IMY, not to the person


def test_the_letter_in_english():
    text = letter(incident(), lang="en")
    assert text.startswith("Hello,\n\nWe at Barn- och utbildningsnämnden want to inform you")
    assert ("A message containing data about you was sent to the wrong recipient by mistake. "
            "It concerns details such as your name and address and your personal identity "
            "number or coordination number. It happened on 2026-11-19.") in text
    assert "[Fill in what you have done to limit the damage]" in text


def test_a_near_miss_gets_no_letter():
    assert letter(incident({"event": "near_miss"})) == ""


# -- when the letter is offered ----------------------------------------------------------

def test_the_letter_is_offered_when_the_risk_is_high():
    view = incident()
    assert view.assessment.suggestion is Suggestion.HIGH_RISK
    assert subjects_notice_suggested(view)


def test_the_letter_is_offered_when_the_dso_advised_informing_or_people_were_told():
    low = incident({"data_categories": ["ordinary"], "subject_categories": ["staff"],
                    "people_count": {"min": 3, "max": 3, "approx": False}})
    assert low.assessment.suggestion is not Suggestion.HIGH_RISK
    assert not subjects_notice_suggested(low)
    assert subjects_notice_suggested(replace(low, dso_advice="notify_and_inform"))
    assert subjects_notice_suggested(replace(low, subjects_informed=True))
    assert not subjects_notice_suggested(replace(low, dso_advice="notify"))


def test_the_letter_is_never_offered_for_a_near_miss():
    assert not subjects_notice_suggested(incident({"event": "near_miss"}, subjects_informed=True))


# -- the card ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_card_shows_the_notification_and_the_draft_letter(lang):
    view = incident()
    card = str(imy_text_card(lang, reference=view.reference, notification=notification(view),
                             subjects_notice=letter(view)))
    for key in ("official", "copy", "notification", "subjects", "letter_note"):
        assert t(lang, f"imy.card.{key}") in card
    assert t(lang, "imy.card.no_subjects") not in card
    without = str(imy_text_card(lang, reference=view.reference, notification="X",
                                subjects_notice=None))
    assert t(lang, "imy.card.no_subjects") in without


# -- every combination has its words ------------------------------------------------------

def _all_kinds_of_incident():
    for kind in BreachType:
        for recipients in Recipients:
            yield {"breach_type": kind, "recipients": recipients, "retrieval": "confirmed"}
        yield {"breach_type": kind, "encryption": Encryption.SAFE}
    for category in DataCategory:
        yield {"data_categories": [category], "data_other": "betyg"}
    for permanence in Permanence:
        yield {"consequences": list(Consequence), "permanence": permanence}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_kind_of_incident_has_its_texts(lang):
    # Strict texts: a consequence, a data word or an advice without a text would raise.
    for answers in _all_kinds_of_incident():
        view = incident(answers)
        assert likely_consequences(view, lang)
        assert "{" not in letter(view, lang=lang)
    for band in Band:
        assert notification(incident(own_assessment=band))
