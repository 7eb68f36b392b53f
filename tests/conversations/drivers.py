"""One way to hold a conversation with leadbot, two platforms behind it.

A scenario writes a line as a Teams user types it (`commit kurs "AI för chefer" senast 15 jan`,
`reflect #1 klar`, `ls`, `stats`, `digest on` in a channel) and reads plain words back. The
Slack driver makes of it what Slack sends: a signed slash command (`/commit …`, `/reflect …`,
`/commit ls`, `/leadbot stats`, `/leadbot digest on` from that channel), or a direct message;
the Teams driver posts the Bot Framework activity Teams would, with @mentions as mention
entities. Each reads the answer where its platform shows it: Slack's response URL, chat
messages and App Home; the Bot Connector's replies, proactive messages and card answers.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime

from bot.services import Services
from bot.tick_job import run_tick
from tests.conversations import plain
from tests.conversations.cast import CAST, Person, person
from tests.fakes.connector import ConnectorStandIn, Sent

WAIT = 10.0  # seconds to wait for an answer that the app sends after acknowledging
_ids = itertools.count(1)
_MENTION = re.compile(r"(?<![\w<])@([a-z]+)\b")


class Chat:
    """What a scenario may do and see, the same on both platforms."""

    platform: str
    # Words of the other platform that a person here should never be told (where Slack has
    # App Home and slash commands, Teams has its chat and plain words).
    not_here: tuple[str, ...] = ()
    services: Services  # the app's, whose clock and settings the tick uses
    clock: object  # the tests' movable "now" (tests.conftest.Clock)

    def say(self, who: str, line: str, *, channel: str | None = None) -> str:
        """`who` writes `line` to leadbot (in their own chat, or in a team's `channel`); returns
        the answer they read."""
        raise NotImplementedError

    def open(self, who: str) -> str:
        """`who` meets leadbot for the first time; returns what it shows them."""
        raise NotImplementedError

    def team(self, name: str, members: list[str]) -> None:
        """A team's channel called `name`, with leadbot and these people in it."""
        raise NotImplementedError

    def tick(self, at: datetime):
        """The clock moves to `at`, and the scheduler's tick runs then."""
        self.clock.now = at
        return run_tick(self.services, at)

    def inbox(self, who: str, count: int = 1) -> list[str]:
        """What `who` received from leadbot other than answers to what they said (check-ins,
        notes as a partner), oldest first; waits until there are at least `count`."""
        raise NotImplementedError

    def channel(self, name: str, count: int = 1) -> list[str]:
        """What leadbot posted in a team's channel of its own accord, oldest first; waits until
        there are at least `count`."""
        raise NotImplementedError

    def press(self, who: str, action: str, number: int) -> str:
        """`who` presses `action` ("done", "snooze", …) for their #`number` on their latest
        check-in; returns what they then read there."""
        raise NotImplementedError

    def id_of(self, who: str) -> str:
        """Their id as the platform names them, as leadbot stores it (Person.external_id)."""
        raise NotImplementedError


# --- Slack ---------------------------------------------------------------------------------

SLASH = {
    "commit": "/commit",
    "åtagande": "/commit",
    "reflect": "/reflect",
    "reflektera": "/reflect",
}
LISTING = {"list", "lista", "ls"}  # on Slack these are /commit's
LEADBOT = {"stats", "statistik", "digest", "veckobrev", "help", "hjälp", "export", "exportera", "erase", "radera"}
# A person's settings in words, as on Teams: on Slack after /leadbot.
LEADBOT |= {"settings", "inställningar", "language", "språk", "checkin", "avstämning", "pause", "pausa"}
LEADBOT |= {"resume", "återuppta", "hide", "dölj", "show", "visa", "admin", "kalender", "calendar"}


@dataclass
class SlackChat(Chat):
    slack: object  # tests.wire.Slack, signing every request with the app's secret
    standin: object  # the stand-in Slack Web API
    services: Services
    clock: object
    platform: str = "slack"
    not_here: tuple[str, ...] = ("Adaptive Card", "@leadbot digest")
    channels: dict[str, str] = field(default_factory=dict)  # name -> channel id
    _said: set[str] = field(default_factory=set)  # ts of direct messages people wrote

    def __post_init__(self) -> None:
        for someone in CAST.values():
            self.standin.add_user(
                someone.slack_id,
                someone.key,
                locale=someone.locale,
                tz=someone.tz,
                real_name=someone.name,
                admin=someone.admin,
            )

    def id_of(self, who: str) -> str:
        return person(who).slack_id

    def _name_of(self, user_id: str) -> str:
        found = next((p for p in CAST.values() if p.slack_id == user_id), None)
        return found.name if found else user_id

    def _read(self, message: dict) -> str:
        return plain.slack_blocks(message, self._name_of)

    def command_for(self, line: str) -> tuple[str | None, str]:
        """The slash command (or None: a direct message) and its text."""
        stripped = line.strip().lstrip("/")
        word, _, rest = stripped.partition(" ")
        word = word.lower()
        if word in SLASH:
            return SLASH[word], rest.strip()
        if word in LISTING and not rest.strip():
            return "/commit", word
        if word in LEADBOT or word == "leadbot":
            return "/leadbot", rest.strip() if word == "leadbot" else stripped
        return None, stripped

    def _mentions(self, text: str) -> str:
        def mention(match: re.Match) -> str:
            key = match.group(1)
            return f"<@{CAST[key].slack_id}|{key}>" if key in CAST else match.group(0)

        return _MENTION.sub(mention, text)

    def say(self, who: str, line: str, *, channel: str | None = None) -> str:
        someone = person(who)
        command, text = self.command_for(line)
        text = self._mentions(text)
        if channel is not None:
            where = {"channel": self.channels[channel], "channel_name": channel}
        else:
            where = {"channel": "D" + someone.slack_id, "channel_name": "directmessage"}
        if command is None:
            return self._direct_message(someone, text)
        before = len(self.standin.of("response_url"))
        response = self.slack.command(someone.slack_id, command, text, **where)
        assert response.status == 200, f"Slack got {response.status} for {command} {text!r}: {response.body}"
        if response.body.strip().startswith("{"):  # answered in the acknowledgement itself
            answered = json.loads(response.body)
            if answered.get("text") or answered.get("blocks"):
                return self._read(answered)
        replies = self.standin.wait_for("response_url", before + 1, timeout=WAIT)
        return self._read(replies[before].args)

    def _direct_message(self, someone: Person, text: str) -> str:
        channel = "D" + someone.slack_id
        ts = f"{int(time.time())}.{next(_ids):06d}"
        self._said.add(ts)
        before = len(self.standin.of("chat.postMessage"))
        event = {"type": "message", "channel": channel, "channel_type": "im", "user": someone.slack_id}
        event.update(text=text, ts=ts, event_ts=ts)
        response = self.slack.event(event)
        assert response.status == 200, f"Slack got {response.status} for a direct message: {response.body}"
        deadline = time.monotonic() + WAIT
        while True:
            posted = self.standin.of("chat.postMessage")[before:]
            answer = next((c for c in posted if str(c.args.get("thread_ts")) == ts), None)
            if answer is not None:
                return self._read(answer.args)
            if time.monotonic() > deadline:
                raise AssertionError(f"{someone.key} wrote {text!r} to leadbot and read no answer")
            self.standin.wait_for("chat.postMessage", len(posted) + before + 1, timeout=deadline - time.monotonic())

    def open(self, who: str) -> str:
        someone = person(who)
        before = len(self._homes(someone))
        event = {"type": "app_home_opened", "user": someone.slack_id, "tab": "home", "channel": "D" + someone.slack_id}
        response = self.slack.event(event)
        assert response.status == 200, response.body
        deadline = time.monotonic() + WAIT
        while len(self._homes(someone)) <= before:
            if time.monotonic() > deadline:
                raise AssertionError(f"{who} opened App Home and no home view was published")
            self.standin.wait_for("views.publish", len(self.standin.of("views.publish")) + 1, timeout=WAIT)
        return self._read(self._homes(someone)[-1].args)

    def _homes(self, someone: Person) -> list:
        return [c for c in self.standin.of("views.publish") if c.args.get("user_id") == someone.slack_id]

    def team(self, name: str, members: list[str]) -> None:
        channel_id = "C0" + re.sub(r"\W", "", name).upper()
        self.standin.add_channel(channel_id, name, [person(m).slack_id for m in members])
        self.channels[name] = channel_id

    def _posts(self, channel_id: str) -> list:
        return [
            c
            for c in self.standin.of("chat.postMessage")
            if c.result.get("channel") == channel_id and str(c.args.get("thread_ts") or "") not in self._said
        ]

    def _await(self, find, count: int, what: str) -> list:
        deadline = time.monotonic() + WAIT
        while True:
            found = find()
            if len(found) >= count:
                return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                shown = [self._read(c.args) for c in found]
                raise AssertionError(f"expected {count} message(s) {what}, got {len(found)}: {shown}")
            calls = len(self.standin.of("chat.postMessage"))
            with contextlib.suppress(AssertionError):  # none came in time: the loop says what did
                self.standin.wait_for("chat.postMessage", calls + 1, timeout=remaining)

    def inbox(self, who: str, count: int = 1) -> list[str]:
        channel_id = "D" + person(who).slack_id
        found = self._await(lambda: self._posts(channel_id), count, f"in {who}'s direct messages")
        return [self._read(c.args) for c in found]

    def channel(self, name: str, count: int = 1) -> list[str]:
        channel_id = self.channels[name]
        found = self._await(lambda: self._posts(channel_id), count, f"in #{name}")
        return [self._read(c.args) for c in found]

    def press(self, who: str, action: str, number: int) -> str:
        someone = person(who)
        checkins = [
            c
            for c in self._posts("D" + someone.slack_id)
            if (c.args.get("metadata") or {}).get("event_type") == "leadbot_nudge"
        ]
        assert checkins, f"{who} has no check-in to press {action} on"
        latest = checkins[-1]
        button = _slack_button(latest.args.get("blocks") or [], f"commitment_{action}", number)
        assert button is not None, f"no {action} button for #{number} on {who}'s check-in: {self._read(latest.args)}"
        channel, ts = latest.result["channel"], latest.result["ts"]
        updates = len(self.standin.of("chat.update"))
        posts = len(self.standin.of("chat.postMessage"))
        response = self.slack.interact(
            {
                "type": "block_actions",
                "user": {"id": someone.slack_id, "team_id": self.standin.team_id},
                "container": {"type": "message", "channel_id": channel, "message_ts": ts},
                "channel": {"id": channel},
                "message": {"ts": ts, "blocks": latest.args.get("blocks")},
                "actions": [{**button, "type": "button", "action_ts": str(time.time())}],
            }
        )
        assert response.status == 200, response.body
        try:
            self.standin.wait_for("chat.update", updates + 1, timeout=WAIT)
        except AssertionError:
            told = [self._read(c.args) for c in self.standin.of("chat.postMessage")[posts:]]
            raise AssertionError(f"{who} pressed {action} on #{number}; the check-in stayed: {told}") from None
        updated = [c for c in self.standin.of("chat.update")[updates:] if c.args.get("ts") == ts]
        assert updated, f"{who} pressed {action} on #{number} and another message changed"
        return self._read(updated[-1].args)


def _slack_button(blocks: list[dict], action_id: str, number: int) -> dict | None:
    """The button with `action_id` in the actions that follow the section naming #number."""
    current = None
    for block in blocks:
        words = json.dumps(block.get("text") or block.get("fields") or "", ensure_ascii=False)
        found = re.search(r"#(\d+)\b", words)
        if block.get("type") != "actions" and found:
            current = int(found.group(1))
        if block.get("type") == "actions" and current == number:
            for element in block.get("elements") or []:
                if element.get("action_id") == action_id:
                    return {k: element[k] for k in ("action_id", "value", "block_id") if k in element} | {
                        "block_id": block.get("block_id", "b")
                    }
    return None


# --- Teams ---------------------------------------------------------------------------------

TENANT = "a1b2c3d4-0000-4000-8000-00000000c0de"
BOT = {"id": "28:leadbot-app-id", "name": "leadbot"}


@dataclass
class TeamsChat(Chat):
    base_url: str  # the real server, /api/messages
    connector: ConnectorStandIn
    services: Services
    clock: object
    platform: str = "teams"
    not_here: tuple[str, ...] = ("App Home", "/commit", "/reflect", "/leadbot")
    channels: dict[str, str] = field(default_factory=dict)  # name -> channel conversation id

    def id_of(self, who: str) -> str:
        return person(who).entra_id

    @staticmethod
    def personal(someone: Person) -> str:
        return f"a:1{someone.key}-personal-chat"

    def _activity(self, someone: Person, kind: str = "message", *, channel: str | None = None) -> dict:
        n = next(_ids)
        activity = {
            "type": kind,
            "id": f"1700000{n:06d}",
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "from": {"id": someone.teams_id, "name": someone.name, "aadObjectId": someone.entra_id},
            "recipient": dict(BOT),
            "conversation": {"id": self.personal(someone), "conversationType": "personal", "tenantId": TENANT},
            "channelData": {"tenant": {"id": TENANT}},
            "locale": someone.locale,
            "localTimezone": someone.tz,
        }
        if channel is not None:
            conversation = self.channels[channel]
            activity["conversation"] = {
                "id": f"{conversation};messageid={activity['id']}",
                "conversationType": "channel",
                "tenantId": TENANT,
                "isGroup": True,
            }
            activity["channelData"] = {
                "tenant": {"id": TENANT},
                "team": {"id": conversation, "name": channel},
                "channel": {"id": conversation, "name": channel},
            }
        return activity

    def post(self, activity: dict) -> tuple[int, str]:
        request = urllib.request.Request(
            self.base_url + "/api/messages",
            data=json.dumps(activity).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def _mentions(self, text: str) -> tuple[str, list[dict]]:
        entities: list[dict] = []

        def mention(match: re.Match) -> str:
            key = match.group(1)
            if key not in CAST:
                return match.group(0)
            someone = CAST[key]
            shown = f"<at>{someone.name}</at>"
            entities.append(
                {
                    "type": "mention",
                    "text": shown,
                    "mentioned": {"id": someone.teams_id, "name": someone.name, "aadObjectId": someone.entra_id},
                }
            )
            return shown

        return _MENTION.sub(mention, text), entities

    def say(self, who: str, line: str, *, channel: str | None = None) -> str:
        someone = person(who)
        activity = self._activity(someone, channel=channel)
        text, entities = self._mentions(line)
        if channel is not None:
            text = f"<at>{BOT['name']}</at> {text}"
            entities.insert(0, {"type": "mention", "text": f"<at>{BOT['name']}</at>", "mentioned": dict(BOT)})
        activity["text"] = text
        if entities:
            activity["entities"] = entities
        before = len(self.connector.sent)
        status, body = self.post(activity)
        assert status in (200, 202), f"Teams got {status} for {line!r}: {body}"
        answer = self._await(lambda: [s for s in self._since(before) if s.reply_to == activity["id"]], 1, line)
        return _read(answer[0])

    def open(self, who: str) -> str:
        someone = person(who)
        install = self._activity(someone, "conversationUpdate")
        install["membersAdded"] = [dict(BOT)]
        before = len(self.connector.sent)
        status, body = self.post(install)
        assert status in (200, 202), f"Teams got {status} installing leadbot: {body}"
        conversation = self.personal(someone)
        hello = self._await(lambda: [s for s in self._since(before) if s.conversation == conversation], 1, "hello")
        return _read(hello[0])

    def team(self, name: str, members: list[str]) -> None:
        conversation = "19:" + re.sub(r"\W", "", name) + "@thread.tacv2"
        self.channels[name] = conversation
        for key in members:
            someone = person(key)
            self.connector.join(
                conversation, user_id=someone.teams_id, name=someone.name, object_id=someone.entra_id, tenant=TENANT
            )

    def _since(self, before: int) -> list[Sent]:
        return list(self.connector.sent[before:])

    def _await(self, find, count: int, what: str) -> list[Sent]:
        deadline = time.monotonic() + WAIT
        while True:
            found = find()
            if len(found) >= count:
                return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                shown = [_read(s) for s in found]
                raise AssertionError(f"expected {count} message(s) for {what!r}, got {len(found)}: {shown}")
            with contextlib.suppress(AssertionError):  # none came in time: the loop says what did
                self.connector.wait_for(len(self.connector.sent) + 1, timeout=remaining)

    def _proactive(self, conversations: set[str]) -> list[Sent]:
        """New messages leadbot started in these conversations, not replies and not updates."""
        return [
            s
            for s in self.connector.sent
            if s.method == "POST" and s.reply_to is None and s.conversation.split(";")[0] in conversations
        ]

    def _chats_of(self, someone: Person) -> set[str]:
        """Their personal chat with leadbot: the one they opened, and any leadbot opened with them."""
        opened = getattr(self.connector, "created", [])  # the 1:1 chats the bot asked the connector for
        ids = {someone.teams_id, someone.entra_id}
        return {self.personal(someone)} | {c.conversation for c in opened if c.member in ids}

    def inbox(self, who: str, count: int = 1) -> list[str]:
        someone = person(who)
        found = self._await(lambda: self._proactive(self._chats_of(someone)), count, f"{who}'s chat")
        return [_read(s) for s in found]

    def channel(self, name: str, count: int = 1) -> list[str]:
        conversation = {self.channels[name]}
        return [_read(s) for s in self._await(lambda: self._proactive(conversation), count, name)]

    def press(self, who: str, action: str, number: int) -> str:
        someone = person(who)
        checkins = [s for s in self._proactive(self._chats_of(someone)) if s.cards]
        assert checkins, f"{who} has no check-in card to press {action} on"
        latest = checkins[-1]
        data = _card_action(latest.cards[0], action, number)
        assert data is not None, f"no {action} for #{number} on {who}'s check-in: {_read(latest)}"
        press = self._activity(someone, "invoke")
        press.update(
            name="adaptiveCard/action",
            replyToId=self._activity_id(latest),
            value={"action": {"type": "Action.Execute", "verb": action, "data": data}, "trigger": "manual"},
        )
        status, body = self.post(press)
        assert status == 200, f"Teams got {status} pressing {action}: {body}"
        answer = json.loads(body)
        value = answer.get("value")
        if isinstance(value, dict):
            return plain.card(value)
        return plain.teams(str(value or ""))

    def _activity_id(self, sent: Sent) -> str:
        """The id the connector gave a message it took: the stand-in numbers the new ones in turn."""
        posts = [s for s in self.connector.sent if s.method == "POST"]
        return f"activity-{posts.index(sent) + 1}"


def _read(sent: Sent) -> str:
    parts = [plain.teams(sent.text)] if sent.text else []
    parts += [plain.card(card) for card in sent.cards]
    return "\n".join(parts)


def _card_action(card: dict, verb: str, number: int) -> dict | None:
    """The data of the `verb` button in the card's container for #number."""

    def of_type(node, kind: str):
        if isinstance(node, dict):
            if node.get("type") == kind:
                yield node
            for value in node.values():
                yield from of_type(value, kind)
        elif isinstance(node, list):
            for value in node:
                yield from of_type(value, kind)

    def containers(node):
        return of_type(node, "Container")

    def actions(node):
        return of_type(node, "Action.Execute")

    for container in containers(card):
        if re.search(rf"#{number}\b", plain.card(container)):
            for action in actions(container):
                if action.get("verb") == verb:
                    return action.get("data") or {}
    return None
