"""Function ratings (the Patient-Specific Functional Scale): the rules for recording them, shared
by `strongback function` and the web app.

A person names up to `PSFS_MAX_ACTIVITIES` activities their back makes hard and rates each from 0
(cannot do it) to 10 (as before). The same activity keeps one name whatever its case, so the trend
compares like with like; a new activity is refused once the scale's activities are chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from strongback.days import recorded_at
from strongback.progress import PSFS_MAX_ACTIVITIES

if TYPE_CHECKING:
    from strongback.store import PsfsScore, Repository

#: An activity is a few words; a longer text is a mistake (a pasted paragraph), refused in words.
MAX_ACTIVITY_CHARACTERS = 200
SCORE_MIN, SCORE_MAX = 0, 10


class FunctionRefused(ValueError):
    """Ratings that cannot be recorded: `field` (activity, score, day) and the reason in words.

    `index` is the rating's place in what was given (0 first), when one rating is at fault;
    `conflict` is true when the ratings are fine alone but clash with the ones already recorded
    (a fourth activity), which an API answers with 409 rather than 422.
    """

    def __init__(
        self, field: str, reason: str, index: int | None = None, conflict: bool = False
    ) -> None:
        self.field = field
        self.reason = reason
        self.index = index
        self.conflict = conflict
        super().__init__(reason)


def rated_activities(repo: Repository) -> list[str]:
    """The activities already rated, in the order first named."""
    return list(dict.fromkeys(p.activity for p in repo.psfs_scores()))


def rate_function(
    repo: Repository, pairs: Sequence[tuple[str, int]], day: date, now: datetime | None = None
) -> list[PsfsScore]:
    """Record each (activity, score) for `day`, after checking them all; nothing is recorded when
    one is refused (`FunctionRefused`). Returns the scores as stored (names merged with earlier
    ones: "Sitting" rates the "sitting" already followed)."""
    now = now or datetime.now().astimezone()
    if day > now.date():
        raise FunctionRefused("day", f"{day} is in the future; rate how things go today or before")
    if not pairs:
        raise FunctionRefused("activity", "name at least one activity and rate it from 0 to 10")
    known = rated_activities(repo)
    by_key = {name.casefold(): name for name in known}
    named: list[tuple[str, int]] = []
    for index, (activity, score) in enumerate(pairs):
        name = activity.strip()
        if not name:
            raise FunctionRefused(
                "activity", "name the activity, e.g. 'sitting through a film'", index
            )
        if len(name) > MAX_ACTIVITY_CHARACTERS:
            raise FunctionRefused(
                "activity",
                f"name an activity in at most {MAX_ACTIVITY_CHARACTERS} characters (this one has "
                f"{len(name)}: '{name[:40]}...')",
                index,
            )
        if isinstance(score, bool) or not isinstance(score, int):
            raise FunctionRefused(
                "score", f"give a whole number from 0 to 10, not {score!r}", index
            )
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise FunctionRefused(
                "score", f"{score} is not on the scale: 0 (cannot do it) to 10 (as before)", index
            )
        merged = by_key.get(name.casefold(), name)
        if any(merged.casefold() == earlier.casefold() for earlier, _ in named):
            raise FunctionRefused("activity", f"'{name}' is rated twice; rate it once", index)
        named.append((merged, score))
    new = [name for name, _ in named if name not in known]
    if len(known) + len(new) > PSFS_MAX_ACTIVITIES:
        raise FunctionRefused(
            "activity", too_many(known, new, PSFS_MAX_ACTIVITIES), conflict=bool(known)
        )
    at = recorded_at(day, now)
    return [repo.add_psfs(name, score, at) for name, score in named]


def too_many(known: list[str], new: list[str], limit: int) -> str:
    """Why more activities than the scale follows are refused, in words that fit the history."""
    rule = f"the scale follows up to {limit} activities"
    if not known:
        return f"{rule}, and you named {len(new)}: choose the {limit} your back makes hardest"
    rated = _and(known)
    if len(known) >= limit:
        return f"{rule}; you already rate {rated}. Rate those again so the trend stays comparable"
    room = limit - len(known)
    return (
        f"{rule}; you already rate {rated}, so add at most {room} new "
        f"{'one' if room == 1 else 'ones'} (you named {len(new)}: {_and(new)})"
    )


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


__all__ = [
    "MAX_ACTIVITY_CHARACTERS",
    "FunctionRefused",
    "rate_function",
    "rated_activities",
    "too_many",
]
