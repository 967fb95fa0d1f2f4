"""Reminders: the .ics parses with icalendar, one event per planned day, and alarms every event."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from icalendar import Calendar

from strongback.catalog import default_catalog
from strongback.plan import DayKind
from strongback.render.calendar import (
    SITTING_SOURCE,
    ReminderOptions,
    WorkingHours,
    calendar_ics,
    parse_clock,
    planned_minutes,
    weeks_to_plan,
    write_calendar,
)
from tests.render.plans import MONDAY, sample_week, sample_weeks

NOW = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)  # the Sunday evening before the plan's week
# A day's event is titled by its kind in the words the plan, the pages and the handout use.
SESSION = f"Back exercises: {DayKind.FULL.label.lower()}"
STRETCHES = f"Back exercises: {DayKind.STRETCH.label.lower()}"


def _events(ics: bytes) -> dict[str, Any]:
    # icalendar's property types are a wide union; the tests read them dynamically.
    calendar = Calendar.from_ical(ics)
    return {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


def _occurrences(event: Any) -> list[datetime]:
    rule = event["RRULE"].to_ical().decode()
    start = event.decoded("DTSTART")
    return list(rrulestr(rule, dtstart=start))


def _days_of(events: dict[str, Any], summary_start: str) -> dict[date, Any]:
    """The day events whose summary starts so, by the day they are on."""
    return {
        e.decoded("DTSTART").date(): e
        for uid, e in events.items()
        if uid.startswith("day-") and str(e["SUMMARY"]).startswith(summary_start)
    }


@pytest.fixture
def ics() -> bytes:
    options = ReminderOptions(at=time(7, 30), working_hours=WorkingHours.parse("09:00-17:00"))
    return calendar_ics(sample_weeks(default_catalog(), 4), options, now=NOW, first_day=MONDAY)


def test_the_calendar_names_its_maker_and_version(ics: bytes) -> None:
    calendar = Calendar.from_ical(ics)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//strongback//")
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))  # folded as RFC 5545 asks


def test_each_strengthening_day_has_its_own_event_at_the_chosen_time(ics: bytes) -> None:
    sessions = _days_of(_events(ics), SESSION)
    assert len(sessions) == 12  # three a week for four weeks
    assert {day.strftime("%a") for day in sessions} == {"Mon", "Wed", "Fri"}
    monday = sessions[MONDAY]
    assert "RRULE" not in monday  # one day, one plan: nothing repeats it with other words
    start = monday.decoded("DTSTART")
    assert start == datetime.combine(MONDAY, time(7, 30))
    assert start.tzinfo is None  # floating local time: 07:30 wherever the person is
    # The planned 14 minutes, not rounded up to the 15-minute budget.
    assert str(monday["SUMMARY"]) == f"{SESSION} (about 14 min)"
    assert monday.decoded("DURATION") == timedelta(minutes=14)
    assert str(monday["TRANSP"]) == "OPAQUE"
    description = str(monday["DESCRIPTION"])
    assert "Monday 23 November (about 14 min):" in description
    assert "- Bridge: 2 sets of 10, hold 10 s" in description
    assert "Tuesday" not in description  # the day's plan, not the week's
    assert "not a substitute for a clinician" in description


def test_each_event_describes_the_plan_of_its_own_day_not_the_first_weeks() -> None:
    """Found on a Saturday: the event on the coming Monday listed last Monday's exercises."""
    weeks = sample_weeks(default_catalog(), 2, first=MONDAY - timedelta(weeks=1))
    saturday_evening = datetime(2026, 11, 21, 19, 0)
    events = _events(calendar_ics(weeks, ReminderOptions(weeks=1), now=saturday_evening))
    sessions = _days_of(events, SESSION)
    assert sorted(sessions) == [MONDAY, MONDAY + timedelta(days=2), MONDAY + timedelta(days=4)]
    for day, event in sessions.items():
        description = str(event["DESCRIPTION"])
        assert f"{day:%A %d %B}" in description
        # The week of 23 November swaps the bird dog for the prone arm and leg lift.
        assert "Prone arm and leg lift" in description
        assert "Bird dog" not in description


def test_stretching_days_have_their_own_events_and_rest_days_stay_free(ics: bytes) -> None:
    events = _events(ics)
    stretches = _days_of(events, STRETCHES)
    assert len(stretches) == 12
    assert {day.strftime("%a") for day in stretches} == {"Tue", "Thu", "Sat"}
    tuesday = stretches[MONDAY + timedelta(days=1)]
    assert "Pelvic tilt" in str(tuesday["DESCRIPTION"])
    assert str(tuesday["SUMMARY"]) == "Back exercises: stretches only (about 4 min)"
    assert tuesday.decoded("DURATION") == timedelta(minutes=4)
    assert str(tuesday["TRANSP"]) == "TRANSPARENT"
    days = {e.decoded("DTSTART").date() for uid, e in events.items() if uid.startswith("day-")}
    assert not any(day.weekday() == 6 for day in days)  # Sunday rests


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
    assert len(events) == 24 + 3
    for event in events.values():
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        alarm = alarms[0]
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert str(alarm["DESCRIPTION"])
        assert alarm.decoded("TRIGGER") <= timedelta(0)
        assert event.decoded("DTSTAMP") == NOW
        assert str(event["UID"]).endswith("@strongback.local")
    monday = _days_of(events, SESSION)[MONDAY]
    assert monday.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-5)


def test_each_day_gets_its_own_length() -> None:
    week = sample_week(default_catalog())
    # Stretch days of 4:00, 5:40 and 6:10; a 20-second one would still say a minute.
    lengths = {1: 240, 3: 340, 5: 20}
    days = [
        d.model_copy(update={"estimated_seconds": lengths[i]}) if i in lengths else d
        for i, d in enumerate(week.days)
    ]
    options = ReminderOptions(weeks=1)
    ics = calendar_ics(week.model_copy(update={"days": days}), options, now=NOW, first_day=MONDAY)
    stretches = _days_of(_events(ics), STRETCHES)
    minutes = {day.strftime("%a"): e.decoded("DURATION") for day, e in stretches.items()}
    assert minutes == {
        "Tue": timedelta(minutes=4),
        "Thu": timedelta(minutes=6),
        "Sat": timedelta(minutes=1),
    }
    thursday = stretches[MONDAY + timedelta(days=3)]
    assert str(thursday["SUMMARY"]) == f"{STRETCHES} (about 6 min)"
    assert "Thursday 26 November (about 6 min):" in str(thursday["DESCRIPTION"])


@pytest.mark.parametrize(("seconds", "minutes"), [(0, 1), (20, 1), (89, 1), (90, 2), (340, 6)])
def test_planned_minutes_round_to_the_nearest_minute_and_never_say_zero(
    seconds: int, minutes: int
) -> None:
    assert planned_minutes(seconds) == minutes


def test_uids_are_stable_so_a_newer_file_updates_the_events() -> None:
    weeks = sample_weeks(default_catalog(), 4)
    first = _events(calendar_ics(weeks, now=NOW, first_day=MONDAY))
    later = _events(calendar_ics(weeks, now=NOW + timedelta(days=7), first_day=MONDAY))
    assert first.keys() == later.keys()
    assert "day-20261123" in first
    assert int(later["day-20261123"]["SEQUENCE"]) > int(first["day-20261123"]["SEQUENCE"])


def test_reminders_start_today_when_the_plan_week_began_earlier() -> None:
    wednesday_noon = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    events = _events(calendar_ics(sample_weeks(default_catalog(), 5), now=wednesday_noon))
    days = sorted(e.decoded("DTSTART").date() for u, e in events.items() if u.startswith("day-"))
    assert days[0] == date(2026, 11, 25)
    assert days[-1] < date(2026, 11, 25) + timedelta(weeks=4)


def test_no_working_hours_means_no_sitting_breaks_and_weeks_sets_the_span() -> None:
    options = ReminderOptions(working_hours=None, weeks=2)
    weeks = sample_weeks(default_catalog(), 2)
    events = _events(calendar_ics(weeks, options, now=NOW, first_day=MONDAY))
    assert all(uid.startswith("day-") for uid in events)
    assert len(_days_of(events, SESSION)) == 6


def test_plans_that_leave_out_a_day_of_the_span_are_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"do not cover Mon 30 Nov 2026.*2026-11-23, 2026-11-30"):
        calendar_ics(sample_week(default_catalog()), now=NOW, first_day=MONDAY)


@pytest.mark.parametrize(
    ("first_day", "weeks", "mondays"),
    [
        (date(2026, 11, 21), 1, [date(2026, 11, 16), date(2026, 11, 23)]),
        (MONDAY, 1, [MONDAY]),
        (MONDAY, 2, [MONDAY, date(2026, 11, 30)]),
        (date(2026, 11, 29), 1, [MONDAY, date(2026, 11, 30)]),
    ],
)
def test_weeks_to_plan_are_the_weeks_the_reminders_touch(
    first_day: date, weeks: int, mondays: list[date]
) -> None:
    assert weeks_to_plan(first_day, weeks) == mondays


def test_write_calendar_writes_the_same_bytes(tmp_path: Path) -> None:
    weeks = sample_weeks(default_catalog(), 4)
    path = write_calendar(weeks, tmp_path / "r.ics", now=NOW, first_day=MONDAY)
    assert path.read_bytes() == calendar_ics(weeks, now=NOW, first_day=MONDAY)


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
