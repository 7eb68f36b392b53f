"""The sandbox: the real app in a terminal, scripted through standard input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sandbox(script: str, tmp_path: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "sandbox", "--db", str(tmp_path / "sandbox.db"), *args],
        input=script,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_scripted_example_shows_the_confirmation_and_the_monday_check_in(tmp_path):
    out = sandbox('/commit kurs "AI för chefer" senast 2027-01-15\n:time next monday 09:05\n', tmp_path, "--fresh")

    assert "Åtagande sparat: #1 Kurs · AI för chefer · senast 15 jan. 2027" in out
    checkin = out.split("It is now Monday")[1]
    assert "[message to anna]" in checkin and "AI för chefer" in checkin
    assert "[3] Klar  [4] Reflektera  [5] Snooza en vecka  [6] Stryk" in checkin


def test_a_week_in_the_sandbox_button_form_digest_in_both_languages(tmp_path):
    script = (
        "\n".join(
            [
                ":as ben",
                '/commit course "AI for managers" by 2027-01-15',
                "/leadbot digest on",
                "/leadbot digest language en",
                ":time next monday 09:05",
                ":click 3",
                "/reflect",
                "",
                "Tried walking one-on-ones",
                "",
                ":home",
                ":time friday 14:05",
                ":as anna",
                "/leadbot digest language sv",
                ":time +7d",
                ":nonsense",
            ]
        )
        + "\n"
    )
    out = sandbox(script, tmp_path, "--fresh")

    assert "Committed: #1 Course · AI for managers" in out
    assert "[message updated]" in out and "Done — well done!" in out
    assert "Reflect — answer each field" in out and "Noted." in out
    assert "[App Home of ben]" in out and "Language: English" in out
    assert "This week's leading by example" in out and "ben · 📚 AI for managers" in out
    assert "Veckans ledarskap genom exempel" in out and "lugn vecka" in out
    assert "Type a slash command" in out


def test_the_sandbox_keeps_its_database_unless_fresh(tmp_path):
    sandbox('/commit course "AI for managers" by 2027-01-15\n', tmp_path, "--fresh")
    out = sandbox("/commit list\n", tmp_path)
    assert "AI for managers" in out
    out = sandbox("/commit list\n", tmp_path, "--fresh")
    assert "AI for managers" not in out


def test_the_sandbox_shows_the_digests_picture_by_its_words(tmp_path):
    lines = [":as anna", "/leadbot digest on", "/leadbot digest language en"]
    names = ("anna", "ben", "pat", "eno", "liv")
    for name in names:
        lines += [f":as {name}", f'/commit course "Step of {name}" by 2027-01-15']
    for name in names:
        lines += [f":as {name}", "/reflect #1 done"]
    out = sandbox("\n".join([*lines, ":time friday 14:05"]) + "\n", tmp_path, "--fresh")

    digest = out.split("This week's leading by example")[1]
    assert "[picture: Last 6 weeks: 5 steps completed, 0 failures shared." in digest
    assert "Step of liv" in digest


def test_a_command_typed_into_an_open_form_closes_it_unsaved_and_runs(tmp_path):
    script = '/reflect\n:as ben\n/commit course "AI for managers" by 2027-01-15\n/commit list\n'
    out = sandbox(script, tmp_path, "--fresh")

    assert "(the form was closed without saving)" in out
    assert "Committed: #1 Course · AI for managers" in out
    assert "Noted" not in out and "Noterat" not in out  # no reflection made of ':as ben'
