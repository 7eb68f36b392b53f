"""A focus area's suggested first steps as starting points in the Slack commit form: picked, they
fill the form (category, what, focus area), which the manager then edits and saves. (Teams: the
same in tests/test_teams_wire.py.)"""

from __future__ import annotations

from sqlmodel import select

from nudges.service import strategy
from storage.models import Commitment, FocusArea, Person
from tests.wire import blocks_text

AI = {  # also used by the Teams form test (tests/test_teams_wire.py)
    "key": "ai",
    "name_sv": "AI i verksamheten",
    "name_en": "AI in our services",
    "suggestion-1-category": "course",
    "suggestion-1-sv": "Gå kursen AI för chefer",
    "suggestion-1-en": "Take the course AI for managers",
    "suggestion-2-category": "collaboration",
    "suggestion-2-sv": "Besök en kommun som använder AI i handläggningen",
    "suggestion-2-en": "Visit a municipality using AI in casework",
}


def with_strategy(session, services, external_id: str) -> int:
    session.expire_all()
    person = session.exec(select(Person).where(Person.external_id == external_id)).one()
    assert not isinstance(strategy.save_focus_area(services.core, person.workspace_id, AI), list)
    return person.workspace_id


def test_on_slack_a_suggested_step_fills_the_form_and_is_saved_serving_its_area(slack, standin, services, session):
    slack.command("U0ANNA", "/commit", "help")
    slack.replies()
    with_strategy(session, services, "U0ANNA")

    slack.command("U0ANNA", "/commit", "")
    view = standin.wait_for("views.open")[0].args["view"]
    [menu] = [b for b in view["blocks"] if b.get("block_id") == "pick_start"]
    assert "Börja från ett föreslaget första steg" in menu["text"]["text"]
    assert [o["text"]["text"] for o in menu["accessory"]["options"]] == [
        "AI i verksamheten: Gå kursen AI för chefer",
        "AI i verksamheten: Besök en kommun som använder AI i handläggningen",
    ]

    opened = {**view, "id": "V0COMMIT", "hash": "h1"}
    slack.click(
        "U0ANNA", "pick_start", view=opened, extra={"type": "static_select", "selected_option": {"value": "ai:1"}}
    )
    updated = standin.wait_for("views.update")[0].args
    assert updated["view_id"] == "V0COMMIT" and updated["view"]["private_metadata"] == view["private_metadata"]
    inputs = {b["block_id"].partition("~")[0]: b for b in updated["view"]["blocks"] if b["type"] == "input"}
    assert inputs["what"]["element"]["initial_value"] == "Besök en kommun som använder AI i handläggningen"
    assert inputs["category"]["element"]["initial_option"]["value"] == "collaboration"
    assert inputs["focus"]["element"]["initial_option"]["value"] == "ai"

    filled = {b["block_id"]: b for b in updated["view"]["blocks"] if b["type"] == "input"}
    key = {name: block_id for block_id in filled for name in [block_id.partition("~")[0]]}
    response = slack.submit(
        "U0ANNA",
        updated["view"],
        {
            key["category"]: {"type": "static_select", "selected_option": {"value": "collaboration"}},
            key["what"]: {"type": "plain_text_input", "value": "Besök Nacka, som använder AI i handläggningen"},
            key["focus"]: {"type": "static_select", "selected_option": {"value": "ai"}},
            "due": {"type": "datepicker", "selected_date": "2027-02-12"},
            "repeat": {"type": "static_select", "selected_option": {"value": "none"}},
            "visibility": {"type": "radio_buttons", "selected_option": {"value": "team"}},
        },
    )
    assert response.status == 200
    [told] = [c for c in standin.wait_for("chat.postMessage") if c.args["channel"] == "U0ANNA"]
    assert "Besök Nacka" in blocks_text(told.args) and "AI i verksamheten" in blocks_text(told.args)
    session.expire_all()
    saved = session.exec(select(Commitment)).one()
    assert (saved.title, saved.category) == ("Besök Nacka, som använder AI i handläggningen", "collaboration")
    assert session.get(FocusArea, saved.focus_area_id).key == "ai"


def test_on_slack_a_forged_starting_point_opens_the_form_unfilled(slack, standin, services, session):
    slack.command("U0ANNA", "/commit", "help")
    slack.replies()
    with_strategy(session, services, "U0ANNA")
    slack.command("U0ANNA", "/commit", "")
    view = {**standin.wait_for("views.open")[0].args["view"], "id": "V0COMMIT", "hash": "h1"}

    slack.click(
        "U0ANNA", "pick_start", view=view, extra={"type": "static_select", "selected_option": {"value": "ai:9"}}
    )

    updated = standin.wait_for("views.update")[0].args["view"]
    what = next(b for b in updated["blocks"] if b.get("block_id") == "what")
    assert "initial_value" not in what["element"]
