"""Pain is never lost: reported after an exercise's last set, it stops that set after the fact, and
the next plan steps back as after a mid-hold report; a resumed session shows a strong or spreading
stop again; the stop screens say what going on will do; pregnancy's stop signs come from one place.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from strongback._plan_fit import PREGNANCY_STOP_SIGNS
from strongback.catalog import Catalog, Dosage, Kind, Position, Sides
from strongback.plan import ChangeKind, DayKind, Phase, PlannedExercise, SessionPlan
from strongback.planner import build_session
from strongback.profile import Condition, Profile
from strongback.progression import ProgressionRules, adjust
from strongback.records import (
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
    Side,
)
from strongback.safety import Screening, Status
from strongback.session_player import (
    PainKind,
    PainReport,
    PlayerStatus,
    SessionPlayer,
    abandoned_at,
    is_pain_after,
    last_pain_report,
    stop_signs,
    stopped_after,
)
from strongback.timeline import StepKind, Timeline, build_timeline

T0 = 1000.0
WALL = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
CLEAR = Screening(status=Status.CLEAR)


def planned(
    exercise_id: str, position: Position = Position.SUPINE, **dosage: float
) -> PlannedExercise:
    return PlannedExercise(
        exercise_id=exercise_id,
        name=exercise_id.replace("-", " ").capitalize(),
        kind=Kind.STRENGTH,
        phase=Phase.STRENGTHEN,
        position=position,
        sides=Sides.BOTH,
        dosage=Dosage.model_validate({"sets": 1, "reps": 1, "rest_seconds": 0, **dosage}),
        estimated_seconds=60,
        why="test",
        sources=["test"],
    )


def plan_of(*exercises: PlannedExercise) -> SessionPlan:
    return SessionPlan(
        day=WALL.date(),
        kind=DayKind.FULL,
        exercises=list(exercises),
        estimated_seconds=0,
        minutes_budget=15,
    )


def timeline_of(*exercises: PlannedExercise) -> Timeline:
    return build_timeline(plan_of(*exercises))


TWO = timeline_of(
    planned("tilt", sets=2, reps=2, hold_seconds=5, rest_seconds=10),
    planned("bridge", reps=2, hold_seconds=5),
)


def last_release(timeline: Timeline, exercise_id: str) -> int:
    """The 'Release.' step that ends an exercise's last set."""
    return max(
        s.index for s in timeline.steps if s.exercise_id == exercise_id and s.kind is StepKind.REST
    )


def played_to(timeline: Timeline, index: int) -> tuple[SessionPlayer, list[SetRecord], float]:
    """A player one second into step `index`, with every set it recorded on the way."""
    player = SessionPlayer(timeline, now=T0, started_at=WALL)
    at = T0 + timeline.starts()[index] + 1
    records = player.tick(at)
    assert player.index == index
    return player, records, at


# --- Which set a pain report belongs to --------------------------------------------------------


DONE = SetOutcome.DONE


def test_pain_in_the_release_after_the_last_set_belongs_to_that_set() -> None:
    release = last_release(TWO, "tilt")
    assert TWO.steps[release].text == "Release."
    tilt_2 = ("tilt", 2, Side.BOTH)
    assert TWO.pain_set(release, {("tilt", 1, Side.BOTH): DONE, tilt_2: DONE}) == tilt_2
    # Before it is recorded (a test of the rule alone), it is the same set.
    assert TWO.pain_set(release, {("tilt", 1, Side.BOTH): DONE}) == tilt_2


def test_outside_a_set_pain_belongs_to_the_exercises_next_set() -> None:
    rest = next(s.index for s in TWO.steps if s.kind is StepKind.REST and s.set_number == 2)
    assert TWO.pain_set(rest, {("tilt", 1, Side.BOTH): DONE}) == ("tilt", 2, Side.BOTH)
    assert TWO.pain_set(len(TWO) - 1) is None  # the done step is no exercise's


def test_the_first_exercises_lead_in_belongs_to_the_first_exercise() -> None:
    lead_in = range(TWO.exercise_span(0).start, first_set(TWO, "tilt"))
    assert [TWO.steps[i].kind for i in lead_in] == [StepKind.INTRO, StepKind.GET_READY]
    for index in lead_in:
        assert TWO.pain_set(index) == ("tilt", 1, Side.BOTH)


# A rep-counted exercise (no hold: no release after its last set), then one in another position:
# a move, an intro and a get-ready lie between them.
REPS_PLAN = plan_of(
    planned("crunch", sets=2, reps=8, rest_seconds=10),
    planned("bird-dog", reps=2, hold_seconds=5, position=Position.QUADRUPED),
)
REPS_THEN_HOLDS = build_timeline(REPS_PLAN)
CRUNCH_1, CRUNCH_2 = ("crunch", 1, Side.BOTH), ("crunch", 2, Side.BOTH)
BIRD_DOG_1 = ("bird-dog", 1, Side.BOTH)


def first_set(timeline: Timeline, exercise_id: str) -> int:
    return next(s.index for s in timeline.steps if s.exercise_id == exercise_id and s.set_key)


def lead_in(timeline: Timeline, exercise_index: int, exercise_id: str) -> range:
    return range(timeline.exercise_span(exercise_index).start, first_set(timeline, exercise_id))


def test_between_exercises_pain_belongs_to_the_rep_exercise_just_done() -> None:
    """Pressed a second after the last rep: the crunch hurt, not the bird dog still to come."""
    between = lead_in(REPS_THEN_HOLDS, 1, "bird-dog")
    kinds = [REPS_THEN_HOLDS.steps[i].kind for i in between]
    assert kinds == [StepKind.TRANSITION, StepKind.INTRO, StepKind.GET_READY]
    assert REPS_THEN_HOLDS.steps[between.start - 1].set_key == CRUNCH_2  # no release before it
    for index in between:
        assert REPS_THEN_HOLDS.pain_set(index, {CRUNCH_1: DONE, CRUNCH_2: DONE}) == CRUNCH_2
        # A last set cut short counts as not done: the last one done is stopped instead.
        skipped = {CRUNCH_1: DONE, CRUNCH_2: SetOutcome.SKIPPED}
        assert REPS_THEN_HOLDS.pain_set(index, skipped) == CRUNCH_1
        # Stopped already (not for pain: the session ended in it, then resumed) still counts.
        assert REPS_THEN_HOLDS.pain_set(index, {CRUNCH_1: SetOutcome.STOPPED}) == CRUNCH_1


def test_between_exercises_pain_belongs_to_the_coming_one_when_nothing_before_counts() -> None:
    intro = lead_in(REPS_THEN_HOLDS, 1, "bird-dog")[1]
    # The crunch skipped whole (nothing recorded), or every set of it skipped: nothing was done.
    assert REPS_THEN_HOLDS.pain_set(intro, {}) == BIRD_DOG_1
    skipped = {CRUNCH_1: SetOutcome.SKIPPED, CRUNCH_2: SetOutcome.SKIPPED}
    assert REPS_THEN_HOLDS.pain_set(intro, skipped) == BIRD_DOG_1
    # The crunch stopped for pain already: pain again before the bird dog stops the bird dog too.
    assert (
        REPS_THEN_HOLDS.pain_set(intro, {CRUNCH_1: DONE, CRUNCH_2: DONE}, barred={0}) == BIRD_DOG_1
    )


def test_once_the_coming_exercise_has_begun_its_lead_in_is_its_own() -> None:
    """Back from a finished set of the bird dog to its intro: pain there is the bird dog's."""
    intro = lead_in(REPS_THEN_HOLDS, 1, "bird-dog")[1]
    both = {CRUNCH_1: DONE, CRUNCH_2: DONE, BIRD_DOG_1: DONE}
    assert REPS_THEN_HOLDS.pain_set(intro, both) == BIRD_DOG_1
    # And inside a set it is always the set under way.
    hold = first_set(REPS_THEN_HOLDS, "bird-dog")
    assert REPS_THEN_HOLDS.pain_set(hold, {CRUNCH_1: DONE, CRUNCH_2: DONE}) == BIRD_DOG_1


def test_after_a_held_exercise_the_lead_in_of_the_next_is_the_held_ones_too() -> None:
    """The release was already the tilt's; the bridge's intro and get-ready now are as well."""
    tilts = {("tilt", 1, Side.BOTH): DONE, ("tilt", 2, Side.BOTH): DONE}
    for index in [last_release(TWO, "tilt"), *lead_in(TWO, 1, "bridge")]:
        assert TWO.pain_set(index, tilts) == ("tilt", 2, Side.BOTH)


# --- The player records it ---------------------------------------------------------------------


def test_pain_after_the_last_set_stops_that_set_after_the_fact_with_what_was_done() -> None:
    player, records, at = played_to(TWO, last_release(TWO, "tilt"))
    done = records[-1]
    assert (done.set_number, done.outcome, done.pain) == (2, SetOutcome.DONE, None)

    (stopped,) = player.pain(at, 4, PainKind.DULL)

    assert stopped.key == done.key
    assert (stopped.outcome, stopped.pain) == (SetOutcome.STOPPED, 4)
    assert stopped.reason == "Stopped for pain 4/10, dull."
    assert (stopped.reps_done, stopped.hold_seconds_done, stopped.ended_at) == (
        done.reps_done,
        done.hold_seconds_done,
        done.ended_at,
    )
    assert is_pain_after(done, stopped)
    assert player.status is PlayerStatus.PAIN_STOP
    state = player.state(at)
    assert state.sets == (records[0], stopped)  # the session's sets, as the store now holds them
    # The exercise that hurt is the one just done; going on plays the next one.
    assert state.pain_stop is not None
    assert state.pain_stop.exercise_name == "Tilt"
    assert state.going_on_to is not None
    assert state.going_on_to.exercise_id == "bridge"
    player.skip_exercise(at + 1)
    assert player.step.exercise_id == "bridge"


def test_pain_just_after_a_rep_exercise_stops_it_and_the_next_one_plays_on(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    """The reviewer's case: n after the last rep of the crunch, p a second later, in the move to
    the bird dog. The crunch is stopped (after the fact) and steps back; the bird dog is not."""
    timeline = REPS_THEN_HOLDS
    player = SessionPlayer(timeline, now=T0, started_at=WALL)
    now, records = T0, []
    while player.step.exercise_id == "crunch":
        now += 5
        records += player.tick(now) + (player.next(now) if player.step.until_done else [])
    assert [(r.set_number, r.outcome) for r in records] == [(1, DONE), (2, DONE)]
    assert player.step.kind is StepKind.TRANSITION
    assert player.pain_exercise == "Crunch"  # what the pain prompt names

    (stopped,) = player.pain(now + 1, 3, PainKind.SHARP)

    assert stopped == stopped_after(
        records[-1], PainReport(level=3, kind=PainKind.SHARP, step_index=None, stops=True)
    )
    state = player.state(now + 1)
    assert state.pain_stop is not None
    assert (state.pain_stop.exercise_id, state.pain_stop.exercise_name) == ("crunch", "Crunch")
    assert player.pain_stopped == {0}  # the crunch: the bird dog is still to play
    assert state.going_on_to is not None
    assert state.going_on_to.exercise_id == "bird-dog"
    player.skip_exercise(now + 2)
    assert (player.status, player.step.exercise_id) == (PlayerStatus.RUNNING, "bird-dog")
    records += player.tick(now + 2 + timeline.total_seconds)
    assert player.status is PlayerStatus.FINISHED
    sets = list({r.key: r for r in [*records[:1], stopped, *records[2:]]}.values())
    assert [(r.exercise_id, r.outcome, r.pain) for r in sets] == [
        ("crunch", DONE, None),
        ("crunch", SetOutcome.STOPPED, 3),
        ("bird-dog", DONE, None),
    ]
    session = SessionRecord(
        plan=REPS_PLAN,
        source=SessionSource.PLAYER,
        status=SessionStatus.COMPLETED,
        started_at=WALL,
        ended_at=WALL + timedelta(minutes=5),
        sets=sets,
        feedback=SessionFeedback(),
    )
    changes = adjust([session], catalog, rules)
    assert (changes["crunch"].change, changes["crunch"].rule_id) == (
        ChangeKind.STEP_BACK,
        "stopped-for-pain",
    )
    assert changes["bird-dog"].change is not ChangeKind.STEP_BACK


def test_pain_after_the_last_exercise_says_nothing_is_left_and_going_on_finishes() -> None:
    player, _, at = played_to(TWO, last_release(TWO, "bridge"))
    (stopped,) = player.pain(at, 2)
    assert (stopped.exercise_id, stopped.outcome, stopped.pain) == ("bridge", SetOutcome.STOPPED, 2)
    assert player.state(at).going_on_to is None
    player.skip_exercise(at + 1)
    assert player.status is PlayerStatus.FINISHED


def test_pain_in_a_set_played_again_after_back_stops_the_recorded_set() -> None:
    player, records, at = played_to(TWO, last_release(TWO, "tilt") + 1)  # the bridge's intro
    player.back(at)
    player.back(at + 1)  # into the tilt's last hold, recorded already
    assert player.step.kind is StepKind.HOLD
    (stopped,) = player.pain(at + 2, 3, PainKind.SHARP)
    assert stopped.key == records[-1].key
    assert (stopped.outcome, stopped.pain) == (SetOutcome.STOPPED, 3)


def test_pain_after_a_set_stored_in_an_earlier_sitting_stops_the_stored_set() -> None:
    release = last_release(TWO, "bridge")
    earlier = SetRecord(
        exercise_id="bridge",
        set_number=1,
        reps_done=2,
        hold_seconds_done=5.0,
        ended_at=WALL + timedelta(minutes=3),
    )
    player = SessionPlayer(TWO, now=T0, started_at=WALL, start_step=release, stored=[earlier])
    (stopped,) = player.pain(T0 + 1, 5)
    assert stopped == stopped_after(
        earlier, PainReport(level=5, kind=None, step_index=None, stops=True)
    )


def test_the_next_plan_steps_back_from_pain_reported_after_the_last_set(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    profile = Profile()
    day = date(2026, 11, 21)
    plan = build_session(profile, CLEAR, day, catalog=catalog, rules=rules)
    timeline = build_timeline(plan, catalog)
    # A held exercise: its last set ends with a release, the rest before whatever comes next.
    last = next(p for p in reversed(plan.exercises) if p.dosage.hold_seconds)
    release = last_release(timeline, last.exercise_id)
    assert timeline.steps[release].text == "Release."
    player, _, at = played_to(timeline, release)
    player.pain(at, 4, PainKind.DULL)
    player.skip_exercise(at + 1)
    player.tick(at + 1 + timeline.total_seconds)  # the rest of the session plays out
    assert player.status is PlayerStatus.FINISHED
    sets = list(player.state(at + 1).sets)
    assert len({s.key for s in sets}) == len(sets)
    session = SessionRecord(
        plan=plan,
        source=SessionSource.PLAYER,
        status=SessionStatus.COMPLETED,
        started_at=WALL,
        ended_at=WALL + timedelta(minutes=20),
        sets=sets,
        feedback=SessionFeedback(),
    )

    later = build_session(profile, CLEAR, day, catalog=catalog, rules=rules, history=[session])

    (change,) = [c for c in later.changes if c.exercise_id == last.exercise_id]
    assert change.change is ChangeKind.STEP_BACK
    assert change.rule_id == "stopped-for-pain"


# --- A recorded set takes one change -----------------------------------------------------------

DONE_SET = SetRecord(exercise_id="bridge", set_number=1, reps_done=2, ended_at=WALL)


def _sent(update: dict[str, object]) -> SetRecord:
    """DONE_SET sent again with `update`, as a player's JSON would carry it."""
    return SetRecord.model_validate({**DONE_SET.model_dump(), **update})


@pytest.mark.parametrize(
    ("sent", "takes"),
    [
        (_sent({"outcome": "stopped", "pain": 4, "reason": "Stopped for pain 4/10, dull."}), True),
        (_sent({"outcome": "stopped", "pain": 4, "reason": "Stopped for pain 4/10."}), True),
        (_sent({"outcome": "stopped", "pain": 4, "reason": "Stopped for pain 5/10."}), False),
        (_sent({"outcome": "stopped", "pain": 4, "reason": "Stopped for pain 4/10, odd."}), False),
        (_sent({"outcome": "stopped", "pain": 4, "reason": "it hurt"}), False),
        (_sent({"outcome": "stopped", "pain": 0, "reason": "Stopped for pain 0/10."}), False),
        (_sent({"outcome": "stopped", "reason": "Session ended early."}), False),
        (_sent({"outcome": "stopped", "pain": 4, "reason": "Stopped for pain 4/10.",
                "reps_done": 1}), False),
        (DONE_SET, False),
    ],
)  # fmt: skip
def test_a_recorded_set_takes_pain_reported_after_it_and_nothing_else(
    sent: SetRecord, takes: bool
) -> None:
    assert is_pain_after(DONE_SET, sent) is takes


def test_a_pain_after_a_set_never_lowers_the_pain_it_holds() -> None:
    hurt = DONE_SET.model_copy(
        update={"outcome": SetOutcome.STOPPED, "pain": 6, "reason": "Stopped for pain 6/10."}
    )
    lower = hurt.model_copy(update={"pain": 3, "reason": "Stopped for pain 3/10."})
    assert not is_pain_after(hurt, lower)


# --- Resuming at a stop ------------------------------------------------------------------------


def _hurt(level: int, reason: str, minutes: float, exercise_id: str = "tilt") -> SetRecord:
    return SetRecord(
        exercise_id=exercise_id,
        set_number=1,
        reps_done=0,
        outcome=SetOutcome.STOPPED,
        pain=level,
        reason=reason,
        ended_at=WALL + timedelta(minutes=minutes),
    )


def test_the_last_pain_report_is_read_back_from_the_stored_sets() -> None:
    assert last_pain_report([DONE_SET]) is None
    report = last_pain_report(
        [
            _hurt(7, "Stopped for pain 7/10, spreading.", 2, "bridge"),
            _hurt(3, "Stopped for pain 3/10, sharp.", 1),
            DONE_SET.model_copy(update={"ended_at": WALL + timedelta(minutes=5)}),
        ]
    )
    assert report is not None
    assert (report.level, report.kind, report.exercise_id) == (7, PainKind.SPREADING, "bridge")
    unsaid = last_pain_report([_hurt(6, "Stopped for pain 6/10.", 1)])
    assert unsaid is not None
    assert unsaid.kind is None


def test_a_resumed_stop_waits_for_the_person_and_going_on_plays_where_it_resumes() -> None:
    bridge = TWO.exercise_span(1).start
    hurt = _hurt(7, "Stopped for pain 7/10, spreading.", 1)
    report = last_pain_report([hurt])
    assert report is not None
    player = SessionPlayer(
        TWO, now=T0, started_at=WALL, start_step=bridge, stored=[hurt], pain_stop=report
    )

    assert player.status is PlayerStatus.PAIN_STOP
    assert player.tick(T0 + 600) == []  # nothing plays while the person decides
    state = player.state(T0 + 600)
    assert state.pain_stop is not None
    assert state.pain_stop.kind is PainKind.SPREADING
    assert state.going_on_to is not None
    assert state.going_on_to.index == bridge  # not one exercise further
    player.skip_exercise(T0 + 601)
    assert (player.status, player.index) == (PlayerStatus.RUNNING, bridge)


def test_a_resumed_stop_after_the_last_exercise_still_shows_before_the_session_ends() -> None:
    hurt = _hurt(8, "Stopped for pain 8/10.", 1, "bridge")
    report = last_pain_report([hurt])
    assert report is not None
    player = SessionPlayer(
        TWO, now=T0, started_at=WALL, start_step=len(TWO) - 1, stored=[hurt], pain_stop=report
    )
    assert player.status is PlayerStatus.PAIN_STOP
    assert player.state(T0).going_on_to is None
    assert player.end(T0 + 1, "Ended after pain.") == []
    assert player.state(T0 + 1).status is PlayerStatus.ENDED


# --- Stop signs and abandoned sessions ---------------------------------------------------------


def test_pregnancy_adds_its_stop_signs_worded_where_the_planner_words_them() -> None:
    assert stop_signs(None) == []
    assert stop_signs(Profile()) == []
    pregnant = Profile(conditions=[Condition.PREGNANCY], cleared_by_clinician=True)
    assert stop_signs(pregnant) == [PREGNANCY_STOP_SIGNS]
    assert "midwife" in PREGNANCY_STOP_SIGNS


def test_an_abandoned_session_ends_at_its_last_recorded_activity() -> None:
    plan = SessionPlan(
        day=WALL.date(), kind=DayKind.FULL, exercises=[], estimated_seconds=0, minutes_budget=15
    )
    empty = SessionRecord(
        plan=plan, source=SessionSource.PLAYER, status=SessionStatus.IN_PROGRESS, started_at=WALL
    )
    assert abandoned_at(empty) == WALL
    sets = [_hurt(2, "Stopped for pain 2/10.", 4), DONE_SET.model_copy(update={"set_number": 2})]
    assert abandoned_at(empty.model_copy(update={"sets": sets})) == WALL + timedelta(minutes=4)
