from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar


@pytest.fixture
def with_profile(client: TestClient) -> TestClient:
    client.put("/api/v1/profile", json={"pain_areas": ["lower"], "days_per_week": 3})
    return client


def test_handout_is_a_pdf(with_profile: TestClient) -> None:
    response = with_profile.get("/api/v1/handout")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert with_profile.get("/api/v1/handout", params={"paper": "letter"}).status_code == 200
    assert with_profile.get("/api/v1/handout", params={"paper": "a5"}).status_code == 422


def test_reminders_parse_as_a_calendar(with_profile: TestClient) -> None:
    response = with_profile.get("/api/v1/reminders", params={"at": "07:30", "weeks": 2})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert events
    assert all(e.walk("VALARM") for e in events)
    summaries = " ".join(str(e["SUMMARY"]) for e in events)
    assert "Stand up and move" in summaries


def test_reminders_without_working_hours_have_no_sitting_breaks(with_profile: TestClient) -> None:
    calendar = Calendar.from_ical(with_profile.get("/api/v1/reminders?work=").content)
    assert all("Stand up" not in str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))


@pytest.mark.parametrize(
    "query", ["at=25:00", "at=soon", "work=17:00-09:00", "work=nine-to-five", "weeks=0", "weeks=99"]
)
def test_bad_reminder_options_are_422(with_profile: TestClient, query: str) -> None:
    response = with_profile.get(f"/api/v1/reminders?{query}")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_downloads_need_a_plan(client: TestClient) -> None:
    assert client.get("/api/v1/handout").status_code == 404
    client.put("/api/v1/profile", json={"red_flags": ["night-pain"]})
    assert client.get("/api/v1/reminders").status_code == 409


def test_the_handout_covers_the_seven_days_from_the_day_asked(
    with_profile: TestClient, tmp_path: Path
) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    response = with_profile.get("/api/v1/handout", params={"day": "2026-11-21"})
    assert response.status_code == 200
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(response.content)
    text = " ".join(
        subprocess.run(
            [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "The 7 days from Saturday 21 November 2026 to Friday 27 November 2026" in text


def test_each_reminder_describes_its_own_day(with_profile: TestClient) -> None:
    # Dates from today, the day the profile was saved: days before it are "before you started".
    today = date.today()
    monday = today + timedelta(days=(7 - today.weekday()) % 7)  # the next Monday, or today
    days = {"day": monday.isoformat()}
    week = with_profile.get("/api/v1/plan/week", params=days).json()
    response = with_profile.get("/api/v1/reminders", params={"day": today.isoformat(), "weeks": 1})
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    by_day = {
        e.decoded("DTSTART").date(): str(e["DESCRIPTION"])
        for e in events
        if str(e["UID"]).startswith("day-")
    }
    assert min(by_day) == today
    assert [e["name"] for e in week["days"][0]["exercises"]] == [
        line[2:].split(":")[0] for line in by_day[monday].splitlines() if line.startswith("- ")
    ]


@pytest.mark.parametrize("path", ["/api/v1/handout", "/api/v1/reminders"])
def test_a_day_out_of_range_is_422(with_profile: TestClient, path: str) -> None:
    assert with_profile.get(path, params={"day": "1999-12-31"}).status_code == 422
