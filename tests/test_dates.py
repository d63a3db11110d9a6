"""Dates as members read them: UK time (with summer time) and "… ago" at each boundary."""
from datetime import datetime, timedelta, timezone

import pytest

from community.dates import date_only, exact_time, time_ago

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("ago, text", [
    (timedelta(seconds=0), "just now"),
    (timedelta(seconds=59), "just now"),
    (timedelta(seconds=60), "1 minute ago"),
    (timedelta(minutes=59, seconds=59), "59 minutes ago"),
    (timedelta(hours=1), "1 hour ago"),
    (timedelta(hours=23), "23 hours ago"),
    (timedelta(days=1), "1 day ago"),
    (timedelta(days=6), "6 days ago"),
    (timedelta(days=7), "1 week ago"),
    (timedelta(days=29), "4 weeks ago"),
    (timedelta(days=30), "1 month ago"),
    (timedelta(days=364), "12 months ago"),
    (timedelta(days=365), "1 year ago"),
    (timedelta(days=800), "2 years ago"),
    (timedelta(seconds=-30), "just now"),  # a clock a little ahead of the database's
])
def test_time_ago(ago, text):
    assert time_ago(NOW - ago, NOW) == text


def test_time_ago_of_nothing_is_empty():
    assert time_ago(None, NOW) == ""


def test_exact_time_is_uk_time_in_winter_and_summer():
    assert exact_time(datetime(2026, 11, 24, 14, 6, tzinfo=timezone.utc)) == "24 November 2026 at 2:06pm"
    # British Summer Time: an hour ahead of UTC.
    assert exact_time(datetime(2026, 7, 1, 8, 5, tzinfo=timezone.utc)) == "1 July 2026 at 9:05am"
    assert exact_time(None) == ""


def test_date_only_crosses_midnight_in_uk_time():
    assert date_only(datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc)) == "1 July 2026"
    assert date_only(None) == ""
