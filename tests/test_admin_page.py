"""The admin page in a real browser (headless Debian Chromium through Playwright) against the real
HTTP server and a real database, as an admin uses it: the one-time link from the bot, the focus
areas, the defaults, the follow-up's charts, and axe-core's WCAG 2.1 AA check on every page.

Needs /usr/bin/chromium and npm (axe-core is installed by tests/web/install); without them it
skips saying what to install, or fails when LEADBOT_REQUIRE_PLAYGROUND=1. Screenshots go to the
test's temporary folder (printed with -s).
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlmodel import Session, select

from bot.http import make_server, make_wsgi, serve_in_thread
from bot.services import Services
from bot.settings import Settings
from bot.web import make_admin
from bot.web.texts import EN, SV
from nudges.service import admin, strategy
from nudges.service.actors import identify
from nudges.service.peers import NoPeers
from storage.models import Commitment, FocusArea, Reflection
from tests.playground_chat import CHROMIUM_ARGS
from tests.playground_servers import CHROMIUM, Leadbot, free_port
from tests.test_teams_wire import connector, teams  # noqa: F401 (fixtures: the Teams app and its connector)

WEB = Path(__file__).parent / "web"
AXE = WEB / "node_modules" / "axe-core" / "axe.min.js"
WCAG21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_the_page_speaks_both_languages_with_the_same_words():
    assert SV.keys() == EN.keys()
    assert all(SV[k].strip() and EN[k].strip() for k in SV)


def test_leadbot_run_serves_the_admin_page(tmp_path):
    bot = Leadbot(tmp_path)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{bot.port}/admin", headers={"Accept-Language": "sv-SE"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.url == f"http://127.0.0.1:{bot.port}/admin/how-to-sign-in"
            page = answer.read().decode()
        assert '<html lang="sv">' in page and "I Slack: /leadbot admin" in page
    finally:
        bot.stop()


@pytest.fixture(scope="module")
def browser():
    why = None
    if not Path(CHROMIUM).exists():
        why = f"{CHROMIUM} is missing: apt-get install -y chromium (Debian's package)"
    else:
        done = subprocess.run([str(WEB / "install")], capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            why = f"tests/web/install failed: {done.stderr.strip() or done.stdout.strip()}"
    if why is not None:
        if os.environ.get("LEADBOT_REQUIRE_PLAYGROUND") == "1":
            pytest.fail(f"the browser tests are required here: {why}")
        pytest.skip(f"{why} (set LEADBOT_REQUIRE_PLAYGROUND=1 to fail instead)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Site:
    def __init__(self, services: Services, url: str) -> None:
        self.services, self.url, self.core = services, url, services.core

    def link(self, user: str = "U0ANNA", workspace: str = "T1", platform: str = "slack") -> str | None:
        actor = identify(
            self.core, platform=platform, workspace=workspace, user=user, profile={"platform_locale": "sv-SE"}
        )
        return admin.issue_link(self.core, actor, NoPeers())


@pytest.fixture
def site(database_url, engine, clock):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = Settings.from_env(
        {"DATABASE_URL": database_url, "LEADBOT_PUBLIC_URL": url, "LEADBOT_ADMINS": "U0ANNA,U0OTHER,aad-anna"},
        dotenv_path=None,
    )
    services = Services(settings=settings, engine=engine, clock=clock)
    server = make_server(
        make_wsgi(None, engine, services.metrics, web=make_admin(services)), host="127.0.0.1", port=port, threads=4
    )
    serve_in_thread(server)
    yield Site(services, url)
    server.close()


@pytest.fixture
def page(browser):
    # axe is injected as a script: let it past the page's own Content-Security-Policy (no scripts).
    context = browser.new_context(bypass_csp=True, locale="sv-SE")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def sign_in(page, link: str) -> None:
    page.goto(link)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fokusområden")


def no_wcag_violations(page, shots: Path | None = None, name: str = "") -> None:
    page.wait_for_load_state("load")  # the charts too: axe reads what is shown
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
                          WCAG21AA)  # fmt: skip
    if shots is not None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert found == [], json.dumps(
        [{"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"][:3]]} for v in found], indent=1
    )


def test_the_link_signs_in_once_and_only_once_with_a_strict_http_only_cookie(site, browser, page):
    link = site.link()
    sign_in(page, link)
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "leadbot_admin"]
    assert (cookie["httpOnly"], cookie["sameSite"], cookie["secure"], cookie["path"]) == (
        True,
        "Strict",
        False,
        "/admin",
    )
    other = browser.new_context(locale="sv-SE")
    try:
        again = other.new_page()
        again.goto(link)
        again.get_by_role("button", name="Logga in").click()
        expect(again.get_by_text("Länken fungerar inte längre")).to_be_visible()
        again.goto(site.url + "/admin")
        expect(again.get_by_role("heading", level=1)).to_have_text("Logga in på administrationen")
        expect(again.get_by_text("/leadbot admin")).to_be_visible()
    finally:
        other.close()


def test_an_expired_link_is_refused(site, page, clock):
    link = site.link()
    clock.now += timedelta(minutes=11)
    page.goto(link)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_text("Länken fungerar inte längre")).to_be_visible()
    page.goto(site.url + "/admin")
    expect(page).to_have_url(site.url + "/admin/how-to-sign-in")


def test_a_non_admin_gets_no_link(site):
    assert site.link(user="U0SOMEONE") is None


def test_a_post_without_the_sessions_csrf_token_is_refused(site, page, engine):
    sign_in(page, site.link())
    form = {"key": "ai", "name_sv": "AI", "name_en": "AI"}
    assert page.request.post(site.url + "/admin/focus-areas", form=form).status == 403
    assert page.request.post(site.url + "/admin/focus-areas", form={**form, "csrf": "guessed"}).status == 403
    assert page.request.post(site.url + "/admin/signout", form={}).status == 403
    with Session(engine) as session:
        assert session.exec(select(FocusArea)).all() == []
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fokusområden")  # still signed in


def make_area_on_the_page(page, link: str) -> None:
    sign_in(page, link)
    page.get_by_role("link", name="Nytt fokusområde").click()
    page.get_by_label("Nyckel").fill("ai")
    page.get_by_label("Namn på svenska").fill("AI i vardagen")
    page.get_by_label("Namn på engelska").fill("AI in everyday work")
    page.get_by_label("Vad det betyder, på svenska").fill("Vi prövar AI där det hjälper invånarna.")
    page.get_by_label("Vad det betyder, på engelska").fill("We try AI where it helps residents.")
    first = page.get_by_role("group", name="Förslag 1")
    first.get_by_label("Slag", exact=True).select_option("course")
    first.get_by_label("Förslaget på svenska").fill("Gå kursen AI för chefer")
    first.get_by_label("Förslaget på engelska").fill("Take the course AI for managers")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_have_text("AI i vardagen är sparat.")


def test_a_focus_area_made_on_the_page_is_stored_listed_edited_and_archived(site, page, engine, tmp_path):
    make_area_on_the_page(page, site.link())
    expect(page.get_by_role("row", name="ai AI i vardagen")).to_be_visible()
    with Session(engine) as session:
        (row,) = session.exec(select(FocusArea)).all()
        assert (row.key, row.name_sv, row.name_en, row.meaning_en) == (
            "ai",
            "AI i vardagen",
            "AI in everyday work",
            "We try AI where it helps residents.",
        )
        assert json.loads(row.suggestions) == [
            {"category": "course", "sv": "Gå kursen AI för chefer", "en": "Take the course AI for managers"}
        ]
    page.get_by_role("link", name="Redigera AI i vardagen").click()
    expect(page.get_by_label("Nyckel")).to_have_value("ai")
    page.get_by_label("Namn på engelska").fill("AI at work")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("row", name="ai AI at work")).to_be_visible()
    page.get_by_role("button", name="Archive AI at work").click()
    expect(page.get_by_role("status")).to_have_text("AI at work is archived.")
    expect(page.get_by_text("No focus areas yet.")).to_be_visible()
    with Session(engine) as session:
        assert session.exec(select(FocusArea)).one().archived_at is not None


def test_a_focus_area_made_on_the_page_is_offered_in_the_slack_commit_form(site, page, slack, standin):
    make_area_on_the_page(page, site.link(workspace=standin.team_id))

    slack.command("U0ANNA", "/commit", "")
    view = standin.wait_for("views.open")[0].args["view"]

    [menu] = [b for b in view["blocks"] if b.get("block_id") == "focus"]
    assert [o["text"]["text"] for o in menu["element"]["options"]] == ["Inget", "AI i vardagen"]
    [start] = [b for b in view["blocks"] if b.get("block_id") == "pick_start"]
    assert [o["text"]["text"] for o in start["accessory"]["options"]] == ["AI i vardagen: Gå kursen AI för chefer"]


def test_a_focus_area_made_on_the_page_is_offered_in_the_teams_commit_card(site, page, teams, connector):  # noqa: F811
    from tests.test_teams_wire import TENANT

    teams.say("anna", "hjälp")  # known in the tenant, as someone who has written to leadbot
    make_area_on_the_page(page, site.link(user="aad-anna", workspace=TENANT, platform="teams"))

    before = len(connector.sent)
    teams.post(teams.activity("anna", "commit"))
    [form] = connector.wait_for(before + 1)[-1].cards

    [choice] = [e for e in form["body"] if e.get("id") == "focus"]
    assert [c["title"] for c in choice["choices"]] == ["Inget", "AI i vardagen"]
    starts = [a["title"] for b in form["body"] if b.get("type") == "ActionSet" for a in b["actions"]]
    assert starts == ["AI i vardagen: Gå kursen AI för chefer"]


def test_an_archived_focus_area_is_restored_from_the_page(site, page, engine, tmp_path):
    core = site.core
    workspace = identify(core, platform="slack", workspace="T1", user="U0ANNA").workspace_id
    strategy.save_focus_area(core, workspace, {"key": "ai", "name_sv": "AI i vardagen", "name_en": "AI at work"})
    strategy.save_focus_area(core, workspace, {"key": "e-tjanster", "name_sv": "E-tjänster", "name_en": "E-services"})
    strategy.archive_focus_area(core, workspace, "ai")
    other = identify(core, platform="slack", workspace="T2", user="U0OTHER").workspace_id
    strategy.save_focus_area(core, other, {"key": "ai", "name_sv": "Annan kommun", "name_en": "Other town"})
    strategy.archive_focus_area(core, other, "ai")
    sign_in(page, site.link())
    expect(page.get_by_role("row", name="ai AI i vardagen")).to_have_count(0)
    no_wcag_violations(page, tmp_path, "areas-archived")  # the archived list with its buttons too

    page.get_by_role("button", name="Återställ AI i vardagen").click()
    expect(page.get_by_role("status")).to_have_text("AI i vardagen är tillbaka bland fokusområdena.")
    expect(page.get_by_role("row", name="ai AI i vardagen")).to_be_visible()
    expect(page.get_by_role("button", name="Återställ AI i vardagen")).to_have_count(0)
    assert [a.key for a in strategy.focus_areas(core, workspace)] == ["ai", "e-tjanster"]  # in its old place
    assert strategy.focus_areas(core, other) == []  # the other workspace's namesake stays archived
    no_wcag_violations(page, tmp_path, "areas-restored")


def test_a_focus_area_whose_key_has_swedish_letters_is_edited_archived_and_restored(site, page, engine):
    core = site.core
    workspace = identify(core, platform="slack", workspace="T1", user="U0ANNA").workspace_id
    strategy.save_focus_area(core, workspace, {"key": "välfärd", "name_sv": "Välfärd", "name_en": "Welfare"})
    sign_in(page, site.link())

    page.get_by_role("link", name="Redigera Välfärd").click()
    expect(page.get_by_label("Nyckel")).to_have_value("välfärd")
    page.get_by_label("Namn på svenska").fill("Välfärd nära invånarna")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("row", name="välfärd Välfärd nära invånarna")).to_be_visible()
    page.get_by_role("button", name="Arkivera Välfärd nära invånarna").click()
    expect(page.get_by_role("status")).to_have_text("Välfärd nära invånarna är arkiverat.")
    page.get_by_role("button", name="Återställ Välfärd nära invånarna").click()
    expect(page.get_by_role("row", name="välfärd Välfärd nära invånarna")).to_be_visible()
    with Session(engine) as session:
        row = session.exec(select(FocusArea)).one()
        assert (row.key, row.name_sv, row.archived_at) == ("välfärd", "Välfärd nära invånarna", None)


def test_a_restore_without_the_sessions_csrf_token_is_refused(site, page, engine):
    core = site.core
    workspace = identify(core, platform="slack", workspace="T1", user="U0ANNA").workspace_id
    strategy.save_focus_area(core, workspace, {"key": "ai", "name_sv": "AI i vardagen", "name_en": "AI at work"})
    strategy.archive_focus_area(core, workspace, "ai")
    sign_in(page, site.link())
    answer = page.request.post(site.url + "/admin/focus-areas/ai/restore", form={"csrf": "not-the-token"})
    assert answer.status == 403
    assert strategy.focus_areas(core, workspace) == []


def test_a_form_with_problems_says_what_to_correct_and_keeps_what_was_typed(site, page, engine):
    sign_in(page, site.link())
    page.get_by_role("link", name="Nytt fokusområde").click()
    page.get_by_label("Nyckel").fill("1 fel")
    page.get_by_label("Namn på svenska").fill("Något")
    page.get_by_label("Namn på engelska").fill("Something")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_contain_text("Nyckeln får bara ha små bokstäver")
    expect(page.get_by_label("Namn på svenska")).to_have_value("Något")
    expect(page.get_by_label("Nyckel")).to_have_attribute("aria-invalid", "true")
    with Session(engine) as session:
        assert session.exec(select(FocusArea)).all() == []


def test_the_defaults_are_saved_from_the_page(site, page):
    sign_in(page, site.link())
    page.get_by_role("link", name="Standardinställningar").click()
    page.get_by_label("Tidszon").fill("Europe/Helsinki")
    page.get_by_label("Dag för avstämning").select_option("0")
    page.get_by_label("Tid för avstämning").fill("08:30")
    page.get_by_label("Land för helgdagar").fill("fi")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_have_text("Standardinställningarna är sparade.")
    expect(page.get_by_label("Land för helgdagar")).to_have_value("FI")
    workspace = identify(site.core, platform="slack", workspace="T1", user="U0ANNA").workspace_id
    kept = strategy.workspace_defaults(site.core, workspace)
    assert (kept.timezone, kept.nudge_weekday, kept.nudge_time.isoformat(), kept.holidays) == (
        "Europe/Helsinki",
        0,
        "08:30:00",
        "FI",
    )
    page.get_by_label("Tid för avstämning").fill("halv nio")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_contain_text("Fältet Tid för avstämning behöver en tid som 09:00.")


def seed_follow_up(site: Site, engine) -> None:
    """Two focus areas in workspace T1: 'ai' with six leaders in November (and a shared failure),
    'e-tjanster' with two; and another workspace's area that must never show."""
    core = site.core
    t1 = identify(core, platform="slack", workspace="T1", user="U0ANNA").workspace_id
    strategy.save_focus_area(core, t1, {"key": "ai", "name_sv": "AI i vardagen", "name_en": "AI in everyday work"})
    strategy.save_focus_area(core, t1, {"key": "e-tjanster", "name_sv": "E-tjänster", "name_en": "E-services"})
    t2 = identify(core, platform="slack", workspace="T2", user="U0OTHER").workspace_id
    strategy.save_focus_area(core, t2, {"key": "hemligt", "name_sv": "Annan kommun", "name_en": "Other town"})
    people = [identify(core, platform="slack", workspace="T1", user=f"U{n}").person_id for n in range(8)]
    with Session(engine) as session:
        areas = {a.key: a.id for a in session.exec(select(FocusArea).where(FocusArea.workspace_id == t1))}
        for n, person in enumerate(people[:6]):
            done = n < 4
            category = ("course", "collaboration", "other", "course", "other", "other")[n]
            session.add(
                Commitment(workspace_id=t1, person_id=person, number=1, category=category, title=f"Steg {n}",
                           due=datetime(2026, 12, 1).date(), focus_area_id=areas["ai"],
                           created_at=datetime(2026, 10, 28, tzinfo=UTC), state="done" if done else "active",
                           completed_at=datetime(2026, 11, 10 + n, tzinfo=UTC) if done else None)
            )  # fmt: skip
        for person in people[6:]:
            session.add(
                Commitment(workspace_id=t1, person_id=person, number=1, category="other", title="Litet steg",
                           due=datetime(2026, 12, 1).date(), focus_area_id=areas["e-tjanster"],
                           created_at=datetime(2026, 11, 2, tzinfo=UTC))
            )  # fmt: skip
        session.flush()
        step = session.exec(select(Commitment).where(Commitment.person_id == people[0])).one()
        session.add(Reflection(workspace_id=t1, person_id=people[0], commitment_id=step.id, kind="failure",
                               text="Piloten föll", learning="Fråga invånarna först",
                               created_at=datetime(2026, 11, 12, tzinfo=UTC)))  # fmt: skip
        session.commit()


def test_the_follow_up_shows_charts_and_figures_of_groups_of_five_only(site, page, engine, tmp_path):
    seed_follow_up(site, engine)
    sign_in(page, site.link())
    page.get_by_role("link", name="Uppföljning").click()
    chart = page.get_by_role("img", name="Stapeldiagram för AI i vardagen, de senaste sex månaderna.")
    expect(chart).to_be_visible()
    page.wait_for_load_state("load")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    november = page.get_by_role("table", name="Siffrorna för AI i vardagen").get_by_role("row", name="nov. 2026")
    expect(november.get_by_role("cell")).to_have_text(["6", "4", "1", "2", "1"])
    small = page.get_by_role("table", name="Siffrorna för E-tjänster")
    expect(small.get_by_role("row", name="nov. 2026")).to_contain_text("färre än fem")
    expect(page.get_by_text("Annan kommun")).to_have_count(0)
    assert page.request.get(site.url + "/admin/charts/hemligt.svg").status == 404  # another workspace's area
    shot = tmp_path / "follow-up.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"\nfollow-up screenshot: {shot}")
    csv = page.request.get(site.url + "/admin/follow-up.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text().lstrip("\ufeff").splitlines()
    assert lines[0] == (
        "Nyckel,Namn,Månad,Chefer med ett aktivt åtagande,Steg genomförda,Misslyckanden delade med lärdom,"
        "Kurser gjorda,Samarbeten"
    )
    assert "ai,AI i vardagen,2026-11,6,4,1,2,1" in lines
    assert "e-tjanster,E-tjänster,2026-11,färre än fem,,,," in lines
    assert not any("Annan kommun" in line or "Steg 0" in line for line in lines)


def test_every_page_meets_wcag_2_1_aa(site, page, engine, tmp_path):
    seed_follow_up(site, engine)
    link = site.link()
    page.goto(site.url + "/admin/how-to-sign-in")
    no_wcag_violations(page, tmp_path, "how-to-sign-in")
    page.goto(link)
    no_wcag_violations(page, tmp_path, "signin")
    sign_in(page, link)
    no_wcag_violations(page, tmp_path, "areas")
    page.get_by_role("link", name="Nytt fokusområde").click()
    page.get_by_label("Nyckel").fill("1 fel")
    page.get_by_label("Namn på svenska").fill("Något")
    page.get_by_label("Namn på engelska").fill("Something")
    page.get_by_role("button", name="Spara").click()  # with problems
    expect(page.get_by_role("alert")).to_be_visible()
    no_wcag_violations(page, tmp_path, "area-problems")
    page.goto(site.url + "/admin/focus-areas/ai")
    no_wcag_violations(page, tmp_path, "area-edit")
    page.goto(site.url + "/admin/defaults")
    no_wcag_violations(page, tmp_path, "defaults")
    page.goto(site.url + "/admin/follow-up")
    no_wcag_violations(page, tmp_path, "follow-up")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Follow-up")
    no_wcag_violations(page, tmp_path, "follow-up-en")
    page.keyboard.press("Tab")  # the skip link comes first and shows when focused
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.goto(site.url + "/admin/defaults")
    expect(page).to_have_url(site.url + "/admin/how-to-sign-in")


def test_the_cookie_is_secure_when_the_public_url_is_https(database_url, engine, clock):
    import http.client

    settings = Settings.from_env(
        {
            "DATABASE_URL": database_url,
            "LEADBOT_PUBLIC_URL": "https://leadbot.kommun.example",
            "LEADBOT_ADMINS": "U0ANNA",
        },
        dotenv_path=None,
    )
    services = Services(settings=settings, engine=engine, clock=clock)
    server = make_server(make_wsgi(None, engine, web=make_admin(services)), host="127.0.0.1", port=0, threads=2)
    serve_in_thread(server)
    try:
        link = Site(services, "").link()
        token = link.removeprefix("https://leadbot.kommun.example/admin/signin?token=")
        connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=10)
        connection.request(
            "POST",
            "/admin/signin",
            body=f"token={token}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        answer = connection.getresponse()
        assert (answer.status, answer.getheader("Location")) == (303, "/admin")
        assert set(answer.getheader("Set-Cookie").split("; ")[1:]) == {
            "Path=/admin",
            "Max-Age=28800",
            "SameSite=Strict",
            "HttpOnly",
            "Secure",
        }
    finally:
        server.close()
