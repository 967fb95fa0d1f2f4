"""The handout's layout stays cheap for WeasyPrint, its figures stay described, and a day before
set-up is named for what it is.

Found by a reviewer: `strongback handout` took ~7.5 s, nearly all of it WeasyPrint laying out the
nested flex boxes of every exercise again and again; GET /api/v1/handout took 5 to 9 s.
"""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta

from strongback.catalog import default_catalog
from strongback.render import too_early
from strongback.render.figures import FigureSpec, describe
from strongback.render.handout import BEFORE_START, TEMPLATES, handout_html, render_handout
from tests.render.plans import MONDAY, sample_week

MADE_ON = date(2026, 11, 22)


def test_the_handout_css_uses_no_flex_layout() -> None:
    """WeasyPrint measures a flex item's content several times over, and the exercise cards
    nested one flex box in another: eight times the text layout of the same page in tables."""
    css = (TEMPLATES / "handout.css").read_text(encoding="utf-8")
    assert not re.search(r"display:\s*(inline-)?flex", css)
    assert "table-layout: fixed" in css


def test_figures_are_described_images_not_inline_svg() -> None:
    catalog = default_catalog()
    html = handout_html(sample_week(catalog), catalog, made_on=MADE_ON)
    assert "<svg" not in html
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)">', html)
    assert len(images) == 3  # pelvic tilt, bridge and bird dog
    source, alt = images[2]
    bird_dog = FigureSpec.of(catalog.exercises["bird-dog"])
    assert alt == f"Bird dog. {describe(bird_dog)}"
    svg = base64.b64decode(source).decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title" in svg


def test_a_figure_says_which_parts_move_in_plain_grammar() -> None:
    catalog = default_catalog()
    bird_dog = describe(FigureSpec.of(catalog.exercises["bird-dog"]))
    assert bird_dog.endswith("The left leg and right arm move.")
    pelvic_tilt = describe(FigureSpec.of(catalog.exercises["pelvic-tilt"]))
    assert pelvic_tilt.endswith("The trunk moves.")


def test_days_before_set_up_are_not_called_rest_days() -> None:
    catalog = default_catalog()
    week = sample_week(catalog)
    before = [
        day.model_copy(update={"before_start": True, "exercises": [], "estimated_seconds": 0})
        for day in week.days[:2]
    ]
    html = handout_html([*before, *week.days[2:]], catalog, made_on=MADE_ON)
    rows = re.findall(r"<td>(\w{3} \d\d \w{3})</td>\s*<td>([^<]+)</td>", html)
    assert rows[:3] == [
        ("Mon 23 Nov", BEFORE_START),
        ("Tue 24 Nov", BEFORE_START),
        ("Wed 25 Nov", week.days[2].kind.label),
    ]


def test_the_same_handout_asked_again_is_not_laid_out_again() -> None:
    catalog = default_catalog()
    week = sample_week(catalog)
    first = render_handout(week, catalog, made_on=MADE_ON)
    assert render_handout(week, catalog, made_on=MADE_ON) is first
    # Another day printed on is another page, made afresh.
    assert render_handout(week, catalog, made_on=MADE_ON + timedelta(days=1)) != first


def test_a_day_long_before_set_up_is_too_early_and_later_ones_are_not() -> None:
    earliest = MONDAY - timedelta(weeks=4)
    assert too_early(earliest, earliest) is None
    assert too_early(MONDAY + timedelta(days=400), earliest) is None
    problem = too_early(date(2020, 1, 1), earliest)
    assert problem == (
        "2020-01-01 is long before you set strongback up; give a day from 2026-10-26 on "
        "(was the year mistyped?)"
    )
