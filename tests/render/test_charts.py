"""The progress chart: valid, accessible SVG with every series, and a real PNG from it."""

from __future__ import annotations

import itertools
import struct
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from strongback.plan import DayKind, SessionPlan
from strongback.progress import FunctionRating, ProgressSummary, SessionPoint, Target, summarise
from strongback.records import SessionFeedback, SessionRecord, SessionSource, SessionStatus
from strongback.render.charts import (
    FUNCTION,
    HEIGHT,
    PAIN_AFTER,
    PAIN_BEFORE,
    PAIN_NEXT_DAY,
    WIDTH,
    describe,
    progress_svg,
    to_png,
)

SVG = "{http://www.w3.org/2000/svg}"
MONDAY = date(2026, 3, 2)


def _session(day: date, before: int, after: int, next_day: int | None = None) -> SessionRecord:
    plan = SessionPlan(
        day=day, kind=DayKind.FULL, exercises=[], estimated_seconds=0, minutes_budget=15
    )
    return SessionRecord(
        plan=plan,
        source=SessionSource.LOG,
        status=SessionStatus.COMPLETED,
        started_at=datetime.combine(day, time(12), tzinfo=UTC),
        feedback=SessionFeedback(pain_before=before, pain_after=after, next_day_pain=next_day),
    )


def month() -> ProgressSummary:
    pains = [(6, 5), (6, 6), (5, 4), (5, 4), (5, 5), (4, 3), (4, 4), (3, 3), (3, 2), (3, 7), (3, 3)]
    days = [0, 2, 4, 7, 9, 11, 14, 21, 23, 25, 28]
    history = [
        _session(MONDAY + timedelta(days=d), b, a) for d, (b, a) in zip(days, pains, strict=True)
    ]
    ratings = [
        FunctionRating(day=MONDAY, activity="sitting", score=3),
        FunctionRating(day=MONDAY, activity="lifting a child", score=2),
        FunctionRating(day=MONDAY + timedelta(days=14), activity="sitting", score=5),
        FunctionRating(day=MONDAY + timedelta(days=28), activity="lifting a child", score=6),
    ]
    targets = [Target(since=MONDAY, days_per_week=3)]
    return summarise(history, ratings, targets, today=MONDAY + timedelta(days=29))


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # our own output, not untrusted input


def test_the_svg_is_800_by_400_with_a_title_and_a_description_in_words() -> None:
    summary = month()
    root = _parse(progress_svg(summary))

    assert (root.get("width"), root.get("height")) == (str(WIDTH), str(HEIGHT))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-title chart-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == "Your progress with strongback"
    assert desc is not None
    assert desc.text == describe(summary)
    assert "11 sessions recorded" in (desc.text or "")
    assert "from 6 to 3 out of 10" in (desc.text or "")


def test_every_series_is_drawn() -> None:
    root = _parse(progress_svg(month()))

    lines = {p.get("stroke"): p for p in root.iter(f"{SVG}polyline")}
    assert set(lines) == {PAIN_BEFORE, PAIN_AFTER, FUNCTION}
    assert len(lines[PAIN_BEFORE].get("points", "").split()) == 11
    assert lines[PAIN_AFTER].get("stroke-dasharray")  # told apart without colour too
    assert len(lines[FUNCTION].get("points", "").split()) == 3  # one point per rating day
    texts = [t.text for t in root.iter(f"{SVG}text")]
    # A bar label per week, done of planned; the missed week shows 1/3.
    assert [t for t in texts if t and "/" in t] == ["3/3", "3/3", "1/3", "3/3", "1/3"]
    assert {"2 Mar", "9 Mar", "16 Mar", "23 Mar", "30 Mar"} <= set(texts)


def test_an_empty_history_still_makes_a_chart_that_says_so() -> None:
    svg = progress_svg(summarise([], [], [], MONDAY))
    root = _parse(svg)

    assert not list(root.iter(f"{SVG}polyline"))
    assert "your chart fills in as you go" in svg


def test_text_is_escaped() -> None:
    ratings = [FunctionRating(day=MONDAY, activity="<script>&", score=4)]
    svg = progress_svg(summarise([], ratings, [], MONDAY))

    _parse(svg)  # still well-formed XML
    assert "<script>" not in svg


def test_the_png_is_a_real_image_of_the_chart(tmp_path: Path) -> None:
    pytest.importorskip("cairosvg")
    png = to_png(progress_svg(month()))

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (2 * WIDTH, 2 * HEIGHT)  # doubled for crisp text
    assert len(png) > 20_000  # lines, text and bars, not a blank page
    (tmp_path / "progress.png").write_bytes(png)


def test_a_sustained_rise_in_pain_is_flagged_on_the_chart() -> None:
    pains = [2, 2, 3, 5, 5, 6, 6, 6, 7]
    history = [_session(MONDAY + timedelta(days=3 * i), p, p) for i, p in enumerate(pains)]
    summary = summarise(history, [], [], today=MONDAY + timedelta(days=25))
    assert summary.see_clinician is not None

    assert "please see a clinician" in progress_svg(summary)
    assert "please see a clinician" not in progress_svg(month())


def with_next_day_checks() -> ProgressSummary:
    history = [
        _session(MONDAY, 6, 5, next_day=5),
        _session(MONDAY + timedelta(days=2), 5, 5),
        _session(MONDAY + timedelta(days=4), 5, 4, next_day=3),
        _session(MONDAY + timedelta(days=7), 4, 4, next_day=2),
    ]
    return summarise(history, [], [], today=MONDAY + timedelta(days=9))


def test_the_next_day_pain_is_a_series_of_its_own_on_the_day_it_was_felt() -> None:
    summary = with_next_day_checks()
    root = _parse(progress_svg(summary))

    lines = {p.get("stroke"): p for p in root.iter(f"{SVG}polyline")}
    assert set(lines) == {PAIN_BEFORE, PAIN_AFTER, PAIN_NEXT_DAY}
    next_day = lines[PAIN_NEXT_DAY]
    assert next_day.get("stroke-dasharray")  # told apart without colour too
    xs = [float(point.split(",")[0]) for point in next_day.get("points", "").split()]
    befores = [float(pt.split(",")[0]) for pt in lines[PAIN_BEFORE].get("points", "").split()]
    assert len(xs) == 3
    assert xs[0] > befores[0]  # drawn the day after its session, not on it
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Pain next day" in texts  # in the legend
    assert "Pain the day after a session went from 5 to 2 out of 10." in describe(summary)


def test_each_pain_line_is_described_from_its_own_readings() -> None:
    sessions = [
        SessionPoint(id=1, day=date(2026, 3, 2), kind=DayKind.FULL, source=SessionSource.LOG,
                     status=SessionStatus.COMPLETED, pain_before=3, pain_after=2,
                     next_day_pain=4, difficulty=None, sets_done=1),
        SessionPoint(id=2, day=date(2026, 3, 4), kind=DayKind.FULL, source=SessionSource.LOG,
                     status=SessionStatus.COMPLETED, pain_before=2, pain_after=2,
                     next_day_pain=None, difficulty=None, sets_done=1),
    ]  # fmt: skip
    summary = summarise([], [], [], date(2026, 3, 9)).model_copy(update={"sessions": sessions})
    words = describe(summary)
    assert "Pain before sessions went from 3 to 2 out of 10." in words
    assert "Pain the day after a session was 4 out of 10." in words


# --- Long spans, one session, and a plan withheld -------------------------------------------------


def years_apart() -> ProgressSummary:
    """A session mistyped years back, then a few weeks of a plan: the span of nearly seven years
    that `strongback log --date 2020-01-01` used to make."""
    today = date(2026, 11, 21)
    history = [_session(date(2020, 1, 1), 5, 4)]
    history += [_session(today - timedelta(days=d), 4, 3) for d in (1, 3, 8, 10, 15)]
    targets = [Target(since=today - timedelta(days=20), days_per_week=3)]
    return summarise(history, [], targets, today)


def test_a_span_over_years_names_both_years_in_the_subtitle() -> None:
    texts = [t.text or "" for t in _parse(progress_svg(years_apart())).iter(f"{SVG}text")]

    assert any(t.startswith("Dec 2019 to Nov 2026 ·") for t in texts)


def test_a_span_within_a_year_keeps_days_and_one_year() -> None:
    texts = [t.text or "" for t in _parse(progress_svg(month())).iter(f"{SVG}text")]

    assert any(t.startswith("2 Mar to 5 Apr 2026 ·") for t in texts)


def test_a_long_span_thins_the_date_labels_and_keeps_the_bars_inside_the_chart() -> None:
    root = _parse(progress_svg(years_apart()))

    labels = [
        t for t in root.iter(f"{SVG}text") if float(t.get("y", 0)) > 352 and t.get("x") != "56.0"
    ]
    assert 3 <= len(labels) <= 11
    assert all(" 20" in (t.text or "") for t in labels)  # "Sep 2020": months with their years
    xs = sorted(float(t.get("x", 0)) for t in labels)
    assert min(b - a for a, b in itertools.pairwise(xs)) > 60  # room for each label
    for bar in root.iter(f"{SVG}rect"):
        if bar.get("width") in (None, str(WIDTH)):
            continue
        left, width = float(bar.get("x", 0)), float(bar.get("width", 0))
        assert left >= 56
        assert left + width <= WIDTH - 24 + 0.1
        assert width >= 1.0
    # No per-week "done/planned" label when a week is a few pixels wide: they would overlap.
    assert not [t for t in root.iter(f"{SVG}text") if "/" in (t.text or "")]


def test_one_session_is_one_session_in_words() -> None:
    summary = summarise([_session(MONDAY, 4, 3)], [], [], MONDAY)

    assert describe(summary).startswith("1 session recorded.")


def test_a_withheld_plan_draws_what_was_done_without_targets() -> None:
    from strongback.progress import withhold

    svg = progress_svg(withhold(month()))

    assert "done (filled) of planned (dashed)" not in svg
    assert "no targets until a clinician has seen you" in svg
    assert 'stroke-dasharray="4 3"' not in svg  # no dashed planned bars
    texts = [t.text for t in _parse(svg).iter(f"{SVG}text")]
    assert "3/3" not in texts
    assert "3" in texts  # the week's sessions done, on its bar
