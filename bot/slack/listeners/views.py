"""Modal submissions, read as the core's form commands. A form is checked before its ack so
that problems show next to the field, from our own tables only: nothing before the ack
waits on Slack."""

from __future__ import annotations

import json
import logging
from datetime import date

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import Services
from bot.slack import ids, render
from bot.slack.listeners.actions import publish_home
from bot.slack.listeners.common import kindly
from bot.slack.peers import SlackPeers
from bot.slack.people import actor_for, known, team_of, user_of
from nudges.drafts import Category, Repeat
from nudges.service import Actor, run
from nudges.service import commands as c
from nudges.service import results as r
from nudges.service.commitments import check_form, check_reflect

log = logging.getLogger(__name__)


def _values(body: dict) -> dict[str, dict]:
    """block id -> the element's state, for the input blocks of a submitted view (a block filled
    from a starting point is read under its own id: see ids.FILLED)."""
    state = ((body.get("view") or {}).get("state") or {}).get("values") or {}
    return {
        block.partition(ids.FILLED)[0]: next(iter(elements.values()), {})
        for block, elements in state.items()
        if elements
    }


def _selected(values: dict, block: str) -> str | None:
    return ((values.get(block) or {}).get("selected_option") or {}).get("value")


def _checked(values: dict, block: str, value: str) -> bool:
    return any(o.get("value") == value for o in (values.get(block) or {}).get("selected_options") or [])


def _text(values: dict, block: str) -> str:
    return ((values.get(block) or {}).get("value") or "").strip()


def _metadata(body: dict) -> dict:
    try:
        data = json.loads((body.get("view") or {}).get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def commit_form(values: dict) -> c.CommitForm:
    try:
        due = date.fromisoformat((values.get(ids.DUE) or {}).get("selected_date") or "")
    except ValueError:
        due = None
    category, repeat = _selected(values, ids.CATEGORY), _selected(values, ids.REPEAT)
    return c.CommitForm(
        category=Category(category) if category in set(Category) else Category.OTHER,
        title=_text(values, ids.WHAT),
        due=due,
        repeat=Repeat(repeat) if repeat in set(Repeat) else None,
        partner=(values.get(ids.PARTNER) or {}).get("selected_user") or None,
        private=_selected(values, ids.VISIBILITY) == "private",
        focus=focus if (focus := _selected(values, ids.FOCUS)) and focus != "none" else None,
    )


def reflect_form(body: dict, values: dict) -> c.ReflectForm:
    picked = _metadata(body).get("commitment")
    return c.ReflectForm(
        text=_text(values, ids.TEXT),
        done=_checked(values, ids.MARK_DONE, "done"),
        share=_checked(values, ids.SHARE, "share"),
        learned=_text(values, ids.LEARNED) or None,
        commitment_id=picked if isinstance(picked, int) else None,
    )


def register(app: App, services: Services) -> frozenset[str]:
    """Returns the callback ids of the forms registered."""

    def submitted(callback_id: str, read, problems_of):
        @app.view(callback_id)
        def on_submit(ack: Ack, body: dict, client: WebClient) -> None:
            before = known(services, team_id=team_of(body), user_id=user_of(body))
            form = read(body, _values(body))
            problems = problems_of(before, form)
            if problems:
                return ack(response_action="errors", errors=render.form_errors(before.locale, problems))
            ack()
            with kindly(None, lambda: services.settings.default_locale, f"{callback_id} form"):
                actor = actor_for(services, client, team_id=team_of(body), user_id=user_of(body))
                result = run(services.core, actor, form, SlackPeers(services, client, actor.workspace))
                if not isinstance(result, r.FormRefused):  # checked above; changed only by a race
                    reply = render.reply(result, actor.locale)
                    client.chat_postMessage(channel=actor.user_id, text=reply.text, blocks=reply.blocks)
                publish_home(services, client, actor)

    def commit_problems(actor: Actor, form: c.CommitForm) -> dict:
        return check_form(actor, form, today=actor.today(services.now()))

    submitted(ids.COMMIT_MODAL, lambda body, values: commit_form(values), commit_problems)
    submitted(ids.REFLECT_MODAL, reflect_form, lambda actor, form: check_reflect(form))
    return frozenset({ids.COMMIT_MODAL, ids.REFLECT_MODAL})
