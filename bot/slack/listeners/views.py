"""Modal submissions. A form is checked before its ack, so problems show next to the field."""

from __future__ import annotations

import json
import logging
from datetime import date

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.i18n import t
from bot.services import Services
from bot.slack import blocks, flows, ids
from bot.slack.listeners.common import kindly
from bot.slack.people import Actor, actor_for, team_of, user_of
from nudges.drafts import (
    MAX_REFLECTION,
    Category,
    CommitDraft,
    Problem,
    ReflectDraft,
    ReflectionKind,
    Refusal,
    Repeat,
)
from nudges.grammar import parse_reflect
from nudges.rules import due_problems, title_problems, without_insisting

log = logging.getLogger(__name__)


def _values(body: dict) -> dict[str, dict]:
    """block id -> the element's state, for the input blocks of a submitted view."""
    state = ((body.get("view") or {}).get("state") or {}).get("values") or {}
    return {block: next(iter(elements.values()), {}) for block, elements in state.items() if elements}


def _selected(values: dict, block: str) -> str | None:
    return ((values.get(block) or {}).get("selected_option") or {}).get("value")


def _checked(values: dict, block: str, value: str) -> bool:
    return any(o.get("value") == value for o in (values.get(block) or {}).get("selected_options") or [])


def _metadata(body: dict) -> dict:
    try:
        data = json.loads((body.get("view") or {}).get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def register(app: App, services: Services) -> frozenset[str]:
    """Returns the callback ids of the forms registered."""
    default = services.settings.default_locale

    def acting(body: dict, client: WebClient) -> Actor:
        return actor_for(services, client, team_id=team_of(body), user_id=user_of(body))

    def tell(client: WebClient, actor: Actor, reply: blocks.Reply) -> None:
        client.chat_postMessage(channel=actor.user_id, text=reply.text, blocks=reply.blocks)

    @app.view(ids.COMMIT_MODAL)
    def commit_submitted(ack: Ack, body: dict, client: WebClient) -> None:
        actor = acting(body, client)
        values = _values(body)
        title = ((values.get(ids.WHAT) or {}).get("value") or "").strip()
        due_text = (values.get(ids.DUE) or {}).get("selected_date") or ""
        try:
            due = date.fromisoformat(due_text)
        except ValueError:
            due = None
        errors = {}
        category = _selected(values, ids.CATEGORY)
        category = Category(category) if category in set(Category) else Category.OTHER
        if problems := title_problems(title, category):
            errors[ids.WHAT] = _sentence(blocks.problem_text(actor.locale, problems[0]))
            if problems[0] == Problem.FLUFFY:
                errors[ids.WHAT] += " " + t(actor.locale, "commit.vision_form_help")
        if problems := due_problems(due, today=actor.today(services.now())):
            errors[ids.DUE] = _sentence(blocks.problem_text(actor.locale, problems[0]))
        partner = (values.get(ids.PARTNER) or {}).get("selected_user")
        if partner and partner == actor.user_id:
            errors[ids.PARTNER] = t(actor.locale, "modal.error.partner_self")
        if errors:
            return ack(response_action="errors", errors=errors)
        ack()
        with kindly(None, lambda: default, "commit form"):
            repeat = _selected(values, ids.REPEAT)
            draft = CommitDraft(
                category=category,
                title=without_insisting(title),
                due=due,
                repeat=Repeat(repeat) if repeat in set(Repeat) else None,
                partner=partner or None,
                private=_selected(values, ids.VISIBILITY) == "private",
            )
            tell(client, actor, flows.commit(services, client, actor, draft))
            flows.publish_home(services, client, actor)

    @app.view(ids.REFLECT_MODAL)
    def reflect_submitted(ack: Ack, body: dict, client: WebClient) -> None:
        actor = acting(body, client)
        values = _values(body)
        text = ((values.get(ids.TEXT) or {}).get("value") or "").strip()
        learned = ((values.get(ids.LEARNED) or {}).get("value") or "").strip() or None
        done = _checked(values, ids.MARK_DONE, "done")
        shared = _checked(values, ids.SHARE, "share")
        picked = _metadata(body).get("commitment")
        commitment_id = picked if isinstance(picked, int) else None
        if not text and not done:
            return ack(response_action="errors", errors={ids.TEXT: t(actor.locale, "problem.empty")})
        if len(text) > MAX_REFLECTION:
            return ack(
                response_action="errors", errors={ids.TEXT: t(actor.locale, "problem.too_long", max=MAX_REFLECTION)}
            )
        ack()
        with kindly(None, lambda: default, "reflect form"):
            kind = ReflectionKind.PROGRESS if commitment_id else ReflectionKind.LEARNING
            if learned:
                kind = ReflectionKind.FAILURE
            elif commitment_id is None:
                parsed = parse_reflect(text)
                if not isinstance(parsed, Refusal) and parsed.kind == ReflectionKind.FAILURE:
                    kind, text = parsed.kind, parsed.text
            draft = ReflectDraft(number=None, kind=kind, text=text, done=done, private=not shared)
            reply = flows.reflect(services, client, actor, draft, commitment_id=commitment_id, learning=learned)
            tell(client, actor, reply)
            flows.publish_home(services, client, actor)

    return frozenset({ids.COMMIT_MODAL, ids.REFLECT_MODAL})


def _sentence(text: str) -> str:
    """A reason shown on its own under a field: a capital first letter, the rest as written
    (str.capitalize would lower-case every later sentence and name), and no mrkdwn marks, which
    a modal's error shows as typed."""
    text = text.replace("*", "").replace("`", "")
    return text[:1].upper() + text[1:]
