"""A person's language: their own choice, else their chat client's, else the default given.
Where a workspace set a language of its own, see nudges.fallbacks for the order."""

from __future__ import annotations

LOCALES = ("sv", "en")


def platform_language(platform_locale: str | None) -> str | None:
    """The one of our languages a chat client's locale (`sv-SE`, `en_US`) names, if any."""
    if platform_locale:
        language = platform_locale.replace("_", "-").split("-")[0].lower()
        if language in LOCALES:
            return language
    return None


def person_locale(platform_locale: str | None, *, choice: str | None, default: str) -> str:
    if choice in LOCALES:
        return choice
    return platform_language(platform_locale) or default
