"""The strategy's focus areas from a file, for operators who keep configuration as code
(`leadbot strategy import FILE`): TOML (Python's own tomllib), one table per focus area.

    [[focus]]
    key = "ai"
    name = { sv = "AI i verksamheten", en = "AI in our services" }
    meaning = { sv = "Vi använder AI där det gör nytta", en = "We use AI where it helps" }
    steps = [{ category = "course", sv = "Gå kursen AI för chefer", en = "Take the course AI for managers" }]
    # archived = true   archives it (commitments made for it keep pointing at it)

Importing again updates what is there by key and adds what is new: the file can be the
truth, run as often as it changes. Each area goes through the same checks as the admin page.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from nudges.service import strategy
from nudges.service.core import Core


@dataclass(frozen=True)
class Imported:
    key: str
    outcome: str  # "added", "updated", "archived", or "refused: …"


class StrategyFileError(ValueError):
    """The file cannot be read as a strategy: said in one line, naming what is wrong."""


def read(path: Path) -> list[dict]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise StrategyFileError(f"{path}: cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise StrategyFileError(f"{path}: not TOML ({error})") from None
    areas = data.get("focus")
    if not isinstance(areas, list) or not all(isinstance(a, dict) for a in areas):
        raise StrategyFileError(f"{path}: no focus areas (each is a [[focus]] table with a key and a name)")
    return areas


def form_of(area: dict) -> dict[str, str]:
    """One [[focus]] table as the admin page's form."""

    def two(name: str) -> dict:
        value = area.get(name) or {}
        return value if isinstance(value, dict) else {}

    form = {
        "key": str(area.get("key") or ""),
        "name_sv": str(two("name").get("sv") or ""),
        "name_en": str(two("name").get("en") or ""),
        "meaning_sv": str(two("meaning").get("sv") or ""),
        "meaning_en": str(two("meaning").get("en") or ""),
    }
    for n, step in enumerate(area.get("steps") or [], start=1):
        if isinstance(step, dict):
            form[f"suggestion-{n}-category"] = str(step.get("category") or "")
            form[f"suggestion-{n}-sv"] = str(step.get("sv") or "")
            form[f"suggestion-{n}-en"] = str(step.get("en") or "")
    return form


def import_file(core: Core, workspace_id: int, path: Path) -> list[Imported]:
    done = []
    for area in read(path):
        form = form_of(area)
        key = form["key"].strip().lower()
        exists = bool(key) and strategy.focus_area(core, workspace_id, key) is not None
        if exists:
            form["editing"] = key
        saved = strategy.save_focus_area(core, workspace_id, form)
        if isinstance(saved, list):
            said = ", ".join(f"{p.field} {p.code}" for p in saved)
            done.append(Imported(key or "?", f"refused: {said}"))
            continue
        if area.get("archived") is True:
            strategy.archive_focus_area(core, workspace_id, key)
            done.append(Imported(key, "archived"))
        else:
            done.append(Imported(key, "updated" if exists else "added"))
    return done
