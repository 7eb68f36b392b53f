"""A commitment put in the calendar: the slot, worked out for the acting person's own
commitment only (someone else's id is not found), in their time zone and with the days off
of their workspace's country (else the process's)."""

from __future__ import annotations

import logging

from nudges import commitments as domain
from nudges.calendar import WorkCalendar
from nudges.calendar_event import default_slot
from nudges.drafts import Denial
from nudges.service import results as r
from nudges.service.actors import Actor
from nudges.service.core import Core
from storage.db import session_scope
from storage.models import Person

log = logging.getLogger(__name__)


def add_to_calendar(core: Core, actor: Actor, *, commitment_id: int | None = None, number: int | None = None):
    with session_scope(core.engine) as session:
        person = session.get(Person, actor.person_id)
        found = domain.find(session, person=person, number=number, commitment_id=commitment_id)
        if found is None:
            return r.Denied(Denial.NO_SUCH_COMMITMENT, number)
        if found.state != "active":
            denial = Denial.ALREADY_DONE if found.state == "done" else Denial.ALREADY_DROPPED
            return r.Denied(denial, found.number)
        commitment = r.CommitmentView.of(found)
    slot = default_slot(commitment, tz=actor.tz, now=core.now(), workdays=_workdays(core, actor))
    log.info("calendar event made", extra={"person": actor.person_id, "commitment": commitment.id})
    return r.CalendarEvent(commitment, slot)


def _workdays(core: Core, actor: Actor) -> WorkCalendar:
    return (actor.fallbacks or core.fallbacks).calendar
