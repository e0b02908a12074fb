"""The erasure clock, with real dates: the earlier of elapsed hours and calendar days."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from features.cameras.requests.rules.clock import camera_erasure, erasure, time_left

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WINDOW_START = datetime(2026, 3, 27, 22, 0, tzinfo=STOCKHOLM)  # before the DST change
LOGGED = datetime(2026, 4, 2, 10, 0, tzinfo=STOCKHOLM)


def test_seven_days_across_the_dst_change_take_the_earlier_count():
    at = camera_erasure(WINDOW_START, 7 * 24)
    # 168 elapsed hours end at 23:00 summer time; 7 calendar days at 22:00: take 22:00.
    assert at is not None
    assert at.astimezone(STOCKHOLM) == datetime(2026, 4, 3, 22, 0, tzinfo=STOCKHOLM)
    found = erasure(WINDOW_START, {"k1": 7 * 24})
    assert found.at == at and found.known
    assert found.urgent(LOGGED) and not found.too_late(LOGGED)
    left = time_left(found.at, LOGGED)
    assert (left.days, left.hours, left.past) == (1, 12, False)


def test_hours_that_are_not_whole_days_are_counted_as_elapsed_hours():
    at = camera_erasure(WINDOW_START, 36)
    assert at.astimezone(STOCKHOLM) == datetime(2026, 3, 29, 11, 0, tzinfo=STOCKHOLM)


def test_the_request_erases_with_its_first_camera_and_unknown_is_urgent():
    found = erasure(WINDOW_START, {"k1": 30 * 24, "k2": 7 * 24, "k3": None})
    assert found.at.astimezone(STOCKHOLM) == datetime(2026, 4, 3, 22, 0, tzinfo=STOCKHOLM)
    assert found.unknown == ("k3",) and not found.known
    early = datetime(2026, 3, 28, 9, 0, tzinfo=STOCKHOLM)
    assert found.urgent(early)  # unknown: treated as urgent
    assert erasure(WINDOW_START, {"k3": None}).at is None


def test_material_already_erased_is_too_late():
    found = erasure(WINDOW_START, {"k1": 72})
    assert found.too_late(LOGGED)
    left = time_left(found.at, LOGGED)
    assert left.past and (left.days, left.hours) == (2, 12)
