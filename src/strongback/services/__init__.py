"""Use cases shared by the command line and the web app: the core's functions fed from the store.

Each function takes an open `Repository` and returns core objects, so `strongback plan`, `strongback
start` and the web pages build the same plan from the same data in one way, and `strongback coach`
and the browser's camera page save a coached set in one place. The rules that go with them live
here once too: `save_answers` (the setup answers screened with today's rules and stored; a
clinician's clearance carried over to new circumstances is refused), `ensure_plan_allowed` (no
session, set or camera set while the saved answers, screened again with today's rules, call for a
clinician), `ensure_not_left_out` (the planner's own limits for the person's conditions, so plan,
coach and log agree), the sets and resume steps a session's timeline takes, which days a record
may be dated (`check_record_day`), when a next-day pain check may be recorded, and how an
unfinished session not resumed is closed (`abandon_session`), and a day stopped for a flare
before anything played (`stop_for_today`, read back by `rest_day`).

The package's modules: `_answers` (saving the setup answers), `_plans` (the profile, plans, the
safety gate, progress), `_sessions` (a session in a player, its sets and resume step checked),
`_abandon` (an unfinished session ended without resuming it: removed, or ended early),
`_rest_day` (a day stopped for a flare before starting: recorded, and read back),
`_check_in` (the next day's pain), `_function` (function ratings, PSFS), `_coached` (where a
camera set goes), `_logged` (a session done away from the computer, recorded afterwards) and
`_record_day` (the days a record may be dated). Import from `strongback.services`, never from
them.
"""

from __future__ import annotations

from strongback.services._abandon import Abandoned, abandon_session, sets_in_words
from strongback.services._answers import ClearanceToRecheck, SavedAnswers, save_answers
from strongback.services._check_in import (
    CHECK_IN_WINDOW_DAYS,
    FLARE_ADVICE,
    FLARE_CARE,
    CheckInRefused,
    answer_check_in,
    check_in_allowed,
    check_in_subject,
    flare_advice,
    flare_level,
    flare_pain,
    flare_steps_plan_back,
    record_next_day_pain,
    session_for_check_in,
)
from strongback.services._coached import (
    NOT_TODAYS,
    NOTHING_COACHED,
    RESUME_IN_BROWSER,
    RESUME_IN_TERMINAL,
    SAVED_AS_PRACTICE,
    TODAY_DONE,
    CoachedSetSaved,
    practice_message,
    record_coached_set,
)
from strongback.services._function import (
    MAX_ACTIVITY_CHARACTERS,
    FunctionRefused,
    rate_function,
    rated_activities,
)
from strongback.services._logged import (
    LOGGED_NOTE,
    PLANNED,
    REPEAT_WINDOW,
    AlreadyLogged,
    DoneExercise,
    DoseRefused,
    LoggedSession,
    LogRefused,
    NothingToLog,
    UnknownExercise,
    log_problems,
    log_session,
)
from strongback.services._plans import (
    ExerciseWithheld,
    LeftOut,
    NoProfile,
    current_profile,
    ensure_may_coach,
    ensure_not_left_out,
    ensure_plan_allowed,
    left_out_for,
    plan_for_day,
    plan_for_week,
    progress_for,
    progress_summary,
    screened_now,
)
from strongback.services._record_day import (
    BEFORE_SET_UP,
    RecordDayRefused,
    check_record_day,
    earliest_record_day,
)
from strongback.services._rest_day import (
    NOTHING_MORE_TODAY,
    NotAFlare,
    RestDay,
    SessionUnfinished,
    StoppedForToday,
    rest_day,
    rest_days,
    rest_days_of,
    stop_for_today,
)
from strongback.services._sessions import (
    ActiveSession,
    FieldRefused,
    NothingToStretch,
    NotInPlan,
    SessionClosed,
    active_session,
    check_set,
    finish_session,
    open_session,
    record_set,
    resume_or_start,
    set_resume_step,
)

__all__ = [
    "BEFORE_SET_UP",
    "CHECK_IN_WINDOW_DAYS",
    "FLARE_ADVICE",
    "FLARE_CARE",
    "LOGGED_NOTE",
    "MAX_ACTIVITY_CHARACTERS",
    "NOTHING_COACHED",
    "NOTHING_MORE_TODAY",
    "NOT_TODAYS",
    "PLANNED",
    "REPEAT_WINDOW",
    "RESUME_IN_BROWSER",
    "RESUME_IN_TERMINAL",
    "SAVED_AS_PRACTICE",
    "TODAY_DONE",
    "Abandoned",
    "ActiveSession",
    "AlreadyLogged",
    "CheckInRefused",
    "ClearanceToRecheck",
    "CoachedSetSaved",
    "DoneExercise",
    "DoseRefused",
    "ExerciseWithheld",
    "FieldRefused",
    "FunctionRefused",
    "LeftOut",
    "LogRefused",
    "LoggedSession",
    "NoProfile",
    "NotAFlare",
    "NotInPlan",
    "NothingToLog",
    "NothingToStretch",
    "RecordDayRefused",
    "RestDay",
    "SavedAnswers",
    "SessionClosed",
    "SessionUnfinished",
    "StoppedForToday",
    "UnknownExercise",
    "abandon_session",
    "active_session",
    "answer_check_in",
    "check_in_allowed",
    "check_in_subject",
    "check_record_day",
    "check_set",
    "current_profile",
    "earliest_record_day",
    "ensure_may_coach",
    "ensure_not_left_out",
    "ensure_plan_allowed",
    "finish_session",
    "flare_advice",
    "flare_level",
    "flare_pain",
    "flare_steps_plan_back",
    "left_out_for",
    "log_problems",
    "log_session",
    "open_session",
    "plan_for_day",
    "plan_for_week",
    "practice_message",
    "progress_for",
    "progress_summary",
    "rate_function",
    "rated_activities",
    "record_coached_set",
    "record_next_day_pain",
    "record_set",
    "rest_day",
    "rest_days",
    "rest_days_of",
    "resume_or_start",
    "save_answers",
    "screened_now",
    "session_for_check_in",
    "set_resume_step",
    "sets_in_words",
    "stop_for_today",
]
