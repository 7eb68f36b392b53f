"""Days people name instead of dates: holidays, seasons, quarters, tertials and half-years.

"Till påsk", "före lucia", "by Q1", "senast T2", "till sommaren": Swedish public-sector planning
runs on these more than on calendar dates. dateparser reads none of them (it takes "till jul" for
July), and the `holidays` package says which days are off, not what "till sommaren" means as a
deadline, so the table is ours. Movable feasts come from dateutil's Easter computation.

Each phrase resolves to a deadline: the last day someone saying it would still count as on time.
For the feasts that begin a holiday (Easter, Midsummer, the summer break) that is the last
working day before it, whether the person wrote "till" or "före". For single days (Lucia, the
National Day) "till"/"senast" is the day itself and "före"/"innan"/"before" the day before.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.easter import easter


def _day(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


def _last_weekday_before(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _midsummer_eve(year: int) -> date:
    june19 = date(year, 6, 19)
    return june19 + timedelta(days=(4 - june19.weekday()) % 7)


def _first_advent(year: int) -> date:
    nov27 = date(year, 11, 27)
    return nov27 + timedelta(days=(6 - nov27.weekday()) % 7)


def _all_saints(year: int) -> date:
    oct31 = date(year, 10, 31)
    return oct31 + timedelta(days=(5 - oct31.weekday()) % 7)


def _before_easter(year: int) -> date:
    return easter(year) - timedelta(days=3)  # Maundy Thursday: Good Friday is off


def _before_midsummer(year: int) -> date:
    return _midsummer_eve(year) - timedelta(days=1)


def _before_christmas(year: int) -> date:
    return _last_weekday_before(date(year, 12, 24))


def _last(month: int) -> Callable[[int], date]:
    return lambda year: date(year, month, calendar.monthrange(year, month)[1])


# phrase -> (deadline in a given year, whether "före"/"before" moves it one day earlier)
_TABLE: dict[str, tuple[Callable[[int], date], bool]] = {}


def _add(phrases: str, resolve: Callable[[int], date], *, before_shifts: bool) -> None:
    for phrase in phrases.split("|"):
        _TABLE[phrase] = (resolve, before_shifts)


_add("jul|julen|julafton|christmas|christmas eve|xmas", _day(12, 24), before_shifts=True)
_add("alla hjärtans dag|valentine's day|valentines day|valentine's|valentines", _day(2, 14), before_shifts=True)
_add("mellandagarna|i mellandagarna|romjulen|between christmas and new year", _day(12, 30), before_shifts=False)
_add("lucia|luciadagen|st lucia|saint lucia|st lucia's day|lucia day", _day(12, 13), before_shifts=True)
_add(
    "trettondagen|trettondag jul|trettondedag jul|trettondedagen|trettonhelgen|epiphany|twelfth night",
    _day(1, 6),
    before_shifts=True,
)
_add("nationaldagen|sveriges nationaldag|national day", _day(6, 6), before_shifts=True)
_add("valborg|valborgsmässoafton|walpurgis night|walpurgis", _day(4, 30), before_shifts=True)
_add("första maj|1 maj|may day", _day(5, 1), before_shifts=True)
_add("kristi himmelfärd|kristi himmelsfärd|ascension day|ascension", lambda y: easter(y) + timedelta(days=39),
     before_shifts=True)  # fmt: skip
_add("pingst|pingsten|whitsun|pentecost", lambda y: easter(y) + timedelta(days=49), before_shifts=True)
_add("allhelgona|allhelgonahelgen|all saints|all saints' day|all saints day", _all_saints, before_shifts=True)
_add("advent|första advent|1:a advent|first advent|the first of advent", _first_advent, before_shifts=True)
_add("halvårsskiftet|midyear|mid-year|the middle of the year|mitten av året", _day(6, 30), before_shifts=False)
_add("påsk|påsken|påsklovet|påskledigheten|easter|the easter break|easter break|the easter holidays",
     _before_easter, before_shifts=False)  # fmt: skip
_add("midsommar|midsommarafton|midsommaren|midsummer|midsummer's eve|midsummer eve", _before_midsummer,
     before_shifts=False)  # fmt: skip
_add(
    "sommaren|sommarlovet|sommaruppehållet|semestern|sommarsemestern|semestrarna|the summer|summer"
    "|the summer break|summer break|the summer holidays|summer holidays|the holidays in summer",
    _before_midsummer,
    before_shifts=False,
)
_add("jullovet|juluppehållet|julledigheten|the christmas break|christmas break|the christmas holidays"
     "|the holidays", _before_christmas, before_shifts=False)  # fmt: skip
# "Till hösten" is said of what should be in place when autumn starts, "i höst" of what happens
# during it; likewise for spring and summer.
_add("hösten|höstterminen|autumn|the autumn|fall|the fall", _day(8, 31), before_shifts=False)
_add("i höst|under hösten|this autumn|this fall|during the autumn|during the fall|in the autumn|in the fall",
     _day(11, 30), before_shifts=False)  # fmt: skip
_add("våren|vårterminen|spring|the spring", _day(3, 31), before_shifts=False)
_add("i vår|under våren|this spring|during the spring|in the spring", _day(5, 31), before_shifts=False)
_add("i sommar|under sommaren|this summer|during the summer|in the summer|over the summer|över sommaren",
     _day(8, 31), before_shifts=False)  # fmt: skip
_add("vintern|winter|the winter", _day(11, 30), before_shifts=False)
_add("i vinter|under vintern|this winter|during the winter|in the winter", _last(2), before_shifts=False)

PHRASES = tuple(sorted(_TABLE, key=len, reverse=True))
# "i höst", "during the summer": a preposition makes the phrase a date even with no "senast" before it.
DURING = tuple(p for p in PHRASES if p.split()[0] in ("i", "under", "during", "this", "in", "over", "över"))
FIRST_WORDS = frozenset(phrase.split()[0] for phrase in _TABLE)
BEFORE = ("före", "innan", "before", "ahead of", "prior to")


def occasion(phrase: str, today: date, *, before: bool) -> date | None:
    """The next deadline that phrase names, from today on."""
    entry = _TABLE.get(phrase)
    if entry is None:
        return None
    resolve, before_shifts = entry
    for year in (today.year, today.year + 1, today.year + 2):
        day = resolve(year)
        if before and before_shifts:
            day -= timedelta(days=1)
        if day >= today:
            return day
    return None


def quarter_end(quarter: int, today: date, *, year: int | None = None, before: bool = False) -> date:
    """The last day of that quarter (the next one not over), or with `before` of the one before it."""
    if before:
        quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1 if year else None)
    return period_end(quarter * 3, today, year=year)


def _next_month_end(month: int, today: date) -> date:
    for year in (today.year, today.year + 1):
        last = date(year, month, calendar.monthrange(year, month)[1])
        if last >= today:
            return last
    return date(today.year + 1, month, calendar.monthrange(today.year + 1, month)[1])


def period_end(last_month: int, today: date, *, year: int | None = None) -> date:
    """The end of a tertial (April, August, December) or half-year (June, December)."""
    if year:
        return date(year, last_month, calendar.monthrange(year, last_month)[1])
    return _next_month_end(last_month, today)
