"""A refused form reads the same on every page (`_form_errors.html`): onboarding, /log and the
progress page's function ratings each open on a summary that takes focus and links every problem
to its field, in the form's order; each field is marked invalid with its problem and its help read
out with it; and no help text is left for no field to describe, nor a description to no text."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.web.test_onboarding import VALID_FORM

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
Page = Callable[[TestClient], str]


def _summary(page: str) -> str:
    start = page.index('<div class="errors"')
    return page[start : page.index("</div>", start)]


def _links(page: str) -> list[tuple[str, str, str]]:
    """Each problem the summary links: (field id, label, problem)."""
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a> ([^<]+)</li>', _summary(page))


def _control(page: str, field: str) -> str:
    found = re.search(rf'<(?:input|select|fieldset)[^>]* id="{field}"[^>]*>', page)
    assert found, f"no control {field}"
    return found[0]


def _described_by(control: str) -> list[str]:
    found = re.search(r'aria-describedby="([^"]+)"', control)
    return found[1].split() if found else []


def _answered(client: TestClient) -> None:
    assert client.put(f"{API}/profile", json=PROFILE).status_code == 200


def _log_refused(client: TestClient) -> str:
    _answered(client)
    form = {"exercise_1": "bridge", "sets_1": "x", "exercise_2": "", "reps_2": "3"}
    answer = client.post("/log", data={**form, "pain_after": "11"})
    assert answer.status_code == 422
    return answer.text


def _function_refused(client: TestClient) -> str:
    _answered(client)
    answer = client.post("/progress/function", data={"activity_1": "Sitting", "score_2": "4"})
    assert answer.status_code == 422
    return answer.text


def _onboarding_refused(client: TestClient) -> str:
    answer = client.post("/onboarding", data={**VALID_FORM, "minutes": "90"})
    assert answer.status_code == 422
    return answer.text


REFUSED: dict[str, Page] = {
    "onboarding": _onboarding_refused,
    "log": _log_refused,
    "function": _function_refused,
}


@pytest.mark.parametrize("refused", REFUSED.values(), ids=REFUSED.keys())
def test_every_refused_form_opens_on_one_summary_that_takes_focus(
    client: TestClient, refused: Page
) -> None:
    page = refused(client)

    assert page.count('class="errors"') == 1
    opening = re.search(r'<div class="errors"[^>]*>', page)
    assert opening is not None
    for attribute in ('role="alert"', 'tabindex="-1"', 'id="error-summary"', "autofocus"):
        assert attribute in opening[0]
    for target, _, problem in _links(page):
        control = _control(page, target)
        assert 'aria-invalid="true"' in control or target.endswith(("-yes", "-none"))
        assert problem.strip()


def test_the_log_summary_links_each_problem_to_its_field_in_the_form_s_order(
    client: TestClient,
) -> None:
    page = _log_refused(client)

    assert "Nothing was recorded: please check 3 answers" in _summary(page)
    assert [(target, label) for target, label, _ in _links(page)] == [
        ("sets_1", "Exercise 1, sets"),
        ("exercise_2", "Exercise 2"),
        ("pain_after", "Pain after"),
    ]
    for target, _, problem in _links(page):
        assert f'<p class="error" id="{target}-error">{problem}</p>' in page
        assert f"{target}-error" in _described_by(_control(page, target))


def test_the_function_summary_links_each_row(client: TestClient) -> None:
    page = _function_refused(client)

    assert "<h3>Nothing was recorded: please check 2 answers</h3>" in _summary(page)
    assert [(target, label) for target, label, _ in _links(page)] == [
        ("score_1", "Activity 1, score"),
        ("activity_2", "Activity 2, what"),
    ]


def test_the_log_form_reads_out_its_help_with_the_fields_it_is_for(client: TestClient) -> None:
    _answered(client)
    page = client.get("/log").text

    assert _described_by(_control(page, "date")) == ["date-help"]
    what = re.search(r'<fieldset class="choices log-what"[^>]*>', page)
    assert what is not None
    assert _described_by(what[0]) == ["rows-help"]
    for field in ("sets_1", "reps_1", "sets_6", "reps_6"):
        assert _described_by(_control(page, field)) == ["dose-help"]
    for field in ("pain_before", "pain_after"):
        assert _described_by(_control(page, field)) == ["pain-help"]
    refused = _log_refused(client)
    assert _described_by(_control(refused, "sets_1")) == ["dose-help", "sets_1-error"]


PAGES: dict[str, Page] = {
    "log": lambda client: (_answered(client), client.get("/log").text)[1],
    "onboarding": lambda client: client.get("/onboarding").text,
    **REFUSED,
}


@pytest.mark.parametrize("shown", PAGES.values(), ids=PAGES.keys())
def test_every_help_is_read_out_and_every_description_exists(
    client: TestClient, shown: Page
) -> None:
    page = shown(client)
    ids = set(re.findall(r' id="([^"]+)"', page))
    described = {
        i for found in re.findall(r'aria-describedby="([^"]+)"', page) for i in found.split()
    }
    helps = set(re.findall(r'class="help" id="([^"]+)"', page))

    assert described <= ids, "descriptions of nothing: " + ", ".join(sorted(described - ids))
    assert helps <= described, "help no field reads out: " + ", ".join(sorted(helps - described))
