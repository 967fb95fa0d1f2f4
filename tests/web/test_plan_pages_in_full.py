"""Today and the week say what `strongback plan` says: each exercise's "Skip this and tell your
clinician if ..." line on Today, a day stopped for a flare on the week with only its stretches
(`services.rest_day`, as Today and `strongback start` read it), and links to the weeks around,
so someone who set up on a Sunday can go on from six days before they started. On SQLite and
PostgreSQL."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from strongback import services
from strongback.catalog import default_catalog
from strongback.plan import Phase
from strongback.profile import PainArea, Profile
from strongback.records import SessionSource
from strongback.rules.screening import screen_with_default_rules
from strongback.settings import Settings
from strongback.store import Repository
from strongback.timeline import skip_if
from strongback.web import create_app
from tests.web.conftest import TEST_HOSTS

FLARE = services.flare_pain()  # no usual pain is known in these stores: the rules' level
PROFILE = Profile(pain_areas=[PainArea.LOWER], minutes=15, days_per_week=7)
SUNDAY = date(2024, 11, 24)


@pytest.fixture
def client(store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as test_client:
        yield test_client


def _repository(client: TestClient) -> Repository:
    repository: Repository = client.app.state.strongback.repository()  # type: ignore[attr-defined]
    return repository


def _set_up(client: TestClient, at: datetime) -> Repository:
    repository = _repository(client)
    repository.save_profile(PROFILE, screen_with_default_rules(PROFILE), at=at)
    return repository


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _cards(page: str) -> dict[str, str]:
    """The week's day cards by their date ("24 Nov"), each as its words."""
    cards = re.findall(
        r'<li class="card day[^"]*">(.*?)</li>\s*(?=<li class="card|</ol>)', page, re.S
    )
    found = {}
    for card in cards:
        when = re.search(r'<span class="small">([^<]+)</span>', card)
        assert when is not None
        found[when.group(1)] = _text(card)
    return found


def _get(client: TestClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.text


# --- Today: when to skip an exercise ------------------------------------------------------------


def test_today_says_when_to_skip_each_exercise_in_the_words_of_the_plan(
    client: TestClient,
) -> None:
    repository = _set_up(client, datetime.now(UTC) - timedelta(days=3))
    catalog = default_catalog()
    plan = services.plan_for_day(repository, catalog, date.today())
    lines = [skip_if(catalog.get(e.exercise_id)) for e in plan.exercises]
    assert any(lines), "today's plan has an exercise with contraindications"

    page = _get(client, "/today")

    items = re.findall(r'<li class="card plan-item">(.*?)</li>', page, re.S)
    assert len(items) == len(plan.exercises)
    for item, line in zip(items, lines, strict=True):
        shown = re.findall(r'<p class="caution skip-if">(.*?)</p>', item, re.S)
        assert [html.unescape(s) for s in shown] == ([line] if line else [])


# --- The week after a stop for a flare ----------------------------------------------------------


def test_the_week_shows_today_stopped_for_a_flare_with_its_stretches_only(
    client: TestClient,
) -> None:
    now = datetime.now(UTC)
    repository = _set_up(client, now - timedelta(days=10))
    rest = services.stop_for_today(repository, FLARE, now, SessionSource.WEB).rest
    planned = services.plan_for_day(repository, default_catalog(), date.today())

    card = _cards(_get(client, "/week"))[f"{date.today():%-d %b}"]

    assert card.startswith(f"{date.today():%A}")
    assert "Stopped for a flare" in card
    assert rest.words in card
    for exercise in planned.exercises:
        assert (exercise.name in card) is (exercise.phase is Phase.STRETCH), exercise.name


def test_an_earlier_day_stopped_for_a_flare_shows_as_stopped_on_its_week(
    client: TestClient,
) -> None:
    now = datetime.now(UTC)
    repository = _set_up(client, now - timedelta(days=10))
    yesterday = now - timedelta(days=1)
    rest = services.stop_for_today(repository, FLARE, yesterday, SessionSource.WEB).rest
    day = yesterday.astimezone().date()

    cards = _cards(_get(client, f"/week?day={day.isoformat()}"))

    assert "Stopped for a flare" in cards[f"{day:%-d %b}"]
    assert rest.words_on(date.today()) in cards[f"{day:%-d %b}"]
    others = [words for when, words in cards.items() if when != f"{day:%-d %b}"]
    assert not [words for words in others if "Stopped for a flare" in words]


# --- The weeks around ---------------------------------------------------------------------------


def _links(page: str) -> dict[str, str]:
    """The week pager's links, by their words."""
    pager = re.search(r'<nav class="week-pager"[^>]*>(.*?)</nav>', page, re.S)
    assert pager is not None, "the week links to the weeks around"
    return {
        html.unescape(words): href
        for href, words in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', pager.group(1))
    }


def test_set_up_on_a_sunday_the_week_leads_on_to_the_next(client: TestClient) -> None:
    _set_up(client, datetime(2024, 11, 24, 9, 0, tzinfo=UTC))

    first = _get(client, f"/week?day={SUNDAY.isoformat()}")
    links = _links(first)

    assert _text(first).count("Before you started") == 6
    assert links["Next week →"] == "/week?day=2024-11-25"
    assert "← Previous week" not in links  # all of it came before the set-up
    assert links["This week"] == "/week"  # 2024 is not this week

    second = _get(client, links["Next week →"])

    assert "Before you started" not in second
    assert "Monday 25 November to Sunday 1 December 2024" in _text(second)
    assert _links(second)["← Previous week"] == "/week?day=2024-11-18"
    assert _links(second)["Next week →"] == "/week?day=2024-12-02"


def test_this_week_needs_no_link_to_itself(client: TestClient) -> None:
    _set_up(client, datetime.now(UTC) - timedelta(days=30))

    links = _links(_get(client, "/week"))

    assert "This week" not in links
    assert "← Previous week" in links
    assert "Next week →" in links


def test_the_last_week_strongback_plans_leads_nowhere_further(client: TestClient) -> None:
    _set_up(client, datetime.now(UTC) - timedelta(days=30))

    links = _links(_get(client, "/week?day=2099-12-31"))

    assert "Next week →" not in links
    assert links["← Previous week"] == "/week?day=2099-12-21"
