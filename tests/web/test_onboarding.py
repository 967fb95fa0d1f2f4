from __future__ import annotations

import re

from fastapi.testclient import TestClient

VALID_FORM = {
    "age": "42",
    "pain_areas": ["lower"],
    "red_flags": [""],
    "conditions": [""],
    "goal": "relieve",
    "experience": "beginner",
    "equipment": ["mat"],
    "minutes": "15",
    "days_per_week": "3",
    "avoid_positions": [""],
}


def test_newcomer_is_sent_to_onboarding(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/onboarding"
    page = client.get("/onboarding")
    assert "Safety first" in page.text
    assert "How old are you?" in page.text


def test_valid_answers_are_saved_and_lead_to_today(client: TestClient) -> None:
    response = client.post("/onboarding", data=VALID_FORM, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/today"
    profile = client.get("/api/v1/profile").json()
    assert profile["profile"]["pain_areas"] == ["lower"]
    assert profile["screening"]["status"] == "clear"


def test_red_flag_leads_to_referral_and_no_plan(client: TestClient) -> None:
    form = {**VALID_FORM, "red_flags": ["saddle-numbness"]}
    response = client.post("/onboarding", data=form, follow_redirects=False)
    assert response.headers["location"] == "/referral"
    page = client.get("/referral")
    assert "Go to an emergency department now" in page.text
    assert "No exercise plan is given" in page.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/referral"


def test_the_referral_says_what_to_do_for_each_sign_and_the_notice_once(
    client: TestClient,
) -> None:
    from strongback import SAFETY_NOTICE

    form = {**VALID_FORM, "red_flags": ["fever"]}
    client.post("/onboarding", data=form, follow_redirects=False)
    page = client.get("/referral").text
    # The headline says "as each warning sign below says": each sign says it.
    assert "See a doctor today" in page
    assert page.count(SAFETY_NOTICE.split(".")[0]) == 1  # the footer's, not twice


def test_bad_answers_come_back_filled_in_with_the_problem(client: TestClient) -> None:
    form = {**VALID_FORM, "minutes": "90", "age": "42"}
    response = client.post("/onboarding", data=form)
    assert response.status_code == 422
    assert "5 to 60" in response.text
    assert 'value="42"' in response.text  # nothing typed is lost
    assert client.get("/api/v1/profile").status_code == 404


def test_api_profile_round_trip_and_versions(client: TestClient) -> None:
    assert client.get("/api/v1/profile").status_code == 404
    first = client.put("/api/v1/profile", json={"pain_areas": ["neck"], "minutes": 10})
    assert first.status_code == 200
    assert first.json()["version"] == 1
    second = client.put("/api/v1/profile", json={"pain_areas": ["lower"]})
    assert second.json()["version"] == 2
    assert client.get("/api/v1/profile").json()["profile"]["pain_areas"] == ["lower"]


def test_api_profile_rejects_unknown_keys_and_values_with_details(client: TestClient) -> None:
    response = client.put("/api/v1/profile", json={"goal": "fly", "colour": "blue"})
    assert response.status_code == 422
    detail = {d["loc"][1]: d["msg"] for d in response.json()["detail"]}
    assert "relieve" in detail["goal"]
    assert "unknown key" in detail["colour"]


def test_api_profile_rejects_non_objects(client: TestClient) -> None:
    assert client.put("/api/v1/profile", json=[1, 2]).status_code == 422
    bad_json = client.put(
        "/api/v1/profile", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert bad_json.status_code == 422


def test_screening_preview_saves_nothing(client: TestClient) -> None:
    response = client.post(
        "/api/v1/screening", json={"conditions": ["pregnancy"], "cleared_by_clinician": False}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "blocked"
    assert response.json()["urgency"] == "consult"
    assert client.get("/api/v1/profile").status_code == 404


def test_questions_are_served_for_any_client(client: TestClient) -> None:
    keys = [q["key"] for q in client.get("/api/v1/questions").json()]
    assert keys[0] == "age"
    assert "red_flags" in keys


def test_the_warning_signs_are_ticked_on_the_web_and_answered_in_the_terminal(
    client: TestClient,
) -> None:
    from strongback.questionnaire import questions
    from strongback.rules.screening import default_screening_rules

    page = client.get("/onboarding").text
    assert "Tick any that apply" in page
    assert "Answer yes or no to each" not in page  # the form has boxes, not yes and no
    (red_flags,) = (q for q in questions(default_screening_rules()) if q.key == "red_flags")
    assert "Answer yes or no to each" in red_flags.help  # what the terminal asks, unchanged


def test_leg_pain_is_ticked_on_the_form_and_gives_advice_and_a_plan(client: TestClient) -> None:
    page = client.get("/onboarding").text
    assert 'value="leg-pain"' in page
    assert "spread down one leg below the knee" in page

    form = {**VALID_FORM, "conditions": ["leg-pain"]}
    response = client.post("/onboarding", data=form, follow_redirects=False)

    assert response.headers["location"] == "/today"
    screening = client.get("/api/v1/profile").json()["screening"]
    assert screening["status"] == "advise"
    assert [r["id"] for r in screening["reasons"]] == ["leg-pain"]


def test_morning_stiffness_advises_a_doctor_and_does_not_block(client: TestClient) -> None:
    form = {**VALID_FORM, "age": "30", "conditions": ["morning-stiffness"]}
    response = client.post("/onboarding", data=form, follow_redirects=False)

    assert response.headers["location"] == "/today"
    [reason] = client.get("/api/v1/profile").json()["screening"]["reasons"]
    assert reason["id"] == "morning-stiffness"
    assert "doctor" in reason["advice"]


def test_under_16_waits_for_a_clearance_the_form_always_asks_about(client: TestClient) -> None:
    page = client.get("/onboarding").text
    # The script is given both reasons to ask: a condition that needs a clearance, or under 16.
    clearance = page.split('id="q-cleared_by_clinician"')[1].split(">")[0]
    assert '"key": "conditions"' in clearance
    assert '"key": "age", "max_value": 15' in clearance

    young = {**VALID_FORM, "age": "14"}
    first = client.post("/onboarding", data=young, follow_redirects=False)
    assert first.headers["location"] == "/referral"
    assert "under 16" in client.get("/referral").text

    cleared = {**young, "cleared_by_clinician": "yes"}
    second = client.post("/onboarding", data=cleared, follow_redirects=False)
    assert second.headers["location"] == "/today"


def test_yes_or_no_is_not_taken_for_a_number_or_a_clearance(client: TestClient) -> None:
    response = client.put(
        "/api/v1/profile", json={"days_per_week": True, "cleared_by_clinician": 1}
    )

    assert response.status_code == 422
    detail = {d["loc"][1]: d["msg"] for d in response.json()["detail"]}
    assert "must be a whole number, not true" in detail["days_per_week"]
    assert "must be true or false" in detail["cleared_by_clinician"]
    assert client.get("/api/v1/profile").status_code == 404


# --- A saved clearance covers only what the clinician knew of ---------------------------------

CLEARED_AFTER_SURGERY = {
    **VALID_FORM,
    "conditions": ["recent-surgery"],
    "cleared_by_clinician": "yes",
}


def _saved_cleared(client: TestClient) -> None:
    saved = client.post("/onboarding", data=CLEARED_AFTER_SURGERY, follow_redirects=False)
    assert saved.headers["location"] == "/today"


def test_a_saved_yes_is_not_carried_over_to_new_circumstances(client: TestClient) -> None:
    _saved_cleared(client)
    pregnant_too = {**CLEARED_AFTER_SURGERY, "conditions": ["recent-surgery", "pregnancy"]}
    answer = client.post("/onboarding", data=pregnant_too, follow_redirects=False)
    assert answer.status_code == 422
    assert "a clearance covers only what they knew of" in answer.text
    assert 'href="#cleared_by_clinician-yes"' in answer.text  # the question's first answer
    # Nothing saved; the question comes back at No, with what was typed kept.
    assert client.get("/api/v1/profile").json()["profile"]["conditions"] == ["recent-surgery"]
    question = answer.text.split('id="q-cleared_by_clinician"')[1].split("</fieldset>")[0]
    assert 'value="no" checked' in question
    assert 'value="pregnancy" checked' in answer.text
    assert 'name="clearance_rechecked" value="yes"' in answer.text


def test_a_yes_chosen_again_after_the_note_is_saved(client: TestClient) -> None:
    _saved_cleared(client)
    pregnant_too = {**CLEARED_AFTER_SURGERY, "conditions": ["recent-surgery", "pregnancy"]}
    again = {**pregnant_too, "clearance_rechecked": "yes"}
    answer = client.post("/onboarding", data=again, follow_redirects=False)
    assert answer.headers["location"] == "/today"
    saved = client.get("/api/v1/profile").json()["profile"]
    assert saved["conditions"] == ["recent-surgery", "pregnancy"]
    assert saved["cleared_by_clinician"] is True


def test_the_same_circumstances_keep_the_clearance(client: TestClient) -> None:
    _saved_cleared(client)
    fewer_minutes = {**CLEARED_AFTER_SURGERY, "minutes": "20"}
    answer = client.post("/onboarding", data=fewer_minutes, follow_redirects=False)
    assert answer.headers["location"] == "/today"


def test_a_yes_nothing_needs_any_more_is_not_questioned(client: TestClient) -> None:
    _saved_cleared(client)
    recovered = {**CLEARED_AFTER_SURGERY, "conditions": [""]}
    answer = client.post("/onboarding", data=recovered, follow_redirects=False)
    assert answer.headers["location"] == "/today"


def test_a_yes_or_no_question_speaks_of_yes_and_no(client: TestClient) -> None:
    answer = client.post("/onboarding", data={**VALID_FORM, "cleared_by_clinician": "maybe"})
    assert answer.status_code == 422
    assert "Please answer yes or no." in answer.text  # as the terminal says it
    assert "allowed: true, false" not in answer.text


# --- Problems in plain words, beside their fields -----------------------------------------------


def _question(page: str, key: str) -> str:
    return page.split(f'id="q-{key}"')[1].split('<div class="question', maxsplit=1)[0]


def _summary(page: str) -> str:
    return page.split('id="error-summary"')[1].split("</div>", maxsplit=1)[0]


def test_numbers_out_of_range_or_not_numbers_get_the_terminals_words(client: TestClient) -> None:
    from strongback.questionnaire import questions
    from strongback.rules.screening import default_screening_rules

    by_key = {q.key: q for q in questions(default_screening_rules())}
    answer = client.post("/onboarding", data={**VALID_FORM, "minutes": "90", "age": "forty"})

    assert answer.status_code == 422
    page = answer.text
    # One source for the words: the question's, which the terminal prints too.
    assert by_key["minutes"].number_wording() == "Please type a whole number from 5 to 60."
    for key in ("age", "minutes"):
        assert by_key[key].number_wording() in _question(page, key)
    for raw in ("input should be", "unable to parse", "allowed:", "minutes:", "age:"):
        assert raw not in page, raw


def test_each_problem_is_beside_its_field_and_read_out_with_its_help(client: TestClient) -> None:
    answer = client.post("/onboarding", data={**VALID_FORM, "minutes": "90", "age": "4.5"})
    page = answer.text

    for key in ("age", "minutes"):
        field = re.search(rf'<input id="{key}"[^>]*>', page)
        assert field is not None
        assert 'aria-invalid="true"' in field.group(0)
        assert f'aria-describedby="{key}-help {key}-error"' in field.group(0)
        assert f'<p class="error" id="{key}-error">' in _question(page, key)
        assert f'<p class="help" id="{key}-help">' in _question(page, key)
    # A field without a problem is not marked.
    days = re.search(r'<input id="days_per_week"[^>]*>', page)
    assert days is not None
    assert "aria-invalid" not in days.group(0)
    assert 'aria-describedby="days_per_week-help"' in days.group(0)


def test_a_group_of_choices_with_a_problem_is_marked_and_described(client: TestClient) -> None:
    form = {**VALID_FORM, "equipment": ["mat", "none"]}
    page = client.post("/onboarding", data=form).text

    group = _question(page, "equipment").split("<legend>")[0]
    assert 'aria-describedby="equipment-help equipment-error"' in group
    assert 'aria-invalid="true"' in group
    assert "&#39;Nothing at all&#39; can&#39;t be picked together with anything else." in page
    assert 'href="#equipment-none"' in _summary(page)  # the group's first choice
    assert 'id="equipment-none"' in page


def test_every_typed_value_comes_back_and_the_summary_links_each_field_in_order(
    client: TestClient,
) -> None:
    form = {
        **VALID_FORM,
        "age": "forty",
        "minutes": "90",
        "days_per_week": "9",
        "pain_areas": ["neck", "upper"],
        "equipment": ["chair", "wall"],
        "goal": "prevent",
    }
    page = client.post("/onboarding", data=form).text

    for key, value in (("age", "forty"), ("minutes", "90"), ("days_per_week", "9")):
        assert f'value="{value}"' in _question(page, key)
    for key, value in (("pain_areas", "neck"), ("pain_areas", "upper"), ("goal", "prevent")):
        assert f'value="{value}" checked' in _question(page, key)
    for value in ("chair", "wall"):
        assert f'value="{value}" checked' in _question(page, "equipment")
    summary = _summary(page)
    assert "Please check 3 answers" in summary
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a> ([^<]+)</li>', summary)
    assert [(href, words) for href, _, words in links] == [
        ("age", "Please type a whole number from 12 to 110."),
        ("minutes", "Please type a whole number from 5 to 60."),
        ("days_per_week", "Please type a whole number from 1 to 7."),
    ]
    assert links[0][1] == "How old are you?"


def test_every_problem_is_shown_at_once_not_one_kind_after_another(client: TestClient) -> None:
    # The profile sees "nothing at all" with a mat only once the numbers fit; the form's own
    # check of each answer shows both now, so one correction is enough.
    form = {**VALID_FORM, "minutes": "90", "equipment": ["none", "mat"]}
    summary = _summary(client.post("/onboarding", data=form).text)

    assert "Please check 2 answers" in summary
    assert 'href="#equipment-none"' in summary
    assert 'href="#minutes"' in summary
