"""Which of the strategy's focus areas a commitment serves: the one its tag names, typos
forgiven, or the one its words most likely point at — only ever a suggestion the manager
confirms.

Our own code rather than a classifier: a workspace has a handful of focus areas, each a name,
a line of meaning and a few suggested steps in two languages, and what decides is whether the
same words occur; rapidfuzz (already used by the grammar) does the fuzzy comparing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

TAG_SCORE = 80  # a tag this close to a key or a name is that focus area ("#ai-verksamhet")
SUGGEST_SCORE = 2  # shared content words needed before a focus area is suggested
_WORD = re.compile(r"[^\W\d_]{3,}")


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in folded if not unicodedata.combining(c)).replace("-", " ").replace("_", " ").strip()


# Words too common in commitments to say anything about a focus area.
_COMMON = frozenset(
    _plain(word)
    for word in (
        *("och", "att", "för", "med", "som", "det", "den", "till", "från", "inom", "eller", "ett", "vår"),
        *("the", "and", "for", "with", "from", "into", "our", "all"),
        *("kurs", "course", "team", "teamet", "möte", "meeting", "chef", "chefer", "manager", "managers"),
    )
)


def match_tag(tag: str, areas: Sequence) -> object | None:
    """The focus area a typed tag names: its key, or its name in either language, exactly or
    nearly ("#digitala-tjanster" for "Digitala tjänster", "#ia" for "ai" is too far)."""
    wanted = _plain(tag)
    if not wanted:
        return None
    for area in areas:
        if wanted in {_plain(area.key), _plain(area.name_sv), _plain(area.name_en)}:
            return area
    scored = [
        (max(fuzz.ratio(wanted, _plain(name)) for name in (area.key, area.name_sv, area.name_en)), i)
        for i, area in enumerate(areas)
    ]
    best = max(scored, default=(0, -1))
    if best[0] >= TAG_SCORE and len(wanted) >= 4:
        return areas[best[1]]
    return None


_ACRONYM = re.compile(r"(?<!\w)[A-ZÅÄÖ]{2,}(?!\w)")  # "AI", "IT", "GIS": short, and they matter


def _words(texts: Iterable[str]) -> set[str]:
    found = set()
    for text in texts:
        found |= {w for w in _WORD.findall(_plain(text)) if w not in _COMMON}
        found |= {_plain(w) for w in _ACRONYM.findall(text)}
    return found


def suggest(title: str, areas: Sequence) -> object | None:
    """The focus area whose name, meaning and suggested steps share the most words with the
    title, when they share enough; None when nothing stands out (a tie suggests nothing)."""
    said = _words([title])
    if not said:
        return None
    scores = []
    for area in areas:
        texts = [area.name_sv, area.name_en, area.meaning_sv, area.meaning_en]
        texts += [text for s in area.suggestions for text in (s.sv, s.en)]
        known = _words(texts) | set(_plain(area.key).split())
        shared = sum(1 for word in said if word in known or any(fuzz.ratio(word, k) >= 90 for k in known))
        name_words = _words([area.name_sv, area.name_en]) | set(_plain(area.key).split())
        shared += sum(1 for word in said if word in name_words)  # the name counts twice
        scores.append(shared)
    if not scores:
        return None
    best = max(scores)
    if best < SUGGEST_SCORE or scores.count(best) > 1:
        return None
    return areas[scores.index(best)]
