"""Claims between runs: a slow run that is alive keeps its claims however long it takes; once
it is gone, another run takes them over at once, and looks on the platform only for those whose
send had begun; outcomes are written only by the owner; the sends that begin at once are noted
in one transaction."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert
from sqlmodel import select

from nudges.claims import Starts, TemporaryFailure, claim_many, record_many
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
        Starts(engine, Nudge, slow).begin(mine[0].id)  # its send began; the others' had not
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
        assert sorted(c.id for c in taken) == sorted(c.id for c in mine)
        assert {c.id for c in taken if c.recheck} == {mine[0].id}  # only it can be out there
        assert {c.id: c.started is not None for c in taken} == {mine[0].id: True, mine[1].id: False, mine[2].id: False}
        assert (
            record_many(engine, Nudge, [(c.id, "sent", {"ts": "1.0", "channel": "D"}) for c in taken], owner=next_run)
            == ["sent"] * 3
        )
    session.expire_all()
    assert {n.state for n in session.exec(select(Nudge))} == {"sent"}


def test_sends_beginning_together_are_noted_in_few_transactions_and_only_an_owner_may_begin(engine, session):
    wanted = rows(engine, 64)
    with Owner(engine) as run:
        mine = claim_many(engine, Nudge, wanted, key=("person_id", "day"), now=NOW, owner=run)
        starts = Starts(engine, Nudge, run)
        gate = threading.Barrier(16)

        def worker(ids: list[int]) -> None:
            for row_id in ids:
                gate.wait()  # sixteen sends begin at the same moment, four times over
                starts.begin(row_id)

        threads = [threading.Thread(target=worker, args=([c.id for c in mine[i::16]],)) for i in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(f"64 sends began in {starts.writes} transactions")
        assert starts.writes < 64 / 2
        with Owner(engine) as other, pytest.raises(TemporaryFailure) as refused:
            Starts(engine, Nudge, other).begin(mine[0].id)  # not its claim: it may not send it
        assert refused.value.unsent
    session.expire_all()
    assert all(n.send_started_at is not None for n in session.exec(select(Nudge)))


def test_a_send_noted_ahead_is_written_by_the_next_write_and_a_run_gone_before_it_leaves_it_looked_for(engine, session):
    wanted = rows(engine, 3)
    with Owner(engine) as run:
        first, ahead, spare = claim_many(engine, Nudge, wanted, key=("person_id", "day"), now=NOW, owner=run)
        starts = Starts(engine, Nudge, run)
        batch = starts.ahead(ahead.id)  # the lane's next message, while the first one is sent
        starts.begin(first.id)
        assert starts.writes == 1
        starts.begin(ahead.id, batch)  # its own send: already noted, nothing more to write
        assert starts.writes == 1
        noted_but_never_sent = starts.ahead(spare.id)
        assert noted_but_never_sent is not batch
        starts.begin(first.id)  # a write meanwhile takes the one noted ahead with it
        assert starts.writes == 2
    session.expire_all()
    assert all(n.send_started_at is not None for n in session.exec(select(Nudge)))
    # The run ended with nothing recorded (the spare never sent): the next one sees three sends
    # that may have begun and looks for each on the platform before sending it.
    with Owner(engine) as next_run:
        taken = claim_many(
            engine, Nudge, wanted, key=("person_id", "day"), now=NOW + timedelta(minutes=2), owner=next_run
        )
        assert {c.id for c in taken if c.recheck} == {first.id, ahead.id, spare.id}
