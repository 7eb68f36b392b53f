"""A person's language: their own choice, else their chat client's, else the workspace default."""

from __future__ import annotations

LOCALES = ("sv", "en")


def person_locale(platform_locale: str | None, *, choice: str | None, default: str) -> str:
    if choice in LOCALES:
        return choice
    if platform_locale:
        language = platform_locale.replace("_", "-").split("-")[0].lower()
        if language in LOCALES:
            return language
    return default
