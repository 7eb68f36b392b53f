"""Claims between runs: a slow run that is alive keeps its claims however long it takes; once
it is gone, another run takes them over at once; outcomes are written only by the owner."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import select

from nudges.claims import claim_many, record_many
from storage.locks import Owner
from storage.models import Nudge, Person, Workspace

NOW = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)


def rows(engine, people: int) -> list[dict]:
    with engine.begin() as connection:
        connection.execute(insert(Workspace.__table__), [{"platform": "slack", "external_id": "T0"}])
        connection.execute(
            insert(Person.__table__),
            [
                {"workspace_id": 1, "external_id": f"U{i}", "digest_opt_out": False, "last_number": 0}
                for i in range(people)
            ],
        )
    return [
        {
            "workspace_id": 1,
            "person_id": 1 + i,
            "day": date(2026, 11, 30),
            "slot_at": NOW,
            "checkin": True,
            "items": "[]",
        }
        for i in range(people)
    ]


def test_a_slow_live_run_keeps_its_claims_and_a_dead_ones_are_taken_at_once(engine, session):
    wanted = rows(engine, 3)
    with Owner(engine) as slow:
        mine = claim_many(engine, Nudge, wanted, key=("person_id", "day"), now=NOW, owner=slow)
        assert len(mine) == 3
        with Owner(engine) as other:  # an hour later, the slow run still sending
            assert (
                claim_many(engine, Nudge, wanted, key=("person_id", "day"), now=NOW + timedelta(hours=1), owner=other)
                == []
            )
            # It may not write outcomes over the owner's either.
            assert record_many(engine, Nudge, [(mine[0].id, "pending", {})], owner=other) == ["skipped"]
    with Owner(engine) as next_run:  # the slow run is gone now
        taken = claim_many(
            engine, Nudge, wanted, key=("person_id", "day"), now=NOW + timedelta(minutes=2), owner=next_run
        )
        assert sorted(c.id for c in taken) == sorted(c.id for c in mine) and all(c.recheck for c in taken)
        assert (
            record_many(engine, Nudge, [(c.id, "sent", {"ts": "1.0", "channel": "D"}) for c in taken], owner=next_run)
            == ["sent"] * 3
        )
    session.expire_all()
    assert {n.state for n in session.exec(select(Nudge))} == {"sent"}
