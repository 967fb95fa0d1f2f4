"""The Today page's next-day check-in: the card asks how the back is the day after a session, by
the rule `strongback checkin` follows, and the plan it leads to listens; on SQLite and PostgreSQL.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from strongback import EMERGENCY_ADVICE, services
from strongback.catalog import default_catalog
from strongback.records import SessionFeedback, SessionRecord, SessionSource
from strongback.services import FLARE_ADVICE
from strongback.settings import Settings
from strongback.store import Repository
from strongback.web import create_app
from strongback.web.pages.plan import NO_PAIN_CHOSEN, NO_SUCH_SESSION, PAIN_OFF_SCALE
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
RED_FLAG = {**PROFILE, "red_flags": ["bladder-bowel-change"]}
TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)
QUESTION = "How is your back today, after {} session?"
FORM = 'action="/today/check-in"'


@pytest.fixture
def client(store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as test_client:
        assert test_client.put(f"{API}/profile", json=PROFILE).status_code == 200
        yield test_client


def _session_on(
    repository: Repository,
    day: date,
    source: SessionSource = SessionSource.LOG,
    **feedback: Any,
) -> SessionRecord:
    """The day's planned session, finished on `day` (logged, unless another source is named)."""
    plan = services.plan_for_day(repository, default_catalog(), day)
    started = datetime.combine(day, time(10)).astimezone()
    ended = started + timedelta(seconds=plan.estimated_seconds)
    return repository.add_finished_session(
        plan, source, started, [], ended, SessionFeedback(**feedback)
    )


def _next_day_pain(repository: Repository, session: SessionRecord) -> int | None:
    assert session.id is not None
    stored = repository.get_session(session.id)
    assert stored is not None
    return stored.feedback.next_day_pain


def _text(answer: Any) -> str:
    """The page with its entities read (yesterday&#39;s is yesterday's)."""
    return html.unescape(answer.text)


def _asks(page: str) -> bool:
    return FORM in page


def _check_in(client: TestClient, pain: str | None) -> Any:
    return client.post(
        "/today/check-in", data={} if pain is None else {"pain": pain}, follow_redirects=False
    )


def test_the_card_asks_about_yesterday_s_session_on_a_scale_with_named_ends(
    client: TestClient, repository: Repository
) -> None:
    _session_on(repository, YESTERDAY, pain_before=3, pain_after=3)

    page = _text(client.get("/today"))

    assert _asks(page)
    assert QUESTION.format("yesterday's") in page
    question = page.index(QUESTION.format("yesterday's"))
    assert question < page.index("<h1>"), "the card comes first, before the plan it changes"
    fieldset = re.search(r"<fieldset[^>]*>\s*<legend id=\"check-in-question\">", page)
    assert fieldset is not None
    assert 'role="radiogroup"' in fieldset.group(0)
    assert "aria-invalid" not in fieldset.group(0)
    radios = re.findall(r'<input type="radio" name="pain" value="(\d+)"', page)
    assert radios == [str(n) for n in range(11)]
    assert '<label><input type="radio" name="pain" value="0"> 0 <span class="end">no pain' in page
    assert 'value="10"> 10 <span class="end">worst imaginable</span>' in page
    assert '<button type="submit">Save my answer</button>' in page
    assert 'role="status"' not in page  # nothing recorded yet


def test_the_card_names_the_weekday_of_a_session_two_days_back(
    client: TestClient, repository: Repository
) -> None:
    two_days_back = TODAY - timedelta(days=2)
    _session_on(repository, two_days_back)

    assert QUESTION.format(f"{two_days_back:%A}'s") in _text(client.get("/today"))


def test_today_s_session_does_not_hide_yesterday_s_question(
    client: TestClient, repository: Repository
) -> None:
    """As `strongback checkin` picks it: the latest finished session of an earlier day."""
    yesterday_s = _session_on(repository, YESTERDAY)
    _session_on(repository, TODAY)

    assert QUESTION.format("yesterday's") in _text(client.get("/today"))
    assert _check_in(client, "4").status_code == 303
    assert _next_day_pain(repository, yesterday_s) == 4


@pytest.mark.parametrize(
    "history",
    ["none", "today", "three-days-back", "camera-practice", "in-progress"],
)
def test_the_card_waits_for_a_finished_session_of_the_days_just_before(
    client: TestClient, repository: Repository, history: str
) -> None:
    """The same sessions `strongback checkin` would refuse: none yet, only today's (check in
    tomorrow), one older than the window, camera practice, and one not finished."""
    if history == "today":
        _session_on(repository, TODAY)
    elif history == "three-days-back":
        _session_on(repository, TODAY - timedelta(days=services.CHECK_IN_WINDOW_DAYS + 1))
    elif history == "camera-practice":
        _session_on(repository, YESTERDAY, SessionSource.CAMERA)
    elif history == "in-progress":
        plan = services.plan_for_day(repository, default_catalog(), YESTERDAY)
        started = datetime.combine(YESTERDAY, time(10)).astimezone()
        repository.start_session(plan, SessionSource.WEB, started)

    page = client.get("/today")

    assert page.status_code == 200
    assert not _asks(page.text)
    assert "How is your back today" not in page.text


def test_another_day_s_plan_does_not_ask_about_today(
    client: TestClient, repository: Repository
) -> None:
    _session_on(repository, YESTERDAY)

    ahead = client.get("/today", params={"day": (TODAY + timedelta(days=1)).isoformat()})

    assert not _asks(ahead.text)
    assert _asks(client.get("/today", params={"day": TODAY.isoformat()}).text)


def test_a_flare_is_recorded_and_today_s_plan_steps_back_at_once(
    client: TestClient, repository: Repository
) -> None:
    session = _session_on(repository, YESTERDAY, pain_before=2, pain_after=2)
    before = client.get(f"{API}/plan").json()

    answer = _check_in(client, "8")

    assert (answer.status_code, answer.headers["location"]) == (303, "/today?checked_in=yes")
    assert _next_day_pain(repository, session) == 8
    after = client.get(f"{API}/plan").json()
    assert after != before
    assert any("flare" in change["reason"].lower() for change in after["changes"])
    page = _text(client.get(answer.headers["location"]))
    status = re.search(r'<p class="change bad" role="status"[^>]*>(.*?)</p>', page, re.S)
    assert status is not None
    assert status.group(1) == f"Noted: pain 8/10 the day after yesterday's session. {FLARE_ADVICE}"
    assert "your plan steps back" in FLARE_ADVICE
    assert "Keep gently active" in FLARE_ADVICE  # not rest: the guidance is to stay active
    assert "stop an exercise that hurts" in FLARE_ADVICE
    assert "see a doctor or physiotherapist" in FLARE_ADVICE
    assert FLARE_ADVICE.endswith(EMERGENCY_ADVICE), "the only pain text in the alert"
    # The plan shown is the one that listened: its changes say why it stepped back.
    for change in after["changes"]:
        assert change["reason"] in page
    assert not _asks(page), "asked once: the card is gone once answered"


def test_a_calm_answer_is_noted_without_flare_advice(
    client: TestClient, repository: Repository
) -> None:
    _session_on(repository, YESTERDAY)

    page = _text(client.post("/today/check-in", data={"pain": "2"}))

    assert re.search(
        r'<p class="change good" role="status"[^>]*>Noted: pain 2/10 the day after '
        r"yesterday's session; today's plan takes it into account.</p>",
        page,
    )
    assert "flare" not in page
    assert not _asks(page)


def test_the_card_is_not_asked_twice(client: TestClient, repository: Repository) -> None:
    _session_on(repository, YESTERDAY)
    assert _check_in(client, "3").status_code == 303

    plain = _text(client.get("/today"))
    reloaded = _text(client.get("/today?checked_in=yes"))

    assert not _asks(plain)
    assert 'role="status"' not in plain
    assert not _asks(reloaded)
    assert "Noted: pain 3/10" in reloaded


@pytest.mark.parametrize(
    ("sent", "problem"),
    [
        (None, NO_PAIN_CHOSEN),
        ("", NO_PAIN_CHOSEN),
        ("11", PAIN_OFF_SCALE),
        ("-1", PAIN_OFF_SCALE),
        ("2.5", PAIN_OFF_SCALE),
        ("a lot", PAIN_OFF_SCALE),
        ("²", PAIN_OFF_SCALE),  # a digit to str.isdigit, not a number to int()
        ("٣", PAIN_OFF_SCALE),  # int() reads these two as 3: not on the card all the same
        ("３", PAIN_OFF_SCALE),
        ("9" * 40, PAIN_OFF_SCALE),
    ],
)
def test_a_value_off_the_scale_is_explained_beside_the_card(
    client: TestClient, repository: Repository, sent: str | None, problem: str
) -> None:
    session = _session_on(repository, YESTERDAY)

    answer = _check_in(client, sent)

    assert answer.status_code == 422
    page = _text(answer)
    assert "Traceback" not in page
    assert _asks(page), "the card stays, to answer again"
    assert re.search(r'<fieldset role="radiogroup" aria-describedby="[^"]*check-in-error"', page)
    assert 'aria-invalid="true"' in page
    assert f'<p class="error" id="check-in-error" role="alert">{problem}</p>' in page
    assert "<h1>Today" in page, "the plan is still shown below"
    assert _next_day_pain(repository, session) is None


@pytest.mark.parametrize(
    ("history", "reason"),
    [
        ("none", "there is no session before today to check in for; do one first"),
        ("today", "your last session was today: check in tomorrow with how your back feels"),
    ],
)
def test_a_check_in_with_no_session_to_follow_is_refused_in_words(
    client: TestClient, repository: Repository, history: str, reason: str
) -> None:
    if history == "today":
        _session_on(repository, TODAY)

    answer = _check_in(client, "4")

    assert answer.status_code == 422
    assert f'role="alert">Nothing was recorded: {reason}.</p>' in answer.text
    assert "Traceback" not in answer.text
    assert not _asks(answer.text)
    assert all(s.feedback.next_day_pain is None for s in repository.sessions())


# --- The card answers for the session it asked about ----------------------------------------------


def _answer_card(client: TestClient, session: SessionRecord | int | str, pain: str) -> Any:
    named = session.id if isinstance(session, SessionRecord) else session
    return client.post(
        "/today/check-in", data={"pain": pain, "session": str(named)}, follow_redirects=False
    )


def test_the_card_names_the_session_it_asks_about(
    client: TestClient, repository: Repository
) -> None:
    session = _session_on(repository, YESTERDAY)

    page = client.get("/today").text

    form = page.split(FORM)[1].split("</form>")[0]
    assert f'<input type="hidden" name="session" value="{session.id}">' in form


def test_a_card_shown_before_midnight_answers_for_its_own_session(
    client: TestClient, repository: Repository
) -> None:
    # Shown at 23:59 yesterday, the card asked about the session of the day before; yesterday's
    # own session was done by then. Sent after midnight, a new lookup would find yesterday's.
    asked = _session_on(repository, TODAY - timedelta(days=2))
    later = _session_on(repository, YESTERDAY)

    answer = _answer_card(client, asked, "7")

    assert (answer.status_code, answer.headers["location"]) == (303, "/today?checked_in=yes")
    assert _next_day_pain(repository, asked) == 7
    assert _next_day_pain(repository, later) is None
    # Today's card now asks about yesterday's session, as a new question.
    assert QUESTION.format("yesterday's") in _text(client.get("/today"))


def test_the_same_answer_sent_twice_is_taken_once(
    client: TestClient, repository: Repository
) -> None:
    session = _session_on(repository, YESTERDAY)

    assert _answer_card(client, session, "3").status_code == 303
    assert _answer_card(client, session, "3").status_code == 303

    assert _next_day_pain(repository, session) == 3


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("answered", "the day after session {id} already has an answer, 3/10"),
        ("gone", "session {id} is no longer in your history"),
        ("today", "session {id} was today: the check-in is for how your back feels the day after"),
        ("too-old", "session {id} was on {day}; the check-in is for the day after a session"),
        ("camera", "session {id} is a camera practice set"),
    ],
)
def test_a_card_whose_session_can_take_no_answer_now_is_refused(
    client: TestClient, repository: Repository, case: str, reason: str
) -> None:
    day = {"today": TODAY, "too-old": TODAY - timedelta(days=services.CHECK_IN_WINDOW_DAYS + 1)}
    source = SessionSource.CAMERA if case == "camera" else SessionSource.LOG
    session = _session_on(repository, day.get(case, YESTERDAY), source)
    assert session.id is not None
    if case == "answered":
        repository.set_next_day_pain(session.id, 3, at=datetime.now().astimezone())
    named = session.id + 100 if case == "gone" else session.id

    answer = _answer_card(client, named, "8")

    assert answer.status_code == 422
    page = _text(answer)
    expected = reason.format(id=named, day=session.plan.day)
    assert re.search(rf'role="alert">Nothing was recorded: {re.escape(expected)}[^<]*\.</p>', page)
    assert "Traceback" not in page
    assert _next_day_pain(repository, session) == (3 if case == "answered" else None)


@pytest.mark.parametrize("named", ["x", "-1", "²", "9" * 40])
def test_a_session_field_that_is_not_an_id_is_refused(
    client: TestClient, repository: Repository, named: str
) -> None:
    session = _session_on(repository, YESTERDAY)

    answer = _answer_card(client, named, "4")

    assert answer.status_code == 422
    assert f'role="alert">{NO_SUCH_SESSION}</p>' in _text(answer)
    assert _next_day_pain(repository, session) is None


def test_no_card_while_the_answers_call_for_a_clinician(
    client: TestClient, repository: Repository
) -> None:
    session = _session_on(repository, YESTERDAY)
    assert client.put(f"{API}/profile", json=RED_FLAG).status_code == 200

    today = client.get("/today", follow_redirects=False)
    referral = client.get("/referral")

    assert (today.status_code, today.headers["location"]) == (303, "/referral")
    assert not _asks(referral.text)
    assert "How is your back today" not in referral.text
    # A check-in posted from a page still open is a record of the past, kept as `strongback
    # checkin` keeps it (only what a plan leads to is withheld); the answer leads to the referral.
    answer = client.post("/today/check-in", data={"pain": "7"})
    assert answer.url.path == "/referral"
    assert _next_day_pain(repository, session) == 7
    # A mistake is not explained on a plan that is withheld: the referral again.
    mistaken = _check_in(client, "eleven")
    assert (mistaken.status_code, mistaken.headers["location"]) == (303, "/referral")


def test_the_page_links_to_logging_a_session_done_away_from_the_screen(
    client: TestClient,
) -> None:
    page = _text(client.get("/today"))

    assert 'Did a session away from the screen? <a href="/log">Log it</a>' in page
