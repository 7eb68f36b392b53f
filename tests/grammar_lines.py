"""The example lines (tests/data) and how a reading of one is judged, for the tests and for figures.

    python -m tests.grammar_lines [tests/data/heldout] [--misses]

prints, for the commit and reflect lines in a folder: the share understood as the expected column
says a careful reader would, the share of vague visions challenged, the share of concrete steps
challenged, and whether any private line would have been stored as shareable. The held-out folder
is for measuring only: the grammar is never tuned on it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from nudges.drafts import Category, CommitDraft, Problem, ReflectDraft, ReflectionKind, Refusal, Repeat
from nudges.grammar import parse_commit, parse_reflect

TODAY = date(2026, 11, 26)
DATA = Path(__file__).resolve().parent / "data"
HELD_OUT = DATA / "heldout"

# The "why" of a refused line, as the problems the grammar must name. An unreadable date and no
# date at all are the same to the person (there is no deadline yet); the reply differs only in tone.
WHY = {
    "the date has passed": (Problem.PAST,),
    "no when": (Problem.NO_WHEN,),
    "no when, no concrete what": (Problem.NO_WHEN, Problem.FLUFFY),
    "no concrete what": (Problem.FLUFFY,),
    "no what": (Problem.NO_WHAT,),
    "no such date": (Problem.NO_SUCH_DATE,),
    "too far ahead to be a plan (more than two years)": (Problem.TOO_FAR,),
    "say what happened (or add done)": (Problem.NO_TEXT,),
}
SAME = {Problem.NO_WHEN: {Problem.NO_WHEN, Problem.UNREADABLE_DATE, Problem.OPEN_ENDED}}


# Refused by the caller, not the grammar: only it knows whether #N exists or is already done.
def refused_by_caller(why: str) -> bool:
    return bool(re.fullmatch(r"#\d+ is already done|no commitment #\d+", why))


@dataclass(frozen=True)
class Line:
    locale: str
    text: str
    expected: str


def lines(path: Path) -> list[Line]:
    rows = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.strip() and not row.startswith("#"):
            locale, text, expected = row.split("\t")
            rows.append(Line(locale, text, expected))
    return rows


def fields(expected: str) -> dict[str, str]:
    """`category=course due=… private title=AI för chefer`: a title or text runs to the end."""
    for tail in ("title=", "text="):
        if tail in expected:
            head, _, rest = expected.partition(tail)
            found = fields(head)
            found[tail[:-1]] = rest
            return found
    found = {}
    for item in expected.split():
        key, _, value = item.partition("=")
        found[key] = value or "yes"
    return found


def refused_for(expected: str) -> tuple[Problem, ...] | None:
    if not expected.startswith("REFUSE:"):
        return None
    why = expected.removeprefix("REFUSE:")
    if why not in WHY:
        raise ValueError(f"unknown reason {why!r}: add it to WHY")
    return WHY[why]


def _same_text(got: str, want: str) -> bool:
    return " ".join(got.split()).rstrip(".!") == " ".join(want.split()).rstrip(".!")


def commit_misses(line: Line, result: CommitDraft | Refusal) -> list[str]:
    """What differs from the expected reading; empty when the line was understood."""
    problems = refused_for(line.expected)
    if problems is not None:
        if not isinstance(result, Refusal):
            return [f"saved, expected refusal {problems}"]
        missing = [p for p in problems if not (SAME.get(p, {p}) & set(result.problems))]
        return [f"refused for {result.problems}, expected {problems}"] if missing else []
    if isinstance(result, Refusal):
        return [f"refused {result.problems}"]
    want = fields(line.expected)
    misses = []
    if result.category != Category(want["category"]):
        misses.append(f"category {result.category}")
    first, _, last = want["due"].partition("..")
    if not date.fromisoformat(first) <= result.due <= date.fromisoformat(last or first):
        misses.append(f"due {result.due}")
    if result.private is not ("private" in want):
        misses.append(f"private {result.private}")
    if result.repeat != (Repeat(want["repeat"]) if "repeat" in want else None):
        misses.append(f"repeat {result.repeat}")
    if result.partner != want.get("partner"):
        misses.append(f"partner {result.partner}")
    if "title" in want and not _same_text(result.title, want["title"]):
        misses.append(f"title {result.title!r}")
    return misses


def reflect_misses(line: Line, result: ReflectDraft | Refusal) -> list[str]:
    why = line.expected.removeprefix("REFUSE:")
    if line.expected.startswith("REFUSE:") and refused_by_caller(why):
        ok = isinstance(result, ReflectDraft) and result.done and result.number is not None
        return [] if ok else [f"{result}, expected #N done"]
    problems = refused_for(line.expected)
    if problems is not None:
        return [] if result == Refusal(problems) else [f"{result}, expected refusal {problems}"]
    if isinstance(result, Refusal):
        return [f"refused {result.problems}"]
    want = fields(line.expected)
    misses = []
    if result.number != (int(want["on"].removeprefix("#")) if "on" in want else None):
        misses.append(f"number {result.number}")
    kind = ReflectionKind.DONE if "done" in want else ReflectionKind(want["kind"])
    if result.kind != kind:
        misses.append(f"kind {result.kind}")
    if result.private is not ("private" in want):
        misses.append(f"private {result.private}")
    if "text" in want and not _same_text(result.text, want["text"]):
        misses.append(f"text {result.text!r}")
    return misses


@dataclass
class Figures:
    commits: int = 0
    commits_understood: int = 0
    vague: int = 0
    vague_challenged: int = 0
    concrete: int = 0
    concrete_challenged: int = 0
    reflects: int = 0
    reflects_understood: int = 0
    private_leaks: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def understood(self) -> float:
        return (self.commits_understood + self.reflects_understood) / max(1, self.commits + self.reflects)

    def report(self) -> str:
        def share(part: int, whole: int) -> str:
            return f"{part}/{whole} = {100 * part / max(1, whole):.1f} %"

        return "\n".join(
            [
                f"understood: {share(self.commits_understood + self.reflects_understood, self.commits + self.reflects)}"
                f" (commit {share(self.commits_understood, self.commits)},"
                f" reflect {share(self.reflects_understood, self.reflects)})",
                f"vague visions challenged: {share(self.vague_challenged, self.vague)}",
                f"concrete steps challenged: {share(self.concrete_challenged, self.concrete)}",
                f"private lines stored as shareable: {len(self.private_leaks)}",
            ]
        )


def measure(folder: Path) -> Figures:
    figures = Figures()
    for line in lines(folder / "commit-lines.tsv"):
        result = parse_commit(line.text, today=TODAY)
        misses = commit_misses(line, result)
        figures.commits += 1
        figures.commits_understood += not misses
        problems = refused_for(line.expected)
        challenged = isinstance(result, Refusal) and Problem.FLUFFY in result.problems
        if problems is not None and Problem.FLUFFY in problems:
            figures.vague += 1
            figures.vague_challenged += challenged
        elif problems is None:
            figures.concrete += 1
            figures.concrete_challenged += challenged
            if "private" in fields(line.expected) and isinstance(result, CommitDraft) and not result.private:
                figures.private_leaks.append(line.text)
        figures.misses += [f"commit {line.text!r}: {'; '.join(misses)}"] if misses else []
    for line in lines(folder / "reflect-lines.tsv"):
        result = parse_reflect(line.text)
        misses = reflect_misses(line, result)
        figures.reflects += 1
        figures.reflects_understood += not misses
        private = not line.expected.startswith("REFUSE:") and "private" in fields(line.expected)
        if private and isinstance(result, ReflectDraft) and not result.private:
            figures.private_leaks.append(line.text)
        figures.misses += [f"reflect {line.text!r}: {'; '.join(misses)}"] if misses else []
    return figures


def main(argv: list[str]) -> int:
    folder = Path(next((a for a in argv if not a.startswith("--")), HELD_OUT))
    figures = measure(folder)
    print(f"{folder}:")
    print(figures.report())
    if "--misses" in argv:
        print("\n".join(figures.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
