"""`leadbot strategy import FILE`: the focus areas from a TOML file, in a process of its own
as an operator runs it, against a real database; importing again updates by key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session, select

from storage import db
from storage.models import FocusArea, Workspace

ROOT = Path(__file__).resolve().parents[1]
STRATEGY = """
[[focus]]
key = "ai"
name = { sv = "AI i verksamheten", en = "AI in our services" }
meaning = { sv = "Vi använder AI där det gör nytta", en = "We use AI where it helps" }
steps = [{ category = "course", sv = "Gå kursen AI för chefer", en = "Take the course AI for managers" }]

[[focus]]
key = "digitala-tjanster"
name = { sv = "Digitala tjänster", en = "Digital services" }
"""


def leadbot(tmp_path: Path, database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-not-used",
        "SLACK_SIGNING_SECRET": "not-used",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )


def areas(database_url: str) -> dict[str, FocusArea]:
    with Session(db.make_engine(database_url)) as session:
        workspace = session.exec(select(Workspace).where(Workspace.external_id == "T0KOMMUN")).one()
        rows = session.exec(select(FocusArea).where(FocusArea.workspace_id == workspace.id)).all()
        return {row.key: row for row in rows}


def test_focus_areas_are_added_then_updated_by_key(tmp_path):
    url = f"sqlite:///{tmp_path / 'leadbot.db'}"
    path = tmp_path / "strategi.toml"
    path.write_text(STRATEGY, encoding="utf-8")

    first = leadbot(tmp_path, url, "strategy", "import", str(path), "--workspace", "slack:T0KOMMUN")
    assert first.returncode == 0, first.stderr
    assert first.stdout.split("\n")[:2] == ["ai: added", "digitala-tjanster: added"]
    found = areas(url)
    assert found["ai"].name_sv == "AI i verksamheten" and "AI för chefer" in found["ai"].suggestions

    path.write_text(STRATEGY.replace("Digital services", "Digital public services") + "\narchived = true\n")
    again = leadbot(tmp_path, url, "strategy", "import", str(path), "--workspace", "slack:T0KOMMUN")
    assert again.returncode == 0, again.stderr
    assert again.stdout.split("\n")[:2] == ["ai: updated", "digitala-tjanster: archived"]
    found = areas(url)
    assert len(found) == 2 and found["digitala-tjanster"].name_en == "Digital public services"
    assert found["digitala-tjanster"].archived_at is not None and found["ai"].archived_at is None


def test_a_bad_file_or_area_says_what_is_wrong_and_saves_nothing_of_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'leadbot.db'}"
    broken = tmp_path / "broken.toml"
    broken.write_text("[[focus]\nkey = ", encoding="utf-8")
    said = leadbot(tmp_path, url, "strategy", "import", str(broken), "--workspace", "slack:T0KOMMUN")
    assert said.returncode == 2 and "not TOML" in said.stderr

    nameless = tmp_path / "nameless.toml"
    nameless.write_text('[[focus]]\nkey = "ai"\n', encoding="utf-8")
    refused = leadbot(tmp_path, url, "strategy", "import", str(nameless), "--workspace", "slack:T0KOMMUN")
    assert refused.returncode == 1 and refused.stdout.startswith("ai: refused: name_sv required")
    assert areas(url) == {}

    wrong = leadbot(tmp_path, url, "strategy", "import", str(nameless), "--workspace", "T0KOMMUN")
    assert wrong.returncode == 2 and "--workspace" in wrong.stderr
