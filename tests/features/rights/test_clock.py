"""The deadline of a data-subject rights request: one month from the day of receipt in
Stockholm (Art. 12(3)), moved past days off (Regulation 1182/71, lag (1930:173)),
and its extension.

Dates are written as "Mon 16 February 2026"; `day()` refuses a weekday that does not
match the date, so a slip in the expected dates fails loudly instead of passing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from features.rights.rules.clock import (
    DayOff,
    Deadline,
    Refusal,
    Urgency,
    days_left,
    due,
    extend,
    received_on,
    urgency,
)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def day(text: str) -> date:
    """`"Mon 16 February 2026"` → date(2026, 2, 16), checking the weekday."""
    weekday, number, month, year = text.split()
    result = date(int(year), MONTHS.index(month) + 1, int(number))
    assert WEEKDAYS[result.weekday()] == weekday, f"{text} is a {result:%A}"
    return result


def case(received: str, nominal: str, due_on: str, why: str):
    return pytest.param(
        received, nominal, due_on, id=f"received {received} -> due {due_on}: {why}"
    )


DEADLINES = [
    # An ordinary month: the same date in the next month.
    case("Sun 15 March 2026", "Wed 15 April 2026", "Wed 15 April 2026", "an ordinary Wednesday"),
    case("Wed 30 September 2026", "Fri 30 October 2026", "Fri 30 October 2026",
         "30 October, the Friday before Alla helgons dag, is a working day"),
    # Weekends.
    case("Wed 14 January 2026", "Sat 14 February 2026", "Mon 16 February 2026",
         "14 February is a Saturday"),
    case("Thu 15 January 2026", "Sun 15 February 2026", "Mon 16 February 2026",
         "15 February is a Sunday"),
    case("Sat 28 February 2026", "Sat 28 March 2026", "Mon 30 March 2026",
         "received on a Saturday, ends on a Saturday"),
    case("Thu 10 December 2026", "Sun 10 January 2027", "Mon 11 January 2027",
         "10 January is a Sunday"),
    # Month ends: a month without the date ends on its last day.
    case("Sat 31 January 2026", "Sat 28 February 2026", "Mon 2 March 2026",
         "February 2026 has 28 days, the 28th a Saturday"),
    case("Mon 31 January 2028", "Tue 29 February 2028", "Tue 29 February 2028",
         "leap year: February 2028 has 29 days"),
    case("Sat 29 January 2028", "Tue 29 February 2028", "Tue 29 February 2028",
         "29 February exists in 2028"),
    case("Sun 31 January 2027", "Sun 28 February 2027", "Mon 1 March 2027",
         "February 2027 has 28 days, the 28th a Sunday"),
    case("Tue 29 February 2028", "Wed 29 March 2028", "Wed 29 March 2028",
         "received on a leap day"),
    case("Tue 31 March 2026", "Thu 30 April 2026", "Thu 30 April 2026", "April has 30 days"),
    case("Thu 30 April 2026", "Sat 30 May 2026", "Mon 1 June 2026",
         "from a 30-day month: 30 May, not 31 May, a Saturday"),
    case("Sun 31 May 2026", "Tue 30 June 2026", "Tue 30 June 2026", "June has 30 days"),
    case("Mon 31 August 2026", "Wed 30 September 2026", "Wed 30 September 2026",
         "September has 30 days"),
    case("Sat 31 October 2026", "Mon 30 November 2026", "Mon 30 November 2026",
         "November has 30 days"),
    case("Thu 31 December 2026", "Sun 31 January 2027", "Mon 1 February 2027",
         "31 January 2027 is a Sunday"),
    # Year end: Nyårsdagen, then the weekend after it. (A single month never ends on
    # nyårsafton, 31 December: November has 30 days. Extensions reach it, below.)
    case("Mon 1 December 2025", "Thu 1 January 2026", "Fri 2 January 2026",
         "1 January is New Year's Day"),
    case("Tue 1 December 2026", "Fri 1 January 2027", "Mon 4 January 2027",
         "New Year's Day, then Saturday 2 and Sunday 3 January"),
    case("Wed 1 December 2027", "Sat 1 January 2028", "Mon 3 January 2028",
         "New Year's Day on a Saturday, then Sunday 2 January"),
    case("Mon 30 November 2026", "Wed 30 December 2026", "Wed 30 December 2026",
         "30 December is a working day"),
    # Trettondedag jul.
    case("Sat 6 December 2025", "Tue 6 January 2026", "Wed 7 January 2026",
         "6 January is Trettondedag jul"),
    # Easter moves: 5 April 2026, 28 March 2027 (Långfredagen, påskafton, Påskdagen,
    # Annandag påsk; påskafton is no holiday in law, but a Saturday).
    case("Tue 3 March 2026", "Fri 3 April 2026", "Tue 7 April 2026",
         "Good Friday, Saturday, Easter Sunday, Easter Monday"),
    case("Fri 6 March 2026", "Mon 6 April 2026", "Tue 7 April 2026",
         "6 April 2026 is Easter Monday"),
    case("Thu 2 April 2026", "Sat 2 May 2026", "Mon 4 May 2026", "2 May is a Saturday"),
    case("Fri 26 February 2027", "Fri 26 March 2027", "Tue 30 March 2027",
         "26 March 2027 is Good Friday, Easter a week earlier than in 2026"),
    case("Mon 1 March 2027", "Thu 1 April 2027", "Thu 1 April 2027",
         "1 April 2027 is an ordinary Thursday after Easter"),
    case("Sun 28 February 2027", "Sun 28 March 2027", "Tue 30 March 2027",
         "Easter Sunday, then Easter Monday 29 March 2027"),
    # Första maj and Kristi himmelsfärdsdag (Ascension, 39 days after Easter Sunday).
    case("Wed 1 April 2026", "Fri 1 May 2026", "Mon 4 May 2026", "1 May is May Day"),
    case("Tue 14 April 2026", "Thu 14 May 2026", "Fri 15 May 2026",
         "14 May 2026 is Ascension Day"),
    case("Tue 6 April 2027", "Thu 6 May 2027", "Fri 7 May 2027",
         "6 May 2027 is Ascension Day"),
    # Nationaldagen on a weekday and on a weekend.
    case("Mon 6 May 2024", "Thu 6 June 2024", "Fri 7 June 2024",
         "Nationaldagen on a Thursday"),
    case("Sat 6 May 2028", "Tue 6 June 2028", "Wed 7 June 2028", "Nationaldagen on a Tuesday"),
    case("Wed 6 May 2026", "Sat 6 June 2026", "Mon 8 June 2026", "Nationaldagen on a Saturday"),
    # Midsommarafton (a day off under lag (1930:173)) and midsommardagen.
    case("Tue 19 May 2026", "Fri 19 June 2026", "Mon 22 June 2026",
         "19 June 2026 is midsommarafton"),
    case("Wed 20 May 2026", "Sat 20 June 2026", "Mon 22 June 2026",
         "20 June 2026 is midsommardagen"),
    case("Tue 25 May 2027", "Fri 25 June 2027", "Mon 28 June 2027",
         "25 June 2027 is midsommarafton"),
    # Christmas: julafton, juldagen, annandag jul, a weekend.
    case("Tue 24 November 2026", "Thu 24 December 2026", "Mon 28 December 2026",
         "julafton, juldagen, annandag jul (Sat), Sunday 27"),
    case("Wed 25 November 2026", "Fri 25 December 2026", "Mon 28 December 2026",
         "juldagen, annandag jul (Sat), Sunday 27"),
    case("Mon 24 November 2025", "Wed 24 December 2025", "Mon 29 December 2025",
         "julafton on a Wednesday: five days off in a row"),
    case("Wed 24 November 2027", "Fri 24 December 2027", "Mon 27 December 2027",
         "julafton, juldagen (Sat), annandag jul (Sun)"),
    # Received across the daylight-saving changes (the dates only; times below).
    case("Sun 29 March 2026", "Wed 29 April 2026", "Wed 29 April 2026",
         "received the day summer time starts"),
    case("Sun 25 October 2026", "Wed 25 November 2026", "Wed 25 November 2026",
         "received the day winter time starts"),
    # Far ahead: the holidays come from the package, Easter Sunday 2040 is 1 April.
    case("Fri 2 March 2040", "Mon 2 April 2040", "Tue 3 April 2040",
         "2 April 2040 is Easter Monday"),
]


@pytest.mark.parametrize(("received", "nominal", "due_on"), DEADLINES)
def test_one_month_deadline(received, nominal, due_on):
    deadline = due(day(received))
    assert deadline == Deadline(
        received=day(received), further_months=0, nominal=day(nominal), due=day(due_on)
    )
    assert not deadline.extended


def test_the_days_skipped_say_why_the_deadline_moved():
    # Received Thursday 15 January 2026: 15 February is a Sunday, so the last day is
    # Monday 16 February.
    deadline = due(day("Thu 15 January 2026"))
    assert deadline.skipped == (day("Sun 15 February 2026"),)
    assert deadline.days_off("sv") == (DayOff(day("Sun 15 February 2026"), None),)


def test_the_days_skipped_over_easter_are_named_in_both_languages():
    deadline = due(day("Tue 3 March 2026"))
    assert deadline.skipped == (
        day("Fri 3 April 2026"), day("Sat 4 April 2026"),
        day("Sun 5 April 2026"), day("Mon 6 April 2026"),
    )
    assert [off.holiday for off in deadline.days_off("sv")] == [
        "Långfredagen", None, "Påskdagen", "Annandag påsk",
    ]
    assert [off.holiday for off in deadline.days_off("en")] == [
        "Good Friday", None, "Easter Sunday", "Easter Monday",
    ]


def test_a_deadline_on_a_working_day_skips_nothing():
    deadline = due(day("Sun 15 March 2026"))
    assert deadline.skipped == ()
    assert deadline.days_off() == ()


# --- The day of receipt is the date in Stockholm --------------------------------


@pytest.mark.parametrize(
    ("at", "received", "due_on"),
    [
        pytest.param(datetime(2026, 2, 28, 23, 30, tzinfo=UTC), "Sun 1 March 2026",
                     "Wed 1 April 2026", id="00:30 Stockholm 1 March 2026 (23:30 UTC 28 Feb)"),
        pytest.param(datetime(2028, 2, 29, 23, 30, tzinfo=UTC), "Wed 1 March 2028",
                     "Mon 3 April 2028",
                     id="00:30 Stockholm 1 March 2028 (23:30 UTC leap day) -> Sat 1 April"),
        pytest.param(datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "Sun 29 March 2026",
                     "Wed 29 April 2026", id="01:30 Stockholm 29 March 2026 (CET, 00:30 UTC)"),
        pytest.param(datetime(2026, 3, 28, 23, 30, tzinfo=UTC), "Sun 29 March 2026",
                     "Wed 29 April 2026", id="00:30 Stockholm 29 March 2026 (23:30 UTC 28 Mar)"),
        pytest.param(datetime(2026, 3, 29, 21, 30, tzinfo=UTC), "Sun 29 March 2026",
                     "Wed 29 April 2026", id="23:30 Stockholm 29 March 2026 (CEST, 21:30 UTC)"),
        pytest.param(datetime(2026, 3, 29, 22, 30, tzinfo=UTC), "Mon 30 March 2026",
                     "Thu 30 April 2026", id="00:30 Stockholm 30 March 2026 (CEST, 22:30 UTC)"),
        pytest.param(datetime(2026, 10, 24, 23, 30, tzinfo=UTC), "Sun 25 October 2026",
                     "Wed 25 November 2026",
                     id="01:30 Stockholm 25 October 2026 (CEST, 23:30 UTC 24 Oct)"),
        pytest.param(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "Sun 25 October 2026",
                     "Wed 25 November 2026", id="02:30 CEST Stockholm 25 October 2026 (first)"),
        pytest.param(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "Sun 25 October 2026",
                     "Wed 25 November 2026", id="02:30 CET Stockholm 25 October 2026 (second)"),
        pytest.param(datetime(2026, 10, 25, 22, 30, tzinfo=UTC), "Sun 25 October 2026",
                     "Wed 25 November 2026", id="23:30 Stockholm 25 October 2026 (CET, 22:30 UTC)"),
        pytest.param(datetime(2026, 10, 25, 23, 30, tzinfo=UTC), "Mon 26 October 2026",
                     "Thu 26 November 2026", id="00:30 Stockholm 26 October 2026 (23:30 UTC)"),
    ],
)
def test_the_day_of_receipt_is_the_date_in_stockholm(at, received, due_on):
    assert received_on(at) == day(received)
    assert due(received_on(at)).due == day(due_on)


def test_due_converts_a_datetime_to_the_stockholm_date():
    # datetime is a date to Python: given one, `due` still counts from Stockholm.
    at = datetime(2026, 2, 28, 23, 30, tzinfo=UTC)
    assert due(at).received == day("Sun 1 March 2026")


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        received_on(datetime(2026, 3, 1, 0, 30))


# --- Extension (Art. 12(3)) -----------------------------------------------------

# Received Wednesday 14 January 2026: the first month ends Saturday 14 February and
# is moved to Monday 16 February, the last day to tell the person of an extension.
RECEIVED = day("Wed 14 January 2026")
REASON = "Begäran omfattar många ärenden i flera system"


def test_extended_by_two_months_counts_from_receipt():
    deadline = extend(RECEIVED, 0, 2, REASON, day("Mon 9 February 2026"),
                      day("Tue 10 February 2026"))
    assert deadline == Deadline(RECEIVED, 2, day("Tue 14 April 2026"), day("Tue 14 April 2026"))
    assert deadline.extended


def test_extended_by_one_month_is_moved_past_a_weekend():
    deadline = extend(RECEIVED, 0, 1, REASON, day("Mon 9 February 2026"),
                      day("Mon 9 February 2026"))
    assert deadline == Deadline(RECEIVED, 1, day("Sat 14 March 2026"), day("Mon 16 March 2026"))


def test_the_extension_counts_from_receipt_not_from_the_moved_first_deadline():
    # Received Saturday 31 January 2026: the month ends Saturday 28 February, moved to
    # Monday 2 March; one further month is 31 March (two months from receipt), not
    # 2 April (a month after the moved date).
    received = day("Sat 31 January 2026")
    assert due(received).due == day("Mon 2 March 2026")
    deadline = extend(received, 0, 1, REASON, day("Mon 2 March 2026"), day("Mon 2 March 2026"))
    assert deadline == due(received, 1)
    assert deadline.due == day("Tue 31 March 2026")


@pytest.mark.parametrize(
    ("received", "further", "nominal", "due_on"),
    [
        pytest.param("Tue 3 February 2026", 1, "Fri 3 April 2026", "Tue 7 April 2026",
                     id="received Tue 3 February 2026 +1 -> Good Friday -> Tue 7 April 2026"),
        pytest.param("Sat 31 October 2026", 1, "Thu 31 December 2026", "Mon 4 January 2027",
                     id="received Sat 31 October 2026 +1 -> New Year's Eve, Day, weekend -> 4 Jan"),
        pytest.param("Fri 31 October 2025", 1, "Wed 31 December 2025", "Fri 2 January 2026",
                     id="received Fri 31 October 2025 +1 -> New Year's Eve and Day -> Fri 2 Jan"),
        pytest.param("Mon 30 November 2026", 2, "Sun 28 February 2027", "Mon 1 March 2027",
                     id="received Mon 30 November 2026 +2 -> 28 February 2027 (Sun) -> Mon 1 Mar"),
        pytest.param("Tue 30 November 2027", 2, "Tue 29 February 2028", "Tue 29 February 2028",
                     id="received Tue 30 November 2027 +2 -> leap day 29 February 2028"),
    ],
)
def test_an_extended_deadline_is_moved_past_days_off(received, further, nominal, due_on):
    assert due(day(received), further) == Deadline(day(received), further, day(nominal),
                                                   day(due_on))


def test_a_second_extension_within_two_months_in_all():
    first = extend(RECEIVED, 0, 1, REASON, day("Mon 9 February 2026"),
                   day("Mon 9 February 2026"))
    assert isinstance(first, Deadline)
    second = extend(RECEIVED, first.further_months, 1, REASON, day("Fri 13 February 2026"),
                    day("Fri 20 February 2026"))
    assert second == Deadline(RECEIVED, 2, day("Tue 14 April 2026"), day("Tue 14 April 2026"))


@pytest.mark.parametrize(
    "told_on",
    [
        pytest.param("Wed 14 January 2026", id="told on the day of receipt"),
        pytest.param("Sat 14 February 2026", id="told Sat 14 February 2026, the nominal end"),
        pytest.param("Sun 15 February 2026", id="told Sun 15 February 2026, a day off"),
        pytest.param("Mon 16 February 2026", id="told Mon 16 February 2026, the moved last day"),
    ],
)
def test_telling_the_person_within_the_first_month_is_in_time(told_on):
    deadline = extend(RECEIVED, 0, 2, REASON, day(told_on), day("Mon 16 February 2026"))
    assert isinstance(deadline, Deadline)
    assert deadline.due == day("Tue 14 April 2026")


TOLD = day("Mon 9 February 2026")
TODAY = day("Tue 10 February 2026")


@pytest.mark.parametrize(
    ("already", "further", "reason", "told_on", "today", "refusal"),
    [
        pytest.param(2, 1, REASON, TOLD, TODAY, Refusal.ALREADY_EXTENDED_FULLY,
                     id="already extended by two months"),
        pytest.param(0, 0, REASON, TOLD, TODAY, Refusal.TOO_FEW_MONTHS, id="0 further months"),
        pytest.param(0, -1, REASON, TOLD, TODAY, Refusal.TOO_FEW_MONTHS, id="-1 further months"),
        pytest.param(0, 3, REASON, TOLD, TODAY, Refusal.TOO_MANY_MONTHS, id="3 further months"),
        pytest.param(1, 2, REASON, TOLD, TODAY, Refusal.TOO_MANY_MONTHS,
                     id="1 month given, 2 more would make 3"),
        pytest.param(0, 2, None, TOLD, TODAY, Refusal.NO_REASON, id="no reason"),
        pytest.param(0, 2, "", TOLD, TODAY, Refusal.NO_REASON, id="empty reason"),
        pytest.param(0, 2, "  \n ", TOLD, TODAY, Refusal.NO_REASON, id="blank reason"),
        pytest.param(0, 2, REASON, None, TODAY, Refusal.NOT_TOLD, id="not told"),
        pytest.param(0, 2, REASON, day("Tue 13 January 2026"), TODAY,
                     Refusal.TOLD_BEFORE_RECEIPT,
                     id="told Tue 13 January 2026, the day before receipt"),
        pytest.param(0, 2, REASON, day("Tue 17 February 2026"), day("Fri 20 February 2026"),
                     Refusal.TOLD_TOO_LATE,
                     id="told Tue 17 February 2026, the day after the moved last day"),
        pytest.param(1, 1, REASON, day("Mon 2 March 2026"), day("Mon 2 March 2026"),
                     Refusal.TOLD_TOO_LATE,
                     id="second extension told Mon 2 March 2026, after the first month"),
        pytest.param(0, 2, REASON, day("Thu 12 February 2026"), TODAY, Refusal.TOLD_IN_FUTURE,
                     id="told Thu 12 February 2026, today Tue 10 February 2026"),
        pytest.param(0, 2, REASON, day("Tue 17 February 2026"), TODAY, Refusal.TOLD_TOO_LATE,
                     id="told Tue 17 February 2026, both too late and in the future"),
    ],
)
def test_extension_refused(already, further, reason, told_on, today, refusal):
    assert extend(RECEIVED, already, further, reason, told_on, today) is refusal


def test_refusals_name_their_text_keys_and_the_module_lists_them_all():
    from features.rights.rules import clock

    assert {r.value for r in Refusal} == {
        "already_extended_fully", "too_few_months", "too_many_months", "no_reason",
        "not_told", "told_before_receipt", "told_too_late", "told_in_future",
    }
    for refusal in Refusal:
        assert f"    {refusal.value} " in clock.__doc__


def test_a_negative_count_of_months_given_is_a_bug_not_a_refusal():
    with pytest.raises(ValueError):
        extend(RECEIVED, -1, 1, REASON, TOLD, TODAY)


def test_due_refuses_more_than_two_further_months():
    with pytest.raises(ValueError):
        due(RECEIVED, 3)


# --- Days left and urgency -------------------------------------------------------

DUE = day("Mon 16 February 2026")


@pytest.mark.parametrize(
    ("today", "left", "level"),
    [
        pytest.param("Fri 16 January 2026", 31, Urgency.LATER, id="31 days before"),
        pytest.param("Sun 8 February 2026", 8, Urgency.LATER, id="8 days before"),
        pytest.param("Mon 9 February 2026", 7, Urgency.DUE_SOON, id="7 days before"),
        pytest.param("Sun 15 February 2026", 1, Urgency.DUE_SOON, id="the day before"),
        pytest.param("Mon 16 February 2026", 0, Urgency.DUE_TODAY, id="the last day"),
        pytest.param("Tue 17 February 2026", -1, Urgency.OVERDUE, id="the day after"),
        pytest.param("Mon 16 March 2026", -28, Urgency.OVERDUE, id="four weeks late"),
    ],
)
def test_days_left_and_urgency(today, left, level):
    assert days_left(DUE, day(today)) == left
    assert urgency(DUE, day(today)) is level


def test_the_soon_threshold_can_be_chosen():
    assert urgency(DUE, day("Mon 2 February 2026"), soon_days=14) is Urgency.DUE_SOON
    assert urgency(DUE, day("Mon 2 February 2026")) is Urgency.LATER


def test_sorting_by_due_date_lists_the_most_urgent_first():
    today = day("Mon 16 February 2026")
    dues = [day("Wed 15 April 2026"), day("Mon 16 February 2026"),
            day("Mon 2 February 2026"), day("Thu 19 February 2026"), day("Fri 13 February 2026")]
    ordered = sorted(dues)
    assert [urgency(d, today) for d in ordered] == [
        Urgency.OVERDUE, Urgency.OVERDUE, Urgency.DUE_TODAY, Urgency.DUE_SOON, Urgency.LATER,
    ]
    assert [days_left(d, today) for d in ordered] == [-14, -3, 0, 3, 58]
