"""Reminders: the .ics parses with icalendar, repeats weekly as planned and alarms every event."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from icalendar import Calendar

from strongback.catalog import default_catalog
from strongback.render.calendar import (
    SITTING_SOURCE,
    ReminderOptions,
    WorkingHours,
    calendar_ics,
    parse_clock,
    planned_minutes,
    write_calendar,
)
from tests.render.plans import MONDAY, sample_week

NOW = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)  # the Sunday evening before the plan's week


def _events(ics: bytes) -> dict[str, Any]:
    # icalendar's property types are a wide union; the tests read them dynamically.
    calendar = Calendar.from_ical(ics)
    return {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


def _occurrences(event: Any) -> list[datetime]:
    rule = event["RRULE"].to_ical().decode()
    start = event.decoded("DTSTART")
    return list(rrulestr(rule, dtstart=start))


@pytest.fixture
def ics() -> bytes:
    options = ReminderOptions(at=time(7, 30), working_hours=WorkingHours.parse("09:00-17:00"))
    return calendar_ics(sample_week(default_catalog()), options, now=NOW)


def test_the_calendar_names_its_maker_and_version(ics: bytes) -> None:
    calendar = Calendar.from_ical(ics)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//strongback//")
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))  # folded as RFC 5545 asks


def test_sessions_repeat_weekly_on_the_strengthening_days_at_the_chosen_time(ics: bytes) -> None:
    sessions = _events(ics)["sessions"]
    rule = sessions["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["MO", "WE", "FR"]
    start = sessions.decoded("DTSTART")
    assert start == datetime.combine(MONDAY, time(7, 30))
    assert start.tzinfo is None  # floating local time: 07:30 wherever the person is
    # The planned 14 minutes, not rounded up to the 15-minute budget.
    assert str(sessions["SUMMARY"]) == "Back exercises: stretch and strengthen (about 14 min)"
    assert sessions.decoded("DURATION") == timedelta(minutes=14)
    occurrences = _occurrences(sessions)
    assert len(occurrences) == 12  # three a week for four weeks
    assert {o.strftime("%a %H:%M") for o in occurrences} == {"Mon 07:30", "Wed 07:30", "Fri 07:30"}
    assert "Bridge" in str(sessions["DESCRIPTION"])
    assert "not a substitute for a clinician" in str(sessions["DESCRIPTION"])


def test_stretches_fill_the_other_days_and_rest_days_stay_free(ics: bytes) -> None:
    stretches = _events(ics)["stretches"]
    assert stretches["RRULE"]["BYDAY"] == ["TU", "TH", "SA"]
    assert len(_occurrences(stretches)) == 12
    assert "Pelvic tilt" in str(stretches["DESCRIPTION"])
    assert str(stretches["SUMMARY"]) == "Daily back stretches (about 4 min)"
    assert stretches.decoded("DURATION") == timedelta(minutes=4)
    assert str(stretches["TRANSP"]) == "TRANSPARENT"


def test_sitting_breaks_come_every_two_hours_inside_working_hours_on_weekdays(ics: bytes) -> None:
    breaks = {uid: e for uid, e in _events(ics).items() if uid.startswith("sitting-break")}
    assert sorted(breaks) == ["sitting-break-1100", "sitting-break-1300", "sitting-break-1500"]
    for event in breaks.values():
        assert event["RRULE"]["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
        occurrences = _occurrences(event)
        assert len(occurrences) == 20
        assert all(o.weekday() < 5 for o in occurrences)
        assert all(time(9) < o.time() < time(17) for o in occurrences)
        assert SITTING_SOURCE in str(event["DESCRIPTION"])


def test_every_event_has_a_display_alarm_uid_and_stamp(ics: bytes) -> None:
    events = _events(ics)
    assert len(events) == 5
    for event in events.values():
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        alarm = alarms[0]
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert str(alarm["DESCRIPTION"])
        assert alarm.decoded("TRIGGER") <= timedelta(0)
        assert event.decoded("DTSTAMP") == NOW
        assert str(event["UID"]).endswith("@strongback.local")
    assert _events(ics)["sessions"].walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-5)


def test_days_of_different_lengths_give_the_range_and_each_days_own_length() -> None:
    week = sample_week(default_catalog())
    # Stretch days of 4:00, 5:40 and 6:10; a 20-second one would still say a minute.
    lengths = {1: 240, 3: 340, 5: 370}
    days = [
        d.model_copy(update={"estimated_seconds": lengths[i]}) if i in lengths else d
        for i, d in enumerate(week.days)
    ]
    stretches = _events(calendar_ics(week.model_copy(update={"days": days}), now=NOW))["stretches"]
    assert str(stretches["SUMMARY"]) == "Daily back stretches (about 4–6 min)"
    assert stretches.decoded("DURATION") == timedelta(minutes=6)
    description = str(stretches["DESCRIPTION"])
    assert "Tuesday (about 4 min):" in description
    assert "Thursday (about 6 min):" in description
    assert "Saturday (about 6 min):" in description


@pytest.mark.parametrize(("seconds", "minutes"), [(0, 1), (20, 1), (89, 1), (90, 2), (340, 6)])
def test_planned_minutes_round_to_the_nearest_minute_and_never_say_zero(
    seconds: int, minutes: int
) -> None:
    assert planned_minutes(seconds) == minutes


def test_uids_are_stable_so_a_newer_file_updates_the_events() -> None:
    week = sample_week(default_catalog())
    first = _events(calendar_ics(week, now=NOW))
    later = _events(calendar_ics(week, now=NOW + timedelta(days=7)))
    assert first.keys() == later.keys()
    assert int(later["sessions"]["SEQUENCE"]) > int(first["sessions"]["SEQUENCE"])


def test_reminders_start_today_when_the_plan_week_began_earlier() -> None:
    wednesday_noon = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    events = _events(calendar_ics(sample_week(default_catalog()), now=wednesday_noon))
    assert events["sessions"].decoded("DTSTART").date() == date(2026, 11, 25)
    assert events["stretches"].decoded("DTSTART").date() == date(2026, 11, 26)


def test_no_working_hours_means_no_sitting_breaks_and_weeks_sets_the_span() -> None:
    options = ReminderOptions(working_hours=None, weeks=2)
    events = _events(calendar_ics(sample_week(default_catalog()), options, now=NOW))
    assert set(events) == {"sessions", "stretches"}
    assert len(_occurrences(events["sessions"])) == 6


def test_write_calendar_writes_the_same_bytes(tmp_path: Path) -> None:
    week = sample_week(default_catalog())
    path = write_calendar(week, tmp_path / "r.ics", now=NOW)
    assert path.read_bytes() == calendar_ics(week, now=NOW)


def test_the_sitting_source_is_the_articles_title() -> None:
    assert SITTING_SOURCE in {a.title for a in default_catalog().articles.values()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00-17:00", [time(11), time(13), time(15)]),
        ("08:30-10:30", []),
        ("08:00-10:01", [time(10)]),
    ],
)
def test_breaks_follow_the_working_hours(text: str, expected: list[time]) -> None:
    assert WorkingHours.parse(text).breaks() == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9", "write it as HH:MM-HH:MM"),
        ("17:00-09:00", "must end after they start"),
        ("09:00-25:00", "is not a time"),
        ("nine-five", "is not a time"),
    ],
)
def test_bad_working_hours_are_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WorkingHours.parse(text, "--work")


def test_bad_options_are_a_clear_error() -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_clock("7pm", "--at")
    with pytest.raises(ValueError, match="weeks must be from 1 to 52"):
        ReminderOptions(weeks=0)
