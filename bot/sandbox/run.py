"""`leadbot sandbox`: the real app — the same listeners, Block Kit, database and tick —
against the built-in stand-in for Slack, in a terminal. Try everything without a workspace.

You act as a manager in a small fictional workspace. What the bot says is printed: replies
only you see, messages, forms (answer their fields at the prompt), App Home, and buttons
numbered so that `:click 2` presses one. `:time` moves the sandbox clock and runs the tick
for every hour in between, so check-ins, reminders and the Friday digest turn up as they
would over a week. When standard input is not a terminal, lines are read as a script.
"""

from __future__ import annotations

import re
import secrets
import sys
import time as clock_time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.http import make_server, make_wsgi, serve_in_thread
from bot.sandbox.simulator import Slack
from bot.sandbox.slack_standin import Call, StandIn
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import build_app
from bot.tick_job import run_tick
from storage import db

TZ = ZoneInfo("Europe/Stockholm")
TEAM_CHANNEL = ("C0LEDNING", "ledning")
PEOPLE = {
    "anna": ("U0ANNA", "sv-SE", "Anna Andersson"),
    "ben": ("U0BEN", "en-GB", "Ben Brown"),
    "pat": ("U0PAT", "sv-SE", "Pat Persson"),
    "eno": ("U0ENO", "en-US", "Eno Evans"),
    "liv": ("U0LIV", "sv-SE", "Liv Lund"),  # a fifth leader: the digest's picture needs five
}
HELP = """\
  /commit …, /reflect …, /leadbot …   exactly as in Slack (you are in #ledning)
  :as NAME            act as anna (sv), ben (en), pat (sv), eno (en) or liv (sv)
  :home               open your App Home
  :click N            press button N
  :time +3d           move the clock (+2h, +1w, next monday 09:05, 2026-12-04 14:05) and run the tick
  :now                what time it is in the sandbox
  :help               this list        :quit   leave (the database is kept; --fresh starts over)"""
_MARKS = re.compile(r"(?<![\w*])[*_~](?=\S)|(?<=\S)[*_~](?![\w*])")


@dataclass
class Button:
    action_id: str
    value: str
    label: str
    container: dict
    user: str


@dataclass
class Form:
    view: dict
    user: str
    fields: list[dict] = field(default_factory=list)
    answers: dict[str, dict] = field(default_factory=dict)


class Sandbox:
    def __init__(self, path: Path, *, fresh: bool, out: TextIO = sys.stdout) -> None:
        self.out = out
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        self.standin = StandIn(team_id="T0SANDBOX")
        for name, (user, locale, real_name) in PEOPLE.items():
            self.standin.add_user(user, name, locale=locale, real_name=real_name, tz="Europe/Stockholm")
        self.standin.add_channel(*TEAM_CHANNEL, [u for u, _, _ in PEOPLE.values()], bot_member=True)
        self.standin.start()
        url = f"sqlite:///{path}"
        secret = secrets.token_hex(16)
        settings = Settings.from_env(
            {
                "SLACK_BOT_TOKEN": self.standin.token,
                "SLACK_SIGNING_SECRET": secret,
                "SLACK_API_URL": self.standin.api_url,
                "DATABASE_URL": url,
                "LEADBOT_TIMEZONE": "Europe/Stockholm",
                "LEADBOT_DEFAULT_LOCALE": "sv",
            },
            dotenv_path=None,
        )
        db.upgrade(url)
        self.now = datetime.now(UTC).replace(second=0, microsecond=0)
        self.services = Services(settings=settings, engine=db.make_engine(url), clock=lambda: self.now)
        self.server = make_server(
            make_wsgi(build_app(self.services), self.services.engine), host="127.0.0.1", port=0, threads=4
        )
        serve_in_thread(self.server)
        self.slack = Slack(f"http://127.0.0.1:{self.server.effective_port}", secret, self.standin)
        self.user = "anna"
        self.buttons: list[Button] = []
        self.form: Form | None = None
        self.seen = len(self.standin.calls)

    # --- the loop ---------------------------------------------------------------------------

    def run(self, lines: TextIO, *, interactive: bool) -> None:
        self.say(f"leadbot sandbox — you are {self.user} in #{TEAM_CHANNEL[1]}. :help lists what you can do.")
        self.say(f"It is {self.stamp()}.")
        while True:
            if interactive:
                self.out.write(self.prompt())
                self.out.flush()
            line = lines.readline()
            if not line:
                break
            line = line.rstrip("\n")
            if not interactive:
                self.say(self.prompt() + line)
            if line.strip() in (":quit", ":q", ":exit"):
                break
            self.handle(line)

    def close(self) -> None:
        self.server.close()
        self.standin.stop()
        self.services.engine.dispose()

    def prompt(self) -> str:
        if self.form is not None:
            field_ = self.form.fields[0]
            return f"  {field_['label']['text']}{self._choices(field_)} > "
        return f"{self.user}> "

    def handle(self, line: str) -> None:
        if self.form is not None and line.strip()[:1] in (":", "/"):
            # A command, not an answer (a script that goes on past a form, or a change of mind):
            # the form closes unsaved, as closing it in Slack would.
            self.form = None
            self.say("  (the form was closed without saving)")
        if self.form is not None:
            return self.answer_field(line)
        text = line.strip()
        if not text:
            return None
        if text.startswith("/"):
            command, _, rest = text.partition(" ")
            self.slack.command(
                self.user_id,
                command,
                rest.strip(),
                team=self.standin.team_id,
                channel=TEAM_CHANNEL[0],
                channel_name=TEAM_CHANNEL[1],
            )
            return self.show()
        word, _, rest = text.partition(" ")
        handlers = {
            ":as": self.act_as,
            ":home": self.home,
            ":click": self.click,
            ":time": self.travel,
            ":now": lambda _: self.say(f"It is {self.stamp()}."),
            ":help": lambda _: self.say(HELP),
        }
        if word not in handlers:
            return self.say("Type a slash command such as /commit help, or :help.")
        return handlers[word](rest.strip())

    # --- commands ---------------------------------------------------------------------------

    @property
    def user_id(self) -> str:
        return PEOPLE[self.user][0]

    def act_as(self, name: str) -> None:
        if name.lower() not in PEOPLE:
            return self.say(f"Who? Choose one of: {', '.join(PEOPLE)}.")
        self.user = name.lower()
        self.say(f"You are now {PEOPLE[self.user][2]} ({self.user}).")

    def home(self, _rest: str) -> None:
        self.slack.event(
            {"type": "app_home_opened", "user": self.user_id, "tab": "home", "channel": "D" + self.user_id},
            team=self.standin.team_id,
        )
        self.show()

    def click(self, rest: str) -> None:
        if not rest.isdigit() or not 1 <= int(rest) <= len(self.buttons):
            return self.say("Which button? Type :click and one of the numbers shown in [brackets].")
        button = self.buttons[int(rest) - 1]
        if button.user != self.user_id:
            self.say("(that button was shown to someone else; pressing it anyway)")
        self.slack.interact(
            {
                "type": "block_actions",
                "user": {"id": self.user_id, "team_id": self.standin.team_id},
                "team": {"id": self.standin.team_id},
                "container": button.container,
                "actions": [{"action_id": button.action_id, "value": button.value, "type": "button"}],
            }
        )
        self.show()

    def travel(self, rest: str) -> None:
        target = self.parse_time(rest)
        if target is None:
            return self.say("When? For example :time +3d, :time +2h, :time next monday 09:05.")
        if target <= self.now:
            return self.say("The sandbox only travels forward.")
        step = self.now
        while step < target:
            step = min(step + timedelta(hours=1), target)
            self.now = step
            run_tick(self.services, step)
        self.say(f"It is now {self.stamp()}.")
        self.show()

    def parse_time(self, text: str) -> datetime | None:
        match = re.fullmatch(r"\+(\d+)\s*([mhdw])", text.strip())
        if match:
            unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[match.group(2)]
            return self.now + timedelta(**{unit: int(match.group(1))})
        import dateparser

        found = dateparser.parse(
            text,
            languages=["en", "sv"],
            settings={
                "RELATIVE_BASE": self.now.astimezone(TZ).replace(tzinfo=None),
                "PREFER_DATES_FROM": "future",
                "TIMEZONE": "Europe/Stockholm",
                "RETURN_AS_TIMEZONE_AWARE": True,
            },
        )
        return found.astimezone(UTC) if found else None

    def stamp(self) -> str:
        return self.now.astimezone(TZ).strftime("%A %Y-%m-%d %H:%M (Europe/Stockholm)")

    # --- forms ------------------------------------------------------------------------------

    def open_form(self, view: dict, user: str) -> None:
        fields = [
            b
            for b in view.get("blocks", [])
            if b.get("type") == "input" or (b.get("accessory") or {}).get("type") == "static_select"
        ]
        for block in fields:
            if block["type"] == "section":  # a menu that changes the form: ask it like a field
                block["element"] = block["accessory"]
                block["label"] = {"text": block["text"]["text"].strip("*")}
        self.form = Form(view=view, user=user, fields=fields)
        self.say(
            f"[form] {view.get('title', {}).get('text', '')} — answer each field; an empty line keeps "
            "the default or leaves it blank."
        )

    @staticmethod
    def _choices(block: dict) -> str:
        options = block["element"].get("options")
        if not options:
            kind = block["element"]["type"]
            return {
                "datepicker": " (YYYY-MM-DD)",
                "users_select": " (a name: anna, ben, pat, eno)",
                "timepicker": " (HH:MM)",
            }.get(kind, "")
        return " (" + ", ".join(f"{i}={o['text']['text']}" for i, o in enumerate(options, 1)) + ")"

    def answer_field(self, line: str) -> None:
        form = self.form
        block = form.fields.pop(0)
        element = block["element"]
        value = line.strip()
        if block["type"] == "section":
            options = element.get("options", [])
            if (
                value.isdigit()
                and 0 < int(value) <= len(options)
                and options[int(value) - 1] != element.get("initial_option")
            ):
                self.form = None
                self.slack.interact(
                    {
                        "type": "block_actions",
                        "user": {"id": form.user, "team_id": self.standin.team_id},
                        "team": {"id": self.standin.team_id},
                        "container": {"type": "view", "view_id": form.view["id"]},
                        "view": {**form.view, "hash": "sandbox"},
                        "actions": [
                            {
                                "action_id": element["action_id"],
                                "type": "static_select",
                                "selected_option": {"value": options[int(value) - 1]["value"]},
                            }
                        ],
                    }
                )
                return self.show()
            if form.fields:
                return None
        kind = element["type"]
        state: dict = {"type": kind}
        if kind in ("static_select", "radio_buttons"):
            options = element.get("options", [])
            chosen = options[int(value) - 1] if value.isdigit() and 0 < int(value) <= len(options) else None
            chosen = chosen or element.get("initial_option")
            state["selected_option"] = {"value": chosen["value"]} if chosen else None
        elif kind == "checkboxes":
            options = element.get("options", [])
            picked = [o for i, o in enumerate(options, 1) if str(i) in value.replace(",", " ").split()]
            if not value:
                picked = element.get("initial_options", [])
            state["selected_options"] = [{"value": o["value"]} for o in picked]
        elif kind == "datepicker":
            state["selected_date"] = value or element.get("initial_date")
        elif kind == "users_select":
            state["selected_user"] = PEOPLE[value.lower()][0] if value.lower() in PEOPLE else None
        elif kind == "timepicker":
            state["selected_time"] = value or element.get("initial_time")
        else:
            state["value"] = value
        form.answers[block["block_id"]] = state
        if form.fields:
            return None
        self.form = None
        response = self.slack.submit(form.user, form.view, form.answers, team=self.standin.team_id)
        if response.body:
            answer = response.json()
            for block_id, problem in (answer.get("errors") or {}).items():
                self.say(f"  ! {block_id}: {problem}")
            self.say("  (the form was not saved; open it again to retry)")
        self.show()

    # --- what the bot said -------------------------------------------------------------------

    def show(self, settle: float = 0.4, limit: float = 8.0) -> None:
        """Waits until the app has been quiet for a moment, then prints what it said."""
        deadline = clock_time.monotonic() + limit
        last = len(self.standin.calls)
        quiet_since = clock_time.monotonic()
        while clock_time.monotonic() < deadline:
            clock_time.sleep(0.05)
            count = len(self.standin.calls)
            if count != last:
                last, quiet_since = count, clock_time.monotonic()
            elif clock_time.monotonic() - quiet_since >= settle:
                break
        calls = self.standin.calls[self.seen : last]
        self.seen = last
        for call in calls:
            self.render(call)

    def render(self, call: Call) -> None:
        args = call.args
        if call.method == "response_url":
            self.print_message("only you see", args, {"type": "message", "channel_id": TEAM_CHANNEL[0]}, self.user_id)
        elif call.method == "chat.postMessage":
            channel = args.get("channel", "")
            who = f"#{TEAM_CHANNEL[1]}" if channel == TEAM_CHANNEL[0] else f"message to {self.name_of(channel)}"
            if args.get("thread_ts"):
                who += " (in thread)"
            container = {
                "type": "message",
                "channel_id": call.result.get("channel", channel),
                "message_ts": call.result.get("ts", ""),
            }
            self.print_message(who, args, container, channel)
        elif call.method == "chat.update":
            self.print_message(
                "message updated",
                args,
                {"type": "message", "channel_id": args.get("channel"), "message_ts": args.get("ts")},
                self.user_id,
            )
        elif call.method in ("views.open", "views.update"):
            view = {**args["view"], "id": (call.result.get("view") or {}).get("id") or args.get("view_id", "V0")}
            self.print_message(
                "form",
                {"blocks": view.get("blocks", [])},
                {"type": "view", "view_id": view["id"]},
                self.user_id,
                buttons=False,
            )
            self.open_form(view, self.user_id)
        elif call.method == "views.publish":
            self.print_message(
                f"App Home of {self.name_of(args.get('user_id', ''))}",
                args["view"],
                {"type": "view", "view_id": "VHOME"},
                args.get("user_id", ""),
            )

    def name_of(self, user_id: str) -> str:
        user_id = user_id.removeprefix("D") if user_id.startswith("DU") else user_id
        return next((name for name, (uid, _, _) in PEOPLE.items() if uid == user_id), user_id)

    def print_message(self, where: str, message: dict, container: dict, user: str, *, buttons: bool = True) -> None:
        """The message as a person reads it, each row of buttons under what it belongs to, numbered."""
        self.say(f"┌─ [{where}]")
        blocks = message.get("blocks") or []
        for block in blocks or [{"type": "section", "text": {"text": message.get("text", "")}}]:
            for line in self.readable(_visible_text([block])).splitlines():
                self.say(f"│ {line}")
            row = []
            for element in _buttons([block]) if buttons else []:
                self.buttons.append(
                    Button(element["action_id"], element.get("value", ""), element["text"]["text"], container, user)
                )
                row.append(f"[{len(self.buttons)}] {element['text']['text']}")
            if row:
                self.say("│   " + "  ".join(row))
        self.say("└─")

    def readable(self, text: str) -> str:
        text = _plain(text)
        return re.sub(r"<@(U\w+)(?:\|[^>]*)?>", lambda m: "@" + self.name_of(m.group(1)), text)

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()


def _buttons(blocks: list[dict]) -> list[dict]:
    found = []
    for block in blocks:
        elements = block.get("elements", []) if block.get("type") == "actions" else [block.get("accessory") or {}]
        found += [e for e in elements if e.get("type") == "button"]
    return found


EMOJI = {
    "handshake": "🤝",
    "books": "📚",
    "seedling": "🌱",
    "dart": "🎯",
    "white_check_mark": "✅",
    "tada": "🎉",
    "memo": "📝",
    "lock": "🔒",
    "sparkles": "✨",
    "bulb": "💡",
    "fire": "🔥",
    "zzz": "💤",
    "wastebasket": "🗑",
    "hourglass_flowing_sand": "⏳",
    "wave": "👋",
    "busts_in_silhouette": "👥",
    "pencil2": "✏️",
    "calendar": "📆",
}


def _visible_text(blocks: list[dict]) -> str:
    """What a person reads in a message: headers, sections and context, not the buttons."""
    lines = []
    for block in blocks:
        kind = block.get("type")
        if kind in ("header", "section") and block.get("text"):
            accessory = block.get("accessory") or {}
            shown = (
                (accessory.get("initial_option") or {}).get("text", {}).get("text")
                or accessory.get("initial_time")
                or accessory.get("initial_date")
            )
            if accessory.get("type") == "checkboxes":
                shown = "☑ " if accessory.get("initial_options") else "☐ "
                shown += accessory["options"][0]["text"]["text"]
            lines.append(block["text"]["text"] + (f": {shown}" if shown else ""))
        elif kind == "context":
            lines += [e.get("text", "") for e in block.get("elements", [])]
        elif kind == "input":
            lines.append("▸ " + block["label"]["text"])
        elif kind == "divider":
            lines.append("─" * 20)
        elif kind == "image":
            lines.append(f"[picture: {block.get('alt_text', '')}]")
    return "\n".join(lines)


def _plain(text: str) -> str:
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = re.sub(r":([a-z0-9_]+):", lambda m: EMOJI.get(m.group(1), m.group(0)), text)
    return _MARKS.sub("", text)


def main(path: str, *, fresh: bool) -> int:
    sandbox = Sandbox(Path(path), fresh=fresh)
    try:
        sandbox.run(sys.stdin, interactive=sys.stdin.isatty())
    finally:
        sandbox.close()
    return 0
