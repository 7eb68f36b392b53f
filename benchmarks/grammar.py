"""How long the /commit grammar takes for one line, beside one dateparser call on the same lines.

The grammar tries many word spans per line to find where a title ends, so it must stay cheap; the
baseline is what a single `dateparser` reading of each line costs in the same run, which is what
the grammar would cost at the very least if it handed whole lines to dateparser instead.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from pathlib import Path

from nudges import dates
from nudges.grammar import parse_commit

TODAY = date(2026, 11, 26)
EXAMPLES = Path(__file__).resolve().parents[1] / "tests" / "data" / "commit-lines.tsv"
# Lines built to make the title search work hardest: many words that could each begin a clause.
WORST = {
    "2,000 characters of '1 '": "1 " * 999,
    "'senast 15 dec' x 140": "senast 15 dec " * 140,
    "333 mentions": "<@U1> " * 333,
    "999 plain words": "a " * 999,
}


def example_lines() -> list[str]:
    rows = EXAMPLES.read_text(encoding="utf-8").splitlines()
    return [row.split("\t")[1] for row in rows if row.strip() and not row.startswith("#")]


def _median(lines: list[str], parse) -> float:
    timings = []
    for text in lines:
        started = time.perf_counter()
        parse(text)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _grammar(text: str) -> None:
    dates.read_date.cache_clear()  # every line read from cold, as a new line in production is
    parse_commit(text, today=TODAY)


def bench_grammar(rounds: int) -> dict:
    """Median time per line for the grammar and for one dateparser call, and the worst lines."""
    from dateparser.date import DateDataParser

    parser = DateDataParser(languages=["sv", "en"], settings={"PREFER_DATES_FROM": "future"})
    lines = example_lines()
    _median(lines, _grammar)
    _median(lines, parser.get_date_data)  # warm-up: imports, caches, compiled patterns
    grammar = _median(lines * rounds, _grammar)
    baseline = _median(lines * rounds, parser.get_date_data)
    worst = {}
    for name, text in WORST.items():
        started = time.perf_counter()
        _grammar(text)
        worst[name] = time.perf_counter() - started
    return {"lines": len(lines), "grammar": grammar, "dateparser": baseline, "worst": worst}
