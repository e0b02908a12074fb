"""Typed answers, Swedish and English, as people actually write them."""

from datetime import date, datetime

import pytest

from compliance.localtime import STOCKHOLM
from dialogs.dateparse import parse_card_datetime, parse_datetime
from dialogs.model import UNKNOWN
from dialogs.parsing import (
    Option,
    ParseError,
    parse_multi,
    parse_number,
    parse_single,
    parse_yes_no,
)

NOW = datetime(2026, 11, 21, 20, 0, tzinfo=STOCKHOLM)  # a Saturday evening


def at(*args):
    return datetime(*args, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20 14:30", at(2026, 11, 20, 14, 30)),
        ("2026-11-20T14:30", at(2026, 11, 20, 14, 30)),
        ("20/11 14.30", at(2026, 11, 20, 14, 30)),
        ("20/11/2026 kl. 14.30", at(2026, 11, 20, 14, 30)),
        ("20 nov 14:30", at(2026, 11, 20, 14, 30)),
        ("den 20 november kl 14", at(2026, 11, 20, 14, 0)),
        ("nov 20, 2:30 pm", at(2026, 11, 20, 14, 30)),
        ("idag 9:15", at(2026, 11, 21, 9, 15)),
        ("I DAG 09.15", at(2026, 11, 21, 9, 15)),
        ("i går kl 8", at(2026, 11, 20, 8, 0)),
        ("yesterday 16:00", at(2026, 11, 20, 16, 0)),
        ("kl 14", at(2026, 11, 21, 14, 0)),
        ("nu", at(2026, 11, 21, 20, 0)),
        ("now", at(2026, 11, 21, 20, 0)),
        # Without a time the answer is the day only.
        ("igår", date(2026, 11, 20)),
        ("i förrgår", date(2026, 11, 19)),
        ("today", date(2026, 11, 21)),
        ("2026-11-02", date(2026, 11, 2)),
        ("3 maj", date(2026, 5, 3)),
        # No year and the date is still ahead this year: last year is meant.
        ("20/12", date(2025, 12, 20)),
    ],
)
def test_dates_and_times(text, expected):
    assert parse_datetime(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("imorgon", "dialog.error.future"),
        ("kl 23", "dialog.error.future"),
        ("2027-01-01", "dialog.error.future"),
        ("31/11", "dialog.error.date_invalid"),
        ("2026-02-30 10:00", "dialog.error.date_invalid"),
        ("25:00", "dialog.error.datetime"),
        ("på fredag typ", "dialog.error.datetime"),
        ("förra veckan typ", "dialog.error.datetime_vague_week"),
        ("5", "dialog.error.datetime_bare_number"),
        ("vet inte", "dialog.error.datetime_required"),
    ],
)
def test_dates_refused_with_a_reason(text, key):
    with pytest.raises(ParseError) as refused:
        parse_datetime(text, NOW)
    assert refused.value.key == key


def test_unknown_and_future_where_allowed():
    assert parse_datetime("vet inte", NOW, allow_unknown=True) == UNKNOWN
    assert parse_datetime("Unknown", NOW, allow_unknown=True) == UNKNOWN
    assert parse_datetime("imorgon 10:00", NOW, allow_future=True) == at(2026, 11, 22, 10, 0)


def test_card_date_and_time_inputs():
    assert parse_card_datetime("2026-11-20", "14:30", NOW) == at(2026, 11, 20, 14, 30)
    assert parse_card_datetime("2026-11-20", None, NOW) == date(2026, 11, 20)
    # Where a client lets people type in the inputs, what the chat takes is taken.
    assert parse_card_datetime("20/11", None, NOW) == date(2026, 11, 20)
    assert parse_card_datetime("igår", "14.30", NOW) == at(2026, 11, 20, 14, 30)
    assert parse_card_datetime("2026-11-20", "2pm", NOW) == at(2026, 11, 20, 14, 0)
    for day, clock in [(None, "14:30"), ("igår 14:30", "15:00"), ("igår", "kväll"),
                       ("2026-11-22", "10:00")]:
        with pytest.raises(ParseError):
            parse_card_datetime(day, clock, NOW)


SUBJECTS = [
    Option("staff", ("Personal", "Staff")),
    Option("residents", ("Invånare", "Residents")),
    Option("children", ("Barn", "Children")),
    Option("patients_clients", ("Patienter, brukare eller klienter", "Patients or clients")),
    Option("pupils", ("Elever", "Pupils")),
    Option("other", ("Andra", "Others")),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1, 3", ["staff", "children"]),
        ("1 och 5", ["staff", "pupils"]),
        ("1 3", ["staff", "children"]),
        ("personal och elever", ["staff", "pupils"]),
        ("Staff and pupils", ["staff", "pupils"]),
        ("INVANARE", ["residents"]),
        ("elev, barn", ["pupils", "children"]),
        ("patienter, brukare eller klienter", ["patients_clients"]),
        ("patienter", ["patients_clients"]),
        ("3, 3", ["children"]),
    ],
)
def test_multi_choice(text, expected):
    assert parse_multi(text, SUBJECTS) == expected


@pytest.mark.parametrize("text", ["7", "personal och lärare", "0", "x"])
def test_multi_choice_refused(text):
    with pytest.raises(ParseError):
        parse_multi(text, SUBJECTS)


def test_single_choice_by_number_label_case_and_accents():
    types = [Option("loss", ("Förlust (till exempel stulen dator)", "Loss")),
             Option("misdirected", ("Felskickat e-post, brev eller sms", "Misdirected")),
             Option("unsure", ("Vet inte", "Don't know"))]
    assert parse_single("2", types) == "misdirected"
    assert parse_single("forlust", types) == "loss"
    assert parse_single("FÖRLUST", types) == "loss"
    assert parse_single("felskickat", types) == "misdirected"
    assert parse_single("loss", types) == "loss"
    assert parse_single("vet inte", types) == "unsure"
    with pytest.raises(ParseError) as refused:
        parse_single("4", types)
    assert refused.value.params == {"count": 3}


def test_ambiguous_choice_is_explained():
    options = [Option("a", ("Obehörigt röjande, annat",)), Option("b", ("Obehörig åtkomst",))]
    with pytest.raises(ParseError) as refused:
        parse_single("obehorig", options)
    assert refused.value.key == "dialog.error.choice_ambiguous"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ja", "yes"), ("J", "yes"), ("Yes", "yes"), ("nej", "no"), ("n", "no"), ("No.", "no")],
)
def test_yes_no(text, expected):
    assert parse_yes_no(text) == expected


def test_yes_no_unknown_only_when_allowed():
    assert parse_yes_no("vet inte", allow_unknown=True) == UNKNOWN
    with pytest.raises(ParseError):
        parse_yes_no("vet inte")
    with pytest.raises(ParseError):
        parse_yes_no("kanske")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50", {"min": 50, "max": 50, "approx": False}),
        ("ca 50", {"min": 50, "max": 50, "approx": True}),
        ("cirka 50 personer", {"min": 50, "max": 50, "approx": True}),
        ("about 200 records", {"min": 200, "max": 200, "approx": True}),
        ("10-20", {"min": 10, "max": 20, "approx": False}),
        ("10–20", {"min": 10, "max": 20, "approx": False}),
        ("mellan 5 och 10", {"min": 5, "max": 10, "approx": False}),
        ("över 100", {"min": 100, "max": None, "approx": False}),
        ("more than 100", {"min": 100, "max": None, "approx": False}),
        ("100+", {"min": 100, "max": None, "approx": False}),
        ("färre än 10", {"min": None, "max": 10, "approx": False}),
        ("1 000", {"min": 1000, "max": 1000, "approx": False}),
        ("1\u00a0000", {"min": 1000, "max": 1000, "approx": False}),  # a no-break space
        ("1\u202f000", {"min": 1000, "max": 1000, "approx": False}),  # a narrow one
        ("ca 1 200", {"min": 1200, "max": 1200, "approx": True}),
        ("1 000–2 000", {"min": 1000, "max": 2000, "approx": False}),
        ("25–30", {"min": 25, "max": 30, "approx": False}),
        ("fler än 100", {"min": 100, "max": None, "approx": False}),
        ("minst 20", {"min": 20, "max": None, "approx": False}),
        ("högst 5", {"min": None, "max": 5, "approx": False}),
        ("ett 100-tal", {"min": 100, "max": 100, "approx": True}),
        ("tre", {"min": 3, "max": 3, "approx": False}),
        ("mer än tio", {"min": 10, "max": None, "approx": False}),
        ("ca 50 elever och en lärare", {"min": 50, "max": 50, "approx": True}),
        ("vet inte", UNKNOWN),
        ("unknown", UNKNOWN),
    ],
)
def test_numbers_and_ranges(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(("text", "key"), [("20-10", "dialog.error.range_order"),
                                           ("många", "dialog.error.number"),
                                           ("-5", "dialog.error.number"),
                                           # A count is whole: not 15 people, not 1.
                                           ("1,5", "dialog.error.number_whole"),
                                           ("1.5 personer", "dialog.error.number_whole"),
                                           ("ca 2,5", "dialog.error.number_whole")])
def test_numbers_refused(text, key):
    with pytest.raises(ParseError) as refused:
        parse_number(text)
    assert refused.value.key == key


def test_a_plain_yes_picks_the_choice_whose_label_starts_with_it():
    options = [Option("confirmed", ("Ja, och det är bekräftat",)), Option("no", ("Nej",)),
               Option("unknown", ("Vet inte",))]
    assert parse_single("ja", options) == "confirmed"
    assert parse_single("Nej.", options) == "no"
