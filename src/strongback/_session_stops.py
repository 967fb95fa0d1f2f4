"""Why an exercise or a session stops: the pain rule, the words of a pain stop, the signs besides
pain that stop any exercise at once, and when a session left unfinished ended.

Private to `strongback.session_player`, which re-exports every public name. Pure: the players and
the services read these rules from there, and the browser player mirrors the few it needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from strongback import EMERGENCY_ADVICE
from strongback._plan_fit import PREGNANCY_STOP_SIGNS
from strongback._plan_select import is_pregnant
from strongback.profile import Profile
from strongback.records import SessionRecord, SetOutcome, SetRecord

# Any pain reported during a session stops the exercise: the articles and our safety notice say
# to stop an exercise that hurts, and a player that carried on after "it hurts" would teach people
# to ignore the button. 0 means the button was pressed by mistake. The kind (dull, sharp,
# spreading) is kept with the record for the advice and for the next day's check-in.
PAIN_STOP_LEVEL = 1
#: What both players' stop screens advise after a pain stop, worded once: the terminal prints it
#: in `STOP_ADVICE`, the browser gets it with the pain rule of the API. "Today": pain this severe,
#: or numbness or weakness that comes with it, is not left for a day or two.
PAIN_STOP_CARE = (
    "Rest in a comfortable position. If the pain is severe, spreads down a leg, or comes with "
    "numbness or weakness, see a doctor today."
)
STOP_ADVICE = f"Stop this exercise. {PAIN_STOP_CARE} {EMERGENCY_ADVICE}"
#: Said first on a stop whose pain advises ending the session (`pain_ends_session`).
END_SESSION_ADVICE = (
    "Pain this strong, or pain that spreads, is a sign to stop for today: end the session and rest."
)


class PainKind(StrEnum):
    DULL = "dull"
    SHARP = "sharp"
    SPREADING = "spreading"


class PainReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: int
    kind: PainKind | None  # None when the person stopped without saying what the pain is like
    step_index: int | None  # None when read back from the stored sets (`last_pain_report`)
    stops: bool
    exercise_id: str | None = None  # the exercise it stopped (`Timeline.pain_set`)
    exercise_name: str | None = None

    @property
    def reason(self) -> str:
        return f"pain {self.level}/10" + (f", {self.kind.value}" if self.kind else "")

    @property
    def stopped_words(self) -> str:
        """Which exercise the stop screens say was stopped (player.js words it the same way):
        the one the pain was put on, which may be the one just done rather than the one whose
        introduction is on screen (`Timeline.pain_set`)."""
        name = self.exercise_name or "This exercise"
        return f"{name} is stopped: it won't be played again in this session."

    @property
    def set_reason(self) -> str:
        """The reason stored on the set it stops, worded alike by both players (player.js
        writes it the same way), so that `last_pain_report` can read the kind back."""
        return f"Stopped for {self.reason}."


_SET_REASON = re.compile(r"Stopped for pain (\d+)/10(?:, ([a-z]+))?\.")
_KINDS = {kind.value: kind for kind in PainKind}


def pain_stops_exercise(level: int) -> bool:
    return level >= PAIN_STOP_LEVEL


def stopped_for_pain(sets: Iterable[SetRecord]) -> list[str]:
    """The exercises these recorded sets show stopped for pain: a resumed session, in either
    player, keeps out of what hurt in an earlier sitting, as it does in this one."""
    hurt = (s.exercise_id for s in sets if s.pain is not None and pain_stops_exercise(s.pain))
    return list(dict.fromkeys(hurt))


def pain_ends_session(report: PainReport, flare_pain: int) -> bool:
    """Whether the players should suggest ending the whole session, not just the exercise: pain
    at the person's flare level for the session (`flare_pain`: `services.flare_level`, above
    their usual pain once it is known) or pain that spreads. The person may still go on; ending
    is only what an Enter does."""
    return report.level >= flare_pain or report.kind is PainKind.SPREADING


def last_pain_report(sets: Iterable[SetRecord]) -> PainReport | None:
    """The last pain that stopped an exercise, read back from a session's stored sets (the latest
    to end, the strongest of those ending together): a resumed session shows its stop again when
    it advised ending (`pain_ends_session`). The kind comes from the reason the players wrote
    (`PainReport.set_reason`); None if the reason says none."""
    hurt = [s for s in sets if s.pain is not None and pain_stops_exercise(s.pain)]
    if not hurt:
        return None
    last = max(hurt, key=lambda s: (s.ended_at, s.pain or 0))
    assert last.pain is not None
    match = _SET_REASON.fullmatch(last.reason or "")
    kind = _KINDS.get(match.group(2) or "") if match else None
    return PainReport(
        level=last.pain, kind=kind, step_index=None, stops=True, exercise_id=last.exercise_id
    )


def stopped_after(stored: SetRecord, report: PainReport) -> SetRecord:
    """A set already recorded, stopped by pain reported after it ended: in the release that ends
    an exercise's last set, or while a finished set plays again after Back.

    The pain is recorded on it as on a set stopped part-way, outcome stopped (what progression
    reads as a stop for pain), so the next plan steps back from it just the same; what the set
    says was done stays as it was recorded.
    """
    return stored.model_copy(
        update={
            "outcome": SetOutcome.STOPPED,
            "pain": max(report.level, stored.pain or 0),
            "reason": report.set_reason,
        }
    )


def is_pain_after(stored: SetRecord, sent: SetRecord) -> bool:
    """Whether `sent` is `stored` stopped for pain reported after it (`stopped_after`): the one
    change a recorded set takes. Anything else sent for it (other reps, a lower pain, another
    time) is not."""
    if sent.pain is None or not pain_stops_exercise(sent.pain):
        return False
    match = _SET_REASON.fullmatch(sent.reason or "")
    if match is None or int(match.group(1)) != sent.pain:
        return False
    words = match.group(2)
    if words is not None and words not in _KINDS:
        return False
    kind = _KINDS[words] if words is not None else None
    report = PainReport(level=sent.pain, kind=kind, step_index=None, stops=True)
    return sent == stopped_after(stored, report)


def abandoned_at(record: SessionRecord) -> datetime:
    """When a session left unfinished (a closed terminal, a crash) and not resumed ended: at its
    last recorded activity, the end of its last set, or its start if it has none. Never the moment
    the person declines to resume it, which may be a day later."""
    return max([record.started_at, *(s.ended_at for s in record.sets)])


def stop_signs(profile: Profile | None) -> list[str]:
    """Signs besides pain that stop any exercise at once for this person, to show with the safety
    notice when a session starts and on its stop screen: in pregnancy, the planner's own
    `PREGNANCY_STOP_SIGNS` (the plan and the handout show the same line among the plan's notes)."""
    if profile is not None and is_pregnant(profile):
        return [PREGNANCY_STOP_SIGNS]
    return []
