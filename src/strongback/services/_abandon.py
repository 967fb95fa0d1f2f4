"""An unfinished session ended without resuming it: removed when it recorded nothing, otherwise
kept as ended early where it was left. `strongback start` (answering n to "Resume it?"), the
Today page and the API close one the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from strongback.records import SessionFeedback, SessionStatus, SetOutcome, SetRecord
from strongback.services._sessions import open_session
from strongback.session_player import abandoned_at

if TYPE_CHECKING:
    from collections.abc import Iterable

    from strongback.store import Repository


@dataclass(frozen=True)
class Abandoned:
    """What became of a session ended without resuming it: removed (`ended_at` None, no sets),
    or kept as ended early at `ended_at` with the sets it had saved."""

    session_id: int
    ended_at: datetime | None
    sets: tuple[SetRecord, ...] = ()

    @property
    def removed(self) -> bool:
        return self.ended_at is None


def abandon_session(repo: Repository, session_id: int) -> Abandoned:
    """End a session still in progress that the person chose not to resume.

    One that recorded nothing at all (no set, no pain before) is removed: kept, it would be an
    empty row in the history (`Repository.discard_empty_session`, which never deletes one a set
    is being saved into). Any other stays in the history as ended early, at its last recorded
    activity (`session_player.abandoned_at`), not now: ended days later, it did not last days.

    No screening gate: nothing new is recorded, and a person told to see a clinician may still
    close a session left open. Raises `NotFound` or `SessionClosed` (already finished).
    """
    open_session(repo, session_id)
    if repo.discard_empty_session(session_id):
        return Abandoned(session_id, None)
    # Read again once the discard has declined it: a set saved in between moves its end.
    session = open_session(repo, session_id)
    ended = abandoned_at(session)
    repo.finish_session(session_id, SessionStatus.ENDED_EARLY, ended, SessionFeedback())
    return Abandoned(session_id, ended, tuple(session.sets))


def sets_in_words(sets: Iterable[SetRecord]) -> str:
    """'3 sets done', or '0 sets done, 1 stopped for pain' and the like: a session's saved sets,
    as the terminal and the Today page say them when an unfinished one is ended."""
    recorded = list(sets)
    stopped = [s for s in recorded if s.outcome is SetOutcome.STOPPED]
    # The rule progression uses: a stopped set that carries pain was stopped for it.
    for_pain = sum(1 for s in stopped if s.pain is not None and s.pain > 0)
    done = sum(1 for s in recorded if s.outcome is SetOutcome.DONE)
    parts = [f"{done} set{'' if done == 1 else 's'} done"]
    for count, words in (
        (for_pain, "stopped for pain"),
        (len(stopped) - for_pain, "stopped when the session ended"),
        (sum(1 for s in recorded if s.outcome is SetOutcome.SKIPPED), "partly skipped"),
    ):
        if count:
            parts.append(f"{count} {words}")
    return ", ".join(parts)
