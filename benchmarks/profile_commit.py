"""Where the time of one /commit goes after the ack: the listener's work (who is acting, the
use case, the reply to response_url) run in one thread under cProfile.

    python -m benchmarks.profile_commit [--postgres URL] [--count N]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
from pathlib import Path

from benchmarks.__main__ import Confirmations, fresh_postgres, settings_for
from bot.sandbox.slack_standin import StandIn
from bot.services import Services
from bot.slack.app import make_client
from bot.slack.listeners.commands import _handler
from bot.slack.response_urls import PooledRespond, ResponseUrls
from storage import db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_commit")
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args(argv)
    standin = StandIn(rate_limits=False, record=False).start()
    for i in range(50):
        standin.add_user(f"U{i:04d}", f"user{i}", locale="sv-SE")
    confirmations = Confirmations()
    with tempfile.TemporaryDirectory() as tmp:
        url = fresh_postgres(args.postgres) if args.postgres else f"sqlite:///{Path(tmp) / 'profile.db'}"
        db.upgrade(url)
        services = Services(settings=settings_for(standin, url), engine=db.make_engine(url))
        client = make_client(services)
        handle = _handler(services, "/commit", lambda work, *args: work(*args))  # the work here, under the profile
        urls = ResponseUrls()  # as the app's middleware gives every request

        def one(i: int) -> None:
            body = {
                "team_id": standin.team_id,
                "user_id": f"U{i % 50:04d}",
                "channel_id": "C0GENERAL",
                "channel_name": "general",
                "text": 'kurs "AI för chefer" senast 15 december',
                "trigger_id": f"{i}.trigger",
            }
            handle(lambda: None, body, client, PooledRespond(urls, response_url=f"{confirmations.url}/p{i}"))

        for i in range(50):  # the first sight of each person (users.info) is not the steady state
            one(i)
        profile = cProfile.Profile()
        profile.enable()
        for i in range(50, 50 + args.count):
            one(i)
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(45)
        stats.print_callees("_save|identify")
        print(out.getvalue())
        services.engine.dispose()
    confirmations.stop()
    standin.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
