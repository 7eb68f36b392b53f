"""The one-line grammar of /commit and /reflect, in Swedish and English.

A commitment is accepted only when it says what and by when, concretely (principle 1: no
fluffy visions). A line becomes either a whole draft or a refusal that names every problem at
once, so the person can fix the line in one go and nothing half-understood is ever saved.

/commit reads: [category[:]] what clauses…, where the what is quoted or runs up to the clauses,
and the clauses (a when, a repeat, a partner, "private") come in any order. Where an unquoted
what ends is decided from the right: the title stops at the first word from which everything
that follows reads as clauses, so words like "om", "med" or "till" stay in the title unless a
clause really follows them ("Ring Nacka om deras e-tjänsteplattform senast vecka 2").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from nudges.concreteness import is_vague
from nudges.dates import (
    HORIZON_DAYS,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS,
    Reading,
    canonical,
    could_start_date,
    first_due,
    looks_like_date,
    read_date,
    read_date_loosely,
)
from nudges.drafts import (
    MAX_REFLECTION,
    MAX_TITLE,
    Category,
    CommitDraft,
    Problem,
    ReflectDraft,
    ReflectionKind,
    Refusal,
    Repeat,
)

# Longer lines are refused before any work: no real commitment needs them, and the search for
# where the title ends grows with the number of words.
MAX_LINE = 2000

CATEGORIES = {
    "course": Category.COURSE, "kurs": Category.COURSE, "utbildning": Category.COURSE, "training": Category.COURSE,
    "failure": Category.FAILURE, "misslyckande": Category.FAILURE, "failure-sharing": Category.FAILURE,
    "collaboration": Category.COLLABORATION, "collab": Category.COLLABORATION,
    "samverkan": Category.COLLABORATION, "samarbete": Category.COLLABORATION,
    "other": Category.OTHER, "annat": Category.OTHER, "övrigt": Category.OTHER,
}  # fmt: skip

# After these a category word is the start of the title too: "Samarbete med Täby kring AI".
_TITLE_CONTINUES = {"med", "with", "kring", "om", "about", "i", "in", "på", "on", "för", "for", "av", "of"}

MARKERS = {
    "by",
    "before",
    "until",
    "till",
    "til",
    "tills",
    "due",
    "senast",
    "innan",
    "före",
    "deadline",
    "latest",
    "senaste",
    "senats",
    "snast",
}  # misspelt "senast", a marker only where a date follows
# Words that lead up to a date. Two markers in a row only in these pairs: elsewhere a first marker
# word belongs to the title ("Prata om deadline senast fredag").
_MARKER_PHRASES = [
    *((m,) for m in MARKERS),
    ("senast", "till"), ("senast", "före"), ("senast", "innan"), ("senast", "den"), ("due", "by"), ("due", "on"),
    ("by", "no", "later", "than"), ("no", "later", "than"), ("not", "later", "than"), ("till", "och", "med"),
    ("t.o.m",), ("tom",), ("absolut", "senast"), ("allra", "senast"), ("som", "senast"), ("innan", "eller", "senast"),
    ("by", "latest"), ("deadline", "by"), ("deadline:",), ("klart", "till"), ("klar", "till"), ("färdig", "till"),
    ("ready", "by"), ("done", "by"), ("finished", "by"), ("no", "later", "then"), ("at", "the", "latest", "by"),
    # A start date is the deadline for starting: "införa en fast punkt på APT från och med v.2"
    ("från", "och", "med"), ("fr.o.m",), ("fom",), ("från",), ("from",), ("starting",), ("starting", "from"),
    ("as", "of"), ("med", "start"), ("beginning",), ("start",), ("starts",), ("startar",), ("börjar",),
    ("till", "senast"), ("b4",), ("before",),
]  # fmt: skip
# Markers that never occur in a title, so what follows them can only have been meant as a date.
_DATE_ONLY_MARKERS = {"senast", "due", "until", "deadline", "tills"}
_SEPARATORS = {"", "and", "och", "&", "+", "-", "–", "—", "|", "/", "::", "→", "->", "=>"}
# Said after a date, adding nothing to it: "senast fredag, gärna tidigare", "by Friday at the latest".
_FILLERS = [
    ("at", "the", "latest"), ("latest",), ("som", "senast"), ("allra", "senast"), ("eller", "tidigare"),
    ("or", "sooner"), ("or", "earlier"), ("if", "possible"), ("om", "möjligt"), ("helst",), ("gärna", "tidigare"),
    ("or", "before"), ("eller", "före"), ("at", "the", "very", "latest"), ("sharp",), ("prick",), ("ish",),
    ("typ",), ("ungefär",), ("approx",), ("approximately",), ("or", "so"), ("tack",), ("thanks",), ("pls",),
    ("please",), ("plz",), ("tks",), ("som", "parhäst"), ("as", "partner"), ("as", "my", "partner"), ("som", "stöd"),
    ("as", "my", "buddy"), ("as", "buddy"), ("nu",), ("now",), ("också",), ("too",),
]  # fmt: skip
_PRIVATE = {"private", "privat", "privately", "(privat)", "(private)", "personlig", "personligt", "personal"}
_PRIVATE_PHRASES = [
    ("endast", "för", "mig"), ("bara", "för", "mig"), ("just", "for", "me"), ("only", "for", "me"), ("only", "me"),
    ("for", "me", "only"), ("för", "mig", "själv"), ("for", "myself"), ("not", "shared"), ("don't", "share"),
    ("do", "not", "share"), ("dela", "inte"), ("ej", "delas"), ("inte", "delas"), ("delas", "inte"),
    ("not", "for", "the", "team"), ("inte", "för", "teamet"), ("for", "my", "eyes", "only"), ("privat", "för", "mig"),
    ("hemlig",), ("hemligt",), ("off", "the", "record"), ("keep", "private"), ("keep", "it", "private"),
    ("visa", "inte", "för", "gruppen"), ("visa", "inte", "för", "teamet"), ("visa", "inte"), ("don't", "show"),
    ("not", "for", "the", "digest"), ("inte", "för", "digesten"), ("keep", "this", "private"), ("ej", "för", "teamet"),
    ("keep", "to", "myself"), ("håll", "det", "privat"), ("konfidentiellt",), ("konfidentiell",), ("confidential",),
    ("do", "not", "show"), ("not", "public"), ("inte", "offentligt"),
]  # fmt: skip
# Wherever these stand, the line is private: read as private by mistake, a line only stays out of
# the digest (and the reply says so); read as shareable by mistake, it could reach the team.
_PRIVATE_ANYWHERE = re.compile(
    r"(?<![\w-])(?:(?:privat|private)(?!\s+[a-zåäö])|privately|konfidentiell|konfidentiellt|confidential|endast\sför\smig"
    r"|bara\sför\smig|visa\sinte\sför\s(?:gruppen|teamet)|don'?t\sshare|do\snot\sshare|keep\sthis\sprivate"
    r"|just\sfor\sme|only\sfor\sme|for\smy\seyes\sonly|not\sfor\sthe\steam|inte\sför\steamet|ej\sför\steamet"
    r"|off\sthe\srecord|keep\s(?:it\s)?private|inte\sför\sdigesten|not\sfor\sthe\sdigest|only\sme)(?![\w-])",
    re.IGNORECASE,
)
# A reflection's words reach the digest as written, so there any mention of privacy keeps it
# private, whatever the grammar of the sentence: "det här är privat men …", "privata tankar: …".
_PRIVATE_IN_A_REFLECTION = re.compile(
    r"(?<![\w-])(?:privat\w*|private\w*|sekretess\w*|konfidentiell\w*|confidential\w*|mellan\soss|between\sus"
    r"|for\sme\sonly|för\smig\ssjälv|not\sto\sbe\sshared|inte\sför\satt\sdelas|ska\sinte\sdelas|inte\sdelas"
    r"|ej\sdelas|don'?t\sshare|do\snot\sshare|dela\sinte|off\sthe\srecord|only\sme|just\sfor\sme|bara\sför\smig"
    r"|endast\sför\smig|personal\snote|personlig\w*|🔒)",
    re.IGNORECASE,
)
_PARTNER_WORDS = {("with",), ("med",), ("w/",), ("together", "with"), ("tillsammans", "med"), ("partner",),
                  ("parhäst",), ("ihop", "med"), ("jointly", "with"), ("along", "with"), ("och",), ("and",),
                  ("partner:",), ("with", "partner"), ("med", "parhäst"), ("paired", "with"), ("paired", "up", "with"),
                  ("buddy",), ("tillsammans", "med", "min", "parhäst"), ("with", "my", "buddy")}  # fmt: skip
_REPEATS = {
    ("every", "week"): Repeat.WEEK, ("each", "week"): Repeat.WEEK, ("weekly",): Repeat.WEEK,
    ("varje", "vecka"): Repeat.WEEK, ("veckovis",): Repeat.WEEK, ("en", "gång", "i", "veckan"): Repeat.WEEK,
    ("once", "a", "week"): Repeat.WEEK, ("once", "per", "week"): Repeat.WEEK,
    ("every", "month"): Repeat.MONTH, ("each", "month"): Repeat.MONTH, ("monthly",): Repeat.MONTH,
    ("varje", "månad"): Repeat.MONTH, ("månadsvis",): Repeat.MONTH, ("en", "gång", "i", "månaden"): Repeat.MONTH,
    ("once", "a", "month"): Repeat.MONTH, ("once", "per", "month"): Repeat.MONTH,
    ("varannan", "vecka"): Repeat.BIWEEKLY, ("every", "other", "week"): Repeat.BIWEEKLY,
    ("every", "two", "weeks"): Repeat.BIWEEKLY, ("every", "2", "weeks"): Repeat.BIWEEKLY,
    ("var", "14:e", "dag"): Repeat.BIWEEKLY, ("varannan", "månad"): Repeat.MONTH,
    ("every", "other", "month"): Repeat.MONTH, ("biweekly",): Repeat.BIWEEKLY, ("bi-weekly",): Repeat.BIWEEKLY,
    ("fortnightly",): Repeat.BIWEEKLY, ("månatligen",): Repeat.MONTH, ("varje", "veckan"): Repeat.WEEK,
    ("en", "gång", "per", "vecka"): Repeat.WEEK, ("en", "gång", "per", "månad"): Repeat.MONTH,
    ("en", "gång", "i", "månad"): Repeat.MONTH, ("every", "single", "week"): Repeat.WEEK,
    ("varje", "ny", "månad"): Repeat.MONTH, ("per", "vecka"): Repeat.WEEK, ("per", "månad"): Repeat.MONTH,
}  # fmt: skip
_EVERY = {"every", "each", "varje", "varannan", "var"}
_REPEAT_FIRST = {"weekly", "monthly", "veckovis", "månadsvis", "biweekly", "bi-weekly", "fortnightly", "månatligen",
                 "every", "each", "varje", "varannan"}  # fmt: skip
_DAYPARTS = {"morning", "afternoon", "evening", "am", "pm", "morgon", "eftermiddag", "förmiddag", "kväll", "em", "fm",
             "lunch", "morgonen", "eftermiddagen", "förmiddagen", "kvällen", "efter", "lunchen"}  # fmt: skip
_OTHER = {"other", "second", "2nd"}  # "every other friday"
# "… ändå" / "… anyway": the manager has heard the concreteness question and keeps the line.
_INSIST = [("ändå",), ("anyway",), ("i", "alla", "fall"), ("iallafall",), ("anyways",), ("trots", "allt")]
_DECORATION = re.compile(r":[a-z0-9_+\-']{1,40}:|[^\w\s#@<>&%$€£\"“”„«»'‘’`()\[\]{}.,;:!?/\\|=+*~^-]+")
_LONGEST_DATE = 8  # words in the longest date phrase: "fredag den 18 december 2026 kl 17.00"
# Clauses never take more words than this; anything further left is title, which bounds the work.
_LONGEST_TAIL = 40

_DOUBLE_OPEN, _DOUBLE_CLOSE = '"“”„«»', '"”“»«'
_SINGLE_OPEN, _SINGLE_CLOSE = "'‘’‚", "'’‘"
_QUOTES = _DOUBLE_OPEN + _SINGLE_OPEN + "`"

_ESCAPE = re.compile(r"&(lt|gt|amp);")
_UNESCAPED = {"lt": "<", "gt": ">", "amp": "&"}
_CONTROL = {c: " " for c in [*range(32), *range(127, 160), 0x2028, 0x2029]}
_TOKEN = re.compile(r"<[^<>\s][^<>]{0,200}>\S*|\S+")
_MENTION = re.compile(r"<@([A-Za-z0-9][A-Za-z0-9:_-]{0,63})(?:\|[^<>]*)?>")  # Slack ids; Teams: Entra ids
_HANDLE = re.compile(r"@(\w[\w.\-]*)")
_NOT_PEOPLE = {"here", "channel", "everyone"}
_CATEGORY = re.compile(r"\s*([^\W\d_][\w-]*)")
# Before the what only when the what is quoted: "Privat samtal med Anna" is a title.
_LEADING_PRIVATE = re.compile(
    rf"\s*\(?(?:private|privat|privately)\)?[,:]?(?=\s*[{_DOUBLE_OPEN}{_SINGLE_OPEN}`])", re.IGNORECASE
)
_EDGE_OPEN = "([{" + _QUOTES
_EDGE_CLOSE = ")]}" + _QUOTES + ",;:.!?"


def _clean(text: str) -> str:
    """Slack escapes &, < and >; some callers undo that and some do not, so it is undone here too.
    Control characters become spaces so that nothing invisible ends up in a title."""
    return _ESCAPE.sub(lambda m: _UNESCAPED[m[1]], text).translate(_CONTROL)


# ----------------------------------------------------------------------------------- /commit


class _Token(NamedTuple):  # a named tuple: made for every word, three times a line, and cheaper so
    text: str
    start: int
    end: int
    word: str  # lower case, without surrounding brackets, quotes and trailing punctuation


@dataclass(frozen=True)
class _Clause:
    kind: str  # "when", "repeat", "partner", "private" or "separator"
    end: int  # index of the token after the clause
    due: Reading = None
    repeat: Repeat | None = None
    partner: tuple[str, bool] | None = None  # (id or handle, is a handle)


def _by_first_word(phrases) -> dict[str, list[tuple[str, ...]]]:
    """Phrases indexed by their first word: each position tries only those that can start there."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=len):
        index.setdefault(phrase[0], []).append(phrase)
    return index


_VAGUE_LEADS = _by_first_word(
    [("efter",), ("after",), ("post",), ("sometime",), ("some", "time"), ("nån", "gång"), ("någon", "gång"),
     ("at", "some", "point"), ("kanske",), ("maybe",), ("possibly",), ("eventuellt",), ("efter", "att"), ("around",),
     ("runt",), ("omkring",)]
)  # fmt: skip
# "In the new year" is when something starts, not when it is done.
_OPEN_STARTS = [
    ("in", "the", "new", "year"), ("i", "det", "nya", "året"), ("över", "nyår"), ("efter", "nyår"),
    ("after", "new", "year"), ("efter", "semestern"), ("after", "the", "holidays"), ("efter", "jul"),
]  # fmt: skip
_OPEN_STARTS_BY_WORD = _by_first_word(_OPEN_STARTS)  # none is the start of another: order is moot
_ONCE_ONLY = {"when": 1, "repeat": 2, "partner": 4}
_LEADS_BY_WORD = _by_first_word(_MARKER_PHRASES)
_PRIVATE_BY_WORD = _by_first_word(_PRIVATE_PHRASES)
_FILLERS_BY_WORD = _by_first_word(_FILLERS)
_INSIST_BY_WORD = _by_first_word(_INSIST)
_REPEATS_BY_WORD = _by_first_word(_REPEATS)
_PARTNERS_BY_WORD = _by_first_word(_PARTNER_WORDS)


@dataclass(frozen=True)
class _Reading:
    title: str
    due: Reading = None
    repeat: Repeat | None = None
    repeat_from: date | None = None  # "every friday": the first friday
    partner: tuple[str, bool] | None = None
    private: bool = False
    insist: bool = False


def _tokens(line: str, start: int) -> list[_Token]:
    found = []
    for match in _TOKEN.finditer(line, start):
        text = match.group()
        word = text.lower().lstrip(_EDGE_OPEN).rstrip(_EDGE_CLOSE)
        found.append(_Token(text, match.start(), match.end(), word))
    return found


def _person(text: str) -> tuple[str, bool] | None:
    """A partner: a Slack mention gives the user id; a typed "@pat" gives the handle to look up."""
    text = text.rstrip(",;:.!?)")
    mention = _MENTION.fullmatch(text)
    if mention:
        return mention[1], False
    handle = _HANDLE.fullmatch(text)
    if handle and handle[1].lower() not in _NOT_PEOPLE:
        return handle[1], True
    return None


class _Clauses:
    """Every way the words from each position to the end read as clauses, computed once per line.

    For each position and each set of clauses already used (a when, a repeat and a partner may
    each appear once) it keeps one way to read the rest, preferring one that has a when.
    """

    def __init__(self, tokens: list[_Token], today: date) -> None:
        self.tokens = tokens
        self.words = [canonical(t.word) for t in tokens]
        self.today = today
        n = len(tokens)
        self._lowest = max(0, n - _LONGEST_TAIL)
        self._best: list[list[tuple[_Clause | None, bool] | None]] = [[None] * 8 for _ in range(n + 1)]
        self._best[n] = [(None, False)] * 8
        for at in range(n - 1, self._lowest - 1, -1):
            options = self._options(at)
            self._best[at] = [self._choose(options, used) for used in range(8)]

    def _choose(self, options: list[_Clause], used: int) -> tuple[_Clause, bool] | None:
        chosen = None
        for clause in options:
            bit = _ONCE_ONLY.get(clause.kind, 0)
            rest = None if bit & used else self._best[clause.end][used | bit]
            if rest is None:
                continue
            has_when = clause.kind == "when" or rest[1]
            if has_when:
                return clause, True
            chosen = chosen or (clause, False)
        return chosen

    def start(self, earliest: int) -> int:
        """The first position from which all the remaining words are clauses."""
        at = min(max(earliest, self._lowest), len(self.tokens))
        while self._best[at][0] is None:
            at += 1
        return at

    def read(self, at: int) -> list[_Clause]:
        clauses, used = [], 0
        while at < len(self.tokens):
            clause, _ = self._best[at][used]
            clauses.append(clause)
            used |= _ONCE_ONLY.get(clause.kind, 0)
            at = clause.end
        return clauses

    def _phrase(self, at: int, phrase: tuple[str, ...]) -> bool:
        return tuple(self.words[at : at + len(phrase)]) == phrase

    def _options(self, at: int) -> list[_Clause]:
        word = self.words[at]
        options = [*self._whens(at), *self._repeats(at), *self._partners(at)]
        if word in _PRIVATE:
            options.append(_Clause("private", at + 1))
        options.extend(_Clause("private", at + len(p)) for p in _PRIVATE_BY_WORD.get(word, ()) if self._phrase(at, p))
        if word in _SEPARATORS or _DECORATION.fullmatch(self.tokens[at].text):
            options.append(_Clause("separator", at + 1))
        options.extend(_Clause("separator", at + len(p)) for p in _FILLERS_BY_WORD.get(word, ()) if self._phrase(at, p))
        options.extend(_Clause("insist", at + len(p)) for p in _INSIST_BY_WORD.get(word, ()) if self._phrase(at, p))
        return options

    def _date(self, start: int, length: int, *, marked: bool) -> Reading:
        return read_date(" ".join(self.words[start : start + length]), self.today, marked=marked)

    def _whens(self, at: int) -> list[_Clause]:
        found = []
        for phrase in _OPEN_STARTS_BY_WORD.get(self.words[at], ()):
            if self._phrase(at, phrase):
                found.append(_Clause("when", at + len(phrase), due=Problem.OPEN_ENDED))
        for lead in _VAGUE_LEADS.get(self.words[at], ()):
            # "efter nyår", "sometime in the spring": a start or a guess, not a deadline
            after = at + len(lead)
            if not self._phrase(at, lead) or after >= len(self.words) or not could_start_date(self.words[after]):
                continue
            for length in range(min(_LONGEST_DATE, len(self.words) - after), 0, -1):
                if self._date(after, length, marked=True) is not None:
                    found.append(_Clause("when", after + length, due=Problem.OPEN_ENDED))
                    break
        for phrase in [(), *_LEADS_BY_WORD.get(self.words[at], ())]:
            if phrase and not self._phrase(at, phrase):
                continue
            start = at + len(phrase)
            if start >= len(self.words) or not could_start_date(self.words[start]):
                continue
            for length in range(min(_LONGEST_DATE, len(self.words) - start), 0, -1):
                due = self._date(start, length, marked=bool(phrase))
                if due is not None:
                    found.append(_Clause("when", start + length, due=due))
        return found

    def _repeats(self, at: int) -> list[_Clause]:
        found = []
        for phrase in _REPEATS_BY_WORD.get(self.words[at], ()):
            if self._phrase(at, phrase):
                found.append(_Clause("repeat", at + len(phrase), repeat=_REPEATS[phrase]))
        if self.words[at] in _EVERY:
            # "varje fredag", "every other friday": weekly, the first on the coming friday
            skip = 2 if at + 2 < len(self.words) and self.words[at + 1] in _OTHER else 1
            every = Repeat.BIWEEKLY if skip == 2 or self.words[at] == "varannan" else Repeat.WEEK
            day = self.words[at + skip] if at + skip < len(self.words) else ""
            day = day.removesuffix("s") if day.removesuffix("s") in WEEKDAYS else day
            if day in WEEKDAYS or day in WEEKDAY_ABBREVIATIONS:
                due = read_date(day, self.today, marked=True)
                end = at + skip + 1
                found.append(_Clause("repeat", end, due=due, repeat=every))
                if end < len(self.words) and self.words[end] in _DAYPARTS:
                    found.append(_Clause("repeat", end + 1, due=due, repeat=every))  # "varje fredag em"
        nth = self.words[at : at + 5]
        if len(nth) >= 4 and nth[1] in WEEKDAYS and (nth[2:4] in (["varje", "månad"], ["every", "month"],
                                                                   ["each", "month"]) or nth[2:5] in
                                                     (["i", "varje", "månad"], ["of", "every", "month"],
                                                      ["of", "each", "month"])):  # fmt: skip
            # "första måndagen varje månad": monthly, the first on the next such day
            due = read_date(f"{nth[0]} {nth[1]} i månaden", self.today, marked=True)
            if isinstance(due, date):
                length = 4 if nth[2] in ("varje", "every", "each") else 5
                found.append(_Clause("repeat", at + length, due=due, repeat=Repeat.MONTH))
        return found

    def _partners(self, at: int) -> list[_Clause]:
        found = []
        for phrase in [(), *_PARTNERS_BY_WORD.get(self.words[at], ())]:
            mention = at + len(phrase)
            if mention < len(self.words) and tuple(self.words[at:mention]) == phrase:
                person = _person(self.tokens[mention].text)
                if person:
                    found.append(_Clause("partner", mention + 1, partner=person))
        return found


def _quoted(line: str, start: int) -> tuple[str, int] | None:
    """A quoted what and the offset just after its closing quote.

    Inside single quotes an apostrophe followed by a letter ("Sundbyberg's") does not close.
    """
    at = len(line) - len(line[start:].lstrip())
    if at >= len(line) or line[at] not in _QUOTES:
        return None
    opening = line[at]
    closing = _DOUBLE_CLOSE if opening in _DOUBLE_OPEN else _SINGLE_CLOSE if opening in _SINGLE_OPEN else "`"
    for end in range(at + 1, len(line)):
        if line[end] in closing and (closing is _DOUBLE_CLOSE or end + 1 == len(line) or not line[end + 1].isalnum()):
            return line[at + 1 : end].strip(), end + 1
    return None


def _tidy(title: str) -> str:
    """The title as typed, without the commas and dashes that led up to the clauses, and without
    a stray quote that was never closed."""
    title = title.strip().rstrip(",;:–—- ").strip()
    quotes = sum(c in _QUOTES for c in title)
    if quotes == 1 and title[0] in _QUOTES:
        title = title[1:].strip()
    elif quotes == 1 and title[-1] in _QUOTES:
        title = title[:-1].strip()
    return title


def _gather(title: str, clauses: list[_Clause], due: Reading = None) -> _Reading:
    """The clauses as one reading; a `due` given here (read some other way, or a problem with
    the date) wins over a when among the clauses."""
    reading = _Reading(title=title)
    for clause in clauses:
        if clause.kind == "when":
            reading = replace(reading, due=clause.due)
        elif clause.kind == "repeat":
            reading = replace(reading, repeat=clause.repeat, repeat_from=clause.due)
        elif clause.kind == "partner":
            reading = replace(reading, partner=clause.partner)
        elif clause.kind == "private":
            reading = replace(reading, private=True)
        elif clause.kind == "insist":
            reading = replace(reading, insist=True)
    return reading if due is None else replace(reading, due=due)


def _span(line: str, tokens: list[_Token], start: int, end: int) -> str:
    return line[tokens[start].start : tokens[end - 1].end] if end > start else ""


def _read_quoted(line: str, start: int, today: date) -> _Reading | None:
    """A quoted what followed by clauses. Right after the quotes a marker can only begin a date,
    so one that cannot be read there is an unreadable date rather than more title. Other words
    after the quotes make the whole line read as unquoted, unless dateparser knows them as a date."""
    quoted = _quoted(line, start)
    if quoted is None:
        return None
    title, end = quoted
    tokens = _tokens(line, end)
    clauses = _Clauses(tokens, today)
    first = clauses.start(0)
    read = clauses.read(first)
    has_when = any(c.kind == "when" for c in read)
    markers = next((i for i in range(first) if clauses.words[i] not in MARKERS), first)
    if markers == first:  # nothing in between, or only "senast"
        return _gather(title, read)
    if markers:
        loose = None if has_when else read_date_loosely(_span(line, tokens, markers, first), today)
        return _gather(title, read, loose or Problem.UNREADABLE_DATE)
    if has_when or any(w in MARKERS for w in clauses.words[:first]):
        return None
    loose = read_date_loosely(_span(line, tokens, 0, first), today)
    return _gather(title, read, loose) if loose else None


def _read_unquoted(line: str, start: int, today: date, *, keep_first: bool) -> _Reading:
    """The title runs up to the clauses. With no when among them, a marker earlier in the line
    ("senast nästa tisdagkväll") tells a date that could not be read from no date at all."""
    tokens = _tokens(line, start)
    quoted = _quoted(line, start)
    after_quote = sum(t.start < quoted[1] for t in tokens) if quoted else 0
    clauses = _Clauses(tokens, today)
    first = clauses.start(max(after_quote, 1 if keep_first else 0))
    read = clauses.read(first)
    due, title_end = None, first
    if not any(c.kind == "when" for c in read):
        due, title_end = _unread_date(line, clauses, after_quote, first)
    title = _tidy(_span(line, tokens, 0, title_end))
    if due is None and not any(c.kind == "when" for c in read):
        inside = _date_inside(line, clauses, max(after_quote, 1), title_end)
        if inside:
            due, title = inside
    if keep_first and title_end <= 1:
        title = ""  # only the category word: no what
    return _gather(title, read, due)


def _date_inside(line: str, clauses: _Clauses, lowest: int, end: int) -> tuple[Reading, str] | None:
    """ "Avsluta piloten till sommaren och skriva slutrapport": a marked date between two steps
    joined by "och"/"and" belongs to both; the title is the two steps without it."""
    words, tokens = clauses.words, clauses.tokens
    for at in range(lowest, end - 1):
        if words[at] not in MARKERS:
            continue
        for clause in clauses._whens(at):
            if clause.end < end and words[clause.end] in ("och", "and", "samt", "&", "plus"):
                title = f"{_span(line, tokens, 0, at).rstrip(' ,')} {_span(line, tokens, clause.end, end)}"
                return clause.due, _tidy(title)
    return None


def _unread_date(line: str, clauses: _Clauses, after_quote: int, first: int) -> tuple[Reading, int]:
    """The date after the last marker before the clauses, read loosely; else why it is missing.

    Returns the date or problem, and where the title ends.
    """
    words, tokens = clauses.words, clauses.tokens
    marker = next((i for i in range(first - 1, after_quote - 1, -1) if words[i] in MARKERS), None)
    if marker is None:
        unread = words[after_quote:first] if after_quote else []
        return (Problem.UNREADABLE_DATE if looks_like_date(unread) else None), first
    after = words[marker + 1 : first]
    title_end = marker - 1 if marker > after_quote and words[marker - 1] in MARKERS else marker
    if not after:
        return None, title_end
    loose = read_date_loosely(_span(line, tokens, marker + 1, first), clauses.today)
    if loose:
        return loose, title_end
    if words[marker] in _DATE_ONLY_MARKERS or looks_like_date(after):
        return Problem.UNREADABLE_DATE, title_end
    return None, first  # "Go by train": an ordinary word, part of the title


def _category_word(word: str) -> tuple[Category, bool] | None:
    """The category a first word names, and whether it is the word itself (or an inflection of
    it, "kursen", which then stays in the title) rather than a misspelling ("kurss", "colab")."""
    lower = word.lower()
    if lower in CATEGORIES:
        return CATEGORIES[lower], True
    if lower in _CATEGORY_COMPOUNDS:
        return _CATEGORY_COMPOUNDS[lower], True
    if len(lower) < 4 or (not lower.isalpha() and "-" not in lower) or lower in _NOT_CATEGORIES:
        return None
    stem = next(
        (c for c in CATEGORIES if len(c) >= 4 and lower[len(c) :] in _INFLECTIONS and lower.startswith(c)), None
    )
    if stem:
        return CATEGORIES[stem], True  # "kursen Ekonomistyrning…": an inflection, said as the category
    from rapidfuzz import fuzz, process

    found = process.extractOne(lower, list(CATEGORIES), scorer=fuzz.ratio, score_cutoff=80)
    if found and found[0][0] == lower[0]:
        return CATEGORIES[found[0]], True
    return None


def _category(line: str) -> tuple[Category, int, bool]:
    """The category, where the rest starts, and whether the category word also begins the title."""
    match = _CATEGORY.match(line)
    named = _category_word(match[1]) if match else None
    if not named:
        return Category.OTHER, 0, False
    category, dropped = named
    end = match.end()
    following = line[end : end + 1]
    if following and not (following.isspace() or following in ":–—-" or following in _QUOTES):
        return Category.OTHER, 0, False
    if not dropped:
        return category, match.start(1), True  # "Kursen i GDPR senast fredag"
    colon = re.match(r"\s*[:–—-]", line[end:])
    if colon:
        return category, end + colon.end(), False
    next_word = line[end:].split(maxsplit=1)[:1]
    if next_word and next_word[0].lower() in _TITLE_CONTINUES:
        return category, match.start(1), True
    return category, end, False


def _date_first(line: str, today: date) -> str | None:
    """ "Senast 15 jan: kurs AI för chefer", "By Friday, call Täby", "Varje fredag: fika med…",
    "Monthly check-in with Lidingö": the line with those clauses moved to the end, where the rest
    of the grammar looks for them; None when it does not start with any."""
    tokens = _tokens(line, 0)
    if len(tokens) < 2:
        return None
    words = [canonical(t.word) for t in tokens]
    lead = next((p for p in reversed(_LEADS_BY_WORD.get(words[0], ())) if tuple(words[: len(p)]) == p), ())
    ends = []  # where the leading clauses could end: after a colon or dash, or after a marker or a repeat
    for end in range(min(len(tokens) - 1, _LONGEST_DATE + 3), 0, -1):
        dash = tokens[end].text in ("-", "–", "—", ":")
        closed = tokens[end - 1].text[-1:] in ":,;" or dash
        if closed or lead or (end <= 3 and words[0] in _REPEAT_FIRST):
            ends.append((end, dash, closed))
    # Most lines begin with their what and have no such end: then the line is not read as clauses at all.
    if not ends or _Clauses(tokens, today)._best[0][0] is not None:
        return None  # nothing but clauses: no what to put first
    for end, dash, closed in ends:
        prefix = _Clauses(tokens[:end], today)
        if prefix._best[0][0] is None:
            continue
        kinds = {c.kind for c in prefix.read(0)}
        if not kinds & ({"when", "repeat", "private"} if closed else {"when", "repeat"}):
            continue
        rest = end + 1 if dash else end
        if rest >= len(tokens):
            return None
        moved = line[tokens[0].start : tokens[end - 1].end].rstrip(":,;")
        return f"{line[tokens[rest].start :]} {moved}"
    return None


_INFLECTIONS = {"en", "et", "n", "t", "er", "erna", "ar", "arna", "na", "e", "a", "s", "es"} - {"s"}
_CATEGORY_COMPOUNDS = {"misslyckandedelning": Category.FAILURE, "failuresharing": Category.FAILURE,
                       "fail": Category.FAILURE, "samverkansprojekt": Category.COLLABORATION}  # fmt: skip
_NOT_CATEGORIES = {"annan", "annars", "andra", "kursiv", "course-correct", "failed", "failing", "other's", "others"}
_PRIVATE_WORD = (
    r"(?:private|privat|privately|personligt?|hemligt?|konfidentiellt?|confidential|not\sfor\sthe\s(?:team|digest)"
    r"|inte\sför\s(?:teamet|gruppen|digesten)|ej\sför\steamet|for\smy\seyes\sonly|bara\sför\smig|endast\sför\smig"
    r"|just\sfor\sme|only\sfor\sme|only\sme|don'?t\sshare|do\snot\sshare|dela\sinte|keep\s(?:it\s|this\s)?private"
    r"|🔒\s?privat|🔒)"
)
# "Privat: …", "(privat) …", and "privat kurs …" before a category word: the line is private.
_PRIVATE_LABEL = re.compile(rf"\s*(?:\({_PRIVATE_WORD}\)\s*[,:–—-]?|{_PRIVATE_WORD}\s*[,:–—-])\s*", re.IGNORECASE)
_PRIVATE_BEFORE_CATEGORY = re.compile(rf"\s*{_PRIVATE_WORD}\s+", re.IGNORECASE)
_PAREN_PRIVATE = re.compile(rf"\s*\({_PRIVATE_WORD}\)\s*[,:–—-]?\s*", re.IGNORECASE)


def _leading_private(line: str) -> tuple[bool, str]:
    label = _PRIVATE_LABEL.match(line)
    if label and label.end() < len(line):
        return True, line[label.end() :]
    word = _PRIVATE_BEFORE_CATEGORY.match(line)
    if word and _category(line[word.end() :])[1]:
        return True, line[word.end() :]
    return False, line


def _when_problems(due: Reading, today: date) -> list[Problem]:
    if due is None:
        return [Problem.NO_WHEN]
    if isinstance(due, Problem):
        return [due]
    if due < today:
        return [Problem.PAST]
    if (due - today).days > HORIZON_DAYS:
        return [Problem.TOO_FAR]
    return []


def _what_problems(title: str, category: Category, *, insist: bool) -> list[Problem]:
    """A vision is challenged once; a manager who answers with the same line and "ändå"/"anyway"
    has decided (principle 5: trust), and it is saved as written."""
    if not title:
        return [Problem.NO_WHAT]
    if len(title) > MAX_TITLE:
        return [Problem.TOO_LONG]
    if not insist and is_fluffy(title, category=category):
        return [Problem.FLUFFY]
    return []


# A focus area named by a tag: "#" and a word that starts with a letter (a number, "#2", is a
# commitment's). Short, the same in both languages, and read outside quotes: anywhere when it
# names one of the workspace's focus areas, and at the very end of the line even when it names
# none (then it was surely meant as one); elsewhere "#general" stays part of the title.
_FOCUS_TAG = re.compile(r"(?<![\w#</&])#([^\W\d_][\w-]{0,39})(?![\w#])")
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|„[^“”]*[“”]|«[^»]*»')


def focus_tag(line: str, known=None) -> tuple[str | None, str]:
    """The line's focus tag ("ai" from '… senast 15 dec #ai') and the line without it; `known`
    says whether a tag names a focus area. Where the workspace has none (None), a tag that ends
    the line is still taken off it: left on, it would sit after the date and spoil the line, and
    the reply can say there are no focus areas yet."""
    if known is None:
        known = _names_none
    quoted = [m.span() for m in _QUOTED.finditer(line)]
    tags = [m for m in _FOCUS_TAG.finditer(line) if not any(a <= m.start() < b for a, b in quoted)]
    chosen = next((m for m in tags if known(m.group(1))), None)
    if chosen is None and tags and not line[tags[-1].end() :].strip(" .!"):
        chosen = tags[-1]
    if chosen is None:
        return None, line
    rest = (line[: chosen.start()] + line[chosen.end() :]).strip()
    return chosen.group(1), re.sub(r"\s{2,}", " ", rest)


def _names_none(tag: str) -> bool:
    return False


def parse_commit(text: str, *, today: date, focus=None) -> CommitDraft | Refusal:
    """A /commit line as a draft, or every reason it cannot be one. `today` is the person's date;
    `focus` says whether a tag names one of the workspace's focus areas (see focus_tag)."""
    if len(text) > MAX_LINE:
        return Refusal((Problem.TOO_LONG,))
    focus, text = focus_tag(text, focus)
    line = _clean(text)
    line = _date_first(line, today) or line
    private, line = _leading_private(line)
    category, start, keep_first = _category(line)
    if start and not keep_first:
        moved = _date_first(line[start:], today)  # "misslyckande varje månad: ta upp ett eget misstag"
        if moved:
            line = f"{line[:start]} {moved}"
    if not keep_first:
        quoted_private = (
            _LEADING_PRIVATE.match(line, start)
            or _PAREN_PRIVATE.match(line, start)
            or (_PRIVATE_BEFORE_CATEGORY.match(line, start) if start else None)
        )
        if quoted_private:  # 'kurs privat "AI"', "kurs (privat) Stresshantering", "misslyckande (privat): …"
            private, start = True, quoted_private.end()
    reading = (None if keep_first else _read_quoted(line, start, today)) or _read_unquoted(
        line, start, today, keep_first=keep_first
    )
    due = reading.due
    if due is None and reading.repeat:
        due = reading.repeat_from or first_due(reading.repeat, today)
    problems = _when_problems(due, today) + _what_problems(reading.title, category, insist=reading.insist)
    if problems or not isinstance(due, date):
        return Refusal(tuple(problems))
    partner, is_handle = reading.partner or (None, False)
    return CommitDraft(
        category=category,
        title=reading.title,
        due=due,
        repeat=reading.repeat,
        partner=partner,
        partner_is_handle=is_handle,
        private=private or reading.private or bool(_PRIVATE_ANYWHERE.search(line)),
        focus=focus,
    )


def is_fluffy(title: str, *, category: Category | None = None) -> bool:
    """Whether a what is a vision rather than a step (nudges.concreteness)."""
    return is_vague(title, category=category)


# ---------------------------------------------------------------------------------- /reflect
#
# A reflection opens with any of: the commitment's number (#1, nr 1, "Re #1:", "1 klar"), a done
# ("klar", "done", ✅), a label (misslyckande:, lärdom:, failure:) and privacy ("privat", "(private)",
# "endast för mig:"), in any order; what follows is what the person wants kept.

_DONE_WORDS = (
    r"(?:i'?m\s|i\sam\s|jag\sär\s|är\s|it'?s\s|is\s|all\s|helt\s|nu\s|now\s|har\s|have\s)?(?:done|klar|klart"
    r"|klara|färdig|färdigt|finished|complete|completed|avklarad|avklarat|avklarade|slutfört|slutförd|genomförd"
    r"|genomfört|fixat|fixed|check|ticked\soff|wrapped\sup|avbockad|avbockat|gjort\sklart|gjorde\sklart|sorted)"
)
_DONE_MARKS = r"(?:✅|✔️|✔|☑️|☑|🏁|:white_check_mark:|:heavy_check_mark:|:ballot_box_with_check:|:checkered_flag:)"
_END = r"(?=$|[\s!.,:;)\-–—]|\W)"
_PRIVATE_WORDS = (
    r"(?:(?:men\s|but\s)?🔒?\s?\(?(?:private|privat|privately|personligt?|konfidentiellt?|confidential|hemligt?"
    r"|endast\sför\smig|bara\sför\smig|just\sfor\sme|only\sfor\sme|only\sme|for\smy\seyes\sonly|inte\sför\steamet"
    r"|inte\sför\sgruppen|not\sfor\sthe\steam|not\sfor\sthe\sdigest|inte\sför\sdigesten|dela\sinte|don'?t\sshare"
    r"|do\snot\sshare|keep\s(?:this\s|it\s)?private|visa\sinte\sför\s(?:gruppen|teamet)|ej\sför\steamet|for\sme\sonly"
    r"|between\sus|mellan\soss|not\sto\sbe\sshared|sekretess|håll\s(?:det|detta)\sprivat(?:\stack)?)\)?|🔒)"
)
_FAILURE_LABEL = r"(?:failure|fail|misslyckande|misslykande|misslyckand|failur|faliure|failiure|flopp|flop|fiasko)"
_FAILURE_VERB_LABEL = r"(?:failed|misslyckat|misslyckades)(?=\s*:)"
_LEARNING_LABEL = (
    r"(?:(?:key|main|viktig|viktigaste|big)\s)?(?:lärdom|lärdomar|learning|learnings|lesson|lesson\slearned|insikt"
    r"|insight|lärde\smig|til|reflektion|reflection|note|notering|tanke|takeaway|take-away|take\saway|aha)"
)
# "klar med #1", "done with it, great course"
_DONE_WITH = r"(?:\s+(?:med|with)(?=\s*#)|\s+(?:with|med)\s(?:it|det|den|that|this|kursen|the\scourse)(?=\W|$))?"
_HEAD = [
    ("number", re.compile(
        r"(?:(?:re|ang|angående|about|update|uppdatering|status|om|nu\sär|now|so)\s*[:.]?\s*)?"
        r"(?:#\s?|(?:nr|no|nummer|number)\.?\s?)"
        r"(\d{1,9})(?=$|\D)", re.IGNORECASE)),
    ("done", re.compile(r"\s*" + _DONE_WORDS + _DONE_WITH + _END, re.IGNORECASE)),
    ("done", re.compile(r"\s*" + _DONE_MARKS)),
    ("private", re.compile(_PRIVATE_WORDS + r"(?=$|[\s:,.\-–—)])", re.IGNORECASE)),
    ("failure", re.compile(_FAILURE_LABEL + r"(?=\s*(?:\(|[:,\-–—]|\s\S))", re.IGNORECASE)),
    ("failure", re.compile(_FAILURE_VERB_LABEL, re.IGNORECASE)),
    ("learning", re.compile(_LEARNING_LABEL + r"(?=\s*[:\-–—]|,?\s+" + _PRIVATE_WORDS + ")", re.IGNORECASE)),
    ("learning", re.compile(r"TIL(?=\s)")),
    ("separator", re.compile(r"[\s:,.;!\-–—]+|\((?=\s*#)|\)")),
]  # fmt: skip
_BARE_NUMBER = re.compile(r"(\d{1,3})(?=\s*(?:[:.)\-–—]|" + _DONE_WORDS + _END + r"))", re.IGNORECASE)
_NUMBER_LATER = re.compile(r"\s*(?:[\w'-]+\s+){0,3}?#\s?(\d{1,9})(?=$|\D)")
_DONE_ALONE = re.compile(r"\s*(?:$|[!.,:;)\-–—]|\s*#|\s*" + _DONE_MARKS + ")")
_FAILURE_TEXT = re.compile(
    r"(?:^|\b)(?:det\sgick\sinte|gick\sinte\ssom|misslyckades|failed\sto|failed|it\sdidn'?t\swork|didn'?t\swork"
    r"|flopped|floppade|det\sblev\sinte\ssom|blev\sinte\ssom\stänkt|didn'?t\sgo\sas|went\swrong|gick\sfel|sprack"
    r"|fell\sthrough|fick\sinte\still|lyckades\sinte|misslyckad|misslyckat)",
    re.IGNORECASE,
)
_TAIL_PRIVATE = re.compile(
    r"(?:^|[\s,;:.(\-–—]+)(?:(?:please\s|pls\s|gärna\s)?(?:keep\s(?:it\s|this\s)?|håll\s(?:det\s|detta\s)?)?"
    + _PRIVATE_WORDS
    + r"(?:\s(?:tack|thanks|please|pls))?)[\s).!]*$",
    re.IGNORECASE,
)
_TAIL_DONE = re.compile(r"(?<![\wåäö])(?<!nästan\s)(?<!almost\s)(?<!inte\s)(?<!not\s)(?<!nearly\s)[\s,;\-–—]*"
                        r"(?:" + _DONE_WORDS + r"|" + _DONE_MARKS + r")[\s!.]*$", re.IGNORECASE)  # fmt: skip


@dataclass
class _Head:
    number: int | None = None
    done: bool = False
    failure: bool = False
    private: bool = False


def _read_head(line: str) -> tuple[_Head, str]:
    """The number, done, label and privacy at the start, and the rest."""
    head, at, marked = _Head(), 0, False
    bare = _BARE_NUMBER.match(line)
    if bare:
        head.number, at = int(bare[1]), bare.end()
    while at < len(line):
        for kind, pattern in _HEAD:
            found = pattern.match(line, at)
            if not found or found.end() == at:
                continue
            if kind == "number":
                if head.number is not None:
                    continue
                head.number = int(found[1])
            elif kind == "done":
                if head.done and not (found[0].strip()[:1] in "✅✔☑🏁:" or marked):
                    continue  # "done! Finished the last module": the second is the story
                later = _NUMBER_LATER.match(line, found.end()) if head.number is None else None
                if later and not re.search(r"[.!?,;:]", line[found.end() : later.start(1)]):
                    head.done, head.number, at = True, int(later[1]), later.end()  # "klar med kursen #1"
                    break
                if head.number is None and not _DONE_ALONE.match(line, found.end()):
                    continue  # "klart att vi behöver mer tid": clearly, not done
                head.done = True
                marked = found[0].strip()[:1] in "✅✔☑🏁:"
            elif kind == "private":
                head.private = True
            elif kind == "failure":
                head.failure = True
            at = found.end()
            break
        else:
            break
    return head, line[at:]


def parse_reflect(text: str) -> ReflectDraft | Refusal:
    """A /reflect line as a draft, or why not. Whether #N exists, is the person's and is still
    open is for the caller to check: the grammar reads "#99 klar" as number 99, done."""
    if len(text) > MAX_REFLECTION + MAX_LINE:
        return Refusal((Problem.TOO_LONG,))
    line = _clean(text).strip()
    if not line:
        return Refusal((Problem.EMPTY,))
    head, rest = _read_head(line)
    if head.number is not None and head.number >= 10**9:
        head, rest = _Head(), line
    tail_private = _TAIL_PRIVATE.search(rest)
    if tail_private:
        head.private, rest = True, rest[: tail_private.start()]
    if head.number is not None and not head.done:
        tail_done = _TAIL_DONE.search(rest)
        if tail_done and tail_done.start() > 0 and rest[: tail_done.start()].rstrip()[-1:] in ",.!–—-:;":
            head.done, rest = True, rest[: tail_done.start()]  # "#1 Gick kursen idag – klar!"
    body = rest.strip().rstrip(",;:-–—").strip()
    failure = head.failure or bool(_FAILURE_TEXT.search(body[:80]))
    if len(body) > MAX_REFLECTION:
        return Refusal((Problem.TOO_LONG,))
    if not body and not head.done:
        return Refusal((Problem.NO_TEXT,) if head.number is not None else (Problem.EMPTY,))
    if head.done:
        kind = ReflectionKind.DONE
    elif failure:
        kind = ReflectionKind.FAILURE
    else:
        kind = ReflectionKind.PROGRESS if head.number is not None else ReflectionKind.LEARNING
    private = head.private or bool(_PRIVATE_ANYWHERE.search(line) or _PRIVATE_IN_A_REFLECTION.search(line))
    return ReflectDraft(number=head.number, kind=kind, text=body, done=head.done, private=private)


def parse_new_date(text: str, *, today: date) -> date | Refusal:
    """The date in `/commit move #N <when>`, read and checked exactly as in a new commitment."""
    words = _clean(text).split()
    while words and words[0].lower() in MARKERS | {"to", "till", "på"}:
        words = words[1:]
    if not words:
        return Refusal((Problem.NO_WHEN,))
    draft = parse_commit(f'other "rescheduled" by {" ".join(words)}', today=today)
    if isinstance(draft, Refusal):
        return Refusal(
            tuple(p for p in draft.problems if p not in (Problem.NO_WHAT, Problem.FLUFFY)) or (Problem.UNREADABLE_DATE,)
        )
    return draft.due
