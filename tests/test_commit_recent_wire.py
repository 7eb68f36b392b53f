"""A /commit trusts who it found acting a few seconds ago: what must still hold, through the
real app over HTTP. A change made in this process shows at once; a person erased by another
process gets nothing saved under the erased row."""

from __future__ import annotations

from sqlmodel import Session, select

from nudges.personal_data import erase
from storage import db
from storage.models import Commitment, Person, Workspace, WorkspaceDefaults
from tests.wire import blocks_text


def anna(session) -> Person:
    session.expire_all()
    return session.exec(select(Person).where(Person.external_id == "U0ANNA")).one()


def test_a_language_chosen_shows_in_the_very_next_commit(slack, session):
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 december')
    assert "Åtagande sparat" in blocks_text(slack.replies(1)[0])
    slack.command("U0ANNA", "/commit", 'kurs "Coachande samtal" senast 16 december')
    slack.replies(2)  # known by now: the next /commit trusts what this one found

    person = anna(session)
    person.locale_choice = "en"
    session.add(person)
    session.commit()
    slack.command("U0ANNA", "/commit", 'course "GDPR refresher" by 2026-12-20')

    assert "Committed" in blocks_text(slack.replies(3)[2])


def test_a_workspace_language_set_shows_in_the_very_next_commit(slack, session):
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 december')
    assert "Åtagande sparat" in blocks_text(slack.replies(1)[0])
    slack.command("U0ANNA", "/commit", 'kurs "Coachande samtal" senast 16 december')
    slack.replies(2)

    workspace = session.exec(select(Workspace)).one()
    session.add(WorkspaceDefaults(workspace_id=workspace.id, locale="en"))
    session.commit()
    slack.command("U0ANNA", "/commit", 'course "GDPR refresher" by 2026-12-20')

    assert "Committed" in blocks_text(slack.replies(3)[2])


def test_a_person_erased_by_another_process_gets_nothing_saved_under_the_erased_row(slack, session, database_url):
    slack.command("U0ANNA", "/commit", 'kurs "AI för chefer" senast 15 december')
    slack.replies(1)
    slack.command("U0ANNA", "/commit", 'kurs "Coachande samtal" senast 16 december')
    slack.replies(2)  # known by now: the next /commit trusts what this one found
    erased = anna(session)
    elsewhere = db.make_engine(database_url)  # another process's engine: this one hears nothing of it
    try:
        erase(elsewhere, erased.id)
        with Session(elsewhere) as other:  # someone new, who on SQLite may get the erased id again
            other.add(Person(workspace_id=erased.workspace_id, external_id="U0NEW", display_name="new"))
            other.commit()
    finally:
        elsewhere.dispose()

    slack.command("U0ANNA", "/commit", 'kurs "GDPR" senast 20 december')

    reply = blocks_text(slack.replies(3)[2])
    assert "Åtagande sparat" in reply and "#1" in reply and "GDPR" in reply
    session.expire_all()
    [commitment] = session.exec(select(Commitment)).all()
    assert commitment.title == "GDPR" and commitment.person_id == anna(session).id
    newcomer = session.exec(select(Person).where(Person.external_id == "U0NEW")).one()
    assert newcomer.last_number == 0 and commitment.person_id != newcomer.id
