"""When a reminder that is not a legal clock may be delivered, on real Swedish dates, and
how the DSO's typed parameters are read: pure functions, no I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from compliance.workdays import holiday_name, is_working_day
from features.reminders.rules.office_hours import next_office_moment, parse_clock
from features.reminders.rules.params import (
    ParamError,
    ParamKind,
    kind_of,
    minimum_of,
    overrides,
    parse,
    parse_whole,
)
from features.reminders.runner import next_office_moment as exported

STHLM = ZoneInfo("Europe/Stockholm")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STHLM)


def test_the_runner_offers_the_same_helper():
    assert exported is next_office_moment


def test_within_office_hours_on_a_working_day_it_is_now():
    now = local(2026, 3, 10, 10, 15)  # Tuesday
    assert next_office_moment(now) == now
    assert next_office_moment(now).tzinfo == UTC


def test_before_the_day_begins_it_waits_for_eight_the_same_day():
    assert next_office_moment(local(2026, 3, 10, 6, 59)) == local(2026, 3, 10, 8, 0)


def test_the_end_of_office_hours_is_after_hours():
    assert next_office_moment(local(2026, 3, 10, 17, 0)) == local(2026, 3, 11, 8, 0)
    assert next_office_moment(local(2026, 3, 10, 16, 59)) == local(2026, 3, 10, 16, 59)


def test_a_friday_evening_waits_for_monday_morning():
    assert next_office_moment(local(2026, 3, 6, 18, 30)) == local(2026, 3, 9, 8, 0)
    assert next_office_moment(local(2026, 3, 7, 12, 0)) == local(2026, 3, 9, 8, 0)  # Saturday


def test_midsummer_eve_is_no_working_day():
    # The holidays package's Swedish calendar (with the de facto holidays) says so.
    assert holiday_name(date(2026, 6, 19)) == "Midsommarafton"
    assert not is_working_day(date(2026, 6, 19))
    # Thursday after hours → Friday is midsommarafton, then the weekend → Monday 22 June.
    assert next_office_moment(local(2026, 6, 18, 17, 30)) == local(2026, 6, 22, 8, 0)


def test_christmas_eve_and_the_holidays_after_it_are_skipped():
    assert holiday_name(date(2026, 12, 24)) == "Julafton"
    # Wednesday 23 December after hours: julafton, juldagen, annandag jul (a Saturday),
    # Sunday → Monday 28 December.
    assert next_office_moment(local(2026, 12, 23, 17, 5)) == local(2026, 12, 28, 8, 0)
    # New Year's Eve is no working day either.
    assert next_office_moment(local(2026, 12, 30, 20, 0)) == local(2027, 1, 4, 8, 0)


def test_easter_is_skipped():
    # Thursday 2 April 2026 after hours: Långfredagen, the weekend, Annandag påsk.
    assert next_office_moment(local(2026, 4, 2, 17, 30)) == local(2026, 4, 7, 8, 0)


def test_eight_oclock_is_local_time_across_the_spring_change():
    # Clocks go forward on Sunday 29 March 2026: Friday is UTC+1, Monday UTC+2.
    moment = next_office_moment(local(2026, 3, 27, 20, 0))
    assert moment == datetime(2026, 3, 30, 6, 0, tzinfo=UTC)
    assert moment.astimezone(STHLM).hour == 8


def test_eight_oclock_is_local_time_across_the_autumn_change():
    # Clocks go back on Sunday 25 October 2026: Saturday is UTC+2, Monday UTC+1.
    moment = next_office_moment(local(2026, 10, 24, 12, 0))
    assert moment == datetime(2026, 10, 26, 7, 0, tzinfo=UTC)


def test_an_organisations_own_office_hours():
    start, end = time(9, 30), time(15, 0)
    assert next_office_moment(local(2026, 3, 9, 15, 0), start, end) == local(2026, 3, 10, 9, 30)
    assert next_office_moment(local(2026, 3, 9, 9, 0), start, end) == local(2026, 3, 9, 9, 30)


def test_naive_times_and_backwards_hours_are_refused():
    with pytest.raises(ValueError):
        next_office_moment(datetime(2026, 3, 9, 10, 0))
    with pytest.raises(ValueError):
        next_office_moment(local(2026, 3, 9, 10, 0), time(17, 0), time(8, 0))


@pytest.mark.parametrize("typed,clock", [("08:00", time(8, 0)), ("8", time(8, 0)),
                                         ("8.30", time(8, 30)), ("kl. 17", time(17, 0)),
                                         ("24:00", None), ("åtta", None)])
def test_clock_times_as_people_write_them(typed, clock):
    assert parse_clock(typed) == clock


# -- parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed,number", [("2", 2), ("2,0", 2), ("2.0", 2), (" 48 ", 48),
                                          ("1 000", 1000), ("+3", 3), ("2,00", 2)])
def test_whole_numbers_in_swedish_and_english(typed, number):
    assert parse_whole(typed) == number


@pytest.mark.parametrize("typed,key", [("2,5", "reminders.error.whole"),
                                       ("0", "reminders.error.positive"),
                                       ("-4", "reminders.error.positive"),
                                       ("tjugo", "reminders.error.number"),
                                       ("", "reminders.error.required"),
                                       ("99999", "reminders.error.too_large")])
def test_what_is_no_positive_whole_number_is_refused_with_its_reason(typed, key):
    with pytest.raises(ParamError) as refused:
        parse_whole(typed)
    assert refused.value.key == key


def test_the_kind_of_a_parameter_follows_from_its_default_and_name():
    assert kind_of("hours", [24, 48]) is ParamKind.WHOLE_LIST
    assert kind_of("months", 12) is ParamKind.WHOLE
    assert kind_of("escalate_to", []) is ParamKind.EMAIL_LIST
    assert kind_of("hour", 8) is ParamKind.HOUR
    assert kind_of("enabled_weekends", False) is ParamKind.FLAG
    assert kind_of("start", "08:00") is ParamKind.TIME


def test_lists_are_separated_by_commas_and_keep_a_zero_only_where_the_default_has_one():
    assert parse(ParamKind.WHOLE_LIST, "24, 48;60 70") == [24, 48, 60, 70]
    assert parse(ParamKind.WHOLE_LIST, "7, 2, 0", minimum=minimum_of("days_before", [7, 2, 0])
                 ) == [7, 2, 0]
    with pytest.raises(ParamError):
        parse(ParamKind.WHOLE_LIST, "24, 0", minimum=minimum_of("hours", [24, 48]))
    with pytest.raises(ParamError) as refused:
        parse(ParamKind.WHOLE_LIST, ", ")
    assert refused.value.key == "reminders.error.required"


def test_addresses_must_be_addresses():
    assert parse(ParamKind.EMAIL_LIST, "Dana@Kommun.se; olle@kommun.se") == [
        "dana@kommun.se", "olle@kommun.se"]
    assert parse(ParamKind.EMAIL_LIST, "") == []
    with pytest.raises(ParamError) as refused:
        parse(ParamKind.EMAIL_LIST, "dana@kommun.se, olle")
    assert refused.value.params == {"address": "olle"}


def test_an_hour_of_the_day():
    assert parse(ParamKind.HOUR, "8") == 8
    assert parse(ParamKind.HOUR, "0") == 0
    with pytest.raises(ParamError):
        parse(ParamKind.HOUR, "25")


def test_only_what_differs_from_the_defaults_is_stored():
    assert overrides({"hours": 24, "max_days": 14}, {"hours": 48, "max_days": 14}) == {
        "hours": 48}
