"""Swedish working days: the holidays of lag (1989:253) plus the three eves of lag
(1930:173), from the `holidays` package, with weekends by weekday."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from compliance import workdays
from compliance.workdays import (
    after_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    repeating_after_working_days,
    working_days_between,
)

# Every day off in 2026 and 2027 other than a plain weekend, by hand from the law
# (checked against a calendar: Easter Sunday is 5 April 2026 and 28 March 2027).
DAYS_OFF_2026 = {
    date(2026, 1, 1): "Nyårsdagen",  # Thu
    date(2026, 1, 6): "Trettondedag jul",  # Tue
    date(2026, 4, 3): "Långfredagen",  # Fri
    date(2026, 4, 5): "Påskdagen",  # Sun
    date(2026, 4, 6): "Annandag påsk",  # Mon
    date(2026, 5, 1): "Första maj",  # Fri
    date(2026, 5, 14): "Kristi himmelsfärdsdag",  # Thu, 39 days after Easter Sunday
    date(2026, 5, 24): "Pingstdagen",  # Sun
    date(2026, 6, 6): "Nationaldagen",  # Sat
    date(2026, 6, 19): "Midsommarafton",  # Fri, the Friday of 19-25 June
    date(2026, 6, 20): "Midsommardagen",  # Sat
    date(2026, 10, 31): "Alla helgons dag",  # Sat, the Saturday of 31 Oct-6 Nov
    date(2026, 12, 24): "Julafton",  # Thu
    date(2026, 12, 25): "Juldagen",  # Fri
    date(2026, 12, 26): "Annandag jul",  # Sat
    date(2026, 12, 31): "Nyårsafton",  # Thu
}
DAYS_OFF_2027 = {
    date(2027, 1, 1): "Nyårsdagen",  # Fri
    date(2027, 1, 6): "Trettondedag jul",  # Wed
    date(2027, 3, 26): "Långfredagen",  # Fri
    date(2027, 3, 28): "Påskdagen",  # Sun
    date(2027, 3, 29): "Annandag påsk",  # Mon
    date(2027, 5, 1): "Första maj",  # Sat
    date(2027, 5, 6): "Kristi himmelsfärdsdag",  # Thu
    date(2027, 5, 16): "Pingstdagen",  # Sun
    date(2027, 6, 6): "Nationaldagen",  # Sun
    date(2027, 6, 25): "Midsommarafton",  # Fri
    date(2027, 6, 26): "Midsommardagen",  # Sat
    date(2027, 11, 6): "Alla helgons dag",  # Sat
    date(2027, 12, 24): "Julafton",  # Fri
    date(2027, 12, 25): "Juldagen",  # Sat
    date(2027, 12, 26): "Annandag jul",  # Sun
    date(2027, 12, 31): "Nyårsafton",  # Fri
}


def days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


@pytest.mark.parametrize(("year", "expected"), [(2026, DAYS_OFF_2026), (2027, DAYS_OFF_2027)])
def test_the_holidays_are_exactly_the_public_holidays_and_the_three_eves(year, expected):
    named = {day: holiday_name(day, "sv") for day in days_of(year) if holiday_name(day, "sv")}
    assert named == expected


@pytest.mark.parametrize("year", [2026, 2027])
def test_a_working_day_is_a_weekday_that_is_no_holiday(year):
    for day in days_of(year):
        expected = day.weekday() < 5 and day not in {**DAYS_OFF_2026, **DAYS_OFF_2027}
        assert is_working_day(day) is expected, day


def test_the_package_categories_are_the_public_holidays_plus_the_three_eves():
    # "de_facto" adds exactly midsommarafton, julafton and nyårsafton to the 13
    # public holidays; if a new version of the package changed that, the
    # working-day rule would silently change with it.
    public = holidays.Sweden(years=2026, categories=("public",), language="sv")
    both = holidays.Sweden(years=2026, categories=("public", "de_facto"), language="sv")
    assert len(public) == 13
    assert sorted(both.get(day) for day in set(both) - set(public)) == [
        "Julafton", "Midsommarafton", "Nyårsafton",
    ]


def test_an_ordinary_sunday_is_no_holiday_by_name_but_no_working_day():
    # Sunday 15 February 2026 (older versions of the package named every Sunday).
    assert holiday_name(date(2026, 2, 15), "sv") is None
    assert not is_working_day(date(2026, 2, 15))
    assert not is_working_day(date(2026, 2, 14))  # Saturday
    assert is_working_day(date(2026, 2, 16))  # Monday


def test_days_that_are_not_days_off_in_law_are_working_days():
    # Påskafton, pingstafton and trettondagsafton are no holidays, and skärtorsdagen
    # and the day before Kristi himmelsfärd are ordinary working days in law.
    assert is_working_day(date(2026, 4, 2))  # skärtorsdagen, Thu
    assert is_working_day(date(2026, 1, 5))  # trettondagsafton, Mon
    assert is_working_day(date(2026, 5, 13))  # the day before Kristi himmelsfärd, Wed
    assert is_working_day(date(2026, 10, 30))  # the Friday before Alla helgons dag
    assert holiday_name(date(2026, 4, 4), "sv") is None  # påskafton, Sat


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 2, 16), date(2026, 2, 16), id="Mon 16 Feb 2026 is itself"),
        pytest.param(date(2026, 2, 14), date(2026, 2, 16), id="Sat 14 Feb 2026 -> Mon 16 Feb"),
        pytest.param(date(2026, 4, 3), date(2026, 4, 7), id="Good Friday 3 Apr 2026 -> Tue 7 Apr"),
        pytest.param(date(2026, 12, 24), date(2026, 12, 28), id="Christmas Eve 2026 -> Mon 28 Dec"),
        pytest.param(date(2026, 12, 31), date(2027, 1, 4), id="New Year's Eve 2026 -> Mon 4 Jan"),
        pytest.param(date(2027, 12, 24), date(2027, 12, 27), id="Christmas Eve 2027 -> Mon 27 Dec"),
        pytest.param(date(2026, 6, 19), date(2026, 6, 22), id="Midsummer Eve 2026 -> Mon 22 Jun"),
        pytest.param(date(2026, 5, 14), date(2026, 5, 15), id="Ascension 2026 -> Fri 15 May"),
    ],
)
def test_next_working_day(day, expected):
    assert next_working_day(day) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("sv", "Långfredagen"),
        ("en", "Good Friday"),
        ("en_US", "Good Friday"),
        ("de", "Långfredagen"),
    ],
    ids=["sv", "en", "en_US", "an unknown language falls back to sv"],
)
def test_holiday_names_in_both_languages(lang, expected):
    assert holiday_name(date(2026, 4, 3), lang) == expected


def test_names_do_not_follow_the_server_locale(monkeypatch):
    # Left to itself the package picks the language from LANGUAGE/LC_ALL/LANG.
    workdays._holidays.cache_clear()
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(variable, "en_US.UTF-8")
    assert holiday_name(date(2026, 12, 24), "sv") == "Julafton"
    monkeypatch.setenv("LANGUAGE", "sv_SE.UTF-8")
    workdays._holidays.cache_clear()
    assert holiday_name(date(2026, 12, 24), "en") == "Christmas Eve"
    workdays._holidays.cache_clear()


def test_the_holidays_come_from_the_package_for_any_year():
    # Easter Sunday 2040 is 1 April: no hand-written list reaches that far.
    assert holiday_name(date(2040, 3, 30), "sv") == "Långfredagen"
    assert holiday_name(date(2040, 4, 1), "sv") == "Påskdagen"
    assert holiday_name(date(2040, 4, 2), "sv") == "Annandag påsk"
    assert next_working_day(date(2040, 3, 30)) == date(2040, 4, 3)  # Tue
    # Two holidays on one day are both named: Pingstdagen falls on 6 June in 2049.
    assert holiday_name(date(2049, 6, 6), "sv") == "Nationaldagen; Pingstdagen"


def test_every_day_of_many_years_agrees_with_the_package():
    for year in range(2020, 2061):
        days_off = holidays.Sweden(years=year, categories=("public", "de_facto"))
        for day in days_of(year):
            assert is_working_day(day) is (day.weekday() < 5 and day not in days_off), day


def test_the_holiday_sets_are_built_once_per_year_and_language():
    workdays._holidays.cache_clear()
    for day in days_of(2031):
        is_working_day(day)
    holiday_name(date(2031, 1, 1), "sv")
    holiday_name(date(2031, 1, 1), "en")
    assert workdays._holidays.cache_info().misses == 2


def test_a_datetime_is_refused_because_its_date_depends_on_the_zone():
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 4, 2, 23, 30, tzinfo=UTC))  # 3 April in Stockholm
    with pytest.raises(TypeError):
        holiday_name(datetime(2026, 4, 3, 12, 0, tzinfo=UTC), "sv")


def _stockholm(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Stockholm"))


def test_a_nudge_two_working_days_after_easter_thursday_then_weekly():
    # Asked Thursday 2 April 2026 at 15:00; Good Friday and Easter Monday are days off.
    asked = _stockholm(2026, 4, 2, 15, 0)
    assert after_working_days(asked, 2) == _stockholm(2026, 4, 8, 15, 0)
    assert repeating_after_working_days(asked, 2, 7, _stockholm(2026, 4, 8, 14, 59)) is None
    assert repeating_after_working_days(asked, 2, 7, _stockholm(2026, 4, 8, 15, 0)) == (
        0, _stockholm(2026, 4, 8, 15, 0))
    assert repeating_after_working_days(asked, 2, 7, _stockholm(2026, 4, 20, 9, 0)) == (
        1, _stockholm(2026, 4, 15, 15, 0))


def test_working_days_passed_skip_weekends_and_holidays():
    assert working_days_between(_stockholm(2026, 4, 2, 15, 0),
                                _stockholm(2026, 4, 8, 9, 0)) == 2  # Tuesday, Wednesday
