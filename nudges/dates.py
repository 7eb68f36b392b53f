"""Date phrases as managers write them after /commit, in Swedish and English.

The common phrases are read here with a small table of patterns rather than with dateparser:
the grammar has to try many word spans per line to find where the title ends, and only a
cheap, deterministic reader makes that affordable. It also covers what dateparser 1.5 cannot
read or reads wrongly: "vecka 50", "nästa fredag", "i slutet av januari", "15 december 2026 kl 17",
"the 15th" (a past day), "31 februari" (impossible rather than unreadable), "till jul" (dateparser
says July), quarters, tertials, holidays and seasons (nudges.occasions). Words are first mended
(`canonical`): misspellings and missing å/ä/ö from a table, month and weekday names a letter or two
off with rapidfuzz, ordinal words as numbers. dateparser is kept for the odd phrasing the table does
not know ("15-Dec-2026"), and is loaded only when such a phrase turns up.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from nudges import occasions
from nudges.drafts import Problem, Repeat

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

HORIZON_DAYS = 730

MONTHS = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "febr": 2, "februari": 2, "february": 2,
    "mar": 3, "mars": 3, "march": 3,
    "apr": 4, "april": 4,
    "maj": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "aug": 8, "augusti": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oct": 10, "oktober": 10, "october": 10,
    "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip

WEEKDAYS = {
    "måndag": 0, "monday": 0,
    "tisdag": 1, "tuesday": 1,
    "onsdag": 2, "wednesday": 2,
    "torsdag": 3, "thursday": 3,
    "fredag": 4, "friday": 4,
    "lördag": 5, "saturday": 5,
    "söndag": 6, "sunday": 6,
}  # fmt: skip

# Short forms are ordinary words too ("sun", "sat", "ons"), so they count only after a marker.
WEEKDAY_ABBREVIATIONS = {
    "mån": 0, "mon": 0,
    "tis": 1, "tue": 1, "tues": 1,
    "ons": 2, "wed": 2,
    "tor": 3, "tors": 3, "thu": 3, "thur": 3, "thurs": 3,
    "fre": 4, "fri": 4,
    "lör": 5, "sat": 5,
    "sön": 6, "sun": 6,
}  # fmt: skip

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "en": 1, "ett": 1, "ett par": 2, "a couple of": 2, "a couple": 2, "couple of": 2,
    "two": 2, "två": 2, "three": 3, "tre": 3, "four": 4, "fyra": 4,
    "five": 5, "fem": 5, "six": 6, "sex": 6, "seven": 7, "sju": 7,
    "eight": 8, "åtta": 8, "nine": 9, "nio": 9, "ten": 10, "tio": 10,
    "eleven": 11, "elva": 11, "twelve": 12, "tolv": 12,
}  # fmt: skip

UNITS = {
    "day": "day", "days": "day", "dag": "day", "dagar": "day",
    "week": "week", "weeks": "week", "vecka": "week", "veckor": "week",
    "month": "month", "months": "month", "månad": "month", "månader": "month",
    "year": "year", "years": "year", "år": "year",
}  # fmt: skip

RELATIVE_DAYS = {
    "today": 0, "idag": 0, "i dag": 0, "tonight": 0, "ikväll": 0, "i kväll": 0,
    "tomorrow": 1, "imorgon": 1, "i morgon": 1, "imorron": 1, "imorrn": 1,
    "day after tomorrow": 2, "the day after tomorrow": 2, "övermorgon": 2, "i övermorgon": 2,
    "eod": 0, "cob": 0, "eob": 0, "end of day": 0, "end of the day": 0, "close of business": 0,
    "end of business": 0, "dagens slut": 0, "i eftermiddag": 0, "i förmiddag": 0, "i morse": 0,
    "igår": -1, "i går": -1, "yesterday": -1, "förrgår": -2, "i förrgår": -2, "the day before yesterday": -2,
}  # fmt: skip

ORDINALS = {
    "första": 1, "andra": 2, "tredje": 3, "fjärde": 4, "femte": 5, "sjätte": 6, "sjunde": 7, "åttonde": 8,
    "nionde": 9, "tionde": 10, "elfte": 11, "tolfte": 12, "trettonde": 13, "fjortonde": 14, "femtonde": 15,
    "sextonde": 16, "sjuttonde": 17, "artonde": 18, "nittonde": 19, "tjugonde": 20, "tjugoförsta": 21,
    "tjugoandra": 22, "tjugotredje": 23, "tjugofjärde": 24, "tjugofemte": 25, "tjugosjätte": 26,
    "tjugosjunde": 27, "tjugoåttonde": 28, "tjugonionde": 29, "trettionde": 30, "trettioförsta": 31,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25,
    "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30,
    "thirty-first": 31,
}  # fmt: skip

# Misspellings seen in chat, and the definite forms of weekdays ("sista fredagen i månaden").
_ALIASES = {
    "tmrw": "tomorrow", "tmw": "tomorrow", "tmrow": "tomorrow", "tomorow": "tomorrow", "tommorow": "tomorrow",
    "tommorrow": "tomorrow", "tomorrw": "tomorrow", "tomoro": "tomorrow", "2morrow": "tomorrow",
    "2moro": "tomorrow", "imorn": "imorgon", "imorrn": "imorgon", "imorron": "imorgon", "imorrom": "imorgon",
    "imon": "imorgon", "b4": "before", "bfr": "before", "bef": "before", "morrn": "morgon", "morn": "morgon",
    "idag:": "idag",
    "måndagen": "måndag", "tisdagen": "tisdag", "onsdagen": "onsdag", "torsdagen": "torsdag",
    "fredagen": "fredag", "lördagen": "lördag", "söndagen": "söndag", "wensday": "wednesday",
    "wednsday": "wednesday", "thurday": "thursday", "thusday": "thursday", "firday": "friday", "fridy": "friday",
}  # fmt: skip

# Words that make a phrase after "by"/"senast" look like an attempt at a date.
DATE_WORDS = (
    set(MONTHS) | set(WEEKDAYS) | set(WEEKDAY_ABBREVIATIONS) | set(UNITS)
    | {phrase for phrase in RELATIVE_DAYS if " " not in phrase}
    | {"next", "nästa", "veckan", "v", "end", "slutet", "mid", "mitten", "kl", "månaden", "morgon",
       "julen", "christmas", "nyår", "året", "tomorow", "tommorow"}
)  # fmt: skip


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_FOLD = str.maketrans("åäö", "aao")
_SPELLED_OUT = [*(m for m in MONTHS if len(m) > 4), *WEEKDAYS]
_FOLDED = {
    word.translate(_FOLD): word
    for word in [*_SPELLED_OUT, "nästa", "månad", "månaden", "månader", "veckan", "året", "årsskiftet",
                 "månadsskiftet", "övermorgon", "påsk", "påsken", "våren", "vårterminen", "höstterminen",
                 "hösten", "lördag", "söndag", "måndag", "halvåret", "början", "första", "fjärde", "nästnästa",
                 "före", "mån", "lör", "sön", "kväll"]
    if word.translate(_FOLD) != word
}  # fmt: skip


_WEEKDAY_AND_DAYPART = re.compile(
    f"({_alternatives(WEEKDAYS)})s?(?:kväll|kvällen|morgon|morgonen|eftermiddag|eftermiddagen|förmiddag|lunch)"
)


@lru_cache(maxsize=8192)
def canonical(word: str) -> str:
    """A word as the date patterns know it: misspellings and missing å/ä/ö mended, ordinal words
    as numbers ("femtonde" -> "15:e", "first" -> "1st"), "fredagen" as "fredag". Month and weekday
    names a letter or two off are matched with rapidfuzz (only long words, so names in a title such
    as "Fredrik" are left alone)."""
    word = _ALIASES.get(word, word)
    word = _FOLDED.get(word, word)
    compound = _WEEKDAY_AND_DAYPART.fullmatch(word)
    if compound:  # "tisdagkväll", "fredagseftermiddag"
        return compound[1]
    if word in ORDINALS:
        number = ORDINALS[word]
        english = word.isascii()
        return f"{number}{_english_suffix(number)}" if english else f"{number}:{'a' if number in (1, 2) else 'e'}"
    if len(word) >= 6 and word.isalpha() and word not in _KNOWN:
        from rapidfuzz import fuzz, process

        found = process.extractOne(word, _SPELLED_OUT, scorer=fuzz.ratio, score_cutoff=80)
        if found and found[0][0] == word[0]:
            return found[0]
    return word


def _english_suffix(number: int) -> str:
    return "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


_MON = f"(?P<mon>{_alternatives(MONTHS)})"
_MON_ALONE = f"(?P<mon>{_alternatives([m for m in MONTHS if m != 'jul'])})"  # "jul" alone is Christmas
_WD = f"(?P<wd>{_alternatives(WEEKDAYS)})"
_WD_SHORT = f"(?P<wd>{_alternatives(WEEKDAY_ABBREVIATIONS)})"
_ANY_WD = f"(?:{_alternatives([*WEEKDAYS, *WEEKDAY_ABBREVIATIONS])})"
_YEAR = r"(?:\s(?P<y>\d{4}))?"
_ORDINAL = r"(?:st|nd|rd|th|:e|:a|e)?"
_ON = r"(?:(?:nu\s)?(?:on|på)\s)?"
_PREFIX = rf"{_ON}(?:{_ANY_WD}\s)?(?:(?:the|den)\s)?"
_CLOCK = (
    r"(?:(?:kl|klockan|at|@)\s?\d{1,2}(?:[:.]\d{2})?(?:\s?(?:am|pm))?|\d{1,2}[:.]\d{2}(?:\s?(?:am|pm))?"
    r"|\d{1,2}\s?(?:am|pm))"
)
_DAYPART = (
    r"(?:\s(?:morning|afternoon|evening|night|lunch|noon|lunchtime|bitti|förmiddag|förmiddagen|eftermiddag"
    r"|eftermiddagen|kväll|kvällen|morgon|morgonen|lunchen|fm|em|f\.m|e\.m|eod|cob|am|pm|a\.m|p\.m))?"
    r"(?:\s(?:är\sslut|tar\sslut|is\sover|ends|är\sklar|at\sthe\slatest|i\ssenaste\sfall))?"
)
_TIME = rf"{_DAYPART}(?:\s(?:innan\s|before\s)?{_CLOCK})?"
# "by 5pm today", "senast kl 16 på fredag": the time may come before the day too.
_TIME_FIRST = (
    rf"(?:(?:{_CLOCK}|noon|midday|lunch|lunchtime|lunchtid|end\sof\s(?:the\s)?day|eod|cob|close\sof\sbusiness"
    r"|first\sthing|1st\sthing|först\spå|direkt\spå|genast\spå)"
    r"\s(?:(?:on|på)\s)?)?"
)
_NUMBER = f"(?P<n>\\d{{1,3}}|{_alternatives(NUMBER_WORDS)})"
_UNIT = f"(?P<unit>{_alternatives(UNITS)})"
_THIS = r"this\scoming|this|denna|nu\skommande|kommande|coming"
_END_OF = r"(?:(?:at\s)?the\s)?end\sof\s"
_SLUTET_AV = r"(?:i\s)?slutet\sav\s"

# A date, a problem with an impossible date, or None when the phrase is not a date after all.
Reading = date | Problem | None
Resolver = Callable[[re.Match[str], date], Reading]


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """Same day of the month, or the month's last day when it is shorter ("31 Jan + 1 month")."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def first_due(repeat: Repeat, today: date) -> date:
    """A repeating commitment without a date is first due one period from today."""
    if repeat == Repeat.WEEK:
        return today + timedelta(days=7)
    if repeat == Repeat.BIWEEKLY:
        return today + timedelta(days=14)
    return add_months(today, 1)


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _exact(year: int, month: int, day: int) -> Reading:
    try:
        return date(year, month, day)
    except ValueError:
        return Problem.NO_SUCH_DATE


# A day or week named without a year that was over less than this long ago was meant as that one,
# and has passed ("senast 20 november" on 26 November); one further back is next year's.
RECENT = timedelta(days=90)


def _next_day_of_year(month: int, day: int, today: date) -> Reading:
    """The first such day from today on: "1/2" in November is next February."""
    if _exact(2000, month, day) == Problem.NO_SUCH_DATE:  # 2000 had a 29 February
        return Problem.NO_SUCH_DATE
    for year in (today.year, today.year - 1):
        found = _exact(year, month, day)
        if isinstance(found, date) and today - RECENT <= found < today:
            return Problem.PAST
    for year in range(today.year, today.year + 9):
        found = _exact(year, month, day)
        if isinstance(found, date) and found >= today:
            return found
    return Problem.NO_SUCH_DATE


def _day_month(match: re.Match[str], today: date) -> Reading:
    groups = match.groupdict()
    month = MONTHS[groups["mon"]] if groups.get("mon") else int(groups["m"])
    day = int(groups["d"])
    if not groups.get("mon") and month > 12 >= day and match.group().count("/"):
        month, day = day, month  # "1/15": only month/day can be meant
    if groups.get("y"):
        return _exact(_year(groups["y"]), month, day)
    return _next_day_of_year(month, day, today)


def _relative(match: re.Match[str], today: date) -> Reading:
    return today + timedelta(days=RELATIVE_DAYS[match["rel"]])


def _weekday(match: re.Match[str], today: date) -> Reading:
    """Plainly named: the next one after today. "Next"/"nästa": that day in the following week."""
    weekday = {**WEEKDAYS, **WEEKDAY_ABBREVIATIONS}[match["wd"]]
    if match.groupdict().get("next"):
        next_monday = today + timedelta(days=7 - today.weekday())
        return next_monday + timedelta(days=weekday)
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not match.groupdict().get("this"):
        ahead = 7
    return today + timedelta(days=ahead)


def _in_coming_week(week: int, weekday: int, today: date) -> Reading:
    """That day of the first week with that number in which the day is still ahead."""
    year = today.isocalendar().year
    for candidate in (year, year - 1):
        try:
            last = date.fromisocalendar(candidate, week, 7)
        except ValueError:
            continue
        if today - RECENT <= last < today:
            return Problem.PAST
    for candidate in (year, year + 1, year + 2):
        try:
            day = date.fromisocalendar(candidate, week, weekday + 1)
        except ValueError:  # no such week that year (53), or none at all
            continue
        if day >= today:
            return day
    return Problem.NO_SUCH_DATE


def _week(match: re.Match[str], today: date) -> Reading:
    """A week is done by its Sunday: "vecka 2" in November is the second week of next year."""
    if not match["y"]:
        return _in_coming_week(int(match["w"]), 6, today)
    try:
        return date.fromisocalendar(int(match["y"]), int(match["w"]), 7)
    except ValueError:
        return Problem.NO_SUCH_DATE


def _weekday_of_week(match: re.Match[str], today: date) -> Reading:
    return _in_coming_week(int(match["w"]), WEEKDAYS[match["wd"]], today)


def _end_of_week(weeks_ahead: int) -> Resolver:
    def resolve(match: re.Match[str], today: date) -> Reading:
        return today + timedelta(days=6 - today.weekday() + 7 * weeks_ahead)

    return resolve


def _end_of_month(months_ahead: int) -> Resolver:
    def resolve(match: re.Match[str], today: date) -> Reading:
        ahead = add_months(today.replace(day=1), months_ahead)
        return _last_day(ahead.year, ahead.month)

    return resolve


def _end_of_named_month(match: re.Match[str], today: date) -> Reading:
    month = MONTHS[match["mon"]]
    if match["y"]:
        return _last_day(int(match["y"]), month) if 1 <= int(match["y"]) <= 9999 else Problem.NO_SUCH_DATE
    for year in (today.year, today.year + 1):
        last = _last_day(year, month)
        if last >= today:
            return last
    return Problem.NO_SUCH_DATE


def _middle_of_month(match: re.Match[str], today: date) -> Reading:
    month = MONTHS[match["mon"]]
    if match["y"]:
        return _exact(int(match["y"]), month, 15)
    return _next_day_of_year(month, 15, today)


def _day_alone(match: re.Match[str], today: date) -> Reading:
    """A day of the month alone ("the 15th"): the next such day from today on that exists."""
    day = int(match["d"])
    if not 1 <= day <= 31:
        return Problem.NO_SUCH_DATE
    for ahead in range(13):
        first = add_months(today.replace(day=1), ahead)
        if day <= calendar.monthrange(first.year, first.month)[1] and first.replace(day=day) >= today:
            return first.replace(day=day)
    return Problem.NO_SUCH_DATE


def _in(match: re.Match[str], today: date) -> Reading:
    count = int(match["n"]) if match["n"].isdigit() else NUMBER_WORDS[match["n"]]
    unit = UNITS[match["unit"]]
    if unit == "day":
        return today + timedelta(days=count)
    if unit == "week":
        return today + timedelta(weeks=count)
    return add_months(today, count * (12 if unit == "year" else 1))


def _fixed_day(month: int, day: int) -> Resolver:
    def resolve(match: re.Match[str], today: date) -> Reading:
        return _next_day_of_year(month, day, today)

    return resolve


_BEFORE = _alternatives(occasions.BEFORE)


def _year_or_none(match: re.Match[str]) -> int | None:
    return _year(match["y"]) if match.groupdict().get("y") else None


def _occasion(match: re.Match[str], today: date) -> Reading:
    return occasions.occasion(match["occ"], today, before=bool(match["before"]))


def _quarter(match: re.Match[str], today: date) -> Reading:
    return occasions.quarter_end(int(match["q"]), today, year=_year_or_none(match), before=bool(match["before"]))


def _end_of_work_week(match: re.Match[str], today: date) -> Reading:
    """EOW is Friday: this week's, or next week's when said at the weekend."""
    return today + timedelta(days=(4 - today.weekday()) % 7)


def _early_month(match: re.Match[str], today: date) -> Reading:
    """ "I början av februari": by the end of its first week."""
    month = MONTHS[match["mon"]]
    if match["y"]:
        return date(int(match["y"]), month, 7)
    return _next_day_of_year(month, 7, today)


def _before_month(match: re.Match[str], today: date) -> Reading:
    """ "Före mars": by the last day of February; "innan februari är slut": by its last day."""
    month = MONTHS[match["mon"]]
    if re.search(r"(?:är|tar)\sslut|is\sover|ends$", match.group()):
        return _end_of_named_month(match, today)
    year = int(match["y"]) if match["y"] else None
    if year is None:
        year = today.year if _last_day(today.year, month - 1 or 12) >= today or month == 1 else today.year + 1
    previous = add_months(date(year, month, 1), -1)
    found = _last_day(previous.year, previous.month)
    return found if found >= today or match["y"] else _last_day(found.year + 1, found.month)


_PAST_WD = "|".join(f"{name}s" for name in ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"))


def _past(match: re.Match[str], today: date) -> Reading:
    """ "Last Monday", "förra fredagen", "i fredags": a deadline already behind us."""
    return Problem.PAST


def _occasion_during(match: re.Match[str], today: date) -> Reading:
    return occasions.occasion(match["occ"], today, before=False)


def _occasion_in_year(match: re.Match[str], today: date) -> Reading:
    """ "Till sommaren 2027", "by summer 2030": that year's; past the horizon, too far."""
    year = int(match["y"])
    found = occasions.occasion(match["occ"], date(year, 1, 1), before=bool(match["before"]))
    if found is None or found.year != year:
        return Problem.NO_SUCH_DATE
    return Problem.TOO_FAR if (found - today).days > HORIZON_DAYS else found


def _weekday_and_day(match: re.Match[str], today: date) -> Reading:
    """ "Fredag den 11:e": the next 11th that is a Friday."""
    weekday, day = WEEKDAYS[match["wd"]], int(match["d"])
    first = today.replace(day=1)
    for ahead in range(15):
        month = add_months(first, ahead)
        if day <= calendar.monthrange(month.year, month.month)[1]:
            candidate = month.replace(day=day)
            if candidate >= today and candidate.weekday() == weekday:
                return candidate
    return Problem.NO_SUCH_DATE


def _unit_end(match: re.Match[str], today: date) -> Reading:
    """ "Innan kvartalet är slut", "by the end of the month" said as "the month": this one's end."""
    unit = match["unit"]
    if unit in ("kvartalet", "quarter"):
        return occasions.quarter_end((today.month - 1) // 3 + 1, today)
    if unit in ("månaden", "month"):
        return _last_day(today.year, today.month)
    if unit in ("veckan", "week"):
        return today + timedelta(days=6 - today.weekday())
    if unit in ("terminen", "term"):
        return date(today.year, 12, 20) if today.month >= 8 else date(today.year, 6, 15)
    return date(today.year, 12, 31)


def _year_alone(match: re.Match[str], today: date) -> Reading:
    """ "Senast 2027": the end of that year; "före 2028" the end of the one before; past the
    horizon, too far whatever the day."""
    year = int(match["y"]) - (1 if match.groupdict().get("before") else 0)
    if year < 1 or year > 9999:
        return Problem.NO_SUCH_DATE
    end = date(year, 12, 31)
    if end < today:
        return Problem.PAST
    return (
        end
        if (end - today).days <= HORIZON_DAYS or (date(year, 1, 1) - today).days <= HORIZON_DAYS
        else (Problem.TOO_FAR)
    )


def _last_working_day(match: re.Match[str], today: date) -> Reading:
    """ "Sista arbetsdagen före jul", "the last working day of the month"."""
    if match["occ"]:
        day = occasions.occasion(match["occ"], today, before=True)
        if day is None:
            return None
    else:
        month = today.month if match["cur"] else MONTHS[match["mon"]]
        year = today.year if month >= today.month else today.year + 1
        day = _last_day(year, month)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day if day >= today else Problem.PAST


def _nth_weekday_here(match: re.Match[str], today: date) -> Reading:
    """ "Sista fredagen" alone: the last one of this month, or of next month once it is over."""
    weekday = WEEKDAYS[match["wd"]]
    first = today.replace(day=1)
    for month_start in (first, add_months(first, 1)):
        last = _last_day(month_start.year, month_start.month)
        day = last - timedelta(days=(last.weekday() - weekday) % 7)
        if day >= today:
            return day
    return None


def _nth_weekday(match: re.Match[str], today: date) -> Reading:
    """ "Sista fredagen i månaden", "the first Monday of February": the next such day from today."""
    weekday = WEEKDAYS[match["wd"]]
    nth = match["nth"]
    if match["mon"]:
        months = (
            [date(int(match["y"]), MONTHS[match["mon"]], 1)]
            if match["y"]
            else [date(today.year + ahead, MONTHS[match["mon"]], 1) for ahead in (0, 1)]
        )
    else:
        first = today.replace(day=1)
        months = [add_months(first, 1)] if match["nxt"] else [first, add_months(first, 1)]
    for first in months:
        days = [d for d in (first + timedelta(days=i) for i in range(31)) if d.month == first.month]
        matching = [d for d in days if d.weekday() == weekday]
        index = -1 if nth in ("sista", "last") else int(nth[0]) - 1
        if index >= len(matching):
            continue
        if matching[index] >= today:
            return matching[index]
    return Problem.NO_SUCH_DATE


_WEEK_NUMBER_WORDS = _alternatives([w for w in NUMBER_WORDS if " " not in w])

# (pattern, resolver, readable without a marker). Marker-only forms are words that also occur
# in titles ("May", "sun", "the 15th"); after "by"/"senast" they can only be a date.
_FORMS: list[tuple[str, Resolver, bool]] = [
    (rf"{_PREFIX}(?P<y>\d{{4}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})", _day_month, True),
    (rf"{_PREFIX}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}|\d{{2}}))?", _day_month, True),
    (rf"{_PREFIX}(?P<d>\d{{1,2}})[.-](?P<m>\d{{1,2}})[.-](?P<y>\d{{4}}|\d{{2}})", _day_month, True),
    (rf"{_PREFIX}(?P<d>\d{{1,2}}){_ORDINAL}(?:\sof)?\s{_MON}{_YEAR}", _day_month, True),
    (rf"{_PREFIX}{_MON}\s(?:the\s)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{_YEAR}", _day_month, True),
    (rf"{_ON}(?P<rel>{_alternatives(RELATIVE_DAYS)})", _relative, True),
    (rf"{_ON}(?:(?P<next>next|nästa)\s|(?P<this>{_THIS})\s)?{_WD}", _weekday, True),
    (rf"{_ON}{_WD}\s(?P<next>next|nästa)\s(?:week|vecka)", _weekday, True),
    (rf"{_ON}(?:(?P<next>next|nästa)\s|(?P<this>this|denna)\s)?{_WD_SHORT}", _weekday, False),
    (r"(?:(?:during|in|under|i)\s)?(?:v|vecka|week|wk|vk|w)\.?\s?(?P<w>\d{1,2})(?:\s(?P<y>\d{4}))?", _week, True),
    (rf"{_ON}{_WD}\s(?:(?:i|in|of|på)\s)?(?:v|vecka|week|wk|vk|w)\.?\s?(?P<w>\d{{1,2}})", _weekday_of_week, True),
    (
        rf"{_END_OF}(?:the\s|this\s)?week|{_SLUTET_AV}(?:veckan|denna\svecka)|this\sweek|denna\svecka"
        r"|den\shär\sveckan|veckans\sslut",
        _end_of_week(0),
        True,
    ),
    (r"i\sveckan", _end_of_week(0), False),
    (
        rf"(?:(?:during|under|i|in)\s)?(?:(?:{_END_OF})?next\sweek|{_SLUTET_AV}nästa\svecka|nästa\svecka)",
        _end_of_week(1),
        True,
    ),
    (
        rf"{_END_OF}(?:the\s|this\s)?month|{_SLUTET_AV}(?:månaden|denna\smånad|den\shär\smånaden)"
        r"|månadsskiftet|this\smonth|denna\smånad|den\shär\smånaden",
        _end_of_month(0),
        True,
    ),
    (rf"(?:{_END_OF})?next\smonth|{_SLUTET_AV}nästa\smånad|nästa\smånad", _end_of_month(1), True),
    (rf"(?:{_END_OF}|{_SLUTET_AV}){_MON}{_YEAR}", _end_of_named_month, True),
    (rf"(?:(?:in\s)?the\s)?mid(?:dle)?[\s-](?:of\s)?{_MON}{_YEAR}", _middle_of_month, True),
    (rf"(?:i\s)?mitten\sav\s{_MON}{_YEAR}", _middle_of_month, True),
    (rf"(?:in|i|during|under)\s{_MON_ALONE}{_YEAR}", _end_of_named_month, True),
    (rf"{_MON_ALONE}{_YEAR}", _end_of_named_month, False),
    (r"(?:the|den)\s(?P<d>\d{1,2})(?:st|nd|rd|th|:e|:a)?", _day_alone, False),
    (r"(?P<d>\d{1,2})(?:st|nd|rd|th|:e|:a)", _day_alone, False),
    (rf"(?:in|om|within|inom)\s(?:about\s|ca\s|cirka\s|around\s)?{_NUMBER}\s{_UNIT}", _in, True),
    (r"(?:in|om|within|inom)\s(?:a\s)?fortnight", lambda m, today: today + timedelta(days=14), True),
    (rf"(?:(?P<before>{_BEFORE})\s)?(?:(?:the|den)\s)?(?P<occ>{_alternatives(occasions.PHRASES)})", _occasion, False),
    (rf"(?P<occ>{_alternatives(occasions.DURING)})", _occasion_during, True),
    (
        rf"(?:(?P<before>{_BEFORE})\s)?(?:(?:during|in|under|i)\s)?(?:{_END_OF}|{_SLUTET_AV})?"
        r"(?:q|kv|kvartal\s?|quarter\s?)(?P<q>[1-4])(?:[\s/-](?P<y>\d{4}|\d{2}))?",
        _quarter,
        True,
    ),
    (
        rf"(?:(?P<before>{_BEFORE})\s)?(?:(?:during|in|under|i)\s)?(?:{_END_OF}|{_SLUTET_AV})?(?:(?:the|det)\s)?"
        r"(?P<q>[1-4])(?::a|:e|st|nd|rd|th)\s(?:kvartalet|kvartal|quarter)(?:\s(?:of\s)?(?P<y>\d{4}))?",
        _quarter,
        True,
    ),
    (
        rf"(?:{_END_OF}(?:the\s|this\s)?quarter|{_SLUTET_AV}(?:kvartalet|detta\skvartal)|eoq|kvartalsskiftet"
        r"|this\squarter|detta\skvartal)",
        lambda m, today: occasions.quarter_end((today.month - 1) // 3 + 1, today),
        True,
    ),
    (
        rf"(?:{_END_OF})?next\squarter|(?:{_SLUTET_AV})?nästa\skvartal",
        lambda m, today: occasions.period_end(((today.month - 1) // 3 + 1) % 4 * 3 + 3, today),
        True,
    ),
    (
        rf"(?:(?:during|in|under|i)\s)?(?:{_END_OF}|{_SLUTET_AV})?(?:t|tertial\s?)(?P<t>[1-3])(?:[\s/-](?P<y>\d{{4}}))?",
        lambda m, today: occasions.period_end(int(m["t"]) * 4, today, year=_year_or_none(m)),
        False,
    ),
    (
        rf"(?:(?:during|in|under|i)\s)?(?:{_END_OF}|{_SLUTET_AV})?(?:(?:the|det)\s)?(?P<t>[1-3])(?::a|:e|st|nd|rd)"
        r"\s(?:tertialet|tertial)(?:\s(?P<y>\d{4}))?",
        lambda m, today: occasions.period_end(int(m["t"]) * 4, today, year=_year_or_none(m)),
        True,
    ),
    (
        rf"(?:(?:during|in|under|i)\s)?(?:{_END_OF}|{_SLUTET_AV})?(?:(?:the|det)\s)?(?:h(?P<h>[12])|(?P<h2>[12])"
        r"(?::a|st|nd)\s(?:halvåret|halvår|half(?:\sof(?:\sthe)?\syear)?|half-year))(?:\s(?:of\s)?(?P<y>\d{4}))?",
        lambda m, today: occasions.period_end(int(m["h"] or m["h2"]) * 6, today, year=_year_or_none(m)),
        True,
    ),
    (
        r"eow|(?:the\s)?end\sof\s(?:the\s)?(?:work(?:ing)?\s|business\s)week|arbetsveckans\sslut",
        _end_of_work_week,
        True,
    ),
    (r"eom", _end_of_month(0), True),
    (r"eoy", _fixed_day(12, 31), True),
    (
        rf"(?:(?:i\s)?början\sav|(?:(?:in|at)\s)?(?:the\s)?(?:beginning|start)\sof|(?:in\s)?early)\s{_MON}{_YEAR}",
        _early_month,
        True,
    ),
    (
        r"(?:i\s)?början\sav\snästa\smånad|(?:(?:in|at)\s)?(?:the\s)?(?:beginning|start)\sof\snext\smonth"
        r"|early\snext\smonth",
        lambda m, today: add_months(today.replace(day=1), 1).replace(day=7),
        True,
    ),
    (
        r"(?:i\s)?början\sav\snästa\svecka|(?:(?:in|at)\s)?(?:the\s)?(?:beginning|start)\sof\snext\sweek"
        r"|early\snext\sweek",
        lambda m, today: today + timedelta(days=7 - today.weekday() + 1),
        True,
    ),
    (rf"late\s{_MON}{_YEAR}", _end_of_named_month, True),
    (
        r"(?:i\s)?veckan\sefter\snästa|(?:(?:by|in)\s)?(?:the\s)?(?:end\sof\s)?(?:the\s)?week\safter\snext"
        r"|(?:i\s)?nästnästa\svecka",
        _end_of_week(2),
        True,
    ),
    (
        rf"{_ON}(?:(?:the|den)\s)?(?P<nth>[1-5](?::a|:e|st|nd|rd|th)|sista|last)\s{_WD}\s(?:i|in|of)\s"
        rf"(?:(?P<cur>månaden|the\smonth|this\smonth|denna\smånad|den\shär\smånaden)|(?P<nxt>nästa\smånad"
        rf"|next\smonth)|{_MON}{_YEAR})",
        _nth_weekday,
        True,
    ),
    (rf"{_PREFIX}(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})", _day_month, False),
    (rf"(?P<before>{_BEFORE})\s{_MON_ALONE}{_YEAR}", _before_month, True),
    (
        r"(?:(?:during|in|under|i)\s)?(?:q|kv|kvartal\s?|quarter\s?)(?:[05-9]|\d\d)",
        lambda m, t: Problem.NO_SUCH_DATE,
        True,
    ),
    (r"(?:(?:during|in|under|i)\s)?(?:t|tertial\s?)(?:[04-9]|\d\d)", lambda m, t: Problem.NO_SUCH_DATE, False),
    (
        r"(?:(?:during|in|under|i)\s)?tertial\s?(?P<t>[1-3])(?:[\s/-](?P<y>\d{4}))?",
        lambda m, today: occasions.period_end(int(m["t"]) * 4, today, year=_year_or_none(m)),
        True,
    ),
    (
        rf"(?:(?P<before>{_BEFORE})\s)?(?:(?:the|den)\s)?(?P<occ>{_alternatives(occasions.PHRASES)})\s(?P<y>\d{{4}})",
        _occasion_in_year,
        True,
    ),
    (
        rf"{_ON}{_WD}\s(?:the\s|den\s)?(?P<d>\d{{1,2}})(?:st|nd|rd|th|:e|:a|e)?",
        _weekday_and_day,
        True,
    ),
    (r"(?:(?:on|på)\s)?(?:the|den)\s(?P<d>\d{1,2})(?::e|:a|st|nd|rd|th)", _day_alone, True),
    (
        r"(?:(?:the|this|denna|den\shär)\s)?(?P<unit>kvartalet|quarter|månaden|month|veckan|week|året|year|terminen"
        r"|term)",
        _unit_end,
        False,
    ),
    (
        rf"(?:(?:during|under|i|in)\s)?(?:v|vecka|week)\s(?P<wn>{_WEEK_NUMBER_WORDS})",
        lambda m, today: _in_coming_week(NUMBER_WORDS[m["wn"]], 6, today),
        True,
    ),
    (rf"{_ON}(?:the\s)?(?:last|förra|past)\s{_WD}|förra\s(?:veckan|week)|last\sweek|i\s(?:{_PAST_WD})", _past, True),
    (rf"(?:(?:den\s)?sista\s(?:dagen\si\s|av\s)?|(?:the\s)?last\sday\sof\s){_MON}{_YEAR}", _end_of_named_month, True),
    (
        rf"{_ON}(?:den\s|the\s)?(?:sista|last)\s(?:arbetsdagen|working\sday|workday|business\sday)\s"
        rf"(?:(?P<before>{_BEFORE})\s|in\s|of\s|i\s)(?:the\s)?(?:(?P<occ>{_alternatives(occasions.PHRASES)})"
        rf"|(?P<cur>månaden|the\smonth|this\smonth)|{_MON})",
        _last_working_day,
        True,
    ),
    (
        rf"(?:the\s|den\s)?(?P<n>[1-4])(?:st|nd|rd|th|:a|:e)\s(?:week|veckan)\s(?:of|in|i)\s{_MON}{_YEAR}",
        lambda m, today: _next_day_of_year(MONTHS[m["mon"]], 7 * int(m["n"]), today),
        True,
    ),
    (rf"(?:(?:the|den)\s)?(?:sista|last)\s{_WD}(?:\sof\sthe\smonth|\si\smånaden)?", _nth_weekday_here, False),
    (rf"(?:(?P<before>{_BEFORE})\s)?(?:(?:år|year|the\syear|året)\s)?(?P<y>\d{{4}})", _year_alone, False),
    (r"(?:(?:during|in|under|i)\s)?(?:år|this\syear|i\sår|innevarande\sår)", _fixed_day(12, 31), False),
    (
        rf"nyår|nyårsafton|new\syears?|new\syear's(?:\seve)?|årsskiftet|{_END_OF}(?:the\s|this\s)?year"
        rf"|(?:the\s)?year[\s-]end|{_SLUTET_AV}året|årets\sslut",
        _fixed_day(12, 31),
        True,
    ),
]


_COMPILED = [(re.compile(rf"{_TIME_FIRST}(?:{pattern}){_TIME}"), resolve, bare) for pattern, resolve, bare in _FORMS]

_FIRST_WORDS = (
    set(MONTHS) | set(WEEKDAYS) | set(WEEKDAY_ABBREVIATIONS)
    | {phrase.split()[0] for phrase in RELATIVE_DAYS}
    | {"on", "på", "the", "den", "next", "nästa", "this", "denna", "kommande", "coming", "during", "in",
       "under", "i", "v", "vecka", "week", "wk", "vk", "w", "at", "end", "slutet", "mitten", "mid",
       "middle", "månadsskiftet", "om", "within", "inom", "till", "to", "jul", "julen", "julafton",
       "christmas", "xmas", "nyår", "nyårsafton", "new", "årsskiftet", "year", "year-end", "årets", "veckans",
       "före", "innan", "before", "q", "kv", "kvartal", "quarter", "kvartalsskiftet", "eoq", "eow", "eom", "eoy",
       "eod", "cob", "eob", "close", "dagens", "t", "tertial", "h", "början", "beginning", "start", "early",
       "late", "sista", "last", "förra", "past", "år", "året", "noon", "midday", "lunch", "nästnästa", "veckan",
       "kl", "klockan", "nu", "arbetsveckans", "detta", "det", "ett", "a", "couple", "kvartalet", "månaden", "terminen",
       "term", "month", "over", "över", "alla", "valentine's", "valentines", "mellandagarna", "romjulen",
       "between", "igår", "yesterday", "förrgår"}
    | occasions.FIRST_WORDS
)  # fmt: skip
_FIRST_WORD_PATTERN = re.compile(r"\d|(?:v|w|wk|vk|vecka|week)\.?\d|mid-|(?:q|kv|t|h)\d|@\d")
_KNOWN = (
    frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(ORDINALS) | frozenset(UNITS) | _FIRST_WORDS
    | frozenset(_PAST_WD.split("|"))
)  # fmt: skip


def could_start_date(word: str) -> bool:
    """A cheap test that lets the grammar skip most word spans without trying every pattern."""
    return word in _FIRST_WORDS or bool(_FIRST_WORD_PATTERN.match(word))


@lru_cache(maxsize=4096)
def read_date(phrase: str, today: date, *, marked: bool) -> Reading:
    """Reads a whole phrase of lower-case words separated by single spaces.

    `marked` says a word such as "by" or "senast" came just before, which lets words that are
    also ordinary words ("May", "sun") count as dates.
    """
    first = phrase.split(" ", 1)[0]
    if not phrase or not could_start_date(first):
        return None
    marked = marked or first in ("före", "innan", "before")
    for pattern, resolve, bare in _patterns_for(first):
        if not (bare or marked):
            continue
        match = pattern.fullmatch(phrase)
        if match:
            return resolve(match, today)
    return None


@lru_cache(maxsize=2048)
def _patterns_for(first: str) -> list[tuple[re.Pattern[str], Resolver, bool]]:
    """The patterns a phrase starting with this word can match, found once per word with the
    `regex` module's partial matching (already installed with dateparser): the grammar reads many
    spans per line, and most patterns cannot start with most words."""

    return [
        (pattern, resolve, bare)
        for (pattern, resolve, bare), partial in zip(_COMPILED, _partials(), strict=True)
        if partial.fullmatch(first, partial=True) or partial.fullmatch(first + " ", partial=True)
    ]


@lru_cache(maxsize=1)
def _partials() -> list:
    import regex

    return [regex.compile(pattern.pattern) for pattern, _, _ in _COMPILED]


def looks_like_date(words: Sequence[str]) -> bool:
    """Whether words that could not be read were still meant as a date (for a kinder refusal)."""
    return any(w in DATE_WORDS or any(c.isdigit() for c in w) for w in words)


@lru_cache(maxsize=8)
def _loose_parser(today: date) -> DateDataParser:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["sv", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": datetime.combine(today, time()),
            "PARSERS": ["relative-time", "absolute-time"],
        },
    )


@lru_cache(maxsize=256)
def read_date_loosely(text: str, today: date) -> date | None:
    """The last resort for phrasings the patterns do not know ("15-Dec-2026", "15.dec", "2 weeks"
    after a marker). Only answers that name a day (or a number of weeks) count: dateparser fills a
    bare "May" or "2027" with today's day of the month, which would be a made-up deadline."""
    if len(text) > 80 or not any(c.isalpha() for c in text):
        return None
    try:
        data = _loose_parser(today).get_date_data(text)
    except Exception:  # dateparser may fail on input it was never meant for; unreadable is the answer
        return None
    if data["date_obj"] is None or data["period"] not in ("day", "week"):
        return None
    return data["date_obj"].date()
