"""Task names make work happen once: a cron round's sync is named by cohort and
quarter hour, a push's by cohort and 20-second window (due at its end); a
cohort's state follows its dates and the grace after its end."""

import datetime

import pytest

from service.cohorts import FINISHED, LIVE, SET_UP, state_on
from service.schedule import names

UTC = datetime.timezone.utc


def at(h, m, s=0, micro=0):
    return datetime.datetime(2026, 12, 7, h, m, s, micro, tzinfo=UTC)


def test_a_quarter_hours_cron_deliveries_share_one_task_name_and_the_next_one_differs():
    first = names.cron_sync_name("2026-2028", at(8, 0, 1))
    assert names.cron_sync_name("2026-2028", at(8, 14, 59, 999999)) == first
    assert names.cron_sync_name("2026-2028", at(8, 15)) != first
    assert names.cron_sync_name("2025-2027", at(8, 0, 1)) != first
    assert first.endswith("-sync-2026-2028-20261207T0800")


def test_a_push_is_synced_at_the_end_of_its_20_second_window():
    number, due = names.push_window(at(8, 0, 7))
    assert due == at(8, 0, 20)
    assert names.push_window(at(8, 0, 19, 999999)) == (number, due)
    later, later_due = names.push_window(at(8, 0, 20))
    assert later == number + 1 and later_due == at(8, 0, 40)
    assert names.push_sync_name("2026-2028", number) != names.push_sync_name("2026-2028", later)


def test_a_window_in_another_time_zone_is_the_same_window():
    paris = datetime.timezone(datetime.timedelta(hours=1))
    assert names.push_window(at(8, 0, 7).astimezone(paris)) == names.push_window(at(8, 0, 7))


def test_task_urls_quote_the_cohort():
    assert names.task_url(names.SYNC_TASK_URL, "Year 13/") == "/tasks/sync/Year%2013%2F"


@pytest.mark.parametrize("today, state", [
    ("2026-08-31", SET_UP), ("2026-09-01", LIVE), ("2028-03-31", LIVE),
    ("2028-05-30", LIVE), ("2028-05-31", FINISHED)])
def test_a_cohort_is_live_from_its_start_to_its_end_plus_the_grace(today, state):
    grace = datetime.timedelta(days=60)
    assert state_on(datetime.date.fromisoformat(today), datetime.date(2026, 9, 1),
                    datetime.date(2028, 3, 31), grace) == state


def test_a_missing_date_never_holds_a_cohort_back():
    grace = datetime.timedelta(days=60)
    assert state_on(datetime.date(2030, 1, 1), None, None, grace) == LIVE
    assert state_on(datetime.date(2020, 1, 1), None, datetime.date(2021, 1, 1), grace) == LIVE
