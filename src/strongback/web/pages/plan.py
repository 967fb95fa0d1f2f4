"""Today's plan with the next-day pain check-in, the week, and the session player page."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from strongback import flare_start, services
from strongback.days import FIRST_DAY, LAST_DAY
from strongback.limits import whole_number
from strongback.plan import SessionPlan, dose_in_words
from strongback.planner import PlanWithheld
from strongback.records import NotFound, SessionStatus
from strongback.timeline import build_timeline, skip_if
from strongback.web._state import AppState, app_state, where_to_start
from strongback.web._templates import templates
from strongback.web.api._params import Day

if TYPE_CHECKING:
    from strongback.records import SessionRecord
    from strongback.store import Repository

router = APIRouter()
State = Annotated[AppState, Depends(app_state)]

NO_PAIN_CHOSEN = (
    "Nothing was recorded: choose how your back feels, from 0 (no pain) to 10 (worst imaginable)."
)
PAIN_OFF_SCALE = (
    "Nothing was recorded: choose a whole number from 0 (no pain) to 10 (worst imaginable)."
)
NO_SUCH_SESSION = "Nothing was recorded: the form did not say which session it is for."
NO_SESSION_TO_END = "Nothing was changed: the form did not say which session to end."
SESSION_GONE = "Nothing was changed: that session is no longer there (it may be ended already)."
SESSION_FINISHED = "Nothing was changed: that session is already finished."
SESSION_REMOVED = "Nothing was recorded in the unfinished session, so it is removed."


@router.get("/today", response_class=HTMLResponse)
def today_page(
    request: Request, state: State, day: Day = None, checked_in: str = "", ended: str = ""
) -> Response:
    ended_id = whole_number(ended)
    extra = {"ended": _ended_words(state.repository(), ended_id)} if ended_id is not None else None
    return _render_today(request, state, day, noted=checked_in == "yes", extra=extra)


@router.post("/today/end-unfinished", response_class=HTMLResponse)
def end_unfinished(
    request: Request, state: State, session: Annotated[str | None, Form()] = None
) -> Response:
    """The unfinished-session card's second choice: end the session the card named, without
    resuming it, as `strongback start` does on "n" (`services.abandon_session`), so a new one
    can start. Answers with Today saying what became of it, read back from the store."""
    session_id = whole_number((session or "").strip())
    if session_id is None:
        return _render_today(
            request, state, None, extra={"end_problem": NO_SESSION_TO_END}, status_code=422
        )
    try:
        services.abandon_session(state.repository(), session_id)
    except NotFound:
        return _render_today(
            request, state, None, extra={"end_problem": SESSION_GONE}, status_code=404
        )
    except services.SessionClosed:
        return _render_today(
            request, state, None, extra={"end_problem": SESSION_FINISHED}, status_code=409
        )
    return RedirectResponse(f"/today?ended={session_id}", status_code=303)


def _ended_words(repo: Repository, session_id: int) -> str | None:
    """What the confirmation says of a session ended from the card: removed (it is no longer
    stored), or saved as ended early where it was left, with its sets; None for any other."""
    ended = repo.get_session(session_id)
    if ended is None:
        return SESSION_REMOVED
    if ended.status is not SessionStatus.ENDED_EARLY or ended.ended_at is None:
        return None
    return (
        f"The unfinished session is saved as ended early {_at(ended.ended_at)}, where you left "
        f"it: {services.sets_in_words(ended.sets)}."
    )


def _at(moment: datetime) -> str:
    """'at 18:05', with the day when it is not today: a session left days ago ended then."""
    local = moment.astimezone()
    if local.date() == date.today():
        return f"at {local:%H:%M}"
    return f"at {local:%H:%M} on {local:%A} {local.day} {local:%B}"


@router.post("/today/check-in", response_class=HTMLResponse)
def check_in(
    request: Request,
    state: State,
    pain: Annotated[str | None, Form()] = None,
    session: Annotated[str | None, Form()] = None,
) -> Response:
    """The card's answer, for the session the card asked about (its hidden `session` field):
    a card shown before midnight and answered after it still answers for that session, or is
    refused if it can take no answer now (`services.answer_check_in`). A form without the field
    is recorded as `strongback checkin --pain N` records it: for the latest finished session of
    the days just before today, within the check-in window."""
    raw = (pain or "").strip()
    problem = _pain_problem(raw)
    asked_about = whole_number(session.strip()) if session is not None else None
    if session is not None and asked_about is None:
        problem = NO_SUCH_SESSION
    if problem is None:
        today = date.today()
        repo = state.repository()
        try:
            if asked_about is None:
                services.record_next_day_pain(repo, int(raw), today, today)
            else:
                services.answer_check_in(repo, asked_about, int(raw), today)
        except services.CheckInRefused as refused:
            problem = f"Nothing was recorded: {refused}."
        else:
            # Read back from the store on /today, so a reload shows what is recorded, not the URL.
            return RedirectResponse("/today?checked_in=yes", status_code=303)
    extra = {"check_in_problem": problem, "check_in_value": raw}
    return _render_today(request, state, None, extra=extra, status_code=422)


def _render_today(
    request: Request,
    state: State,
    day: date | None,
    *,
    noted: bool = False,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    repo = state.repository()
    today = date.today()
    try:
        plan = services.plan_for_day(repo, state.catalog, day or today)
    except services.NoProfile:
        return RedirectResponse("/onboarding", status_code=303)
    except PlanWithheld:
        # The referral, and no check-in beside it: the page says only what to do first.
        return RedirectResponse("/referral", status_code=303)
    stored = services.current_profile(repo)
    # The check-in asks how the back is today, so only today's page asks it.
    session = _check_in_session(repo, today) if plan.day == today else None
    pain = session.feedback.next_day_pain if session is not None else None
    # Today's card after a stop for a flare is for today alone: another day's page plans it.
    rested = _rested(repo, plan) if plan.day == today else None
    if rested is not None:
        plan = rested["plan"]
    return templates.TemplateResponse(
        request,
        "today.html",
        {
            "plan": plan,
            "rested": rested,
            "timeline_minutes": max(
                1, round(build_timeline(plan, state.catalog).total_seconds / 60)
            ),
            "dose": dose_in_words,
            "screening": services.screened_now(stored),
            "unfinished": repo.unfinished_session(),
            "ended": None,
            "end_problem": None,
            "catalog": state.catalog,
            # The card's contraindications in the line `strongback plan` prints (`skip_if`).
            "skip_if": {
                e.exercise_id: skip_if(state.catalog.get(e.exercise_id)) for e in plan.exercises
            },
            "check_in": session if session is not None and pain is None else None,
            "check_in_words": services.check_in_subject(session, today) if session else "",
            "noted_pain": pain if noted else None,
            "noted_flare": (
                noted
                and pain is not None
                and session is not None
                and services.flare_steps_plan_back(repo, session, pain, today)
            ),
            "flare_advice": services.FLARE_ADVICE,
            "check_in_problem": None,
            "check_in_value": "",
            **(extra or {}),
        },
        status_code=status_code,
    )


def _rested(
    repo: Repository, plan: SessionPlan, rest: services.RestDay | None = None
) -> dict[str, Any] | None:
    """`plan`'s day after the person stopped for a flare that day (`services.rest_day`, or
    `rest` when already read, as `strongback start` and `strongback plan` say it): what they
    stopped at, the care to take, and the plan cut to what may still be played, its stretches
    (none: `nothing_more`). None when they did not stop that day."""
    if not plan.exercises:
        return None
    rest = rest or services.rest_day(repo, plan.day)
    if rest is None:
        return None
    after = rest.plan_after(plan)
    return {
        "words": rest.words_on(date.today()),
        "advice": rest.advice,
        "offer": rest.offer(after),
        "plan": rest.shown(plan),
        "nothing_more": after is None,
    }


def _check_in_session(repo: Repository, today: date) -> SessionRecord | None:
    """The session a check-in today is for, by the rule `strongback checkin` follows when no
    session is named (`services.session_for_check_in`, `services.check_in_allowed`); None when
    there is none."""
    try:
        session = services.session_for_check_in(repo.sessions(), today, today)
        services.check_in_allowed(session, today, today)
    except services.CheckInRefused:
        return None
    return session


def _pain_problem(raw: str) -> str | None:
    """What is wrong with the pain the form sent, in the form's own words; None when it fits."""
    if not raw:
        return NO_PAIN_CHOSEN
    if whole_number(raw, 10) is None:
        return PAIN_OFF_SCALE
    return None


@router.get("/week", response_class=HTMLResponse)
def week(request: Request, state: State, day: Day = None) -> Response:
    repo = state.repository()
    today = date.today()
    try:
        plan = services.plan_for_week(repo, state.catalog, day or today)
    except services.NoProfile:
        return RedirectResponse("/onboarding", status_code=303)
    except PlanWithheld:
        return RedirectResponse("/referral", status_code=303)
    rests = services.rest_days_of(repo, plan.days, today)
    rested = {
        d.day: r
        for d in plan.days
        if d.day in rests and (r := _rested(repo, d, rests[d.day])) is not None
    }
    days = [rested[d.day]["plan"] if d.day in rested else d for d in plan.days]
    return templates.TemplateResponse(
        request,
        "week.html",
        {
            "week": plan,
            "days": days,
            "rested": rested,
            "today": today,
            "dose": dose_in_words,
            # Each week leads to the next; the one before only while some of it was planned
            # (someone who set up on a Sunday sees six days before they started, and then goes on).
            "previous": None if plan.days[0].before_start else _plannable(plan.start, -7),
            "next": _plannable(plan.start, 7),
        },
    )


def _plannable(start: date, days: int) -> date | None:
    """The Monday `days` from `start`, when strongback plans it (`days.check_day`)."""
    other = start + timedelta(days=days)
    return other if FIRST_DAY <= other <= LAST_DAY else None


@router.get("/session", response_class=HTMLResponse)
def session(request: Request, state: State) -> Response:
    gate = where_to_start(state)
    if gate is not None:
        return RedirectResponse(gate, status_code=303)
    # The player offers the camera for these; the camera page itself says what it checks.
    checkable = " ".join(e.id for e in state.catalog if e.camera is not None)
    repo = state.repository()
    today = date.today()
    # After a stop for a flare today only the stretches are played (POST /sessions cuts the
    # plan to them); with none, Today says so and offers nothing to start.
    rest = services.rest_day(repo, today) if repo.unfinished_session() is None else None
    if rest is not None:
        plan = services.plan_for_day(repo, state.catalog, today)
        if plan.exercises and rest.plan_after(plan) is None:
            return RedirectResponse("/today", status_code=303)
    # A flare before the session is worded as the terminal player words it, against the
    # person's flare level today (the pain rule the player reads says the same level).
    level = services.flare_level(repo, today)
    flare = {
        # The page learns the pain when it is typed, so each reason it may need is worded here.
        "reasons": {
            pain: flare_start.flare_start_reason(pain, level.lowest, level.usual)
            for pain in range(level.lowest, 11)
        },
        "care": flare_start.FLARE_START_CARE,
        "no_stretches": flare_start.NO_STRETCHES_TODAY,
    }
    rested = None if rest is None else f"{rest.words} Only today's stretches are offered now."
    return templates.TemplateResponse(
        request, "session.html", {"camera_ids": checkable, "flare": flare, "rested": rested}
    )
