"""The handout: the plan as HTML for WeasyPrint, and a PDF whose every page has ink on it."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from strongback import SAFETY_NOTICE
from strongback.catalog import default_catalog
from strongback.plan import DayKind
from strongback.planner import build_week
from strongback.profile import Profile
from strongback.render.handout import (
    coming_days,
    handout_html,
    handout_weeks,
    render_handout,
    write_handout,
)
from strongback.rules.progression import default_progression_rules
from strongback.rules.screening import screen_with_default_rules
from tests.render.plans import sample_week, sample_weeks


def _pages_ink(pdf: Path, tmp_path: Path) -> list[float]:
    """Rasterise every page with poppler and return the share of non-white pixels on each."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed; .ci/run installs it")
    subprocess.run(
        [pdftoppm, "-gray", "-r", "30", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    shares = []
    for page in sorted(tmp_path.glob("page-*.pgm")):
        data = page.read_bytes()
        # Binary PGM: "P5", width, height, maxval, then one byte per pixel.
        header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        assert header is not None
        width, height = int(header[1]), int(header[2])
        pixels = data[header.end() : header.end() + width * height]
        assert len(pixels) == width * height
        shares.append(sum(1 for value in pixels if value < 200) / len(pixels))
    return shares


def test_the_html_has_every_part_of_the_handout() -> None:
    catalog = default_catalog()
    html = handout_html(sample_week(catalog), catalog, made_on=date(2026, 11, 22))
    assert "The 7 days from Monday 23 November 2026 to Sunday 29 November 2026" in html
    assert "about 4 to 14 minutes a session" in html
    assert "printed 22 Nov 2026" in html
    assert SAFETY_NOTICE in html
    for name in ("Pelvic tilt", "Bridge", "Bird dog"):
        assert name in html
    assert "2 sets of 10, hold 10 s" in html  # the bridge's dose in words
    assert catalog.exercises["bridge"].steps[0] in html
    assert catalog.exercises["bird-dog"].cues[0] in html
    assert "in for 2 s, out for 4 s" in html
    assert "Best Back Pain Exercises" in html  # the pelvic tilt's source, by title
    assert catalog.breathing.text in html
    assert "size: A4" in html
    # Tick grid: one row per exercise plus the pain row; a box on each planned day.
    grid = html[html.index('class="ticks"') :]
    assert grid.count('<span class="box">') == 3 * 3 + 3  # the stretch on six days, two on three
    assert grid.count('class="off"') == 3 * 7 - 12


def test_each_day_is_named_in_the_words_the_terminal_and_the_pages_use() -> None:
    catalog = default_catalog()
    week = sample_week(catalog)
    html = handout_html(week, catalog, made_on=date(2026, 11, 22))
    rows = re.findall(r"<td>(\w{3} \d\d \w{3})</td>\s*<td>([^<]+)</td>", html)
    assert [kind for _, kind in rows] == [day.kind.label for day in week.days]
    assert {DayKind.FULL.label, DayKind.STRETCH.label} <= {kind for _, kind in rows}


def test_each_exercise_says_when_to_leave_it_out() -> None:
    catalog = default_catalog()
    html = handout_html(sample_week(catalog), catalog, made_on=date(2026, 11, 22))
    bird_dog = html[html.index('id="bird-dog"') :]
    bird_dog = bird_dog[: bird_dog.index("</section>")]
    assert "Leave this out if any of these apply" in bird_dog
    for text in catalog.exercises["bird-dog"].contraindications:
        assert text in bird_dog
    # Only exercises that have contraindications get the list: here the bird dog alone.
    with_any = [
        e for e in ("pelvic-tilt", "bridge", "bird-dog") if catalog.exercises[e].contraindications
    ]
    assert html.count("Leave this out if any of these apply") == len(with_any)


def test_the_stretches_come_before_the_strengthening() -> None:
    catalog = default_catalog()
    html = handout_html(sample_week(catalog), catalog)
    assert html.index("1. Pelvic tilt") < html.index("2. Bridge") < html.index("3. Bird dog")


def test_letter_paper_and_a_single_session_are_supported() -> None:
    catalog = default_catalog()
    monday = sample_week(catalog).days[0]
    html = handout_html(monday, catalog, paper="letter")
    assert "size: letter" in html
    assert html.count('<span class="box">') == 3 * 7  # a session repeats every day


def test_text_from_the_catalog_is_escaped() -> None:
    catalog = default_catalog()
    week = sample_week(catalog)
    odd = week.days[0].model_copy(update={"notes": ["<b>bold</b> & more"]})
    week = week.model_copy(update={"days": [odd, *week.days[1:]]})
    html = handout_html(week, catalog)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


def test_an_exercise_missing_from_the_catalog_is_a_clear_error() -> None:
    catalog = default_catalog()
    week = sample_week(catalog)
    ghost = week.days[0].exercises[0].model_copy(update={"exercise_id": "ghost"})
    day = week.days[0].model_copy(update={"exercises": [ghost]})
    with pytest.raises(ValueError, match="'ghost'"):
        handout_html(week.model_copy(update={"days": [day, *week.days[1:]]}), catalog)


def test_the_pdf_of_a_sample_plan_has_ink_on_every_page(tmp_path: Path) -> None:
    catalog = default_catalog()
    pdf = write_handout(sample_week(catalog), catalog, tmp_path / "handout.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    shares = _pages_ink(pdf, tmp_path)
    assert len(shares) >= 2  # the exercises, then the tick grid on its own page
    for number, share in enumerate(shares, start=1):
        assert share > 0.01, f"page {number} is blank"


def test_the_html_names_its_language_and_title_and_its_headings_go_in_order() -> None:
    """What a tagged PDF is built from: the language and title a screen reader announces, and
    headings that never skip a level (h1, then h2, h3, h4), so they make an outline."""
    catalog = default_catalog()
    html = handout_html(sample_week(catalog), catalog, made_on=date(2026, 11, 22))
    assert '<html lang="en">' in html
    assert "<title>strongback plan, 23 Nov 2026</title>" in html
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in pairwise(levels))


def test_the_pdf_is_tagged_for_screen_readers(tmp_path: Path) -> None:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed; .ci/run installs it")
    catalog = default_catalog()
    pdf = write_handout(sample_week(catalog), catalog, tmp_path / "handout.pdf")
    info = subprocess.run([pdfinfo, str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert re.search(r"^Title:\s+strongback plan, 23 Nov 2026$", info, re.M), info
    outline = subprocess.run(
        [pdfinfo, "-struct-text", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    headings = re.findall(
        r"^\s*(H[1-6]) \(block\)\n\s*Span \(inline\)\n\s*\"([^\"]*)\"", outline, re.M
    )
    assert headings[:3] == [
        ("H1", "Your back exercise plan"),
        ("H2", "Day by day"),
        ("H2", "The exercises"),
    ]
    assert ("H2", "Tick it off") in headings
    assert outline.count("Figure") == 3  # each exercise's figure, named by its title


def test_a_planned_week_prints_on_letter_paper_without_blank_pages(tmp_path: Path) -> None:
    catalog = default_catalog()
    profile = Profile(minutes=20, days_per_week=3)
    week = build_week(
        profile,
        screen_with_default_rules(profile),
        date(2026, 11, 23),
        catalog=catalog,
        rules=default_progression_rules(),
    )
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(render_handout(week, catalog, paper="letter"))
    shares = _pages_ink(pdf, tmp_path)
    assert all(share > 0.01 for share in shares)


SATURDAY = date(2026, 11, 21)


def test_the_handout_weeks_are_those_its_seven_days_fall_in() -> None:
    assert handout_weeks(SATURDAY) == [date(2026, 11, 16), date(2026, 11, 23)]
    assert handout_weeks(date(2026, 11, 23)) == [date(2026, 11, 23)]


def test_printed_on_a_saturday_it_covers_the_coming_seven_days() -> None:
    """Found on a Saturday: the handout covered Mon 16 to Sun 22, mostly past."""
    catalog = default_catalog()
    weeks = sample_weeks(catalog, 2, first=date(2026, 11, 16))
    days = coming_days(weeks, SATURDAY)
    assert [d.day for d in days] == [SATURDAY + timedelta(days=n) for n in range(7)]
    html = handout_html(days, catalog, made_on=SATURDAY)
    assert "The 7 days from Saturday 21 November 2026 to Friday 27 November 2026" in html
    assert "printed 21 Nov 2026" in html
    grid = html[html.index('class="ticks"') :]
    heads = grid[: grid.index("</thead>")]
    assert (
        heads.index("Sat<br>21 Nov") < heads.index("Mon<br>23 Nov") < heads.index("Fri<br>27 Nov")
    )
    assert "16 Nov" not in html
    # Monday 23 is in the second week, whose strengthening has the prone arm and leg lift.
    assert "Prone arm and leg lift" in html


def test_days_the_plans_do_not_hold_are_a_clear_error() -> None:
    catalog = default_catalog()
    with pytest.raises(ValueError, match="do not cover Sat 21 Nov 2026"):
        coming_days([sample_week(catalog)], SATURDAY)
    with pytest.raises(ValueError, match="at least one planned day"):
        handout_html([], catalog)


def _notes_of(html: str) -> list[str]:
    if 'class="notes"' not in html:
        return []
    notes = html[html.index('class="notes"') :]
    notes = notes[: notes.index("</ul>")]
    return [item.split("</li>")[0] for item in notes.split("<li>")[1:]]


def test_a_note_of_some_days_names_them_and_never_says_today() -> None:
    """Found: "Kneeling side hip drops are left out today" above a table listing them Monday."""
    catalog = default_catalog()
    week = sample_week(catalog)
    cut = "To fit 10 minutes, Bird dog is left out today."
    days = [
        d.model_copy(update={"notes": [*d.notes, cut]}) if d.day.weekday() == 5 else d
        for d in week.days
    ]
    every_day = "See a doctor before you exercise, today or in the next day or two."
    days = [d.model_copy(update={"notes": [*d.notes, every_day]}) for d in days]
    html = handout_html(week.model_copy(update={"days": days}), catalog)
    assert _notes_of(html) == [
        # Advice that is about the moment it is read keeps its "today".
        "See a doctor before you exercise, today or in the next day or two.",
        "Mon 23 Nov: Your goal is relief: gentle doses to start with.",
        "Sat 28 Nov: To fit 10 minutes, Bird dog is left out.",
    ]


@pytest.mark.parametrize("days_per_week", [2, 3])
def test_planned_notes_on_a_week_handout_never_say_today(days_per_week: int) -> None:
    catalog = default_catalog()
    profile = Profile(minutes=5, days_per_week=days_per_week)
    week = build_week(
        profile,
        screen_with_default_rules(profile),
        date(2026, 11, 23),
        catalog=catalog,
        rules=default_progression_rules(),
    )
    planned = [note for day in week.days for note in day.notes]
    assert any("today" in note for note in planned)  # the planner words its cuts for one day
    for note in _notes_of(handout_html(week, catalog)):
        assert "today" not in note.lower(), note
