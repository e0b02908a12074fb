from datetime import UTC, date, datetime, timedelta

import pytest

from compliance.deadlines import (
    format_time_left,
    is_late,
    notification_deadline,
    received_date,
    rights_request_deadline,
    rights_request_period_end,
    time_left,
)
from compliance.localtime import STOCKHOLM, format_date, format_datetime


def local(*args):
    return datetime(*args, tzinfo=STOCKHOLM)


def test_deadline_across_the_autumn_clock_change():
    # Clocks go back on 25 October 2026: 72 elapsed hours end at 09:00 local.
    deadline = notification_deadline(local(2026, 10, 23, 10, 0))
    assert format_datetime(deadline) == "2026-10-26 09:00"
    assert time_left(deadline, local(2026, 10, 23, 10, 0)) == timedelta(hours=72)


def test_deadline_across_the_spring_clock_change():
    # Clocks go forward on 29 March 2026: 72 elapsed hours end at 11:00 local.
    assert format_datetime(notification_deadline(local(2026, 3, 27, 10, 0))) == "2026-03-30 11:00"


def test_deadline_without_clock_change_and_from_utc():
    assert format_datetime(notification_deadline(local(2026, 11, 20, 14, 30))) == "2026-11-23 14:30"
    assert format_datetime(datetime(2026, 11, 20, 13, 30, tzinfo=UTC)) == "2026-11-20 14:30"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        notification_deadline(datetime(2026, 11, 20, 14, 30))


@pytest.mark.parametrize(
    ("now", "sv", "en"),
    [
        (local(2026, 11, 21, 9, 30), "2 dygn 5 tim kvar", "2 days 5 h left"),
        (local(2026, 11, 23, 10, 0), "4 tim 30 min kvar", "4 h 30 min left"),
        (local(2026, 11, 23, 14, 10), "20 min kvar", "20 min left"),
        (local(2026, 11, 23, 17, 30), "3 tim försenad", "overdue by 3 h"),
        (local(2026, 11, 25, 15, 30), "2 dygn 1 tim försenad", "overdue by 2 days 1 h"),
        (local(2026, 11, 22, 14, 30), "1 dygn kvar", "1 day left"),
    ],
)
def test_time_left_in_both_languages(now, sv, en):
    deadline = notification_deadline(local(2026, 11, 20, 14, 30))
    left = time_left(deadline, now)
    assert format_time_left(left, "sv") == sv
    assert format_time_left(left, "en") == en


def test_time_left_is_negative_when_overdue():
    deadline = notification_deadline(local(2026, 11, 20, 14, 30))
    assert time_left(deadline, local(2026, 11, 23, 15, 30)) == -timedelta(hours=1)


def test_late_submission_needs_reasons_for_delay():
    aware = local(2026, 10, 23, 10, 0)
    assert not is_late(aware, local(2026, 10, 26, 9, 0))
    assert is_late(aware, local(2026, 10, 26, 9, 1))


@pytest.mark.parametrize(
    ("received", "deadline", "extended"),
    [
        # Sun 15 March 2026 -> Wed 15 April 2026; +2 -> Mon 15 June 2026.
        (date(2026, 3, 15), date(2026, 4, 15), date(2026, 6, 15)),
        # Sat 31 January 2026 -> Sat 28 February, moved to Mon 2 March 2026;
        # +2 -> Thu 30 April 2026, counted from receipt.
        (date(2026, 1, 31), date(2026, 3, 2), date(2026, 4, 30)),
        # Thu 10 December 2026 -> Sun 10 January, moved to Mon 11 January 2027;
        # +2 -> Wed 10 March 2027.
        (date(2026, 12, 10), date(2027, 1, 11), date(2027, 3, 10)),
    ],
)
def test_rights_request_one_month(received, deadline, extended):
    assert rights_request_deadline(received) == deadline
    assert rights_request_deadline(received, further_months=2) == extended


def test_rights_request_period_end_is_before_the_working_day_rule():
    # Wed 14 January 2026: the month ends Sat 14 February; the deadline is Mon 16.
    assert rights_request_period_end(date(2026, 1, 14)) == date(2026, 2, 14)
    assert rights_request_deadline(date(2026, 1, 14)) == date(2026, 2, 16)
    # One further month: Sat 14 March -> Mon 16 March 2026.
    assert rights_request_period_end(date(2026, 1, 14), further_months=1) == date(2026, 3, 14)
    assert rights_request_deadline(date(2026, 1, 14), further_months=1) == date(2026, 3, 16)


@pytest.mark.parametrize("further_months", [-1, 3])
def test_rights_request_extension_is_one_or_two_further_months(further_months):
    with pytest.raises(ValueError):
        rights_request_deadline(date(2026, 1, 14), further_months=further_months)


def test_rights_request_received_late_evening_counts_in_stockholm():
    received = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # 00:30 on 1 April in Stockholm
    # Wed 1 April 2026 -> Fri 1 May 2026, Första maj, moved to Mon 4 May 2026.
    assert received_date(received) == date(2026, 4, 1)
    assert rights_request_deadline(received) == date(2026, 5, 4)
    assert format_date(received) == "2026-04-01"


def test_received_date_keeps_a_date():
    assert received_date(date(2026, 2, 28)) == date(2026, 2, 28)
