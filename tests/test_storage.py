"""The schema as migrations build it, and the data-access promises."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from storage import db, models, repo
from storage.db import session_scope
from storage.models import Commitment, Person


def test_models_and_migrations_agree(database_url):
    db.check(database_url)  # raises when a model change has no migration
    assert db.is_current(database_url)


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_times_come_back_time_zone_aware(engine):
    moment = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    with session_scope(engine) as session:
        workspace = repo.get_or_create_workspace(session, platform="slack", external_id="T1")
        person = repo.get_or_create_person(session, workspace_id=workspace.id, external_id="U1")
        person.profile_checked_at = moment
    with Session(engine) as session:
        loaded = session.exec(select(Person)).one()
        assert loaded.profile_checked_at == moment and loaded.profile_checked_at.tzinfo is not None


def test_numbers_stay_unique_under_concurrent_commits(engine):
    with session_scope(engine) as session:
        workspace = repo.get_or_create_workspace(session, platform="slack", external_id="T1")
        person_id = repo.get_or_create_person(session, workspace_id=workspace.id, external_id="U1").id

    def commit(i: int) -> int:
        with session_scope(engine) as session:
            person = session.get(Person, person_id)
            number = repo.next_number(session, person=person)
            repo.add_commitment(
                session,
                commitment=Commitment(
                    workspace_id=person.workspace_id,
                    person_id=person.id,
                    number=number,
                    category="other",
                    title=f"step {i}",
                    due=date(2026, 12, 1),
                ),
            )
            return number

    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = sorted(pool.map(commit, range(12)))
    assert numbers == list(range(1, 13))


def test_a_delivery_key_is_claimed_once(engine):
    with session_scope(engine) as session:
        assert repo.claim_receipt(session, key="slack:T1:event:Ev1") is True
    with session_scope(engine) as session:
        assert repo.claim_receipt(session, key="slack:T1:event:Ev1") is False
        assert repo.claim_receipt(session, key="slack:T1:event:Ev2") is True


def test_old_delivery_receipts_are_forgotten(engine):
    from datetime import timedelta

    now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    with session_scope(engine) as session:
        session.add(models.InboundReceipt(key="old", created_at=now - timedelta(days=2)))
        session.add(models.InboundReceipt(key="new", created_at=now - timedelta(hours=1)))
    with session_scope(engine) as session:
        assert repo.forget_receipts(session, before=now - timedelta(days=1)) == 1
    with Session(engine) as session:
        assert [r.key for r in session.exec(select(models.InboundReceipt))] == ["new"]
