"""The Advice and Sports pages: every item /api/v1/advice and /api/v1/sports give, with its source
articles, in the layout and nav of the other pages, with the safety notice; while the answers call
for a clinician first, the referral opens both."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from strongback import SAFETY_NOTICE

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 3, "experience": "some"}
RED_FLAG = {**PROFILE, "red_flags": ["bladder-bowel-change"]}
PAGES = {"/advice": ("advice", "topic"), "/sports": ("sports", "name")}


def _item(page: str, item_id: str) -> str:
    found = re.search(rf'<li class="card" id="{item_id}">(.*?)\n  </li>', page, re.S)
    assert found, f"no item {item_id}"
    return html.unescape(found[1])


@pytest.mark.parametrize("path", PAGES)
def test_every_item_is_shown_with_its_sources_as_the_api_gives_them(
    client: TestClient, path: str
) -> None:
    resource, title_key = PAGES[path]
    items: list[dict[str, Any]] = client.get(f"{API}/{resource}").json()
    titles = {a["id"]: a["title"] for a in client.get(f"{API}/articles").json()}
    page = client.get(path)

    assert page.status_code == 200
    assert len(items) == page.text.count('<li class="card" id=')
    for item in items:
        shown = _item(page.text, item["id"])
        assert f"<h2>{item[title_key]}</h2>" in shown
        assert (item.get("text") or item.get("why")) in shown
        if item.get("note"):
            assert item["note"] in shown
        for source in item["sources"]:
            assert f"<cite>{titles[source['article']]}</cite> — {source['where']}" in shown


def test_a_sport_s_note_is_marked_as_one(client: TestClient) -> None:
    swimming = _item(client.get("/sports").text, "swimming")
    assert "<strong>Note:</strong> Breaststroke" in swimming


@pytest.mark.parametrize("path", PAGES)
def test_the_page_has_the_nav_marked_and_the_safety_notice_once(
    client: TestClient, path: str
) -> None:
    page = client.get(path).text
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', page, re.S)
    assert nav
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav[1])

    assert [(href, label) for href, _, label in links] == [
        ("/today", "Today"),
        ("/week", "Week"),
        ("/library", "Exercises"),
        ("/advice", "Advice"),
        ("/sports", "Sports"),
        ("/progress", "Progress"),
        ("/settings", "Settings"),
    ]
    assert [href for href, current, _ in links if current] == [path]
    assert page.count(SAFETY_NOTICE) == 1
    assert 'href="/referral"' not in page  # no answers yet: nothing to refer


@pytest.mark.parametrize("path", PAGES)
def test_with_a_red_flag_the_referral_opens_the_page_and_the_items_stay(
    client: TestClient, path: str
) -> None:
    assert client.put(f"{API}/profile", json=RED_FLAG).status_code == 200
    page = client.get(path)

    assert page.status_code == 200
    text = page.text
    assert 'role="alert"' in text
    assert 'href="/referral"' in text
    assert "a clinician should see you before you exercise" in text
    assert text.index('href="/referral"') < text.index('<li class="card"')
    assert text.count(SAFETY_NOTICE) == 1


@pytest.mark.parametrize("path", PAGES)
def test_with_clear_answers_there_is_no_referral(client: TestClient, path: str) -> None:
    assert client.put(f"{API}/profile", json=PROFILE).status_code == 200
    text = client.get(path).text
    assert 'href="/referral"' not in text
    assert 'class="lead"' in text
