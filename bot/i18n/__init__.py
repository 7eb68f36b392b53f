"""Words in the person's language, and dates written the local way.

Catalogs are plain dicts with the same keys in every language (a test holds them to it);
`t()` falls back to English only for a key a catalog lacks, never silently to nothing.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date as _babel_format_date
from babel.dates import get_day_names

from bot.i18n import en, sv

CATALOGS: dict[str, dict[str, str]] = {"en": en.TEXTS, "sv": sv.TEXTS}
LOCALES = tuple(CATALOGS)


def t(locale: str, key: str, **values: object) -> str:
    catalog = CATALOGS.get(locale, en.TEXTS)
    text = catalog.get(key, en.TEXTS[key])
    return text.format(**values) if values else text


def pick_locale(platform_locale: str | None, *, choice: str | None, default: str) -> str:
    """A person's own choice wins, then their chat client's language, then the workspace default."""
    if choice in CATALOGS:
        return choice
    if platform_locale:
        language = platform_locale.replace("_", "-").split("-")[0].lower()
        if language in CATALOGS:
            return language
    return default


def format_date(day: date, locale: str) -> str:
    """'15 dec. 2026' in Swedish, 'Dec 15, 2026' in English."""
    return _babel_format_date(day, format="medium", locale=locale)


def weekday_name(index: int, locale: str) -> str:
    name = get_day_names("wide", locale=locale)[index]
    return name[:1].upper() + name[1:]
