"""A session's writes, from its start to its end, each safe against a twin or a discard.

Mixed into `Repository`, which supplies the transaction: each method is one short transaction,
committed before it returns. The player writes a session step by step (start, each set, finish),
so that a player killed mid-session loses nothing already done; a session that is over already
(logged, or a camera practice set) is written whole instead. A retried request never records a
set twice, and a set saved while the session is being discarded is never lost with it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from strongback.plan import SessionPlan
from strongback.records import (
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetRecord,
)
from strongback.session_player import is_pain_after
from strongback.store._errors import NotFound
from strongback.store._mapping import (
    RecordedSet,
    aware,
    aware_or_none,
    check_score,
    session_record,
    set_record,
    set_row,
)
from strongback.store._models import SessionRow, SetRow


class SessionWrites(ABC):
    """Starting, recording into, finishing and discarding sessions; `Repository` is one."""

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Session]:
        """One short transaction, committed when the block ends and rolled back if it raises."""

    def start_session(
        self,
        plan: SessionPlan,
        source: SessionSource,
        started_at: datetime,
        pain_before: int | None = None,
    ) -> SessionRecord:
        """Open an in-progress session for `plan`; the returned record carries its new id."""
        row = SessionRow(
            plan=plan.model_dump(mode="json"),
            source=SessionSource(source).value,
            status=SessionStatus.IN_PROGRESS.value,
            started_at=aware(started_at, "started_at"),
            resume_step=0,
            pain_before=check_score(pain_before, "pain_before"),
        )
        with self._transaction() as session:
            session.add(row)
            session.flush()
            session.refresh(row, ["sets"])
            return session_record(row)

    def add_finished_session(
        self,
        plan: SessionPlan,
        source: SessionSource,
        started_at: datetime,
        sets: Iterable[SetRecord],
        ended_at: datetime,
        feedback: SessionFeedback,
        status: SessionStatus = SessionStatus.COMPLETED,
    ) -> SessionRecord:
        """Store a session that is already over (a logged one, a camera practice set, a day the
        person stopped for a flare before starting) whole, as `status`.

        One transaction, unlike the player's start, record and finish: a failure half-way (Ctrl-C,
        a locked or full database) must not leave an unfinished session for `strongback start`
        and the web player to offer back to the person.
        """
        status = SessionStatus(status)
        if status is SessionStatus.IN_PROGRESS:
            raise ValueError("a session stored whole is over: it cannot be in-progress")
        row = SessionRow(
            plan=plan.model_dump(mode="json"),
            source=SessionSource(source).value,
            status=status.value,
            started_at=aware(started_at, "started_at"),
            ended_at=aware(ended_at, "ended_at"),
            resume_step=0,
            pain_before=check_score(feedback.pain_before, "pain_before"),
            pain_after=check_score(feedback.pain_after, "pain_after"),
            difficulty=feedback.difficulty.value if feedback.difficulty else None,
            next_day_pain=check_score(feedback.next_day_pain, "next_day_pain"),
            next_day_pain_at=aware_or_none(feedback.next_day_pain_at, "next_day_pain_at"),
        )
        records = list(sets)
        if len({record.key for record in records}) < len(records):
            raise ValueError("a session holds each set (exercise, set number, side) once")
        row.sets = [set_row(record) for record in records]
        with self._transaction() as session:
            session.add(row)
            session.flush()
            session.refresh(row, ["sets"])
            return session_record(row)

    def record_set(
        self, session_id: int, record: SetRecord, *, resume_step: int | None = None
    ) -> None:
        """Append one finished set, once: `save_set` without its answer."""
        self.save_set(session_id, record, resume_step=resume_step)

    def save_set(
        self, session_id: int, record: SetRecord, *, resume_step: int | None = None
    ) -> RecordedSet:
        """Append one finished set, committed before this returns, and say what is stored.

        Give `resume_step` (the timeline step after this set) to save it in the same transaction,
        so a player killed at any moment never has a set recorded without the step that follows.

        A set is recorded once: when the session already holds one of the same exercise, set
        number and side, nothing changes and the stored set comes back with `added` False, so a
        retried request (a browser on a flaky connection, a replayed step) never counts it twice.
        One change is kept: pain reported after the set ended (in the release after an exercise's
        last set), which a player sends as the stored set stopped for that pain
        (`session_player.is_pain_after`); the stored set then takes the outcome, pain and reason,
        so that progression steps back from it, and comes back so changed (`added` still False).
        """
        if resume_step is not None and resume_step < 0:
            raise ValueError(f"resume step must be 0 or more (got {resume_step})")
        try:
            with self._transaction() as session:
                # Held (FOR KEY SHARE) until the set is saved: a discard of the session under way
                # is waited for, and then it is gone (NotFound) rather than the set with it.
                parent = _session_row(session, session_id, hold=True)
                stored = _stored_set(session, session_id, record)
                if stored is not None:
                    if is_pain_after(set_record(stored), record):
                        stored.outcome = record.outcome.value
                        stored.pain = record.pain
                        stored.reason = record.reason
                        session.flush()
                    return RecordedSet(set=set_record(stored), added=False)
                if resume_step is not None:
                    parent.resume_step = resume_step
                row = set_row(record)
                row.session_id = session_id
                session.add(row)
                session.flush()
                return RecordedSet(set=set_record(row), added=True)
        except IntegrityError:
            # A twin of this request recorded the set between our look and our insert.
            with self._transaction() as session:
                stored = _stored_set(session, session_id, record)
                if stored is None:
                    raise
                return RecordedSet(set=set_record(stored), added=False)

    def set_resume_step(self, session_id: int, step: int) -> None:
        """Remember the timeline step to resume from if the session is interrupted."""
        if step < 0:
            raise ValueError(f"resume step must be 0 or more (got {step})")
        with self._transaction() as session:
            _session_row(session, session_id).resume_step = step

    def finish_session(
        self,
        session_id: int,
        status: SessionStatus,
        ended_at: datetime,
        feedback: SessionFeedback,
    ) -> None:
        """Close a session as completed or ended early, with the person's answers.

        An answer left as None in `feedback` keeps what is stored (e.g. the pain given at start).
        A session that played is never closed as rested: that is a day stopped before anything
        played, stored whole (`add_finished_session`).
        """
        status = SessionStatus(status)
        if status in (SessionStatus.IN_PROGRESS, SessionStatus.RESTED):
            raise ValueError(
                f"a session is finished as completed or ended-early, not {status.value}"
            )
        ended = aware(ended_at, "ended_at")
        with self._transaction() as session:
            row = _session_row(session, session_id)
            row.status = status.value
            row.ended_at = ended
            if feedback.pain_before is not None:
                row.pain_before = feedback.pain_before
            if feedback.pain_after is not None:
                row.pain_after = feedback.pain_after
            if feedback.difficulty is not None:
                row.difficulty = feedback.difficulty.value
            if feedback.next_day_pain is not None:
                row.next_day_pain = feedback.next_day_pain
                row.next_day_pain_at = aware_or_none(feedback.next_day_pain_at, "next_day_pain_at")

    def discard_empty_session(self, session_id: int) -> bool:
        """Delete a session still in progress that recorded nothing (no set, no answer): one
        opened and left before anything was done. False, with nothing changed, for any other.

        A set saved at the same moment is never lost with it (deleting a session deletes its
        sets): the session's row is locked first (FOR UPDATE, which waits for a set being
        saved into it, whose foreign key holds a share of the same row; SQLite, which has no
        row locks, ignores it), then deleted by one statement that checks again that nothing was
        recorded, as it stands after the lock (on SQLite, in the write that deletes it).
        """
        with self._transaction() as session:
            locked = session.scalars(
                select(SessionRow.id).where(SessionRow.id == session_id).with_for_update()
            ).first()
            if locked is None:
                return False
            deleted = session.execute(
                delete(SessionRow)
                .where(
                    SessionRow.id == session_id,
                    SessionRow.status == SessionStatus.IN_PROGRESS.value,
                    SessionRow.pain_before.is_(None),
                    SessionRow.pain_after.is_(None),
                    SessionRow.difficulty.is_(None),
                    SessionRow.next_day_pain.is_(None),
                    ~exists().where(SetRow.session_id == session_id),
                )
                .execution_options(synchronize_session=False)
            )
            rowcount: int = getattr(deleted, "rowcount", 0)  # a DELETE's CursorResult
            return rowcount == 1

    def set_next_day_pain(self, session_id: int, pain: int, *, at: datetime) -> None:
        """The pain the person reports the day after a session, which steers progression, and
        when they gave it (`at`): it may come days late, and pain is read in the order it was
        given. A second answer replaces the first, moment and all."""
        check_score(pain, "next-day pain")
        given = aware(at, "at")
        with self._transaction() as session:
            row = _session_row(session, session_id)
            row.next_day_pain = pain
            row.next_day_pain_at = given


def _session_row(session: Session, session_id: int, *, hold: bool = False) -> SessionRow:
    """The session's row; `hold` keeps it from being deleted until the transaction ends, and
    lets other writers of its columns go on (FOR KEY SHARE on PostgreSQL)."""
    row = session.get(
        SessionRow,
        session_id,
        with_for_update={"read": True, "key_share": True} if hold else None,
    )
    if row is None:
        raise NotFound(f"no session with id {session_id}")
    return row


def _stored_set(session: Session, session_id: int, record: SetRecord) -> SetRow | None:
    row = set_row(record)
    return session.scalars(
        select(SetRow).where(
            SetRow.session_id == session_id,
            SetRow.exercise_id == row.exercise_id,
            SetRow.set_number == row.set_number,
            SetRow.side == row.side,
        )
    ).first()
