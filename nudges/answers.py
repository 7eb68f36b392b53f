"""An answer to a check-in is a reflection: a reply in its thread, or a plain message to the
bot soon after it. Which commitment it is about follows from the check-in when it named
only one (or from a `#N` in the text). Platform-neutral: Slack and Teams both ask here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from nudges.checkin import decode_items
from nudges.drafts import ReflectDraft, ReflectionKind, Refusal
from nudges.grammar import parse_reflect
from storage import repo
from storage.models import Nudge, Person

ANSWER_WINDOW = timedelta(hours=12)


@dataclass(frozen=True)
class Answer:
    draft: ReflectDraft
    commitment_id: int | None


def answer_to_checkin(
    session: Session, *, person_id: int, now: datetime, text: str, channel: str | None = None, thread: str | None = None
) -> Answer | Refusal | None:
    """None when the message answers no check-in (then it is not a reflection at all)."""
    query = select(Nudge).where(Nudge.person_id == person_id, Nudge.state == "sent")
    if thread:
        query = query.where(Nudge.channel == channel, Nudge.ts == thread)
    else:
        query = query.where(col(Nudge.sent_at) >= now - ANSWER_WINDOW).order_by(col(Nudge.sent_at).desc())
    nudge = session.exec(query).first()
    if nudge is None:
        return None
    ids = decode_items(nudge.items)["ids"]
    active = [c.id for c in repo.commitments(session, person=session.get(Person, person_id)) if c.id in ids]
    draft = parse_reflect(text.strip())
    if isinstance(draft, Refusal):
        return draft
    commitment_id = None
    if draft.number is None and len(active) == 1:
        commitment_id = active[0]
        if draft.kind == ReflectionKind.LEARNING:
            draft = ReflectDraft(
                number=None, kind=ReflectionKind.PROGRESS, text=draft.text, done=draft.done, private=draft.private
            )
    return Answer(draft, commitment_id)
