"""A person's own data: all of it as a file, or all of it erased. Only ever the acting
person's: no id from a payload is trusted."""

from __future__ import annotations

import logging

from nudges import personal_data
from nudges.service import results as r
from nudges.service.actors import Actor
from nudges.service.core import Core

log = logging.getLogger(__name__)


def export(core: Core, actor: Actor) -> r.Exported:
    now = core.now()
    content = personal_data.export_json(core.engine, actor.person_id, now=now)
    today = actor.today(now)
    log.info("export made for person %s (%s bytes)", actor.person_id, len(content))
    return r.Exported(content, f"leadbot-{today.isoformat()}.json", today)


def erase(core: Core, actor: Actor) -> r.Erased:
    erased = personal_data.erase(core.engine, actor.person_id, also=core.erase_also)
    log.info(
        "person %s erased: %s commitments, %s reflections, %s nudges, %s partner mentions",
        actor.person_id,
        erased.commitments,
        erased.reflections,
        erased.nudges,
        erased.partner_mentions,
    )
    return r.Erased(erased.commitments, erased.reflections, erased.nudges)
