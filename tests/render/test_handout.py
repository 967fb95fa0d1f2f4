"""The handout: the plan as HTML for WeasyPrint, and a PDF whose every page has ink on it."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from strongback import SAFETY_NOTICE
from strongback.catalog import default_catalog
from strongback.planner import build_week
from strongback.profile import Profile
from strongback.render.handout import handout_html, render_handout, write_handout
from strongback.rules.screening import screen_with_default_rules
from tests.render.plans import sample_week


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
    assert "Monday 23 November 2026 to Sunday 29 November 2026" in html
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


def test_a_planned_week_prints_on_letter_paper_without_blank_pages(tmp_path: Path) -> None:
    catalog = default_catalog()
    profile = Profile(minutes=20, days_per_week=3)
    week = build_week(profile, screen_with_default_rules(profile), date(2026, 11, 23))
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(render_handout(week, catalog, paper="letter"))
    shares = _pages_ink(pdf, tmp_path)
    assert all(share > 0.01 for share in shares)
