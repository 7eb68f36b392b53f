"""The baselines for /commit, on the same server stack (waitress, bot.http) as leadbot:

- `ack`: a Bolt app whose handler only acks;
- `same-work`: ack, one insert with plain SQLAlchemy Core, one POST to the command's
  response_url: the least any /commit that saves and confirms can do.

    python -m benchmarks.bare_app [ack|same-work]
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from datetime import UTC, datetime

import sqlalchemy as sa
from slack_bolt import App
from slack_sdk import WebClient

from bot.http import make_server, make_wsgi
from storage.db import make_engine

METADATA = sa.MetaData()
SAVED = sa.Table(
    "bench_commit",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("team", sa.String(32), nullable=False),
    sa.Column("user", sa.String(32), nullable=False),
    sa.Column("text", sa.String(400), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


def main(argv: list[str] | None = None) -> int:
    kind = (argv or sys.argv[1:] or ["ack"])[0]
    app = App(
        client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    )
    url = os.environ.get("DATABASE_URL", "sqlite://") if kind == "same-work" else "sqlite://"
    sqlite = url.startswith("sqlite")
    # On SQLite the same settings as leadbot's (WAL, synchronous=NORMAL: no fsync per commit)
    # and writers taking turns in the process rather than through SQLite's sleeping retries, so
    # that the baseline is the best plain Core does, not a slower one.
    engine = make_engine(url) if sqlite else sa.create_engine(url)
    turn = threading.Lock() if sqlite else contextlib.nullcontext()
    if kind == "same-work":
        METADATA.create_all(engine)

        def handle(ack, body, respond) -> None:
            ack()
            with turn, engine.begin() as connection:
                connection.execute(
                    SAVED.insert().values(
                        team=body["team_id"],
                        user=body["user_id"],
                        text=body.get("text") or "",
                        created_at=datetime.now(UTC),
                    )
                )
            respond(text="Saved.", response_type="ephemeral", replace_original=False)

        app.command("/commit")(handle)
    else:
        app.command("/commit")(lambda ack: ack())
    server = make_server(make_wsgi(app, engine), host="127.0.0.1", port=int(os.environ["PORT"]))
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
