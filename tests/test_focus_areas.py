"""The strategy's focus areas in chat, on Slack and on Teams alike: a line names one with a
tag (typos forgiven), the bot suggests the likely one from the words and the manager
confirms, and nothing is required."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlmodel import select

from bot.slack import blocks, ids
from bot.slack.listeners import views
from bot.teams import cards, presses
from nudges.focus_match import match_tag, suggest
from nudges.grammar import focus_tag
from nudges.service import commitments as commitment_use_cases
from nudges.service import identify, run, strategy
from storage.models import Commitment, FocusArea, Person, Team, Workspace
from tests.blockkit import check_view
from tests.conversations.fixtures import chat_fixture  # noqa: F401  (the `chat` fixture)

AI = {
    "key": "ai",
    "name_sv": "AI i verksamheten",
    "name_en": "AI in our services",
    "meaning_sv": "Vi använder AI där det gör nytta för invånarna",
    "meaning_en": "We use AI where it helps residents",
    "suggestion-1-category": "course",
    "suggestion-1-sv": "Gå kursen AI för chefer",
    "suggestion-1-en": "Take the course AI for managers",
}
SERVICES = {
    "key": "digitala-tjanster",
    "name_sv": "Digitala tjänster",
    "name_en": "Digital services",
    "meaning_sv": "E-tjänster som invånarna vill använda",
    "meaning_en": "E-services residents want to use",
    "suggestion-1-sv": "Testa en e-tjänst med invånare",
    "suggestion-1-en": "Test an e-service with residents",
}


def strategy_for(chat, session, who: str) -> int:
    """The person's workspace, with the two focus areas its office decided."""
    chat.say(who, "help")
    session.expire_all()
    person = session.exec(select(Person).where(Person.external_id == chat.id_of(who))).one()
    for form in (AI, SERVICES):
        assert not isinstance(strategy.save_focus_area(chat.services.core, person.workspace_id, form), list)
    return person.workspace_id


def serves(session, number: int) -> str | None:
    session.expire_all()
    row = session.exec(select(Commitment).where(Commitment.number == number)).one()
    area = session.get(FocusArea, row.focus_area_id) if row.focus_area_id else None
    return area.key if area else None


def test_a_tag_names_the_focus_area_and_a_typo_is_forgiven(chat, session):
    strategy_for(chat, session, "anna")
    said = chat.say("anna", 'commit kurs "AI för chefer" senast 15 jan #ai')
    assert "Åtagande sparat" in said and "AI för chefer" in said and "#ai" not in said.split("·")[-1]
    assert "Hör till fokusområdet AI i verksamheten" in said
    assert serves(session, 1) == "ai"

    typo = chat.say("anna", "commit samverkan Workshop med Värmdö om e-tjänster senast 30 jan #digitala-tjanstr")
    assert "Digitala tjänster" in typo
    assert serves(session, 2) == "digitala-tjanster"


def test_an_unknown_tag_saves_the_commitment_and_says_which_tags_there_are(chat, session):
    strategy_for(chat, session, "anna")
    said = chat.say("anna", 'commit kurs "Excel för chefer" senast 15 jan #ekonomi')
    assert "Åtagande sparat" in said
    assert "#ekonomi" in said and "#ai" in said and "#digitala-tjanster" in said
    assert serves(session, 1) is None


def test_the_likely_focus_area_is_suggested_and_confirmed_by_the_manager(chat, session):
    strategy_for(chat, session, "anna")
    said = chat.say("anna", "commit annat Testa e-tjänsten för bygglov med tre invånare senast 20 jan")
    assert "Digitala tjänster" in said and "fokus #1 digitala-tjanster" in said
    assert serves(session, 1) is None  # only a suggestion until the manager says so

    confirmed = chat.say("anna", "commit fokus #1 digitala-tjanster")
    assert "#1" in confirmed and "Digitala tjänster" in confirmed
    assert serves(session, 1) == "digitala-tjanster"
    cleared = chat.say("anna", "commit fokus #1 ingen")
    assert "inte längre" in cleared
    assert serves(session, 1) is None


def test_no_focus_areas_no_words_about_them(chat, session):
    said = chat.say("anna", 'commit kurs "AI för chefer" senast 15 jan')
    assert "fokus" not in said.lower()
    assert "inga fokusområden" in chat.say("anna", "commit fokus #1 ai")
    # a tag typed all the same: the step is saved, and the reply says why the tag was not noted
    said = chat.say("anna", 'commit kurs "Ledarskap" senast 15 jan #ai')
    assert "Åtagande sparat" in said and "Ledarskap" in said and '"' not in said
    assert "inga fokusområden i leadbot än, så #ai noterades inte" in said


def test_someone_elses_number_is_not_theirs_to_focus(chat, session):
    strategy_for(chat, session, "anna")
    chat.say("ben", 'commit course "AI for managers" by 15 Jan')
    said = chat.say("anna", "commit fokus #1 ai")
    assert "#1" in said and "inget åtagande" in said.lower()


def test_stats_follow_each_focus_area_up_and_never_a_group_under_five(chat, session):
    strategy_for(chat, session, "anna")
    for who in ("anna", "ben", "pat", "eno", "kim"):
        assert "#1" in chat.say(who, 'commit kurs "AI för chefer" senast 15 dec #ai')
    chat.say("anna", "reflect #1 klar")
    chat.say("ben", 'commit annat "Testa e-tjänsten för bygglov med invånare" senast 20 dec #digitala-tjanster')
    chat.say("ben", 'commit annat "Privat steg för AI" senast 20 dec #ai privat')

    figures = chat.say("ada", "stats")
    assert "AI in our services: leaders with a step for it 5 · steps completed 1" in figures
    assert "Digital services: fewer than five leaders" in figures
    assert not any(name in figures for name in ("Anna", "Ben", "Pat", "Eno", "Kim"))


def test_the_commit_form_offers_the_focus_areas_and_a_pick_is_kept(chat, session):
    """The form's fields as each platform sends them, through the one form command."""
    workspace_id = strategy_for(chat, session, "anna")
    offered = strategy.focus_areas(chat.services.core, workspace_id)
    today = date(2026, 11, 26)
    if chat.platform == "slack":
        modal = blocks.commit_modal("sv", today=today, focus_areas=offered)
        check_view(modal)
        [menu] = [b for b in modal["blocks"] if b.get("block_id") == ids.FOCUS]
        assert [o["text"]["text"] for o in menu["element"]["options"]] == [
            "Inget",
            "AI i verksamheten",
            "Digitala tjänster",
        ]
        values = {
            ids.CATEGORY: {"selected_option": {"value": "course"}},
            ids.WHAT: {"value": "AI för chefer"},
            ids.DUE: {"selected_date": "2027-01-15"},
            ids.FOCUS: {"selected_option": {"value": "ai"}},
        }
        form = views.commit_form(values)
    else:
        card = cards.commit_form("sv", today=today, focus_areas=offered)
        [choice] = [e for e in card["body"] if e.get("id") == "focus"]
        assert [c["title"] for c in choice["choices"]] == ["Inget", "AI i verksamheten", "Digitala tjänster"]
        form = presses.commit_form({"category": "course", "what": "AI för chefer", "due": "2027-01-15", "focus": "ai"})
    assert form.focus == "ai"
    person = session.exec(select(Person).where(Person.external_id == chat.id_of("anna"))).one()
    actor = identify(
        chat.services.core, platform=chat.platform, workspace=workspace_of(session, person), user=person.external_id
    )
    result = run(chat.services.core, actor, form)
    assert result.focus.serves.key == "ai"
    assert serves(session, result.commitment.number) == "ai"


def workspace_of(session, person) -> str:
    return session.get(Workspace, person.workspace_id).external_id


# --- the pieces, without a server ------------------------------------------------------------


def areas():
    suggestion = SimpleNamespace(category="", sv="Gå kursen AI för chefer", en="Take the course AI for managers")
    ai = SimpleNamespace(**{k: v for k, v in AI.items() if "-" not in k}, suggestions=(suggestion,))
    step = SimpleNamespace(category="", sv="Testa en e-tjänst med invånare", en="Test an e-service with residents")
    other = SimpleNamespace(**{k: v for k, v in SERVICES.items() if "-" not in k}, suggestions=(step,))
    return [ai, other]


@pytest.mark.parametrize(
    ("line", "tag", "rest"),
    [
        ('kurs "AI för chefer" senast 15 dec #ai', "ai", 'kurs "AI för chefer" senast 15 dec'),
        ("#ai kurs AI för chefer senast fredag", "ai", "kurs AI för chefer senast fredag"),
        ("kurs AI för chefer senast fredag #ekonomi", "ekonomi", "kurs AI för chefer senast fredag"),
        ("Posta en uppdatering i #allmänt senast fredag", None, "Posta en uppdatering i #allmänt senast fredag"),
        ('kurs "Om #ai i skolan" senast 15 dec', None, 'kurs "Om #ai i skolan" senast 15 dec'),
        ("drop #2", None, "drop #2"),
        ("kurs x <#C123|allmänt> senast fredag", None, "kurs x <#C123|allmänt> senast fredag"),
        ("läs https://kommun.se/#ai senast fredag", None, "läs https://kommun.se/#ai senast fredag"),
    ],
)
def test_the_tag_is_read_where_it_names_a_focus_area_or_ends_the_line(line, tag, rest):
    assert focus_tag(line, lambda typed: match_tag(typed, areas()) is not None) == (tag, rest)


def test_without_focus_areas_only_a_tag_ending_the_line_is_read():
    assert focus_tag("kurs AI senast fredag #ai") == ("ai", "kurs AI senast fredag")
    assert focus_tag("kurs #AI-strategi senast fredag") == (None, "kurs #AI-strategi senast fredag")


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("ai", "ai"),
        ("AI", "ai"),
        ("digitala-tjänster", "digitala-tjanster"),
        ("Digital-services", "digitala-tjanster"),
        ("digitala-tjanstr", "digitala-tjanster"),
        ("ia", None),
        ("ekonomi", None),
    ],
)
def test_a_tag_matches_a_key_or_a_name_nearly(typed, key):
    found = match_tag(typed, areas())
    assert (found.key if found else None) == key


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("AI för chefer", "ai"),
        ("Take the course on AI", "ai"),
        ("Testa e-tjänsten för bygglov med tre invånare", "digitala-tjanster"),
        ("Workshop om tillit i teamet", None),
        ("Bjuda in Värmdö till en workshop", None),
    ],
)
def test_a_suggestion_only_where_the_words_point_one_way(title, key):
    found = suggest(title, areas())
    assert (found.key if found else None) == key


def test_a_team_switched_on_gets_the_workspaces_own_digest_slot_and_language(chat, session):
    workspace_id = strategy_for(chat, session, "anna")
    saved = strategy.save_defaults(
        chat.services.core, workspace_id, {"locale": "en", "digest_weekday": "3", "digest_time": "10:30"}
    )
    assert not isinstance(saved, list), saved
    chat.say("anna", "språk sv")  # her own choice: the workplace's English is only for who chose none
    chat.team("ledning", ["anna", "ben"])
    said = chat.say("anna", "digest on", channel="ledning")
    assert "torsdag" in said and "10:30" in said
    session.expire_all()
    [team] = session.exec(select(Team)).all()
    assert (team.weekday, team.at.strftime("%H:%M"), team.locale) == (3, "10:30", "en")


def test_the_team_digest_counts_the_weeks_steps_for_each_focus_area_and_nothing_private(chat, session):
    strategy_for(chat, session, "anna")
    chat.team("ledning", ["anna", "ben"])
    chat.say("anna", "digest on", channel="ledning")
    chat.say("anna", 'commit kurs "AI för chefer" senast 15 dec #ai')
    chat.say("ben", 'commit course "Prompting for case workers" by 15 Dec #ai')
    chat.say("ben", 'commit course "Private AI reading" by 15 Dec #ai private')
    for who in ("anna", "ben"):
        chat.say(who, "reflect #1 klar")
    chat.say("ben", "reflect #2 done")
    chat.tick(FRIDAY_1405)

    [digest] = chat.channel("ledning")
    assert "2 steps this week for AI in our services" in digest  # the team reads English
    assert "Private AI reading" not in digest


FRIDAY_1405 = datetime(2026, 11, 27, 13, 5, tzinfo=UTC)


def test_the_check_in_names_the_focus_area_a_step_serves(chat, session):
    strategy_for(chat, session, "anna")
    chat.say("anna", 'commit kurs "AI för chefer" senast 15 dec #ai')
    chat.say("anna", 'commit annat "Städa skrivbordet" senast 15 dec')
    chat.tick(MONDAY_0905)
    [checkin] = chat.inbox("anna")
    assert "AI för chefer · AI i verksamheten" in checkin
    assert "Städa skrivbordet · " not in checkin


MONDAY_0905 = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)


def test_an_archived_focus_area_is_never_offered_in_chat_and_a_restored_one_is_again(chat, session):
    workspace_id = strategy_for(chat, session, "anna")
    core = chat.services.core
    person = session.exec(select(Person).where(Person.external_id == chat.id_of("anna"))).one()
    actor = identify(core, platform=chat.platform, workspace=workspace_of(session, person), user=person.external_id)
    for who in ("ben", "pat", "eno", "kim", "anna"):  # enough leaders for the workspace figures to show
        assert "#1" in chat.say(who, 'commit annat "Testa e-tjänsten för bygglov med invånare" senast 20 dec')
    assert "AI in our services: fewer than five leaders" in chat.say("ada", "stats")
    assert strategy.archive_focus_area(core, workspace_id, "ai")

    offered = commitment_use_cases.form(core, actor, "commit").focus_areas
    assert [area.key for area in offered] == ["digitala-tjanster"]  # what the Slack modal and Teams card list
    said = chat.say("anna", 'commit kurs "AI för chefer" senast 15 dec #ai')
    assert "#2" in said and "#digitala-tjanster" in said  # saved, and told which tags there are
    assert serves_of(chat, session, "anna", 2) is None
    figures = chat.say("ada", "stats")
    assert "Digital services" in figures and "AI in our services" not in figures

    assert strategy.restore_focus_area(core, workspace_id, "ai")
    assert strategy.restore_focus_area(core, workspace_id, "ai") is False  # not archived any more
    offered = commitment_use_cases.form(core, actor, "commit").focus_areas
    assert [area.key for area in offered] == ["ai", "digitala-tjanster"]  # in its old place
    assert "#3" in chat.say("anna", 'commit kurs "AI för chefer, del två" senast 15 dec #ai')
    assert serves_of(chat, session, "anna", 3) == "ai"
    assert "AI in our services" in chat.say("ada", "stats")


def serves_of(chat, session, who: str, number: int) -> str | None:
    """The focus area that person's commitment #number serves."""
    session.expire_all()
    row = session.exec(
        select(Commitment)
        .join(Person, Person.id == Commitment.person_id)
        .where(Person.external_id == chat.id_of(who), Commitment.number == number)
    ).one()
    area = session.get(FocusArea, row.focus_area_id) if row.focus_area_id else None
    return area.key if area else None
