"""Words in the person's language, and dates written the local way.

Catalogs are plain dicts with the same keys in every language (a test holds them to it);
`t()` falls back to English only for a key a catalog lacks, never silently to nothing.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel.dates import format_date as _babel_format_date
from babel.dates import get_day_names

from bot.i18n import en, sv
from nudges.language import LOCALES, person_locale

CATALOGS: dict[str, dict[str, str]] = {"en": en.TEXTS, "sv": sv.TEXTS}
assert set(CATALOGS) == set(LOCALES), "a catalog for each supported language (nudges.language), and no other"


def t(locale: str, key: str, **values: object) -> str:
    catalog = CATALOGS.get(locale, en.TEXTS)
    text = catalog.get(key, en.TEXTS[key])
    return text.format(**values) if values else text


pick_locale = person_locale


@lru_cache(maxsize=4096)
def format_date(day: date, locale: str) -> str:
    """'15 dec. 2026' in Swedish, 'Dec 15, 2026' in English. Remembered: a Monday's check-ins
    write the same few dates thousands of times, and babel parses its locale on every call."""
    return _babel_format_date(day, format="medium", locale=locale)


def weekday_name(index: int, locale: str) -> str:
    name = get_day_names("wide", locale=locale)[index]
    return name[:1].upper() + name[1:]


def month_label(year: int, month: int, locale: str) -> str:
    """'november 2026' / 'November 2026'."""
    return _babel_format_date(date(year, month, 1), format="LLLL yyyy", locale=locale)
