"""The personal-data guard also catches names of people: measured on a labelled set of
sentences as staff write them, and followed through a report as a user would see it."""

from __future__ import annotations

import json
import uuid

import pytest

from cards.safe import inert
from compliance.names import find_names
from compliance.pii import MASK_LABELS, find, kinds, mask
from features.incidents.repo import IncidentRepository
from i18n import t
from tests.compliance.names_set import ALL, DEVELOPMENT, HELD_OUT, score
from tests.features.incidents.steps import TYPED, step_of
from tests.support.cards import action_named, texts_of_card
from tests.support.handler import Desk

# -- measured on the labelled set -------------------------------------------------------------


def test_names_are_found_and_ordinary_capitals_left_alone():
    overall = score(ALL, find_names)
    print()
    for title, sample in (("development", DEVELOPMENT), ("held out", HELD_OUT),
                          ("all", ALL)):
        print(score(sample, find_names).summary(title))
    for line in overall.missed:
        print("  missed:", line)
    for line in overall.wrong:
        print("  wrongly reported:", line)
    assert overall.sentences >= 200
    assert overall.clean >= 0.4 * overall.sentences  # about half without any name
    assert overall.recall >= 0.90, overall.missed
    assert overall.false_alarm_rate <= 0.02, overall.wrong


def test_the_set_marks_every_name_exactly():
    for sentence in ALL:
        assert "[[" not in sentence.text and "]]" not in sentence.text
        for start, end in sentence.names:
            name = sentence.text[start:end]
            assert name == name.strip() and name[:1].isupper(), sentence.text


def test_the_word_lists_are_read_once_and_hold_hundreds_of_first_names():
    from compliance.names import _lists

    assert len(_lists().first) >= 500
    assert "lisa" in _lists().first and "göteborg" in _lists().not_names
    assert _lists() is _lists()


# -- the rules, one by one ----------------------------------------------------------------------


def names_in(text: str) -> list[str]:
    return [text[start:end] for start, end in find_names(text)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Journalanteckning om Lisa Berg skickades fel.", ["Lisa Berg"]),
        ("Brevet till Anna-Karin Ek kom fel.", ["Anna-Karin Ek"]),
        ("Per Olof Svensson ringde.", ["Per Olof Svensson"]),
        ("Jan van der Berg och Clara af Ugglas fick brevet.",
         ["Jan van der Berg", "Clara af Ugglas"]),
        ("Ett mejl om Maria Lind Svensson.", ["Maria Lind Svensson"]),
        ("Lisa Bergs journal låg framme.", ["Lisa Bergs"]),
        ("Mark Thompson's record was opened.", ["Mark Thompson"]),  # 's stays outside
        ("Sarah O'Brien called.", ["Sarah O'Brien"]),
        ("fru Lindgren, herr Nilsson och Dr. Olsson", ["Lindgren", "Nilsson", "Olsson"]),
        ("Mr Smith and Ms Patel", ["Smith", "Patel"]),
        ("rektor Bergqvist och kollegan Strandberg", ["Bergqvist", "Strandberg"]),
        ("Svensson på ekonomi och Eriksdotter på HR", ["Svensson", "Eriksdotter"]),
        ("Hans Blom och Bo Ekström", ["Hans Blom", "Bo Ekström"]),  # word-like first names
        ("Listan: Ahmed Hassan, Fatima Ali och Dragana Petrović.",
         ["Ahmed Hassan", "Fatima Ali", "Dragana Petrović"]),
    ],
)
def test_names_of_people(text, names):
    assert names_in(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Björkskolan i Göteborg och Karlstad",
        "Vård- och omsorgsförvaltningen, Kommunstyrelsen och Region Stockholm",
        "Microsoft Teams, Office 365, Procapita och Treserva",
        "Brevet skickades till Storgatan 5",
        "Eleven fick fel brev. Mejlet skickades igen.",
        "Måndag den 3 maj, i juni och på fredagen",
        "Selma Lagerlöfskolan, Olof Palmes gata och Karl Johans torg",
        "Maria kyrka, Klara Norra kyrkogata och Sankt Eriksplan",
        "Carl Larsson-gården och Nils Ericson-terminalen",
        "Per telefon, Hans mamma och Per capita",
        "In May Office 365 was updated. Will Microsoft Teams keep it?",
        "Enhetschefen, socialsekreteraren och IT-samordnaren informerades.",
        "Lisa i 7B fick brevet.",  # a first name alone is not reported
        "Leverantören Ericsson bekräftade raderingen.",
        "Dotter till brukaren ringde. Dotterdotter likaså.",  # not -sdotter
        "Lessons learned from the breach.",
        "LSS-beslut, MR-kameran och IT-enheten",  # acronyms
    ],
)
def test_no_names(text):
    assert names_in(text) == []


def test_a_name_in_an_email_address_is_the_address():
    text = "Skickades till Lisa.Berg@skolan.kommun.se av misstag"
    assert kinds(text) == ["email"]
    assert mask(text) == "Skickades till [e-postadress] av misstag"


def test_mask_and_kinds_name_the_name():
    text = "Brevet om Lisa Berg (811218-9876) kom till fel adress."
    assert kinds(text) == ["name", "personnummer"]
    assert mask(text) == "Brevet om [namn] ([personnummer]) kom till fel adress."
    assert mask("The letter for John Peterson went astray.", "en") == (
        f"The letter for {MASK_LABELS['en']['name']} went astray.")
    assert t("sv", "dialog.pii.kinds.name") and t("en", "dialog.pii.kinds.name")


def test_a_name_meant_to_be_there_can_be_kept():
    """The display name of the member of staff who reported is not what the guard is for."""
    assert mask("Sara Svensson", names=False) == "Sara Svensson"
    assert mask("Sara Svensson, 070-123 45 67", names=False) == "Sara Svensson, [telefonnummer]"
    assert [f.kind for f in find("Sara Svensson", names=False)] == []


# -- as a user meets it -------------------------------------------------------------------------

DESCRIPTION = "Journalanteckning om Lisa Berg skickades till fel mottagare."


@pytest.fixture
async def desk(sqlite_db, registry) -> Desk:
    return await Desk.open(sqlite_db, registry)


async def _at_description(desk: Desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    stina = await desk.person("Stina Skola")
    [card] = (await desk.say(stina, "rapportera incident")).messages
    while step_of(card) != "description":
        [card] = (await desk.say(stina, TYPED[step_of(card)])).messages
    return dana, stina


async def _finish(desk: Desk, stina, card: dict) -> None:
    for _ in range(40):
        step = step_of(card)
        if step is None:
            break
        [card] = (await desk.say(stina, TYPED[step])).messages
    await desk.say(stina, "skicka")


async def test_a_name_in_a_reports_description_is_pointed_out_and_can_be_masked(desk):
    dana, stina = await _at_description(desk)

    [warning] = (await desk.say(stina, DESCRIPTION)).messages

    shown = texts_of_card(warning)
    assert t("sv", "dialog.pii.title") in shown
    assert t("sv", "dialog.pii.kinds.name") in shown  # "namn på personer"
    assert inert("Journalanteckning om [namn] skickades till fel mottagare.") in shown
    [next_card] = (await desk.say(stina, "2")).messages  # hide it
    assert step_of(next_card) != "description"

    await _finish(desk, stina, next_card)
    [alert] = [m for m in desk.notifier.to(dana.who.person_id) if isinstance(m, dict)]
    incident_id = uuid.UUID(action_named(alert, "incident.take")["data"]["incident"])
    async with desk.db.session(readonly=True) as session:
        stored = await IncidentRepository(session).get(desk.organisation_id, incident_id)
    assert stored.answers["description"] == (
        "Journalanteckning om [namn] skickades till fel mottagare.")
    assert not stored.pii_flag
    assert "Lisa Berg" not in json.dumps(desk.notifier.to(dana.who.person_id),
                                         ensure_ascii=False)


async def test_a_name_kept_on_purpose_flags_the_report_and_the_dso_still_sees_it_masked(desk):
    dana, stina = await _at_description(desk)

    await desk.say(stina, DESCRIPTION)
    [next_card] = (await desk.say(stina, "3")).messages  # keep as I wrote it
    await _finish(desk, stina, next_card)

    [alert] = [m for m in desk.notifier.to(dana.who.person_id) if isinstance(m, dict)]
    incident_id = uuid.UUID(action_named(alert, "incident.take")["data"]["incident"])
    async with desk.db.session(readonly=True) as session:
        stored = await IncidentRepository(session).get(desk.organisation_id, incident_id)
    assert stored.answers["description"] == DESCRIPTION  # kept, as the reporter chose
    assert stored.pii_flag  # and the DSO is told it holds personal data
    assert "Lisa Berg" not in json.dumps(alert, ensure_ascii=False)


def test_an_english_speaker_sees_names_of_people_and_name():
    assert t("en", "dialog.pii.kinds.name") == "names of people"
    assert mask("Our colleague Emily Carter left the notes on the bus.", "en") == (
        "Our colleague [name] left the notes on the bus.")
