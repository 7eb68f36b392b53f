"""Working days: no weekends, no public holidays, and none of the days a country treats
as one in practice (Midsummer Eve, Christmas Eve and New Year's Eve in Sweden)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


class WorkCalendar:
    def __init__(self, country: str = "SE") -> None:
        self.country = country.upper()
        self._years: dict[int, holidays.HolidayBase] = {}

    def _holidays(self, year: int) -> holidays.HolidayBase:
        if year not in self._years:
            self._years[year] = _country_holidays(self.country, year)
        return self._years[year]

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._holidays(day.year)

    def on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """`count` working days after (or, negative, before) `day`."""
        step = timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day


@lru_cache(maxsize=64)
def _country_holidays(country: str, year: int) -> holidays.HolidayBase:
    supported = getattr(holidays.country_holidays(country, years=[]), "supported_categories", ("public",))
    categories = tuple(c for c in ("public", "de_facto") if c in supported)
    return holidays.country_holidays(country, years=year, categories=categories)


def valid_country(country: str) -> bool:
    try:
        holidays.country_holidays(country.upper(), years=[])
    except NotImplementedError:
        return False
    return True
