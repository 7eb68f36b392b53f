"""The admin page: a small WSGI application under /admin, server-rendered HTML (Jinja2), no
JavaScript, nothing from outside the server (municipal intranets let little through).

Whose page it is comes from the session cookie alone: every route reads the session's workspace
and never takes a workspace from the request, so another workspace's data cannot be asked for.
Every POST carries the session's CSRF token, checked before anything else happens.

A sign-in link is redeemed by a POST from the page it opens, not by the GET itself: link
previews and mail scanners fetch links they see, and must not use up someone's sign-in.
"""

from __future__ import annotations

import csv
import hmac
import io
import logging
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.web.charts import MEASURES, chart_alt, chart_svg, month_label
from bot.web.texts import CATALOGS, Texts
from nudges.service import admin, strategy
from nudges.service.core import Core

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
COOKIE = "leadbot_admin"
LANG_COOKIE = "leadbot_admin_lang"
MAX_FORM = 64 * 1024
HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),  # the sign-in page's address holds its token
    ("Cache-Control", "no-store"),
]


class Answer:
    def __init__(self, status: str, body: bytes = b"", content_type: str = "text/html; charset=utf-8") -> None:
        self.status, self.body, self.headers = status, body, [("Content-Type", content_type)]

    def header(self, name: str, value: str) -> Answer:
        self.headers.append((name, value))
        return self


def see_other(location: str) -> Answer:
    return Answer("303 See Other").header("Location", location)


class Request:
    def __init__(self, environ: dict) -> None:
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET")
        # WSGI hands the path over as bytes read as Latin-1: a key like "välfärd" is UTF-8 in the URL.
        self.path = environ.get("PATH_INFO", "").encode("latin-1", "replace").decode("utf-8", "replace")
        self.query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).items()}
        cookies = SimpleCookie()
        try:
            cookies.load(environ.get("HTTP_COOKIE", ""))
        except Exception:  # a malformed Cookie header signs no one in
            cookies = SimpleCookie()
        self.cookies = {k: m.value for k, m in cookies.items()}
        self._form: dict[str, str] | None = None

    def form(self) -> dict[str, str]:
        if self._form is None:
            try:
                length = min(int(self.environ.get("CONTENT_LENGTH") or 0), MAX_FORM)
            except ValueError:
                length = 0
            raw = self.environ["wsgi.input"].read(length).decode("utf-8", "replace") if length > 0 else ""
            self._form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        return self._form


class AdminPage:
    """The WSGI callable bot.http.make_wsgi gets as `web=`."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.secure = urlparse(core.public_url).scheme == "https"
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]), trim_blocks=True
        )
        self.css = (HERE / "static" / "admin.css").read_bytes()

    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            answer = self.route(request)
        except Exception:
            log.exception("admin page: %s %s failed", request.method, request.path)
            answer = Answer("500 Internal Server Error", b"error", "text/plain; charset=utf-8")
        headers = [*answer.headers, *HEADERS, ("Content-Length", str(len(answer.body)))]
        start_response(answer.status, headers)
        return [answer.body]

    # --- routing ---------------------------------------------------------------------------

    def route(self, request: Request) -> Answer:
        path, method = request.path.rstrip("/") or "/admin", request.method
        if path == "/admin/static/admin.css" and method == "GET":
            return Answer("200 OK", self.css, "text/css; charset=utf-8")
        if path == "/admin/how-to-sign-in" and method == "GET":
            return self.page(request, None, "how.html", signed_out="signed-out" in request.query)
        if path == "/admin/signin":
            if method == "GET":
                return self.page(request, None, "signin.html", token=request.query.get("token", ""))
            if method == "POST":
                return self.sign_in(request)
        if path == "/admin/language" and method == "GET":
            return self.language(request)
        who = admin.session(self.core, request.cookies.get(COOKIE))
        if who is None:
            if method == "POST":
                return self.refuse(request, None)
            return see_other("/admin/how-to-sign-in")
        if method == "POST" and not hmac.compare_digest(request.form().get("csrf", ""), who.csrf):
            return self.refuse(request, who)
        workspace = who.workspace_id  # the only workspace any route below reads or writes
        if path == "/admin/signout" and method == "POST":
            admin.sign_out(self.core, request.cookies.get(COOKIE))
            return see_other("/admin/how-to-sign-in?signed-out").header("Set-Cookie", self.cookie("", 0))
        if path in ("/admin", "/admin/focus-areas") and method == "GET":
            return self.areas(request, who, workspace)
        if path == "/admin/focus-areas/new" and method == "GET":
            return self.area_form(request, who, None, {})
        if path == "/admin/focus-areas" and method == "POST":
            return self.save_area(request, who, workspace)
        if path.startswith("/admin/focus-areas/"):
            rest = path.removeprefix("/admin/focus-areas/")
            if rest.endswith("/archive") and method == "POST":
                return self.archive(request, who, workspace, rest.removesuffix("/archive"))
            if rest.endswith("/restore") and method == "POST":
                return self.restore(request, who, workspace, rest.removesuffix("/restore"))
            if method == "GET" and "/" not in rest:
                area = strategy.focus_area(self.core, workspace, rest)
                if area is not None:
                    return self.area_form(request, who, area, _form_of(area))
        if path == "/admin/defaults":
            if method == "GET":
                notice = self.texts(request, who)("defaults.saved") if "saved" in request.query else None
                return self.defaults(request, who, workspace, notice=notice)
            if method == "POST":
                return self.save_defaults(request, who, workspace)
        if path == "/admin/follow-up" and method == "GET":
            return self.follow_up(request, who, workspace)
        if path == "/admin/follow-up.csv" and method == "GET":
            return self.follow_up_csv(request, who, workspace)
        if path.startswith("/admin/charts/") and path.endswith(".svg") and method == "GET":
            return self.chart(request, who, workspace, path.removeprefix("/admin/charts/").removesuffix(".svg"))
        return self.page(
            request, who, "message.html", status="404 Not Found", heading="notfound.title", body="notfound.body"
        )

    # --- rendering -------------------------------------------------------------------------

    def texts(self, request: Request, who) -> Texts:
        chosen = request.cookies.get(LANG_COOKIE)
        if chosen in CATALOGS:
            return Texts(chosen)
        if who is not None:
            return Texts(who.locale)
        return Texts(_accepted(request.environ.get("HTTP_ACCEPT_LANGUAGE", "")) or self.core.default_locale)

    def page(self, request: Request, who, template: str, *, status: str = "200 OK", **values) -> Answer:
        texts = self.texts(request, who)
        html = self.templates.get_template(template).render(
            t=texts,
            lang=texts.locale,
            languages=[(code, Texts(code)("lang.name")) for code in CATALOGS],
            who=who,
            here=request.path + ("?" + request.environ["QUERY_STRING"] if request.environ.get("QUERY_STRING") else ""),
            quote=quote,
            problem=lambda p: _problem(texts, p),
            **values,
        )
        return Answer(status, html.encode())

    def refuse(self, request: Request, who) -> Answer:
        return self.page(
            request, who, "message.html", status="403 Forbidden", heading="forbidden.title", body="forbidden.body"
        )

    def cookie(self, value: str, max_age: int, name: str = COOKIE) -> str:
        parts = [f"{name}={value}", "Path=/admin", f"Max-Age={max_age}", "SameSite=Strict"]
        if name == COOKIE:
            parts.append("HttpOnly")
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)

    # --- sign-in ---------------------------------------------------------------------------

    def sign_in(self, request: Request) -> Answer:
        opened = admin.redeem(self.core, request.form().get("token", ""), self.core.now())
        if opened is None:
            answer = self.page(
                request,
                None,
                "message.html",
                status="403 Forbidden",
                heading="signin.title",
                body="signin.refused",
                how=True,
            )
            return answer
        seconds = int(admin.SESSION_VALID / timedelta(seconds=1))
        return see_other("/admin").header("Set-Cookie", self.cookie(opened.token, seconds))

    def language(self, request: Request) -> Answer:
        code = request.query.get("to", "")
        back = request.query.get("back", "/admin")
        if not back.startswith("/admin") or "//" in back or "\\" in back:
            back = "/admin"
        answer = see_other(back)
        if code in CATALOGS:
            answer.header("Set-Cookie", self.cookie(code, 365 * 24 * 3600, LANG_COOKIE))
        return answer

    # --- focus areas -----------------------------------------------------------------------

    def areas(self, request: Request, who, workspace: int) -> Answer:
        areas = strategy.focus_areas(self.core, workspace, archived=True)
        texts, notice = self.texts(request, who), None
        for done, key in (
            ("areas.saved", request.query.get("saved")),
            ("areas.archived_done", request.query.get("archived")),
            ("areas.restored_done", request.query.get("restored")),
        ):
            named = next((a for a in areas if key and a.key == key), None)
            if named is not None:
                notice = texts(done, name=named.name(texts.locale))
        return self.page(
            request,
            who,
            "areas.html",
            areas=[a for a in areas if not a.archived],
            archived=[a for a in areas if a.archived],
            notice=notice,
        )

    def area_form(self, request, who, area, form: dict, problems=(), status="200 OK") -> Answer:
        return self.page(
            request,
            who,
            "area_form.html",
            status=status,
            area=area,
            form=form,
            problems=list(problems),
            rows=strategy.SUGGESTION_ROWS,
            categories=strategy.CATEGORIES,
        )

    def save_area(self, request: Request, who, workspace: int) -> Answer:
        form = request.form()
        saved = strategy.save_focus_area(self.core, workspace, form)
        if isinstance(saved, list):
            key = form.get("editing")
            editing = strategy.focus_area(self.core, workspace, key) if key else None
            return self.area_form(request, who, editing, form, saved, status="422 Unprocessable Content")
        return see_other(f"/admin?saved={quote(saved.key)}")

    def archive(self, request: Request, who, workspace: int, key: str) -> Answer:
        if not strategy.archive_focus_area(self.core, workspace, key):
            return see_other("/admin")
        return see_other(f"/admin?archived={quote(key)}")

    def restore(self, request: Request, who, workspace: int, key: str) -> Answer:
        if not strategy.restore_focus_area(self.core, workspace, key):
            return see_other("/admin")
        return see_other(f"/admin?restored={quote(key)}")

    # --- defaults --------------------------------------------------------------------------

    def defaults(self, request, who, workspace, form=None, problems=(), notice=None, status="200 OK") -> Answer:
        if form is None:
            kept = strategy.workspace_defaults(self.core, workspace)
            form = {
                name: ("" if value is None else value.strftime("%H:%M") if hasattr(value, "strftime") else str(value))
                for name, value in kept.__dict__.items()
            }
        fallback = f"{self.core.timezone}, {self.core.default_locale}, {self.core.holidays}"
        return self.page(
            request,
            who,
            "defaults.html",
            status=status,
            form=form,
            problems=list(problems),
            notice=notice,
            fallback=fallback,
            locales=tuple(CATALOGS),
        )

    def save_defaults(self, request: Request, who, workspace: int) -> Answer:
        form = request.form()
        saved = strategy.save_defaults(self.core, workspace, form)
        if isinstance(saved, list):
            return self.defaults(request, who, workspace, form, saved, status="422 Unprocessable Content")
        return see_other("/admin/defaults?saved")

    # --- follow-up -------------------------------------------------------------------------

    def follow_up(self, request: Request, who, workspace: int) -> Answer:
        texts = self.texts(request, who)
        areas = strategy.follow_up(self.core, workspace)
        return self.page(
            request,
            who,
            "follow_up.html",
            areas=areas,
            measures=MEASURES,
            month=lambda m: month_label(m.year, m.month, texts.locale),
            alt=lambda f: chart_alt(f, texts),
        )

    def chart(self, request: Request, who, workspace: int, key: str) -> Answer:
        for follow in strategy.follow_up(self.core, workspace):
            if follow.area.key == key:
                return Answer("200 OK", chart_svg(follow, self.texts(request, who)), "image/svg+xml")
        return Answer("404 Not Found", b"not found", "text/plain; charset=utf-8")

    def follow_up_csv(self, request: Request, who, workspace: int) -> Answer:
        texts = self.texts(request, who)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [texts("areas.key"), texts("areas.name"), texts("followup.month")]
            + [texts(f"followup.{m}") for m in MEASURES]
        )
        for follow in strategy.follow_up(self.core, workspace):
            for m in follow.months:
                figures = (
                    [texts("followup.too_few")] + [""] * (len(MEASURES) - 1)
                    if m.too_few
                    else [getattr(m, measure) for measure in MEASURES]
                )
                writer.writerow([follow.area.key, follow.area.name(texts.locale), f"{m.year}-{m.month:02d}", *figures])
        answer = Answer("200 OK", ("\ufeff" + out.getvalue()).encode(), "text/csv; charset=utf-8")
        return answer.header("Content-Disposition", 'attachment; filename="leadbot-follow-up.csv"')


def _accepted(header: str) -> str | None:
    """The browser's first language we speak, before anyone is signed in (no q-value sorting:
    browsers send them in order)."""
    for part in header.split(","):
        language = part.split(";")[0].strip().split("-")[0].lower()
        if language in CATALOGS:
            return language
    return None


def _label(texts: Texts, field: str) -> str:
    if field.startswith("suggestion-"):
        _, n, part = field.split("-", 2)
        what = {"category": "form.category", "sv": "form.suggestion_sv", "en": "form.suggestion_en"}[part]
        return f"{texts('form.suggestion', n=n)}: {texts(what)}"
    key = f"form.{field}" if f"form.{field}" in texts.words else f"defaults.{field}"
    return texts(key) if key in texts.words else field


def _problem(texts: Texts, problem: strategy.Problem) -> str:
    return texts(f"problem.{problem.code}", field=_label(texts, problem.field))


def _form_of(area: strategy.FocusAreaView) -> dict[str, str]:
    form = {
        "key": area.key,
        "name_sv": area.name_sv,
        "name_en": area.name_en,
        "meaning_sv": area.meaning_sv,
        "meaning_en": area.meaning_en,
    }
    for n, suggestion in enumerate(area.suggestions, start=1):
        form[f"suggestion-{n}-category"] = suggestion.category
        form[f"suggestion-{n}-sv"] = suggestion.sv
        form[f"suggestion-{n}-en"] = suggestion.en
    return form
