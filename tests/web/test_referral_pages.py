"""The referral page and the referral shown in place of a page's content read as the terminal's:
the same title by the most urgent sign, and in an emergency no milder sign's own advice (it would
read as a choice of when to go), each said once beside the footer's safety notice."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from strongback import SAFETY_NOTICE
from strongback.profile import Condition, Profile, RedFlag
from strongback.referral import MENTION_TOO, referral_title
from strongback.rules.screening import screen_with_default_rules
from strongback.safety import Urgency

API = "/api/v1"
EMERGENCY_AND_MILDER: dict[str, Any] = {
    "pain_areas": ["lower"],
    "red_flags": ["saddle-numbness", "night-pain"],
    "conditions": ["pregnancy"],
}


def _words(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _answer(client: TestClient, answers: dict[str, Any]) -> None:
    assert client.put(f"{API}/profile", json=answers).status_code == 200


def test_an_emergency_referral_page_says_only_to_mention_the_milder_signs(
    client: TestClient,
) -> None:
    _answer(client, EMERGENCY_AND_MILDER)
    screening = screen_with_default_rules(
        Profile(
            red_flags=[RedFlag.SADDLE_NUMBNESS, RedFlag.NIGHT_PAIN],
            conditions=[Condition.PREGNANCY],
        )
    )
    emergency, *milder = screening.reasons

    words = _words(client.get("/referral").text)

    assert "Go to an emergency department now" in words
    assert "today or in the next day or two" not in words
    for reason in milder:
        assert reason.urgency is not Urgency.EMERGENCY
        assert " ".join(reason.advice.split()) not in words
        assert f"{' '.join(reason.text.split())} {MENTION_TOO}" in words
    said = " ".join(f"{emergency.text} {emergency.advice}".split())
    assert said in words
    assert words.index(said) < min(words.index(" ".join(r.text.split())) for r in milder)


def test_below_an_emergency_each_sign_says_what_to_do(client: TestClient) -> None:
    _answer(client, {"pain_areas": ["lower"], "red_flags": ["night-pain", "fever"]})

    words = _words(client.get("/referral").text)

    assert MENTION_TOO not in words
    assert "today or in the next day or two" in words


@pytest.mark.parametrize(
    ("red_flags", "urgency"),
    [(["saddle-numbness"], Urgency.EMERGENCY), (["night-pain"], Urgency.URGENT)],
)
@pytest.mark.parametrize("path", ["/referral", "/progress", "/log"])
def test_every_referral_is_titled_as_the_terminal_titles_it(
    client: TestClient, red_flags: list[str], urgency: Urgency, path: str
) -> None:
    _answer(client, {"pain_areas": ["lower"], "red_flags": red_flags})

    page = client.get(path).text

    referral = page[page.index('class="referral') :]
    heading = re.search(r"<h[12][^>]*>([^<]*)</h[12]>", referral)
    assert heading is not None
    assert heading[1] == referral_title(urgency)
    # The footer carries the safety notice: the referral does not say it a second time.
    assert page.count(html.escape(SAFETY_NOTICE.split(". ")[0])) == 1
