"""The library speaks the cards' words: its filters, its pages, and the chair it now finds."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from strongback.catalog import Position, Region


def _options(page: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select id="f-{name}" name="{name}">(.*?)</select>', page, re.S)
    assert select is not None, name
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


def test_the_library_filters_say_what_the_cards_say(client: TestClient) -> None:
    page = client.get("/library").text
    positions = _options(page, "position")
    assert positions["supine"] == "Lying on your back"
    assert positions["quadruped"] == "On all fours"
    assert positions["side-lying"] == "Lying on your side"
    assert positions["seated"] == "Sitting"
    assert _options(page, "region")["hips-glutes"] == "Hips and buttocks"
    equipment = _options(page, "equipment")
    assert equipment["pull-up-bar"] == "Pull-up bar"
    assert equipment["mat"] == "Mat, carpet or blanket"
    assert equipment["none"] == "Nothing special"
    assert _options(page, "level")["1"] == "1 (beginner)"
    # One source: every option reads the label the cards use, and the values are unchanged.
    assert {v: t.lower() for v, t in positions.items() if v} == {p.value: p.label for p in Position}
    assert {v for v in _options(page, "region") if v} == {r.value for r in Region}
    form = page[page.index('<form class="filters"') : page.index("</form>")]
    for internal in ("Supine", "Prone<", "Quadruped", "Side lying", "Hips glutes", "Pull up bar"):
        assert internal not in form


def test_the_chair_filter_finds_the_seated_stretch(client: TestClient) -> None:
    page = client.get("/library", params={"equipment": "chair"}).text
    assert "/library/chin-to-chest-stretch" in page
    assert "1 of 32 exercises" in page
    api = client.get("/api/v1/exercises", params={"equipment": "chair"}).json()
    assert [e["id"] for e in api] == ["chin-to-chest-stretch"]


def test_nothing_special_lists_the_floor_exercises_too(client: TestClient) -> None:
    page = client.get("/library", params={"equipment": "none"}).text
    for exercise_id in ("bridge", "bird-dog", "chin-to-chest-stretch", "standing-hip-flexion"):
        assert f"/library/{exercise_id}" in page
    assert "/library/standing-band-row" not in page


def test_an_exercise_page_says_what_it_is_done_on(client: TestClient) -> None:
    assert "Equipment: sturdy chair" in client.get("/library/chin-to-chest-stretch").text
    bridge = client.get("/library/bridge").text
    assert "Equipment: mat, carpet or blanket" in bridge
    assert "hips and buttocks" in bridge
    assert "level 1 (beginner)" in bridge
