"""When it happened, typed the way staff say it, in Swedish and English.

Real dates: "now" is Wednesday 25 November 2026 at 14:00 in Stockholm unless a
test says otherwise; summer time ended on Sunday 25 October 2026 (03:00 CEST
became 02:00 CET).
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from compliance.localtime import STOCKHOLM
from dialogs.dateparse import parse_card_datetime, parse_date, parse_datetime
from dialogs.parsing import ParseError
from i18n import t

WEDNESDAY = datetime(2026, 11, 25, 14, 0, tzinfo=STOCKHOLM)


def at(*args):
    return datetime(*args, tzinfo=STOCKHOLM)


def refused(text, now=WEDNESDAY, **kwargs):
    with pytest.raises(ParseError) as caught:
        parse_datetime(text, now, **kwargs)
    return caught.value


# -- a bare number -----------------------------------------------------------------------

def test_typing_5_for_when_it_happened_asks_whether_i_mean_the_time_or_the_day():
    error = refused("5")
    assert error.key == "dialog.error.datetime_bare_number"
    assert t("sv", error.key, **error.params) == (
        "Menar du klockan 05:00 idag eller den 5/11? "
        "Skriv till exempel ”idag 05:00” eller ”5/11”.")
    assert "“today 05:00”" in t("en", error.key, **error.params)


def test_the_answers_the_question_suggests_are_understood():
    params = refused("5").params
    assert parse_datetime(f"idag {params['time']}", WEDNESDAY) == at(2026, 11, 25, 5, 0)
    assert parse_datetime(params["date"], WEDNESDAY) == date(2026, 11, 5)


@pytest.mark.parametrize("text", ["17", "05", "ca 5"])
def test_other_bare_hours_are_asked_about_too(text):
    assert refused(text).key == "dialog.error.datetime_bare_number"


def test_a_bare_number_that_cannot_be_an_hour_is_asked_about_as_a_day():
    error = refused("28")
    assert error.key == "dialog.error.date_bare_number"
    assert error.params == {"date": "28/10"}  # 28 November is still ahead


def test_the_suggested_day_is_one_that_has_been():
    # On 2 January, "5" may be 5 December, never 5 January.
    new_year = at(2027, 1, 2, 10, 0)
    assert refused("5", new_year).params == {"time": "05:00", "date": "5/12"}
    assert refused("31", new_year).params == {"date": "31/12"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("idag 5", at(2026, 11, 25, 5, 0)),
        ("kl 5", at(2026, 11, 25, 5, 0)),
        ("klockan 5", at(2026, 11, 25, 5, 0)),
        ("5:00", at(2026, 11, 25, 5, 0)),
        ("05.00", at(2026, 11, 25, 5, 0)),
        ("at 5", at(2026, 11, 25, 5, 0)),
        ("5 am", at(2026, 11, 25, 5, 0)),
        ("igår 5", at(2026, 11, 24, 5, 0)),
        ("den 5", date(2026, 11, 5)),
        ("den 5:e", date(2026, 11, 5)),
        ("the 5th", date(2026, 11, 5)),
        ("den 1:a kl 9", at(2026, 11, 1, 9, 0)),
    ],
)
def test_a_number_said_to_be_a_time_or_a_day_is_taken_as_such(text, expected):
    assert parse_datetime(text, WEDNESDAY) == expected


# -- days said the way people say them ---------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i måndags", date(2026, 11, 23)),
        ("i tisdags", date(2026, 11, 24)),
        ("i onsdags", date(2026, 11, 18)),  # today is Wednesday: last week's
        ("i torsdags", date(2026, 11, 19)),
        ("i fredags", date(2026, 11, 20)),
        ("i lördags", date(2026, 11, 21)),
        ("i söndags", date(2026, 11, 22)),
        ("I MÅNDAGS", date(2026, 11, 23)),
        ("i mandags", date(2026, 11, 23)),  # without the ring
        ("förra måndagen", date(2026, 11, 23)),
        ("last Monday", date(2026, 11, 23)),
        ("last Wednesday", date(2026, 11, 18)),
        ("måndag", date(2026, 11, 23)),
        ("onsdag", date(2026, 11, 25)),  # the day itself, today
        ("on Friday", date(2026, 11, 20)),
        ("tisdag förra veckan", date(2026, 11, 17)),
        ("i tisdags förra veckan", date(2026, 11, 17)),
        ("Tuesday last week", date(2026, 11, 17)),
        ("för 3 dagar sedan", date(2026, 11, 22)),
        ("för tre dagar sedan", date(2026, 11, 22)),
        ("för tolv dagar sedan", date(2026, 11, 13)),
        ("för en dag sedan", date(2026, 11, 24)),
        ("3 dagar sen", date(2026, 11, 22)),
        ("3 days ago", date(2026, 11, 22)),
        ("three days ago", date(2026, 11, 22)),
        ("a day ago", date(2026, 11, 24)),
        ("i förrgår", date(2026, 11, 23)),
        ("the day before yesterday", date(2026, 11, 23)),
    ],
)
def test_days_named_the_way_people_name_them(text, expected):
    assert parse_datetime(text, WEDNESDAY) == expected


def test_i_mandags_on_a_wednesday_is_last_monday_and_on_a_monday_a_week_ago():
    assert parse_datetime("i måndags", WEDNESDAY) == date(2026, 11, 23)
    monday = at(2026, 11, 23, 9, 0)
    assert parse_datetime("i måndags", monday) == date(2026, 11, 16)
    assert parse_datetime("last Monday", monday) == date(2026, 11, 16)
    assert parse_datetime("måndag", monday) == date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i morse", at(2026, 11, 25, 6, 0)),
        ("imorse kl 9", at(2026, 11, 25, 9, 0)),
        ("idag på förmiddagen", at(2026, 11, 25, 9, 0)),
        ("i förmiddags", at(2026, 11, 25, 9, 0)),
        ("idag vid lunch", at(2026, 11, 25, 11, 0)),
        ("igår eftermiddag", at(2026, 11, 24, 13, 0)),
        ("igår kväll", at(2026, 11, 24, 18, 0)),
        ("igårkväll", at(2026, 11, 24, 18, 0)),
        ("i går kväll kl 9", at(2026, 11, 24, 21, 0)),  # evening: 9 is 21:00
        ("igår kväll 21:30", at(2026, 11, 24, 21, 30)),
        ("i förrgår kväll", at(2026, 11, 23, 18, 0)),
        ("i måndags kväll", at(2026, 11, 23, 18, 0)),
        ("måndagskväll", at(2026, 11, 23, 18, 0)),
        ("i natt", at(2026, 11, 24, 22, 0)),  # the night that began yesterday
        ("i natt kl 3", at(2026, 11, 25, 3, 0)),
        ("this morning", at(2026, 11, 25, 6, 0)),
        ("yesterday evening", at(2026, 11, 24, 18, 0)),
        ("yesterday afternoon at 3", at(2026, 11, 24, 15, 0)),
        ("last night", at(2026, 11, 24, 22, 0)),
        ("Monday morning", at(2026, 11, 23, 6, 0)),
        ("the day before yesterday in the evening", at(2026, 11, 23, 18, 0)),
    ],
)
def test_a_part_of_the_day_is_read_as_its_start(text, expected):
    assert parse_datetime(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("för 2 timmar sedan", at(2026, 11, 25, 12, 0)),
        ("för en timme sedan", at(2026, 11, 25, 13, 0)),
        ("för en halvtimme sedan", at(2026, 11, 25, 13, 30)),
        ("för 20 minuter sedan", at(2026, 11, 25, 13, 40)),
        ("2 hours ago", at(2026, 11, 25, 12, 0)),
        ("an hour ago", at(2026, 11, 25, 13, 0)),
        ("half an hour ago", at(2026, 11, 25, 13, 30)),
    ],
)
def test_hours_and_minutes_ago_are_a_moment(text, expected):
    assert parse_datetime(text, WEDNESDAY) == expected


# -- last week ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["förra veckan", "i förra veckan", "förra veckan typ",
                                  "last week", "för en vecka sedan", "a week ago"])
def test_last_week_without_a_day_asks_which_day(text):
    error = refused(text)
    assert error.key == "dialog.error.datetime_vague_week"
    assert error.params == {"first": "16/11", "last": "22/11"}
    shown = t("sv", error.key, **error.params)
    assert "(16/11–22/11)" in shown and "tidigaste" in shown


def test_the_days_the_last_week_question_suggests_are_understood():
    assert parse_datetime("tisdag förra veckan", WEDNESDAY) == date(2026, 11, 17)
    assert parse_datetime("16/11", WEDNESDAY) == date(2026, 11, 16)


# -- the future is still refused ---------------------------------------------------------

@pytest.mark.parametrize("text", ["i kväll", "tonight", "imorgon", "kl 16", "5 pm",
                                  "idag 14:30", "i eftermiddag kl 5"])
def test_what_has_not_happened_yet_is_refused(text):
    assert refused(text).key == "dialog.error.future"


def test_a_few_minutes_ahead_is_a_slow_clock_not_the_future():
    assert parse_datetime("14:04", WEDNESDAY) == at(2026, 11, 25, 14, 4)
    assert refused("14:06").key == "dialog.error.future"


def test_the_future_where_a_step_allows_it():
    assert parse_datetime("imorgon 10:00", WEDNESDAY, allow_future=True) == at(2026, 11, 26, 10)


def test_a_weekday_alone_is_not_guessed_where_the_future_is_allowed():
    assert refused("måndag", allow_future=True).key == "dialog.error.datetime"


@pytest.mark.parametrize("text", ["igår i kväll", "last morning", "kväll blah"])
def test_what_does_not_add_up_is_not_guessed(text):
    assert refused(text).key == "dialog.error.datetime"


# -- across the change to winter time and the new year ----------------------------------

def test_hours_ago_count_real_hours_across_the_end_of_summer_time():
    # 03:30 CET on 25 October is 02:30 UTC; two hours before is 00:30 UTC, which was
    # 02:30 summer time (the first 02:30 of that night), one hour before the second.
    night = at(2026, 10, 25, 3, 30)
    two = parse_datetime("för 2 timmar sedan", night)
    one = parse_datetime("för en timme sedan", night)
    assert two.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert one.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert two.isoformat() == "2026-10-25T02:30:00+02:00"
    assert one.isoformat() == "2026-10-25T02:30:00+01:00"
    assert one.astimezone(UTC) - two.astimezone(UTC) == timedelta(hours=1)


def test_days_ago_keep_the_clock_time_across_the_end_of_summer_time():
    tuesday = at(2026, 10, 27, 10, 0)
    before = parse_datetime("för 3 dagar sedan kl 14", tuesday)
    assert before.isoformat() == "2026-10-24T14:00:00+02:00"  # summer time then
    assert parse_datetime("i söndags 14:00", tuesday).isoformat() == "2026-10-25T14:00:00+01:00"
    assert parse_datetime("i lördags kväll", tuesday).isoformat() == "2026-10-24T18:00:00+02:00"
    assert parse_datetime("i förrgår kväll", tuesday) == at(2026, 10, 25, 18, 0)


def test_a_time_in_the_hour_that_repeats_is_not_taken_for_the_future():
    # At 02:10 winter time (after the clocks went back), 02:30 summer time has passed.
    after = datetime(2026, 10, 25, 1, 10, tzinfo=UTC).astimezone(STOCKHOLM)
    assert after.strftime("%H:%M %Z") == "02:10 CET"
    assert parse_datetime("idag 02:30", after).isoformat() == "2026-10-25T02:30:00+02:00"


def test_last_year_is_reached_from_the_first_days_of_january():
    saturday = at(2027, 1, 2, 10, 0)
    assert parse_datetime("i förrgår", saturday) == date(2026, 12, 31)
    assert parse_datetime("i torsdags", saturday) == date(2026, 12, 31)
    assert parse_datetime("i måndags", saturday) == date(2026, 12, 28)
    assert parse_datetime("för 3 dagar sedan", saturday) == date(2026, 12, 30)
    assert parse_datetime("den 31:a", saturday) == date(2026, 12, 31)
    assert parse_datetime("30/12 kväll", saturday) == at(2026, 12, 30, 18, 0)
    assert parse_datetime("fredag förra veckan", saturday) == date(2026, 12, 25)
    assert refused("förra veckan", saturday).params == {"first": "21/12", "last": "27/12"}
    new_years_eve = at(2026, 12, 31, 23, 50)
    assert parse_datetime("i natt", at(2027, 1, 1, 9, 0)) == at(2026, 12, 31, 22, 0)
    assert parse_datetime("nu", new_years_eve) == new_years_eve


# -- date fields and card inputs ---------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [("idag", date(2026, 11, 25)), ("igår", date(2026, 11, 24)), ("5/11", date(2026, 11, 5)),
     ("2026-11-20", date(2026, 11, 20)), ("i måndags", date(2026, 11, 23)),
     ("igår 14:30", date(2026, 11, 24)), ("yesterday", date(2026, 11, 24))],
)
def test_a_date_field_takes_what_the_chat_takes(text, expected):
    assert parse_date(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [("imorgon", "dialog.error.future"), ("5", "dialog.error.date_bare_number"),
     ("31/11", "dialog.error.date_invalid"), ("snart", "dialog.error.date"),
     ("vet inte", "dialog.error.date")],
)
def test_a_date_field_refuses_with_a_reason(text, key):
    with pytest.raises(ParseError) as caught:
        parse_date(text, WEDNESDAY)
    assert caught.value.key == key


def test_today_is_not_the_future_just_after_midnight():
    # 00:30 on 26 November in Stockholm is still the 25th in UTC.
    night = at(2026, 11, 26, 0, 30)
    assert parse_date("idag", night) == date(2026, 11, 26)
    assert parse_date("2026-11-26", night) == date(2026, 11, 26)


def test_card_inputs_that_need_a_clock_time_refuse_a_day_or_a_part_of_it():
    assert parse_card_datetime("idag", "9", WEDNESDAY, clock_required=True) == at(
        2026, 11, 25, 9, 0)  # the time input's "9" is a time
    for day, clock in [("igår", None), ("igår kväll", None), ("2026-11-20", "")]:
        with pytest.raises(ParseError) as caught:
            parse_card_datetime(day, clock, WEDNESDAY, clock_required=True)
        assert caught.value.key == "dialog.form.datetime_both"
    with pytest.raises(ParseError) as caught:
        parse_card_datetime("imorgon", None, WEDNESDAY, clock_required=True)
    assert caught.value.key == "dialog.error.future"
