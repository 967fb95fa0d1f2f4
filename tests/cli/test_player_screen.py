"""The terminal player's screen at chosen moments, compared with golden files, and whole sessions
played in milliseconds with a fake clock and scripted keys.

Regenerate the golden files after an intended change of the screen with
``STRONGBACK_REGEN_GOLDEN=1 pytest tests/cli/test_player_screen.py`` and review the diff.
"""

from __future__ import annotations

import io
import os
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from rich.console import Console

from strongback.catalog import Dosage, Exercise, Kind, Position, Sides
from strongback.cli.player import PlayerHooks, TerminalPlayer, big_number, countdown_text
from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan
from strongback.records import SetOutcome, SetRecord, Side
from strongback.session_player import PlayerStatus, SessionPlayer
from strongback.timeline import StepKind, Timeline, build_timeline

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("STRONGBACK_REGEN_GOLDEN") == "1"
WALL = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class FakeClock:
    speed = 1.0

    def __init__(self, start: float = 100.0) -> None:
        self.t = start

    def now(self) -> float:
        return self.t


class ScriptedKeys:
    """Keys pressed at given clock times; waiting for a key moves the fake clock on."""

    def __init__(self, clock: FakeClock, script: list[tuple[float, str]]) -> None:
        self.clock = clock
        self.script = sorted(script, key=lambda item: item[0])
        self.waits = 0

    def read(self, timeout: float) -> str | None:
        self.waits += 1
        if self.script and self.script[0][0] <= self.clock.t + timeout:
            at, key = self.script.pop(0)
            self.clock.t = max(self.clock.t, at)
            return key
        self.clock.t += timeout
        return None


class FakeSpeaker:
    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def close(self) -> None:
        pass


def _exercise(exercise_id: str, name: str, position: str, sides: str, cue: str) -> Exercise:
    return Exercise.model_validate(
        {
            "id": exercise_id,
            "name": name,
            "summary": "For the test.",
            "kind": "strength",
            "position": position,
            "regions": ["lower-back"],
            "muscles": ["gluteus maximus"],
            "level": 1,
            "sides": sides,
            "dosage": {"sets": 1, "reps": 1},
            "steps": ["One.", "Two."],
            "cues": [cue],
            "sources": [{"article": "lets-strengthen", "where": "test"}],
        }
    )


CATALOG = {
    "bridge": _exercise("bridge", "Bridge", "supine", "both", "Push through your heels."),
    "bird-dog": _exercise("bird-dog", "Bird dog", "quadruped", "each", "Keep your back flat."),
    "cat-cow": _exercise("cat-cow", "Cat-cow", "quadruped", "both", "Move one vertebra at a time."),
}


def _planned(
    exercise_id: str, position: Position, sides: Sides, **dosage: float
) -> PlannedExercise:
    return PlannedExercise(
        exercise_id=exercise_id,
        name=CATALOG[exercise_id].name,
        kind=Kind.STRENGTH,
        phase=Phase.STRENGTHEN,
        position=position,
        sides=sides,
        dosage=Dosage.model_validate(dosage),
        estimated_seconds=60,
        why="test",
        sources=["test"],
    )


PLAN = SessionPlan(
    day=date(2026, 1, 5),
    kind=DayKind.FULL,
    exercises=[
        _planned("bridge", Position.SUPINE, Sides.BOTH, sets=2, reps=2, hold_seconds=10),
        _planned("bird-dog", Position.QUADRUPED, Sides.EACH, sets=1, reps=1, hold_seconds=5),
        _planned("cat-cow", Position.QUADRUPED, Sides.BOTH, sets=1, reps=8),
    ],
    estimated_seconds=0,
    minutes_budget=10,
)
TIMELINE = build_timeline(PLAN, CATALOG)


def make_player(
    script: list[tuple[float, str]] = (),
    timeline: Timeline = TIMELINE,  # type: ignore[assignment]
    flare_pain: int | None = None,
) -> tuple[TerminalPlayer, FakeClock, list[SetRecord], list[str], FakeSpeaker]:
    clock = FakeClock()
    records: list[SetRecord] = []
    bells: list[str] = []
    speaker = FakeSpeaker()
    machine = SessionPlayer(timeline, now=clock.now(), started_at=WALL)
    hooks = PlayerHooks(on_record=records.append, bell=lambda: bells.append("\a"))
    keys = ScriptedKeys(clock, [(clock.t + at, key) for at, key in script])
    player = TerminalPlayer(machine, clock, keys, hooks, speaker, flare_pain=flare_pain)
    return player, clock, records, bells, speaker


def at(kind: StepKind, nth: int = 0, timeline: Timeline = TIMELINE) -> float:
    """Seconds from the start to the nth step of a kind."""
    index = [s.index for s in timeline.steps if s.kind is kind][nth]
    return timeline.starts()[index]


def screen(player: TerminalPlayer, now: float) -> str:
    console = Console(
        record=True, width=80, file=io.StringIO(), color_system=None, legacy_windows=False
    )
    console.print(player.view(now))
    return console.export_text()


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if REGENERATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not REGENERATE:
            pytest.fail(f"wrote the missing golden file {path.name}; review it and run again")
    assert text == path.read_text(encoding="utf-8"), f"screen differs from golden/{path.name}"


def advance_to(player: TerminalPlayer, clock: FakeClock, seconds: float) -> float:
    clock.t = 100.0 + seconds
    player.update(clock.t)
    return clock.t


def test_golden_intro() -> None:
    player, clock, *_ = make_player()
    check_golden("intro", screen(player, advance_to(player, clock, 1.0)))


def test_golden_hold_in_progress() -> None:
    player, clock, *_ = make_player()
    now = advance_to(player, clock, at(StepKind.HOLD, 1) + 3.2)
    check_golden("hold", screen(player, now))


def test_golden_paused_rest_between_sets() -> None:
    player, clock, *_ = make_player()
    rest = next(s for s in TIMELINE.steps if s.kind is StepKind.REST and s.set_number == 2)
    now = advance_to(player, clock, TIMELINE.starts()[rest.index] + 12)
    player.handle_key(" ", now)
    check_golden("paused-rest", screen(player, now + 30))


def test_golden_switch_sides() -> None:
    player, clock, *_ = make_player()
    check_golden(
        "switch-sides", screen(player, advance_to(player, clock, at(StepKind.SWITCH_SIDES)))
    )


def test_golden_until_done_reps() -> None:
    player, clock, *_ = make_player()
    move = next(s for s in TIMELINE.steps if s.until_done)
    now = advance_to(player, clock, TIMELINE.starts()[move.index] + 7)
    check_golden("until-done", screen(player, now))


def test_golden_pain_prompt_and_stop_screen() -> None:
    player, clock, records, *_ = make_player()
    now = advance_to(player, clock, at(StepKind.HOLD) + 4)
    for key in "p7\r":
        player.handle_key(key, now)
    check_golden("pain-prompt", screen(player, now + 2))
    player.handle_key("s", now + 3)
    check_golden("pain-stop", screen(player, now + 60))
    assert [(r.exercise_id, r.outcome, r.pain) for r in records] == [
        ("bridge", SetOutcome.STOPPED, 7)
    ]


def test_golden_done() -> None:
    player, clock, *_ = make_player()
    player.update(100.0)
    now = advance_to(player, clock, at(StepKind.DONE) + 600)  # the reps wait for 'n'
    player.handle_key("n", now)
    check_golden("done", screen(player, now))


def test_big_countdown_digits() -> None:
    assert countdown_text(9.01) == "10"
    assert countdown_text(9.0) == "9"
    assert countdown_text(75) == "1:15"
    assert big_number("10").plain.splitlines()[0] == " █   ███"


def test_a_whole_session_plays_in_milliseconds_with_every_set_recorded() -> None:
    done_at = at(StepKind.DONE) + 30  # the untimed reps end with 'n' 30 s after they start
    player, _clock, records, bells, speaker = make_player([(done_at, "n")])
    started = time.perf_counter()
    player.run(Console(file=io.StringIO(), width=80), fullscreen=False)

    assert time.perf_counter() - started < 2
    assert player.machine.status is PlayerStatus.FINISHED
    assert player.machine.finished_at == pytest.approx(100.0 + done_at)
    assert [(r.exercise_id, r.set_number, r.side, r.outcome) for r in records] == [
        ("bridge", 1, Side.BOTH, SetOutcome.DONE),
        ("bridge", 2, Side.BOTH, SetOutcome.DONE),
        ("bird-dog", 1, Side.LEFT, SetOutcome.DONE),
        ("bird-dog", 1, Side.RIGHT, SetOutcome.DONE),
        ("cat-cow", 1, Side.BOTH, SetOutcome.DONE),
    ]
    assert records[-1].reps_done == 8
    assert speaker.said[0].startswith("Next: Bridge")
    assert speaker.said[-1] == "Session complete."
    assert bells  # countdowns ended with a bell


def test_keys_pause_skip_and_go_back_during_a_played_session() -> None:
    script = [
        (1.0, "n"),  # skip the intro
        (2.0, " "),  # pause during get-ready...
        (500.0, " "),  # ...for a long while
        (505.0, "b"),  # the first hold began at 504 (get-ready had 4 s left): back to get-ready
        (506.0, "q"),  # quit and save
    ]
    player, _clock, records, *_ = make_player(script)
    player.run(Console(file=io.StringIO(), width=80), fullscreen=False)

    assert player.machine.status is PlayerStatus.ENDED
    assert player.machine.step.kind is StepKind.GET_READY
    assert records == []  # the hold was left with 'b', so no set was under way at the end


def test_mild_pain_stops_the_exercise_and_zero_carries_on() -> None:
    hold = at(StepKind.HOLD)
    script = [(hold + 1, "p"), (hold + 2, "0"), (hold + 3, "\r")]  # pressed by mistake
    script += [(hold + 5, "p"), (hold + 6, "3"), (hold + 7, "\r"), (hold + 8, "d"), (hold + 9, "q")]
    player, _clock, records, *_ = make_player(script)
    player.run(Console(file=io.StringIO(), width=80), fullscreen=False)

    assert player.machine.status is PlayerStatus.ENDED
    assert [(r.outcome, r.pain) for r in records[:1]] == [(SetOutcome.STOPPED, 3)]
    assert records[0].reason == "Stopped for pain 3/10, dull."


@pytest.mark.parametrize("key", ["\x1b", "\r", "q"])
def test_leaving_the_kind_unsaid_still_stops_the_exercise(key: str) -> None:
    player, clock, records, *_ = make_player()
    now = advance_to(player, clock, at(StepKind.HOLD) + 1)
    for typed in "p7\r":
        player.handle_key(typed, now)
    player.handle_key(key, now + 1)

    assert [(r.outcome, r.pain, r.reason) for r in records[:1]] == [
        (SetOutcome.STOPPED, 7, "Stopped for pain 7/10.")
    ]
    ended = key == "q"  # q quits and saves, at this prompt as everywhere
    assert player.machine.status is (PlayerStatus.ENDED if ended else PlayerStatus.PAIN_STOP)


def test_the_end_screen_of_a_session_skipped_through_says_it_ended_early() -> None:
    from strongback.cli._player_view import _end_view

    player, clock, *_ = make_player()
    now = advance_to(player, clock, 0.5)
    while player.machine.status is not PlayerStatus.FINISHED:
        now += 0.1
        player.handle_key("n", now)  # marks the untimed reps done, skips everything else
    played = player.machine.state(now)
    assert (played.sets_done, played.sets_recorded) == (1, 5)
    skipped = tuple(s.model_copy(update={"outcome": SetOutcome.SKIPPED}) for s in played.sets)
    console = Console(record=True, width=80, file=io.StringIO(), color_system=None)
    console.print(_end_view(played.model_copy(update={"sets": skipped})))
    text = console.export_text()
    assert "Session ended early." in text
    assert "Well done" not in text
    # Counted and worded as the goodbye under it counts the stored sets (`saved_sets`).
    assert "0 sets done, 5 partly skipped." in text


@pytest.mark.parametrize(
    ("typed", "advised", "key", "status", "exercise"),
    [
        ("7\rs", True, "\r", PlayerStatus.ENDED, "bridge"),  # flare-level pain: Enter ends
        ("3\rr", True, "\r", PlayerStatus.ENDED, "bridge"),  # spreading pain: Enter ends
        ("7\rs", True, "n", PlayerStatus.RUNNING, "bird-dog"),  # going on is still a choice
        ("3\rd", False, "\r", PlayerStatus.RUNNING, "bird-dog"),  # mild pain: Enter goes on
        ("3\rd", False, "q", PlayerStatus.ENDED, "bridge"),
    ],
)
def test_enter_at_a_pain_stop_ends_the_session_when_the_pain_is_strong_or_spreading(
    typed: str, advised: bool, key: str, status: PlayerStatus, exercise: str
) -> None:
    player, clock, records, *_ = make_player()
    now = advance_to(player, clock, at(StepKind.HOLD) + 1)
    for pressed in "p" + typed:
        player.handle_key(pressed, now)
    shown = " ".join(screen(player, now + 1).replace("│", " ").split())

    assert ("sign to stop for today" in shown) is advised
    assert ("Press Enter or q to end the session (advised)" in shown) is advised
    assert ("Press Enter or n to go on to Bird dog" in shown) is not advised
    assert "go on to Bird dog" in shown  # what going on plays, by name
    assert shown.count("Go to an emergency department now") == 1  # said once, in the advice
    player.handle_key(key, now + 2)

    assert player.machine.status is status
    assert player.machine.step.exercise_id == exercise
    assert [(r.exercise_id, r.outcome) for r in records] == [("bridge", SetOutcome.STOPPED)]


def test_the_flare_level_for_ending_comes_from_the_caller() -> None:
    player, clock, *_ = make_player()
    player.flare_pain = 8  # as `strongback start` passes the progression rules' level
    now = advance_to(player, clock, at(StepKind.HOLD) + 1)
    for pressed in "p7\rs\r":
        player.handle_key(pressed, now)

    assert player.machine.step.exercise_id == "bird-dog"  # 7 is under this flare level


def test_back_after_a_pain_stop_does_not_go_into_the_exercise_that_hurt() -> None:
    """The newcomer's keys: pain 8, sharp, n to go on, then b (the bridge must not come back)."""
    player, clock, records, *_ = make_player(flare_pain=6)
    now = advance_to(player, clock, at(StepKind.HOLD) + 1)
    for typed in "p8\rs":
        player.handle_key(typed, now)
    player.handle_key("n", now + 1)
    assert player.machine.step.exercise_id == "bird-dog"
    first_step = player.machine.index

    player.handle_key("b", now + 2)

    assert player.machine.index == first_step
    assert player.machine.step.exercise_id == "bird-dog"
    shown = " ".join(screen(player, now + 2).replace("│", " ").split())
    assert "Back stays here: Bridge (stopped for pain) won't be played again." in shown
    assert "Bridge" not in shown.replace("Back stays here: Bridge", "")
    assert [(r.exercise_id, r.outcome) for r in records] == [("bridge", SetOutcome.STOPPED)]
    player.handle_key(" ", now + 3)  # the next key clears the note
    assert "Back stays here" not in screen(player, now + 3)


def _shown(player: TerminalPlayer, now: float) -> str:
    return " ".join(screen(player, now).replace("│", " ").split())


@pytest.mark.parametrize("key", ["\r", "n", "q"])
def test_a_stop_in_the_last_exercise_says_the_session_finishes_and_every_key_does_so(
    key: str,
) -> None:
    player, clock, records, *_ = make_player()
    cat_cow = next(s for s in TIMELINE.steps if s.exercise_id == "cat-cow" and s.kind.is_work)
    now = advance_to(player, clock, TIMELINE.starts()[cat_cow.index] + 1)
    for typed in "p3\rd":
        player.handle_key(typed, now)

    shown = _shown(player, now + 1)
    assert "That was the last exercise: press Enter to finish the session." in shown
    assert "next exercise" not in shown
    assert "go on to" not in shown
    player.handle_key(key, now + 2)
    assert player.machine.status is PlayerStatus.FINISHED
    assert [(r.exercise_id, r.outcome, r.pain) for r in records[-1:]] == [
        ("cat-cow", SetOutcome.STOPPED, 3)
    ]


def test_pain_in_the_release_after_the_last_set_stops_that_set_on_screen_and_in_the_records() -> (
    None
):
    """The newcomer's keys: p, 4, Enter, d during the "Release." after the bridge's last set."""
    player, clock, records, *_ = make_player()
    release = max(
        s.index for s in TIMELINE.steps if s.exercise_id == "bridge" and s.kind is StepKind.REST
    )
    now = advance_to(player, clock, TIMELINE.starts()[release] + 1)
    assert player.machine.step.text == "Release."
    done = records[-1]
    assert (done.set_number, done.outcome) == (2, SetOutcome.DONE)

    for typed in "p4\rd":
        player.handle_key(typed, now)

    assert records[-1] == done.model_copy(
        update={"outcome": SetOutcome.STOPPED, "pain": 4, "reason": "Stopped for pain 4/10, dull."}
    )
    shown = _shown(player, now + 1)
    assert "Stop: Bridge" in shown
    assert "Press Enter or n to go on to Bird dog, or q to end the session." in shown


def test_pain_just_after_a_rep_exercise_stops_that_one_and_the_next_plan_steps_it_back() -> None:
    """The reviewer's keys: n after the crunch's last rep, then p, 3, Enter, s a second later,
    in the move to the bird dog. The crunch (no release step) is stopped, not the bird dog."""
    from strongback.catalog import default_catalog
    from strongback.progression import adjust
    from strongback.records import SessionRecord, SessionSource, SessionStatus
    from strongback.rules.progression import default_progression_rules

    catalog = default_catalog()
    crunch, bird_dog = (
        _planned("bird-dog", position, Sides.BOTH, **dose).model_copy(
            update={"exercise_id": exercise_id, "name": catalog.exercises[exercise_id].name}
        )
        for exercise_id, position, dose in [
            ("crunch", Position.SUPINE, {"sets": 1, "reps": 8}),
            ("bird-dog", Position.QUADRUPED, {"sets": 1, "reps": 2, "hold_seconds": 5}),
        ]
    )
    plan = PLAN.model_copy(update={"exercises": [crunch, bird_dog]})
    timeline = build_timeline(plan, catalog)
    player, clock, records, *_ = make_player(timeline=timeline)
    now = advance_to(player, clock, timeline.starts()[first_set(timeline, "crunch")] + 20)
    player.handle_key("n", now)  # the crunch's only set, done
    assert player.machine.step.kind is StepKind.TRANSITION
    assert player.machine.step.exercise_id == "bird-dog"

    for typed in "p3\r":
        player.handle_key(typed, now + 1)
    assert "Pain 3/10: Crunch stops." in _shown(player, now + 1)
    player.handle_key("s", now + 2)

    done, stopped = records
    assert stopped == done.model_copy(
        update={"outcome": SetOutcome.STOPPED, "pain": 3, "reason": "Stopped for pain 3/10, sharp."}
    )
    shown = _shown(player, now + 3)
    assert "Stop: Crunch" in shown
    assert "Crunch is stopped: it won't be played again in this session." in shown
    assert "Press Enter or n to go on to Bird dog, or q to end the session." in shown
    player.handle_key("\r", now + 4)
    assert (player.machine.status, player.machine.step.exercise_id) == (
        PlayerStatus.RUNNING,
        "bird-dog",
    )
    advance_to(player, clock, now + 4 - 100 + timeline.total_seconds)
    assert player.machine.status is PlayerStatus.FINISHED

    sets = list({r.key: r for r in records}.values())  # as the store keeps them
    assert [(r.exercise_id, r.outcome, r.pain) for r in sets] == [
        ("crunch", SetOutcome.STOPPED, 3),
        ("bird-dog", SetOutcome.DONE, None),
    ]
    session = SessionRecord(
        plan=plan,
        source=SessionSource.PLAYER,
        status=SessionStatus.COMPLETED,
        started_at=WALL,
        ended_at=WALL,
        sets=sets,
    )
    changes = adjust([session], catalog, default_progression_rules())
    assert (changes["crunch"].change.value, changes["crunch"].rule_id) == (
        "step-back",
        "stopped-for-pain",
    )
    assert changes["bird-dog"].rule_id != "stopped-for-pain"


def first_set(timeline: Timeline, exercise_id: str) -> int:
    return next(s.index for s in timeline.steps if s.exercise_id == exercise_id and s.set_key)


def test_the_stop_screen_shows_the_persons_stop_signs_with_the_advice() -> None:
    from strongback.profile import Condition, Profile
    from strongback.session_player import stop_signs

    signs = stop_signs(Profile(conditions=[Condition.PREGNANCY], cleared_by_clinician=True))
    player, clock, *_ = make_player()
    player.stop_signs = tuple(signs)
    now = advance_to(player, clock, at(StepKind.HOLD) + 1)
    for typed in "p2\rd":
        player.handle_key(typed, now)
    shown = _shown(player, now + 1)
    assert "Stop at once and call your midwife or doctor if you have bleeding" in shown
    assert shown.count("Go to an emergency department now") == 1

    plain, clock, *_ = make_player()
    now = advance_to(plain, clock, at(StepKind.HOLD) + 1)
    for typed in "p2\rd":
        plain.handle_key(typed, now)
    assert "midwife" not in _shown(plain, now + 1)


def test_a_resumed_session_shows_its_strong_stop_again_with_ending_as_enter() -> None:
    from strongback.session_player import last_pain_report

    hurt = SetRecord(
        exercise_id="bridge",
        set_number=1,
        reps_done=0,
        outcome=SetOutcome.STOPPED,
        pain=7,
        reason="Stopped for pain 7/10, spreading.",
        ended_at=WALL,
    )
    report = last_pain_report([hurt])
    assert report is not None
    report = report.model_copy(update={"exercise_name": "Bridge"})
    bird_dog = TIMELINE.exercise_span(1).start
    clock = FakeClock()
    records: list[SetRecord] = []
    machine = SessionPlayer(
        TIMELINE,
        now=clock.now(),
        started_at=WALL,
        start_step=bird_dog,
        stored=[hurt],
        pain_stop=report,
    )
    keys = ScriptedKeys(clock, [])
    player = TerminalPlayer(machine, clock, keys, PlayerHooks(on_record=records.append))

    shown = _shown(player, clock.t)
    assert "Stop: Bridge" in shown
    assert "You reported pain 7/10, spreading." in shown
    assert "sign to stop for today" in shown
    assert "Press Enter or q to end the session (advised), or n to go on to Bird dog." in shown
    player.handle_key("\r", clock.t + 1)
    assert player.machine.status is PlayerStatus.ENDED
    assert records == []  # nothing new: the stop is on record already


def test_going_on_from_a_resumed_stop_plays_where_the_session_resumes() -> None:
    from strongback.session_player import PainKind, PainReport

    report = PainReport(level=8, kind=PainKind.SHARP, step_index=None, stops=True)
    bird_dog = TIMELINE.exercise_span(1).start
    clock = FakeClock()
    machine = SessionPlayer(
        TIMELINE, now=clock.now(), started_at=WALL, start_step=bird_dog, pain_stop=report
    )
    player = TerminalPlayer(machine, clock, ScriptedKeys(clock, []), PlayerHooks(lambda _: None))
    player.handle_key("n", clock.t + 1)
    assert (player.machine.status, player.machine.index) == (PlayerStatus.RUNNING, bird_dog)


def test_the_end_screen_counts_the_sets_of_earlier_sittings_too() -> None:
    """After a resume the panel and the goodbye line count the same sets, the stored ones."""
    from strongback.cli._player_view import _end_view
    from strongback.cli.history_commands import saved_sets

    earlier = [
        SetRecord(exercise_id="bridge", set_number=n, reps_done=2, ended_at=WALL) for n in (1, 2)
    ]
    # In the bird dog's first hold: pain there is the bird dog's (in its lead-in it would stop
    # the bridge's last set, just done, after the fact).
    start = next(s.index for s in TIMELINE.steps if s.exercise_id == "bird-dog" and s.rep)
    clock = FakeClock()
    records: list[SetRecord] = []
    machine = SessionPlayer(
        TIMELINE, now=clock.now(), started_at=WALL, start_step=start, stored=earlier
    )
    player = TerminalPlayer(machine, clock, ScriptedKeys(clock, []), PlayerHooks(records.append))
    now = clock.t + 1
    for typed in "p3\rd":
        player.handle_key(typed, now)  # the bird dog's first side stops for pain
    player.handle_key("q", now + 1)

    console = Console(record=True, width=80, file=io.StringIO(), color_system=None)
    console.print(_end_view(machine.state(now + 1)))
    text = " ".join(console.export_text().replace("│", " ").split())
    stored = list({s.key: s for s in earlier + records}.values())  # as the store keeps them
    assert saved_sets(stored) == "2 sets done, 1 stopped for pain"
    assert "2 sets done, 1 stopped for pain." in text
