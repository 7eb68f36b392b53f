"""Data access: plain functions, keyword-only arguments, the session passed in.

Every lookup of a commitment goes through its owner, so a number or id that arrives from
outside can never reach another person's (or another workspace's) rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import bindparam, func, insert, text, update
from sqlalchemy import select as core_select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from storage.models import Commitment, ConversationRef, FocusArea, InboundReceipt, Person, Reflection, Workspace


def get_or_create_workspace(session: Session, *, platform: str, external_id: str) -> Workspace:
    found = session.exec(
        select(Workspace).where(Workspace.platform == platform, Workspace.external_id == external_id)
    ).first()
    if found:
        return found
    try:
        with session.begin_nested():
            workspace = Workspace(platform=platform, external_id=external_id)
            session.add(workspace)
        return workspace
    except IntegrityError:  # created meanwhile by a concurrent request
        return session.exec(
            select(Workspace).where(Workspace.platform == platform, Workspace.external_id == external_id)
        ).one()


def find_person(session: Session, *, workspace_id: int, external_id: str) -> Person | None:
    return session.exec(
        select(Person).where(Person.workspace_id == workspace_id, Person.external_id == external_id)
    ).first()


def get_or_create_person(session: Session, *, workspace_id: int, external_id: str) -> Person:
    found = find_person(session, workspace_id=workspace_id, external_id=external_id)
    if found:
        return found
    try:
        with session.begin_nested():
            person = Person(workspace_id=workspace_id, external_id=external_id)
            session.add(person)
        return person
    except IntegrityError:
        person = find_person(session, workspace_id=workspace_id, external_id=external_id)
        assert person is not None
        return person


def next_number(session: Session, *, person: Person) -> int:
    """Allocates the person's next #N atomically, so concurrent commits never share a number
    (a plain UPDATE ... RETURNING on the table: the ORM's bulk-update bookkeeping has nothing to do here)."""
    table = Person.__table__
    number = (
        session.connection()
        .execute(
            update(table)
            .where(table.c.id == person.id)
            .values(last_number=table.c.last_number + 1)
            .returning(table.c.last_number)
        )
        .scalar_one()
    )
    set_committed_value(person, "last_number", number)
    return number


_FIELDS = (
    "workspace_id",
    "person_id",
    "category",
    "title",
    "due",
    "repeat",
    "partner_external_id",
    "private",
    "state",
    "created_at",
)


@cache
def _numbered_insert(dialect: str):
    """Built once per dialect, with the values as parameters: every /commit runs it, and
    building and compiling it again each time costs more than the insert itself."""
    person, table, area = Person.__table__, Commitment.__table__, FocusArea.__table__.c
    counter = (
        update(person)
        .where(
            person.c.id == bindparam("v_person_id"),
            person.c.workspace_id == bindparam("v_workspace_id"),
            person.c.external_id == bindparam("v_person_external_id"),
        )
        .values(last_number=person.c.last_number + 1)
        .returning(person.c.last_number)
    )
    focus = (
        core_select(area.id)
        .where(area.workspace_id == bindparam("v_workspace_id"), area.key == bindparam("v_focus_key"))
        .scalar_subquery()
    )
    returned = (table.c.id, table.c.number, table.c.focus_area_id)
    if dialect == "postgresql":
        numbered = counter.cte("numbered")
        values = [bindparam(f"v_{name}", type_=table.c[name].type) for name in _FIELDS]
        statement = insert(table).from_select(
            [*_FIELDS, "number", "focus_area_id"], core_select(*values, numbered.c.last_number, focus)
        )
        return None, statement.returning(*returned)
    values = {name: bindparam(f"v_{name}", type_=table.c[name].type) for name in _FIELDS}
    statement = insert(table).values(**values, number=bindparam("v_number"), focus_area_id=focus)
    return counter, statement.returning(*returned)


def add_numbered_commitment(
    connection: Connection, *, commitment: Commitment, person_external_id: str, focus_key: str | None
) -> Commitment:
    """Stores a new commitment under the person's next #N, serving the workspace's focus area
    `focus_key` (when there is one by that key), without the ORM's bookkeeping.

    On PostgreSQL it is one statement (the counter's UPDATE ... RETURNING feeding the INSERT,
    the row lock on the person keeping concurrent commits apart), atomic even in autocommit;
    on SQLite two, in the caller's transaction (one writer at a time keeps them apart). The
    number comes from the person's counter, never from the highest number stored, so a number
    once used is never given again. Raises LookupError when the person is not there, or when
    the row of that id is now someone else's (another workspace's, or another platform id:
    SQLite gives an erased person's id again), so that who-is-acting as read a few seconds ago
    is safe to use."""
    counter, statement = _numbered_insert(connection.dialect.name)
    values = {f"v_{name}": getattr(commitment, name) for name in _FIELDS}
    values["v_focus_key"] = focus_key
    values["v_person_external_id"] = person_external_id
    if counter is not None:
        who = {
            "v_person_id": commitment.person_id,
            "v_workspace_id": commitment.workspace_id,
            "v_person_external_id": person_external_id,
        }
        values["v_number"] = connection.execute(counter, who).scalar_one_or_none()
        if values["v_number"] is None:
            raise LookupError(f"person {commitment.person_id} is not there")
    found = connection.execute(statement, values).first()
    if found is None:
        raise LookupError(f"person {commitment.person_id} is not there")
    commitment.id, commitment.number, commitment.focus_area_id = found
    return commitment


def add_commitment(session: Session, *, commitment: Commitment) -> Commitment:
    session.add(commitment)
    session.flush()
    return commitment


def commitment_by_number(session: Session, *, person: Person, number: int) -> Commitment | None:
    return session.exec(
        select(Commitment).where(Commitment.person_id == person.id, Commitment.number == number)
    ).first()


def commitment_by_id(session: Session, *, person: Person, commitment_id: int) -> Commitment | None:
    return session.exec(
        select(Commitment).where(Commitment.person_id == person.id, Commitment.id == commitment_id)
    ).first()


def commitments(
    session: Session, *, person: Person, states: Sequence[str] = ("active",), limit: int | None = None
) -> list[Commitment]:
    query = (
        select(Commitment)
        .where(Commitment.person_id == person.id, col(Commitment.state).in_(states))
        .order_by(col(Commitment.due), col(Commitment.number))
    )
    if limit:
        query = query.limit(limit)
    return list(session.exec(query))


def recently_completed(session: Session, *, person: Person, limit: int) -> list[Commitment]:
    return list(
        session.exec(
            select(Commitment)
            .where(Commitment.person_id == person.id, Commitment.state == "done")
            .order_by(col(Commitment.completed_at).desc())
            .limit(limit)
        )
    )


def count_commitments(session: Session, *, person: Person, state: str) -> int:
    return session.exec(select(func.count()).where(Commitment.person_id == person.id, Commitment.state == state)).one()


def add_reflection(session: Session, *, reflection: Reflection) -> Reflection:
    session.add(reflection)
    session.flush()
    return reflection


def recent_reflections(session: Session, *, person: Person, limit: int) -> list[Reflection]:
    return list(
        session.exec(
            select(Reflection)
            .where(Reflection.person_id == person.id)
            .order_by(col(Reflection.created_at).desc(), col(Reflection.id).desc())
            .limit(limit)
        )
    )


def activity_times(session: Session, *, person: Person, since: datetime) -> list[datetime]:
    """When the person reflected or completed something, for the streak."""
    reflected = session.exec(
        select(Reflection.created_at).where(Reflection.person_id == person.id, Reflection.created_at >= since)
    )
    completed = session.exec(
        select(Commitment.completed_at).where(
            Commitment.person_id == person.id,
            col(Commitment.completed_at).is_not(None),
            col(Commitment.completed_at) >= since,
        )
    )
    return [t for t in [*reflected, *completed] if t is not None]


@cache
def _receipt_insert():
    """Asked before every ack. Written out (the same words on SQLite and PostgreSQL): the
    dialects' ON CONFLICT constructs are compiled anew each time, which costs more than the
    insert itself."""
    table = InboundReceipt.__table__
    return text(
        f"INSERT INTO {table.name} (key, created_at) VALUES (:v_key, :v_created_at) "
        "ON CONFLICT (key) DO NOTHING RETURNING id"
    ).bindparams(bindparam("v_created_at", type_=table.c.created_at.type))


def claim_receipt(session: Session | Connection, *, key: str) -> bool:
    """True the first time a delivery key is seen; False for a retry or a duplicate.

    Asked before every ack, so it is one statement that cannot fail on the duplicate (no
    savepoint, no exception): the insert is skipped on conflict, and nothing comes back."""
    connection = session if isinstance(session, Connection) else session.connection()
    statement = _receipt_insert()
    return connection.execute(statement, {"v_key": key, "v_created_at": datetime.now(UTC)}).first() is not None


def set_person_fields(session: Session, *, person: Person, **fields: object) -> Person:
    for name, value in fields.items():
        setattr(person, name, value)
    session.add(person)
    session.flush()
    return person


def forget_receipts(session: Session, *, before: datetime) -> int:
    """Slack retries a delivery within minutes; older receipts only take up room."""
    from sqlalchemy import delete

    result = session.execute(delete(InboundReceipt).where(col(InboundReceipt.created_at) < before))
    return result.rowcount or 0


def forget_reflections(session: Session, *, before: datetime) -> int:
    """Retention (LEADBOT_RETENTION_MONTHS): what people wrote is not kept for ever."""
    from sqlalchemy import delete

    result = session.execute(delete(Reflection).where(col(Reflection.created_at) < before))
    return result.rowcount or 0


def remember_conversation(
    session: Session,
    *,
    workspace_id: int,
    conversation_id: str,
    service_url: str,
    reference: str,
    person_id: int | None = None,
    team_id: int | None = None,
) -> ConversationRef:
    """Stores (or refreshes) where a platform lets the bot write later, outside a request."""
    row = session.exec(
        select(ConversationRef).where(
            ConversationRef.workspace_id == workspace_id, ConversationRef.conversation_id == conversation_id
        )
    ).first()
    if row is None:
        row = ConversationRef(workspace_id=workspace_id, conversation_id=conversation_id, service_url="", reference="")
    row.service_url, row.reference, row.gone_at = service_url, reference, None
    row.person_id = person_id if person_id is not None else row.person_id
    row.team_id = team_id if team_id is not None else row.team_id
    row.updated_at = datetime.now(UTC)
    session.add(row)
    return row


def personal_conversation(session: Session, *, person_id: int) -> ConversationRef | None:
    """The person's own chat with the bot (not a team channel), the newest that is not gone."""
    return session.exec(
        select(ConversationRef)
        .where(
            ConversationRef.person_id == person_id,
            col(ConversationRef.team_id).is_(None),
            col(ConversationRef.gone_at).is_(None),
        )
        .order_by(col(ConversationRef.updated_at).desc())
    ).first()
