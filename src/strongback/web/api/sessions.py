"""Sessions and their sets: what the browser player starts, records and finishes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, NoReturn

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Response
from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from strongback import services
from strongback.limits import (
    MAX_HOLD_SECONDS,
    MAX_REASON_CHARACTERS,
    MAX_REPS,
    MAX_SETS,
    MAX_STORED_INTEGER,
)
from strongback.planner import PlanWithheld
from strongback.progression import FlareLevel
from strongback.records import (
    Difficulty,
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetRecord,
)
from strongback.session_player import (
    END_SESSION_ADVICE,
    PAIN_STOP_CARE,
    PAIN_STOP_LEVEL,
    PainReport,
    stop_signs,
)
from strongback.store import NotFound
from strongback.web._state import AppState, app_state
from strongback.web.api._errors import (
    CONFLICT,
    NOT_FOUND,
    WITHHELD,
    Problem,
    Withheld,
    field_error,
    no_profile,
    withheld,
)

router = APIRouter(prefix="/sessions", tags=["sessions"])
State = Annotated[AppState, Depends(app_state)]
OPEN_SESSION = {**NOT_FOUND, **CONFLICT}
# A set (or a camera set) is refused with the referral, as GET /plan refuses a plan, once the
# saved answers call for a clinician, even in a session started before they were saved.
CLOSED_OR_WITHHELD: dict[int | str, dict[str, Any]] = {
    409: {
        "model": Problem | Withheld,
        "description": "The session is already finished (or this set is recorded otherwise); "
        "or, with the referral as GET /plan gives it, the screening calls for a clinician first",
    }
}
# Ids and counts are stored as 32-bit integers on PostgreSQL (64-bit on SQLite): a larger number
# is a bad request (422), not a database overflow (500).
SessionId = Annotated[
    int, Path(ge=1, le=MAX_STORED_INTEGER, description="The id a started session got.")
]
# PostgreSQL refuses NUL characters in text.
NO_NUL = r"^[^\x00]*$"


def _json_number(value: object) -> object:
    # Python reads True as 1 and "3" as 3; in JSON they are not numbers, and a client sending
    # them has a bug that should be told, not stored as a pain score.
    if isinstance(value, bool | str):
        raise ValueError("must be a JSON number")
    return value


Number = BeforeValidator(_json_number)


class StartRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pain_before: Annotated[int | None, Number] = Field(default=None, ge=0, le=10)


class Position(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: Annotated[int, Number] = Field(ge=0, le=MAX_STORED_INTEGER)


class SetRequest(SetRecord):
    """A set as a player sends it: a `SetRecord` with the bounds the store can keep."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exercise_id: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    set_number: Annotated[int, Number] = Field(ge=1, le=MAX_SETS)
    reps_done: Annotated[int | None, Number] = Field(default=None, ge=0, le=MAX_REPS)
    hold_seconds_done: Annotated[float | None, Number] = Field(
        default=None, ge=0, le=MAX_HOLD_SECONDS
    )
    reason: str | None = Field(default=None, max_length=MAX_REASON_CHARACTERS, pattern=NO_NUL)
    pain: Annotated[int | None, Number] = Field(default=None, ge=0, le=10)
    # A time without a zone names no instant; the store refuses it, so say so here as a 422.
    ended_at: AwareDatetime


class FinishRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # A session is finished as one of these; in-progress is what it already is.
    status: Literal["completed", "ended-early"] = "completed"
    pain_after: Annotated[int | None, Number] = Field(default=None, ge=0, le=10)
    difficulty: Difficulty | None = None


class StopForTodayRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pain_before: Annotated[int, Number] = Field(
        ge=0,
        le=10,
        description="How the back is now, before the session: at the person's flare level "
        "today (`end_session_at` of GET /sessions/pain-rule).",
    )


class StoppedForToday(BaseModel):
    """A day stopped for a flare before anything played, as stored."""

    session: SessionRecord = Field(
        description="The day as stored: status `rested`, the pain as `pain_before`, no exercise "
        "and no set."
    )
    message: str = Field(description="What the players say on stopping, the terminal's words.")
    advice: str = Field(
        description="The care after a flare, with the emergency signs, as the Today page and "
        "`strongback start` give it for the rest of the day."
    )


class PainRule(BaseModel):
    stop_at: int = Field(description="Pain from this level stops the exercise.")
    end_session_at: int = Field(
        description="The person's flare level for the session's day (today's before one): the "
        "progression rules' flare level until their usual pain is known, then a clear rise above "
        "it, capped at severe pain. From it the stop advises ending the session, and before one "
        "only the stretches are started."
    )
    stop_signs: list[str] = Field(
        description="Signs besides pain that stop any exercise at once for this person (in "
        "pregnancy), to show with the safety notice at the start and on the stop screen."
    )
    stop_advice: str = Field(
        description="What the stop screen advises after any pain stop: rest, and when to see a "
        "doctor (the terminal player's words; the emergency signs are shown beside it)."
    )
    end_session_advice: str = Field(
        description="Said first on a stop whose pain advises ending the session: from "
        "`end_session_at`, or pain that spreads."
    )


class AbandonResult(BaseModel):
    """What became of an unfinished session ended without resuming it."""

    session_id: int
    outcome: Literal["removed", "ended-early"] = Field(
        description="`removed`: it recorded nothing (no set, no answer), so it is gone from the "
        "history. `ended-early`: kept as ended early, at its last recorded activity."
    )
    ended_at: AwareDatetime | None = Field(
        description="When it is recorded as ended: the end of its last set, or its start if it "
        "has none; null when removed."
    )
    sets: list[SetRecord] = Field(description="The sets it keeps; none when removed.")


class NextDayPain(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pain: Annotated[int, Number] = Field(ge=0, le=10)


def _payload(state: AppState, active: services.ActiveSession) -> dict[str, Any]:
    timeline = active.timeline.model_dump(mode="json")
    # Each step names its set as the records do, so the player knows which sets are saved.
    for step, dumped in zip(active.timeline.steps, timeline["steps"], strict=True):
        dumped["set_key"] = list(step.set_key) if step.set_key is not None else None
    return {
        "session": active.record.model_dump(mode="json"),
        "timeline": timeline,
        "start_step": active.start_step,
        # Exercise indices stopped for pain in this session: the player never enters them again.
        "pain_stopped": active.pain_stopped,
        # The stop to show again before anything plays: its pain advised ending the session.
        "advised_stop": _stop(active.advised_stop),
        "speed": state.clock_speed,
        "pain_rule": _pain_rule(state, active.flare_level).model_dump(mode="json"),
    }


def _stop(report: PainReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "level": report.level,
        "kind": report.kind.value if report.kind else None,
        "exercise_name": report.exercise_name,
    }


def _pain_rule(state: AppState, level: FlareLevel) -> PainRule:
    # Any pain from `stop_at` stops the exercise. From the person's flare level for the session's
    # day (`services.flare_level`, as the terminal player reads it), or with pain that spreads,
    # the stop screen puts ending the session first; and before a session, the browser offers
    # the stretches only, as POST /sessions starts them.
    stored = state.repository().current_profile()
    return PainRule(
        stop_at=PAIN_STOP_LEVEL,
        end_session_at=level.lowest,
        stop_signs=stop_signs(stored.profile if stored is not None else None),
        stop_advice=PAIN_STOP_CARE,
        end_session_advice=END_SESSION_ADVICE,
    )


def _session(state: AppState, session_id: int) -> SessionRecord:
    record = state.repository().get_session(session_id)
    if record is None:
        raise HTTPException(404, f"no session with id {session_id}")
    return record


def _open_session(state: AppState, session_id: int) -> SessionRecord:
    record = _session(state, session_id)
    if record.status is not SessionStatus.IN_PROGRESS:
        raise HTTPException(409, f"session {session_id} is already {record.status.value}")
    return record


def _refused(error: services.FieldRefused | services.NotInPlan) -> NoReturn:
    """422 naming the field of the body that does not fit the session."""
    field = error.field if isinstance(error, services.FieldRefused) else "exercise_id"
    field_error(["body", field], str(error))


@router.get("", summary="Every session, oldest first")
def list_sessions(state: State) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in state.repository().sessions()]


@router.get(
    "/pain-rule",
    summary="The pain levels the players act on",
    description=(
        "`stop_at`: pain from this level stops the exercise. `end_session_at`: the person's flare "
        "level today (above their usual pain once it is known); "
        "during a session the player suggests ending it, and before one (`pain_before` of POST "
        "/sessions) only the stretches are started. `stop_signs`: the person's signs besides "
        "pain that stop any exercise at once (in pregnancy; none otherwise). `stop_advice` and "
        "`end_session_advice`: the stop screen's words, as the terminal player says them."
    ),
)
def pain_rule(state: State) -> PainRule:
    repo = state.repository()
    # Today's: a session started now is today's, and POST /sessions judges its pain the same way.
    return _pain_rule(state, services.flare_level(repo, date.today()))


@router.get(
    "/current",
    summary="The unfinished session to resume, with its timeline",
    responses={**NOT_FOUND, 409: WITHHELD[409]},
)
def current_session(state: State) -> dict[str, Any]:
    try:
        active = services.active_session(state.repository(), state.catalog)
    except PlanWithheld as error:
        withheld(error)
    if active is None:
        raise HTTPException(404, "no session in progress")
    return _payload(state, active)


@router.post(
    "",
    status_code=201,
    summary="Start today's session, or return the unfinished one",
    description=(
        "With `pain_before` at a flare's level (`pain_rule.end_session_at` of the payload), "
        "today's stretches only are started, as a stretching day, and so on a day the person "
        "stopped for a flare (POST /sessions/stop-for-today), whatever the pain; 409 when the "
        "plan has no stretches (stop for today). While a session is unfinished this returns "
        "it; to start afresh instead, end it first (POST /sessions/{session_id}/abandon)."
    ),
    responses={
        **WITHHELD,
        409: {
            "model": Problem | Withheld,
            "description": "No plan: please see a clinician first (the referral); or a flare "
            "and no stretches in today's plan, so stop for today",
        },
    },
)
def start_session(
    state: State, request: Annotated[StartRequest | None, Body()] = None
) -> dict[str, Any]:
    pain_before = request.pain_before if request is not None else None
    try:
        active = services.resume_or_start(
            state.repository(),
            state.catalog,
            datetime.now(UTC),
            SessionSource.WEB,
            pain_before,
        )
    except services.NoProfile:
        no_profile()
    except PlanWithheld as error:
        withheld(error)
    except services.NothingToStretch as error:
        raise HTTPException(409, f"No session today: {error}.") from None
    return _payload(state, active)


@router.post(
    "/stop-for-today",
    status_code=201,
    summary="Stop for today, before a session, for a flare",
    description=(
        "What a player sends when the person, with `pain_before` at their flare level today "
        "(`end_session_at` of GET /sessions/pain-rule), chooses to stop for today rather than "
        "play the stretches only: the day is stored as a session with status `rested`, "
        "`pain_before` the reading and no exercise or set, so the plan steps back from the "
        "flare and the pain counts in progress, while adherence does not count it as done. "
        "For the rest of the day POST /sessions starts today's stretches only. The same "
        "reading again the same day answers 200 with the stored day, adding nothing. 422 for "
        "a pain below the flare level; 409 while a session is unfinished (resume it, or end it "
        "with POST /sessions/{session_id}/abandon), or with the referral when the screening "
        "calls for a clinician first."
    ),
    responses={
        200: {"description": "This reading was stored already today: the stored day"},
        404: WITHHELD[404],
        409: {
            "model": Problem | Withheld,
            "description": "A session is unfinished; or, with the referral as GET /plan gives "
            "it, the screening calls for a clinician first",
        },
    },
)
def stop_for_today(
    request: StopForTodayRequest, state: State, response: Response
) -> StoppedForToday:
    try:
        stopped = services.stop_for_today(
            state.repository(), request.pain_before, datetime.now(UTC), SessionSource.WEB
        )
    except services.NoProfile:
        no_profile()
    except PlanWithheld as error:
        withheld(error)
    except services.NotAFlare as error:
        field_error(["body", "pain_before"], str(error))
    except services.SessionUnfinished as error:
        raise HTTPException(409, str(error)) from None
    if not stopped.added:
        response.status_code = 200
    return StoppedForToday(
        session=stopped.rest.record, message=stopped.words, advice=stopped.rest.advice
    )


@router.get("/{session_id}", summary="One session with its sets", responses=NOT_FOUND)
def get_session(session_id: SessionId, state: State) -> dict[str, Any]:
    return _session(state, session_id).model_dump(mode="json")


@router.post(
    "/{session_id}/sets",
    status_code=201,
    summary="Record a set as it ends",
    description=(
        "Records one set of the session's timeline (an exercise of its plan, one of its set "
        "numbers and sides). `ended_at` lies between the session's start and this machine's "
        "clock, give or take a few minutes; `reps_done` is at most the set's reps, and "
        "`hold_seconds_done` is sent only for a held exercise, at most half as long again as its "
        "hold; a set with pain is `stopped`, never `done` or `skipped`. A set is recorded once "
        "per exercise, set number and side: sending the same set again (a retry) adds nothing "
        "and answers 200 with the stored set; a different set under the same exercise, set "
        "number and side is a 409 that names what differs, and nothing changes. One change is "
        "taken: pain reported after the set ended (in the release after an exercise's last "
        "set), sent as the stored set with outcome `stopped`, that `pain` and the reason "
        "`Stopped for pain N/10.` or `Stopped for pain N/10, KIND.`, is recorded on it (200 with "
        "it), so that the next plan steps back from it. While the "
        "screening calls for a clinician first, no set is recorded: 409 with the referral."
    ),
    responses={
        200: {
            "description": "This set was already recorded: the stored set, unchanged but for "
            "pain reported after it"
        },
        **NOT_FOUND,
        **CLOSED_OR_WITHHELD,
    },
)
def record_set(
    session_id: SessionId, record: SetRequest, state: State, response: Response
) -> dict[str, Any]:
    try:
        recorded = services.record_set(
            state.repository(),
            state.catalog,
            session_id,
            SetRecord(**dict(record)),
            now=datetime.now(UTC),
        )
    except PlanWithheld as error:
        withheld(error)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    except services.SessionClosed as error:
        raise HTTPException(409, str(error)) from None
    except (services.NotInPlan, services.FieldRefused) as error:
        _refused(error)
    if not recorded.added:
        differences = _differences(recorded.set, record)
        if differences:
            raise HTTPException(
                409,
                f"set {record.set_number} of {record.exercise_id} ({record.side.value}) is "
                f"already recorded, with {'; '.join(differences)}; nothing was changed",
            )
        response.status_code = 200
    return recorded.set.model_dump(mode="json")


def _differences(stored: SetRecord, sent: SetRecord) -> list[str]:
    """'reps_done 10 (not 8)' for each field where a repeated set differs from the stored one."""
    return [
        f"{name} {getattr(stored, name)} (not {getattr(sent, name)})"
        for name in SetRecord.model_fields
        if getattr(stored, name) != getattr(sent, name)
    ]


@router.put(
    "/{session_id}/position",
    status_code=204,
    summary="Where to resume from",
    description="A step of the session's timeline: 0 up to its number of steps, less one.",
    responses=OPEN_SESSION,
)
def set_position(session_id: SessionId, position: Position, state: State) -> Response:
    try:
        services.set_resume_step(state.repository(), state.catalog, session_id, position.step)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    except services.SessionClosed as error:
        raise HTTPException(409, str(error)) from None
    except services.FieldRefused as error:
        _refused(error)
    return Response(status_code=204)


@router.post(
    "/{session_id}/finish",
    summary="End the session with the person's answers",
    description=(
        "Answers with the session as stored and `flare_advice`: the care after a flare, with the "
        "emergency signs, when `pain_after` is at the person's flare level for the session's "
        "day (the plan steps back from it), as the terminal player says it; else null."
    ),
    responses=OPEN_SESSION,
)
def finish_session(session_id: SessionId, request: FinishRequest, state: State) -> dict[str, Any]:
    _open_session(state, session_id)
    feedback = SessionFeedback(pain_after=request.pain_after, difficulty=request.difficulty)
    repo = state.repository()
    try:
        services.finish_session(
            repo,
            session_id,
            SessionStatus(request.status),
            datetime.now(UTC),
            feedback,
        )
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    finished = _session(state, session_id)
    advice = services.flare_advice(repo, finished.plan.day, finished.feedback.pain_after)
    return {**finished.model_dump(mode="json"), "flare_advice": advice}


@router.post(
    "/{session_id}/abandon",
    summary="End an unfinished session without resuming it",
    description=(
        'As answering no to the terminal\'s "Resume it?": a session that recorded nothing '
        "(no set, no pain before) is removed; any other is kept as ended early at its last "
        "recorded activity (the end of its last set, or its start), not at the time of this "
        "request, with the sets it saved. A new session can then be started (POST /sessions). "
        "409 for a session already finished."
    ),
    responses=OPEN_SESSION,
)
def abandon_session(session_id: SessionId, state: State) -> AbandonResult:
    try:
        closed = services.abandon_session(state.repository(), session_id)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    except services.SessionClosed as error:
        raise HTTPException(
            409, f"{error}: only a session in progress can be ended without resuming it"
        ) from None
    return AbandonResult(
        session_id=closed.session_id,
        outcome="removed" if closed.removed else "ended-early",
        ended_at=closed.ended_at,
        sets=list(closed.sets),
    )


@router.put(
    "/{session_id}/next-day-pain",
    status_code=204,
    summary="The next day's pain check",
    description=(
        "How the back feels the day after a finished session (completed or ended early): on a "
        "later day than the session's, never the same day, and not for camera practice."
    ),
    responses=NOT_FOUND,
)
def next_day_pain(session_id: SessionId, request: NextDayPain, state: State) -> Response:
    today = date.today()
    try:
        services.record_next_day_pain(
            state.repository(), request.pain, today, today, session_id=session_id
        )
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    except services.CheckInRefused as error:
        field_error(["path", "session_id"], str(error))
    return Response(status_code=204)
