"""Structured logs: with LEADBOT_LOG_FORMAT=json every line is one JSON object with the ids."""

from __future__ import annotations

import json
import logging

from bot import logs


def test_json_logs_are_one_object_per_line_with_the_extra_ids(capsys):
    root = logging.getLogger()
    kept, level = root.handlers[:], root.level
    try:
        logs.configure("json")
        logging.getLogger("bot.slack.flows").info("commitment made", extra={"person": 7, "commitment": 42})
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("nudges.tick").exception("the tick failed")
    finally:
        root.handlers[:] = kept
        root.setLevel(level)

    first, second = (json.loads(line) for line in capsys.readouterr().err.strip().splitlines())
    assert first["message"] == "commitment made" and first["level"] == "INFO"
    assert (first["person"], first["commitment"], first["logger"]) == (7, 42, "bot.slack.flows")
    assert first["time"].endswith("+00:00")
    assert second["level"] == "ERROR" and "ValueError: boom" in second["exception"]
