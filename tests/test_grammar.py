"""The /commit and /reflect grammar against the project's example lines (tests/data), more lines of
our own in both languages, and arbitrary text: every line is a whole draft or a refusal, never an error.

"Today" is Thursday 2026-11-26, as in the examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nudges import dates, grammar
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
from nudges.grammar import is_fluffy, parse_commit, parse_reflect
from tests.grammar_lines import DATA, Line, commit_misses, lines, reflect_misses

TODAY = date(2026, 11, 26)


def _examples(name: str) -> list:
    return [pytest.param(line, id=line.text) for line in lines(DATA / name)]


def test_the_example_lines_are_there():
    assert len(lines(DATA / "commit-lines.tsv")) >= 380
    assert len(lines(DATA / "reflect-lines.tsv")) >= 120


# ----------------------------------------------------------------------------- example lines


@pytest.mark.parametrize("line", _examples("commit-lines.tsv"))
def test_commit_example(line: Line):
    result = parse_commit(line.text, today=TODAY)
    assert commit_misses(line, result) == [], f"{line.text!r} -> {result}"


@pytest.mark.parametrize("line", _examples("reflect-lines.tsv"))
def test_reflect_example(line: Line):
    result = parse_reflect(line.text)
    assert reflect_misses(line, result) == [], f"{line.text!r} -> {result}"
    if isinstance(result, ReflectDraft):
        assert result.text in _clean_text(line.text) and (result.text or result.done)
        assert not result.text.lower().endswith(("privat", "private"))
        assert not result.text.lower().startswith(("#", "klar", "done", "misslyckande", "failure", "privat"))


def _clean_text(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# --------------------------------------------------------------------------- lines of our own


@dataclass(frozen=True)
class Commit:
    category: Category
    title: str
    due: date
    repeat: Repeat | None = None
    partner: str | None = None
    handle: bool = False
    private: bool = False

    def draft(self) -> CommitDraft:
        return CommitDraft(self.category, self.title, self.due, self.repeat, self.partner, self.handle, self.private)


COURSE, FAILURE, COLLAB, OTHER = Category.COURSE, Category.FAILURE, Category.COLLABORATION, Category.OTHER
FRIDAY = date(2026, 11, 27)

OWN_COMMITS: list[tuple[str, Commit | tuple[Problem, ...]]] = [
    ("kurs Copilot i vardagen senast 2027-01-20", Commit(COURSE, "Copilot i vardagen", date(2027, 1, 20))),
    (
        "collaboration Call Täby about their AI policy by 12 Jan with @anna",
        Commit(COLLAB, "Call Täby about their AI policy", date(2027, 1, 12), partner="anna", handle=True),
    ),
    ('COURSE "Prompting 101" BY FRIDAY', Commit(COURSE, "Prompting 101", FRIDAY)),
    (
        "Utbildning: Informationssäkerhet för chefer, senast 15/1",
        Commit(COURSE, "Informationssäkerhet för chefer", date(2027, 1, 15)),
    ),
    (
        "samverkan Ring Nacka om deras e-tjänsteplattform om tre veckor",
        Commit(COLLAB, "Ring Nacka om deras e-tjänsteplattform", date(2026, 12, 17)),
    ),
    ('course "AI for managers" private by 15 dec', Commit(COURSE, "AI for managers", date(2026, 12, 15), private=True)),
    ("kurs AI för chefer privat senast 15 dec", Commit(COURSE, "AI för chefer", date(2026, 12, 15), private=True)),
    (
        "other Post &lt;!channel&gt; update in #general by friday",
        Commit(OTHER, "Post <!channel> update in #general", FRIDAY),
    ),
    ("Samarbete med Täby kring AI senast fredag", Commit(COLLAB, "Samarbete med Täby kring AI", FRIDAY)),
    ("Skicka rapporten till Anna senast fredag", Commit(OTHER, "Skicka rapporten till Anna", FRIDAY)),
    ("Flytta mötet till fredag senast onsdag", Commit(OTHER, "Flytta mötet till fredag", date(2026, 12, 2))),
    ("Go by train to Täby by friday", Commit(OTHER, "Go by train to Täby", FRIDAY)),
    ("Ring Anna i morgon", Commit(OTHER, "Ring Anna", FRIDAY)),
    ("misslyckande Dela en lärdom på APT varje fredag", Commit(FAILURE, "Dela en lärdom på APT", FRIDAY, Repeat.WEEK)),
    (
        'failure "Share one thing that went wrong" monthly',
        Commit(FAILURE, "Share one thing that went wrong", date(2026, 12, 26), Repeat.MONTH),
    ),
    ("other “Plan the week” varje vecka senast 30/11", Commit(OTHER, "Plan the week", date(2026, 11, 30), Repeat.WEEK)),
    ('private "Budget talk with HR" by friday', Commit(OTHER, "Budget talk with HR", FRIDAY, private=True)),
    (
        "kurs AI, senast fredag, med <@U0PA|pat>, privat",
        Commit(COURSE, "AI", FRIDAY, partner="U0PA", private=True),
    ),
    (
        "samverkan «Nätverksträff med Sambruk» senast v.3 med <@W0X>",
        Commit(COLLAB, "Nätverksträff med Sambruk", date(2027, 1, 24), partner="W0X"),
    ),
    ('course "AI" by December 15th, 2026', Commit(COURSE, "AI", date(2026, 12, 15))),
    ("course 'Visit Sundbyberg's team' by the 15th", Commit(COURSE, "Visit Sundbyberg's team", date(2026, 12, 15))),
    ('kurs "AI" senast i mars', Commit(COURSE, "AI", date(2027, 3, 31))),
    ('annat "Julhälsning till teamet" senast jul', Commit(OTHER, "Julhälsning till teamet", date(2026, 12, 24))),
    ('kurs "AI" senast idag', Commit(COURSE, "AI", TODAY)),
    ('kurs "AI" senast 26/11', Commit(COURSE, "AI", TODAY)),
    ('kurs "AI" senast 29 feb', Commit(COURSE, "AI", date(2028, 2, 29))),
    ("course AI by 5.12.2026 at 17:00", Commit(COURSE, "AI", date(2026, 12, 5))),
    ('other "Review pilot" by end of next month', Commit(OTHER, "Review pilot", date(2026, 12, 31))),
    ('other "Review pilot" in a fortnight', Commit(OTHER, "Review pilot", date(2026, 12, 10))),
    ('annat "Läs rapporten" inom 10 dagar', Commit(OTHER, "Läs rapporten", date(2026, 12, 6))),
    ("annat Läs rapporten senast den 3:e", Commit(OTHER, "Läs rapporten", date(2026, 12, 3))),
    ("annat Läs rapporten senast fredag den 18 december kl. 17.00", Commit(OTHER, "Läs rapporten", date(2026, 12, 18))),
    ('"AI för chefer" senast fredag', Commit(OTHER, "AI för chefer", FRIDAY)),
    ("Bli klar med upphandlingsunderlaget senast fredag", Commit(OTHER, "Bli klar med upphandlingsunderlaget", FRIDAY)),
    ('kurs "Digital transformation" senast fredag', Commit(COURSE, "Digital transformation", FRIDAY)),
    ("Privat samtal med Anna senast fredag", Commit(OTHER, "Privat samtal med Anna", FRIDAY)),
    ("kurs privat Stresshantering senast fredag", Commit(COURSE, "Stresshantering", FRIDAY, private=True)),
    ("Ring Anna (konfidentiellt) senast fredag", Commit(OTHER, "Ring Anna", FRIDAY, private=True)),
    ("Läs rapporten om privat vård senast fredag", Commit(OTHER, "Läs rapporten om privat vård", FRIDAY)),
    ('kurs "AI för chefer" för mitt team senast fredag', Commit(COURSE, '"AI för chefer" för mitt team', FRIDAY)),
    ('course "AI" by this coming friday', Commit(COURSE, "AI", FRIDAY)),
    ('kurs "AI"\tsenast\x00fredag', Commit(COURSE, "AI", FRIDAY)),
    # refusals
    ('kurs "AI" senast nästa tisdagkväll', Commit(COURSE, "AI", date(2026, 12, 1))),
    ('kurs "AI" senast nästa tisdagkvällning', (Problem.UNREADABLE_DATE,)),
    ("kurs AI senast asap", (Problem.UNREADABLE_DATE,)),
    ('course "AI" by tomorow', Commit(COURSE, "AI", FRIDAY)),
    ('course "AI" by tomorrowish-ly', (Problem.UNREADABLE_DATE,)),
    ("Go by train to Täby", (Problem.NO_WHEN,)),
    ('kurs "AI" senast', (Problem.NO_WHEN,)),
    ("kurs", (Problem.NO_WHEN, Problem.NO_WHAT)),
    ("kurs om två veckor", (Problem.NO_WHAT,)),
    ("bli bättre på digitalisering senast fredag", (Problem.FLUFFY,)),
    ("vara modig", (Problem.NO_WHEN, Problem.FLUFFY)),
    ("be more innovative by 2026-12-20", (Problem.FLUFFY,)),
    ("Digital transformation by friday", (Problem.FLUFFY,)),
    ("Vi ska bli en datadriven organisation senast 2027-06-30", (Problem.FLUFFY,)),
    ('kurs "AI" senast 25/11/2026', (Problem.PAST,)),
    ('kurs "AI" senast vecka 60', (Problem.NO_SUCH_DATE,)),
    ('kurs "AI" senast 31 april', (Problem.NO_SUCH_DATE,)),
    ('kurs "AI" senast 2028-11-27', (Problem.TOO_FAR,)),
    ('kurs "AI" om 5 år', (Problem.TOO_FAR,)),
    ('course "' + "A" * (MAX_TITLE + 1) + '" by friday', (Problem.TOO_LONG,)),
    ("other " + "word " * 500, (Problem.TOO_LONG,)),
    ("&lt;@U0PA|pat&gt; by friday", (Problem.NO_WHAT,)),
    ("", (Problem.NO_WHEN, Problem.NO_WHAT)),
]


@pytest.mark.parametrize(("text", "expected"), OWN_COMMITS, ids=[text[:60] for text, _ in OWN_COMMITS])
def test_commit_line(text: str, expected: Commit | tuple[Problem, ...]):
    result = parse_commit(text, today=TODAY)
    if isinstance(expected, Commit):
        assert result == expected.draft()
    else:
        assert result == Refusal(expected)


def test_a_title_exactly_max_title_long_is_kept():
    title = "Å" * MAX_TITLE
    result = parse_commit(f'kurs "{title}" senast fredag', today=TODAY)
    assert isinstance(result, CommitDraft) and result.title == title


def test_the_horizon_is_730_days():
    last = TODAY + timedelta(days=730)
    assert parse_commit(f"kurs AI senast {last.isoformat()}", today=TODAY).due == last
    assert parse_commit(f"kurs AI senast {(last + timedelta(days=1)).isoformat()}", today=TODAY) == Refusal(
        (Problem.TOO_FAR,)
    )


def test_a_weekday_is_always_ahead():
    friday = date(2026, 11, 27)
    assert parse_commit("Ring Anna senast fredag", today=friday).due == date(2026, 12, 4)
    assert parse_commit("Ring Anna senast nästa fredag", today=friday).due == date(2026, 12, 4)
    assert parse_commit("Call Anna by this friday", today=friday).due == friday


def test_a_day_or_week_just_over_has_passed_and_one_long_over_is_next_years():
    assert parse_commit('kurs "AI" senast vecka 47', today=TODAY) == Refusal((Problem.PAST,))
    assert parse_commit('kurs "AI" senast 20 november', today=TODAY) == Refusal((Problem.PAST,))
    assert parse_commit('kurs "AI" senast vecka 48', today=TODAY).due == date(2026, 11, 29)
    assert parse_commit('kurs "AI" senast vecka 30', today=TODAY).due == date(2027, 8, 1)
    assert parse_commit('kurs "AI" senast 1 augusti', today=TODAY).due == date(2027, 8, 1)


@pytest.mark.parametrize(
    "title",
    ["bli datadrivna", "become data-driven", "be more innovative", "bli bättre på digitalisering", "vara modig",
     "Become Data-Driven", "BLI DATADRIVNA", "vara en förebild", "get better at change", "Mer innovation"],
)  # fmt: skip
def test_slogans_are_fluffy(title: str):
    assert is_fluffy(title)


@pytest.mark.parametrize(
    "title",
    ["AI för chefer", "Bli klar med upphandlingsunderlaget",
     "Vara med på APT", "Be at the Täby workshop", "Get the budget approved", "Bli medlem i Sambruk",
     "Vara ute i verksamheten en dag", "x", "Ring Nacka om deras e-tjänsteplattform", "Läs 2 kapitel",
     "Bli en mentor", "Digital team meeting"],
)  # fmt: skip
def test_concrete_steps_are_not_fluffy(title: str):
    assert not is_fluffy(title)


def test_a_vision_is_saved_as_written_when_the_manager_insists():
    assert parse_commit("Öka tilliten i teamet senast mars", today=TODAY) == Refusal((Problem.FLUFFY,))
    for line in ("Öka tilliten i teamet senast mars ändå", "Be more data driven by next month anyway"):
        result = parse_commit(line, today=TODAY)
        assert isinstance(result, CommitDraft), line
        assert result.title in ("Öka tilliten i teamet", "Be more data driven")
    assert parse_commit("Öka tilliten ändå", today=TODAY) == Refusal((Problem.NO_WHEN,))


def test_a_course_name_may_be_all_buzzwords():
    assert is_fluffy("Digital transformation")
    assert not is_fluffy("Digital transformation", category=Category.COURSE)
    assert is_fluffy("Data-driven leadership")
    assert not is_fluffy("Digital ledning", category=Category.COURSE)
    assert not is_fluffy("Data-driven leadership", category=Category.COURSE)


def test_common_date_phrases_never_need_dateparser(monkeypatch: pytest.MonkeyPatch):
    """dateparser is slow; the phrases people actually type are read without it."""
    calls = []
    monkeypatch.setattr(grammar, "read_date_loosely", lambda text, today: calls.append(text))
    for line in lines(DATA / "commit-lines.tsv")[:45]:  # the first examples: the everyday phrasings
        parse_commit(line.text, today=TODAY)
    assert calls == []


def test_an_odd_phrasing_is_read_by_dateparser_once():
    dates.read_date_loosely.cache_clear()
    result = parse_commit('course "AI" by 15-Dec-2026 with @pat', today=TODAY)
    assert isinstance(result, CommitDraft) and result.due == date(2026, 12, 15)
    assert result.partner == "pat"
    assert dates.read_date_loosely.cache_info().misses == 1


# ----------------------------------------------------------------------------------- /reflect

OWN_REFLECTS: list[tuple[str, ReflectDraft | tuple[Problem, ...]]] = [
    ("#1 klar privat", ReflectDraft(1, ReflectionKind.DONE, "", done=True, private=True)),
    ("privat #2 Berättade om piloten", ReflectDraft(2, ReflectionKind.PROGRESS, "Berättade om piloten", private=True)),
    ("#4: bokade datum", ReflectDraft(4, ReflectionKind.PROGRESS, "bokade datum")),
    ("# 4 bokade datum", ReflectDraft(4, ReflectionKind.PROGRESS, "bokade datum")),
    ("#4 misslyckande: vi hann inte", ReflectDraft(4, ReflectionKind.FAILURE, "vi hann inte")),
    ("#2 FÄRDIG. Det gick bra", ReflectDraft(2, ReflectionKind.DONE, "Det gick bra", done=True)),
    ("Done!", ReflectDraft(None, ReflectionKind.DONE, "", done=True)),
    ("klart att vi behöver mer tid", ReflectDraft(None, ReflectionKind.LEARNING, "klart att vi behöver mer tid")),
    ("Misslyckande – vi tappade tråden", ReflectDraft(None, ReflectionKind.FAILURE, "vi tappade tråden")),
    (
        "(privat) funderade på delegering",
        ReflectDraft(None, ReflectionKind.LEARNING, "funderade på delegering", private=True),
    ),
    (
        "Lärde mig mycket idag, private.",
        ReflectDraft(None, ReflectionKind.LEARNING, "Lärde mig mycket idag", private=True),
    ),
    ("&lt;!channel&gt; vi lärde oss", ReflectDraft(None, ReflectionKind.LEARNING, "<!channel> vi lärde oss")),
    ("#general är rörigt", ReflectDraft(None, ReflectionKind.LEARNING, "#general är rörigt")),
    (
        "#12345678901 is not a number we keep",
        ReflectDraft(None, ReflectionKind.LEARNING, "#12345678901 is not a number we keep"),
    ),
    ("#7 done, private", ReflectDraft(7, ReflectionKind.DONE, "", done=True, private=True)),
    ("#1 privat", (Problem.NO_TEXT,)),
    ("misslyckande:", (Problem.EMPTY,)),
    ("privat", (Problem.EMPTY,)),
    ("   \n ", (Problem.EMPTY,)),
    ("#1 " + "x" * (MAX_REFLECTION + 1), (Problem.TOO_LONG,)),
    ("x" * 10_000, (Problem.TOO_LONG,)),
]


@pytest.mark.parametrize(
    "text",
    ["#1 det här är privat men chefen var otrevlig", "#1 håll detta privat tack: chefen grät",
     "#2 lärde mig att det tar tid, privat tack", "#2 det gick bra - private please", "#2 privata tankar: trött",
     "#2 for me only: tired", "#2 between us: tired", "#2 mellan oss: trött", "#2 not to be shared: tired",
     "#3 sekretess: personalärende", "#1 klar. Håll det privat.", "#1 tired today (please keep private)",
     "Personligt: jag sover dåligt", "🔒 lärde mig att jag behöver paus"],
)  # fmt: skip
def test_any_mention_of_privacy_keeps_a_reflection_private(text: str):
    result = parse_reflect(text)
    assert isinstance(result, ReflectDraft) and result.private, result
    assert not result.text.lower().endswith(("privat", "private", "(please", "håll det"))


@pytest.mark.parametrize(("text", "expected"), OWN_REFLECTS, ids=[text[:60] for text, _ in OWN_REFLECTS])
def test_reflect_line(text: str, expected: ReflectDraft | tuple[Problem, ...]):
    result = parse_reflect(text)
    assert result == (expected if isinstance(expected, ReflectDraft) else Refusal(expected))


# ------------------------------------------------------------------------- never raises

GRAMMAR_WORDS = [
    *grammar.CATEGORIES, "kurs:", "misslyckande:", *grammar.MARKERS, "om", "in", "within", "inom", "with", "med",
    "every", "varje", "vecka", "week", "month", "månad", "weekly", "monthly", "private", "privat", "(privat)",
    "next", "nästa", "fredag", "friday", "sun", "tomorrow", "i", "morgon", "imorgon", "idag", "the", "den", "end",
    "of", "slutet", "av", "månaden", "januari", "dec", "december", "may", "jul", "v.", "v50", "vecka", "50", "2",
    "två", "tre", "15", "31", "29", "0", "999", "15/12", "1/2", "31/2", "99/99", "2026-12-15", "2030-13-45",
    "2126-01-01", "15:e", "3rd", "kl", "17", "17:00", "5pm", "<@U0PA|pat>", "<@U0PA>", "<@", "@pat", "@here",
    "&lt;", "&gt;", "&amp;", "&lt;!channel&gt;", "\"", "“", "”", "'", "‘", "’", "«", "»", "`", "\"\"", ",", "-",
    "–", "#1", "#", "#99", "klar", "Klar!", "done", "failure:", "bli", "datadrivna", "become", "data-driven",
    "AI", "för", "chefer", "Täby", "🙂", "\x00", "\n", "\u2028", "\u200b", "İ", "ß", "٣", "x" * 60,
    "ändå", "anyway", "q1", "Q4-2027", "kv2", "t3", "h1", "tertial", "påsk", "lucia", "sommaren", "i", "höst",
    "efter", "after", "före", "innan", "eod", "EOW", "tmrw", "imorn", "första", "femtonde", "sista", "fredagen",
    "i fredags", "last", "varannan", "every other", "(privat)", "endast för mig", "just for me", "✅",
    ":white_check_mark:", "Re", "nr", "nr.", "#3klar", "1:a", "15.1", "1/15", "år", "2035", "kl 16", "5pm",
    "noon", "början", "av", "veckan efter nästa", "lärdom:", "TIL", "misslykande", "kurss", "colab", "och",
    "till och med", "absolut", "senast:", "Senast 15 jan:", "By Friday,", "–", ":", "kvartalet", "halvåret",
]  # fmt: skip
words = st.lists(st.sampled_from(GRAMMAR_WORDS), max_size=14).map(" ".join)
glued = st.lists(st.sampled_from(GRAMMAR_WORDS), max_size=8).map("".join)
any_day = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def check_commit(result: object, today: date) -> None:
    assert isinstance(result, CommitDraft | Refusal)
    if isinstance(result, Refusal):
        assert result.problems and all(isinstance(p, Problem) for p in result.problems)
        return
    assert today <= result.due <= today + timedelta(days=730)
    assert result.title and result.title == result.title.strip() and len(result.title) <= MAX_TITLE
    assert not any(ord(c) < 32 for c in result.title)
    assert isinstance(result.category, Category)
    assert result.repeat is None or isinstance(result.repeat, Repeat)


def check_reflect(result: object) -> None:
    assert isinstance(result, ReflectDraft | Refusal)
    if isinstance(result, ReflectDraft):
        assert len(result.text) <= MAX_REFLECTION
        assert result.text or result.done
        assert result.done is (result.kind == ReflectionKind.DONE)
    else:
        assert result.problems and all(isinstance(p, Problem) for p in result.problems)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(), today=any_day)
def test_any_text_is_a_draft_or_a_refusal(text: str, today: date):
    check_commit(parse_commit(text, today=today), today)
    check_reflect(parse_reflect(text))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(words, glued), today=st.one_of(st.just(TODAY), any_day))
def test_any_mix_of_grammar_words_is_a_draft_or_a_refusal(text: str, today: date):
    check_commit(parse_commit(text, today=today), today)
    check_reflect(parse_reflect(text))


@settings(max_examples=30, deadline=None)
@given(text=st.text(min_size=1900, max_size=2100))
def test_long_lines_are_answered(text: str):
    check_commit(parse_commit(text, today=TODAY), TODAY)
    check_reflect(parse_reflect(text * 3))


def test_a_new_date_for_move_is_read_and_checked_like_a_commitments():
    from nudges.grammar import parse_new_date

    today = date(2026, 11, 26)
    assert parse_new_date("senast 20 januari", today=today) == date(2027, 1, 20)
    assert parse_new_date("by next friday", today=today) == date(2026, 12, 4)
    assert parse_new_date("2026-12-24", today=today) == date(2026, 12, 24)
    assert parse_new_date("2026-11-01", today=today).problems == (Problem.PAST,)
    assert parse_new_date("31 februari", today=today).problems == (Problem.NO_SUCH_DATE,)
    assert parse_new_date("", today=today).problems == (Problem.NO_WHEN,)
    assert isinstance(parse_new_date("whenever it suits", today=today), Refusal)
