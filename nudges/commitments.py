"""What a person can do with their commitments: make one, reflect, complete, drop.

Each function takes the acting person and looks commitments up through them, so an id or
number from a chat payload can only ever touch that person's own rows. Results are plain
data; the chat front ends turn them into words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy.engine import Connection
from sqlmodel import Session

from nudges.drafts import CommitDraft, Denial, ReflectDraft, ReflectionKind, Repeat
from storage import repo
from storage.models import Commitment, Person, Reflection


@dataclass(frozen=True)
class Completed:
    commitment: Commitment
    reflection: Reflection
    next_due: date | None  # for a repeating commitment: the next period's due date


def make_commitment(
    connection: Connection,
    *,
    workspace_id: int,
    person_id: int,
    external_id: str,
    draft: CommitDraft,
    now: datetime,
    focus_key: str | None = None,
) -> Commitment:
    """The person's next #N with the draft's step, serving the focus area `focus_key` if the
    workspace has one by that key: one write, so a /commit is one short turn at the database.
    `external_id` is the person's id on their platform: the write saves nothing (LookupError)
    unless the row `person_id` is still that person."""
    return repo.add_numbered_commitment(
        connection,
        commitment=Commitment(
            workspace_id=workspace_id,
            person_id=person_id,
            number=0,  # given by the counter as it is stored
            category=draft.category.value,
            title=draft.title,
            due=draft.due,
            repeat=draft.repeat.value if draft.repeat else None,
            partner_external_id=draft.partner,
            private=draft.private,
            created_at=now,
        ),
        person_external_id=external_id,
        focus_key=focus_key,
    )


def find(session: Session, *, person: Person, number: int | None = None, commitment_id: int | None = None):
    if commitment_id is not None:
        return repo.commitment_by_id(session, person=person, commitment_id=commitment_id)
    if number is not None:
        return repo.commitment_by_number(session, person=person, number=number)
    return None


def _usable(commitment: Commitment | None) -> Denial | None:
    if commitment is None:
        return Denial.NO_SUCH_COMMITMENT
    if commitment.state == "done":
        return Denial.ALREADY_DONE
    if commitment.state == "dropped":
        return Denial.ALREADY_DROPPED
    return None


def reflect(
    session: Session,
    *,
    person: Person,
    draft: ReflectDraft,
    now: datetime,
    commitment_id: int | None = None,
    learning: str | None = None,
) -> Reflection | Completed | Denial:
    """Stores a reflection, completing the commitment when the draft says done."""
    commitment = None
    if draft.number is not None or commitment_id is not None:
        commitment = find(session, person=person, number=draft.number, commitment_id=commitment_id)
        denial = _usable(commitment)
        if denial:
            return denial
    if draft.done and commitment is None and not draft.text:
        return Denial.WHICH_ONE  # "klar" alone: nothing to note, and no way to know what is done
    if draft.done and commitment is not None:
        return complete(session, person=person, commitment=commitment, now=now, text=draft.text, private=draft.private)
    kind = draft.kind if draft.kind != ReflectionKind.DONE else ReflectionKind.PROGRESS
    return repo.add_reflection(
        session,
        reflection=Reflection(
            workspace_id=person.workspace_id,
            person_id=person.id,
            commitment_id=commitment.id if commitment else None,
            kind=kind.value,
            text=draft.text,
            learning=learning,
            private=draft.private or bool(commitment and commitment.private),
            created_at=now,
        ),
    )


def complete(
    session: Session, *, person: Person, commitment: Commitment, now: datetime, text: str = "", private: bool = False
) -> Completed:
    """Marks it done; a repeating commitment instead moves on to its next period."""
    next_due = None
    if commitment.repeat:
        step = {Repeat.WEEK: relativedelta(weeks=1), Repeat.BIWEEKLY: relativedelta(weeks=2)}.get(
            Repeat(commitment.repeat), relativedelta(months=1)
        )
        next_due = commitment.due + step
        while next_due < now.date():
            next_due += step
        commitment.due = next_due
    else:
        commitment.state = "done"
        commitment.completed_at = now
    session.add(commitment)
    reflection = repo.add_reflection(
        session,
        reflection=Reflection(
            workspace_id=person.workspace_id,
            person_id=person.id,
            commitment_id=commitment.id,
            kind=ReflectionKind.DONE.value,
            text=text,
            private=private or commitment.private,
            created_at=now,
        ),
    )
    return Completed(commitment=commitment, reflection=reflection, next_due=next_due)


def complete_by_id(session: Session, *, person: Person, commitment_id: int, now: datetime) -> Completed | Denial:
    commitment = find(session, person=person, commitment_id=commitment_id)
    denial = _usable(commitment)
    if denial:
        return denial
    return complete(session, person=person, commitment=commitment, now=now)


def drop(
    session: Session, *, person: Person, now: datetime, number: int | None = None, commitment_id: int | None = None
) -> Commitment | Denial:
    """Dropped, not deleted: it stays in the person's history."""
    return _change(session, person, number, commitment_id, state="dropped", dropped_at=now)


def snooze(session: Session, *, person: Person, commitment_id: int, until: date) -> Commitment | Denial:
    """Silences this commitment's nudges up to and including `until`."""
    return _change(session, person, None, commitment_id, snoozed_until=until)


def reschedule(session: Session, *, person: Person, number: int, due: date) -> Commitment | Denial:
    """A new date for an active commitment: being late is a reason to re-plan, not to give up."""
    return _change(session, person, number, None, due=due)


def _change(
    session: Session, person: Person, number: int | None, commitment_id: int | None, **fields: object
) -> Commitment | Denial:
    """Changes one of the person's own active commitments, or says why not."""
    commitment = find(session, person=person, number=number, commitment_id=commitment_id)
    denial = _usable(commitment)
    if denial:
        return denial
    for name, value in fields.items():
        setattr(commitment, name, value)
    session.add(commitment)
    return commitment
