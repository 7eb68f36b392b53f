"""The baseline for /commit: a Bolt app whose handler only acks, on the same server stack."""

from __future__ import annotations

import contextlib
import os
import sys

from slack_bolt import App
from slack_sdk import WebClient
from sqlmodel import create_engine

from bot.http import make_server, make_wsgi


def main() -> int:
    app = App(
        client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    )
    app.command("/commit")(lambda ack: ack())
    server = make_server(make_wsgi(app, create_engine("sqlite://")), host="127.0.0.1", port=int(os.environ["PORT"]))
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
