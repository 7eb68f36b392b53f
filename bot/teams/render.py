"""A use case's result as Teams shows it: chat markdown, or a card (the forms)."""

from __future__ import annotations

from bot import sentences
from bot.i18n import format_date
from bot.sentences import day_in_sentence, day_in_words, figures_lines, focus_note, settings_lines
from bot.teams import cards, replies
from bot.teams.replies import lines, say, t
from nudges import calendar_event
from nudges.service import results as r
from nudges.service.commands import LEADBOT_HELP
from nudges.service.peers import Notice, PartnerAsked

TEAMS_HELP = ("leadbot", "commit", "reflect", "teams")


class FileOffer:
    """`export`: answered by the host with a file (Teams asks the person's consent first)."""

    def __init__(self, exported: r.Exported) -> None:
        self.exported = exported


class CalendarOffer:
    """A commitment's event: a card with the links, and the .ics offered as a file after it."""

    def __init__(self, event: r.CalendarEvent, locale: str) -> None:
        self.event = event
        self.links = calendar_links(event, locale)
        self.card = cards.calendar_card(locale, self.links)


def calendar_links(event: r.CalendarEvent, locale: str) -> cards.CalendarLinks:
    """The event's words in Teams' terms (`reflect #N`, no slash) and its two links."""
    slot = event.slot
    words = calendar_event.words(slot, locale, t, format_date)
    return cards.CalendarLinks(
        commitment_id=event.commitment.id,
        locale=locale,
        head=say(locale, "calendar.sent", number=slot.number, title=slot.title),
        notes=tuple(replies.markdown(note) for note in calendar_event.notes(slot, locale, t, day_in_words)),
        outlook=calendar_event.outlook_link(slot, summary=words.summary, body=words.description),
        google=calendar_event.google_link(slot, summary=words.summary, details=words.description),
    )


def answer(result, locale: str) -> str | dict | FileOffer | CalendarOffer:
    match result:
        case r.Committed(commitment, partner, focus):
            note = ""
            if partner is not None and partner.user_id:
                note = say(
                    locale,
                    "commit.partner_note" if partner.told else "commit.partner_not_told",
                    partner=partner.name or partner.user_id,
                )
            elif partner is not None and partner.handle:
                note = say(locale, "commit.partner_unknown", handle=partner.handle)
            return lines(
                replies.committed(locale, commitment),
                note,
                replies.markdown(focus_note(locale, focus, commitment.number, t)),
                say(locale, "calendar.typed", number=commitment.number),
            )
        case r.Focused(c, serves):
            if serves is None:
                return say(locale, "focus.cleared", number=c.number, title=c.title)
            return say(locale, "focus.set", number=c.number, title=c.title, name=serves.name(locale))
        case r.Refused("reflect", problems, number):
            return replies.reflect_refused(locale, problems, number)
        case r.Refused(_, problems, _, form):
            return replies.commit_refused(locale, problems, form=form)
        case r.FormRefused():
            return form_problem(result, locale)
        case r.Denied(denial, number):
            return replies.denied(locale, denial, number)
        case r.Reflected(commitment, kind, private):
            return replies.reflected(locale, commitment=commitment, kind=kind, private=private)
        case r.Completed(commitment, next_due):
            return replies.completed(locale, commitment, next_due)
        case r.Dropped(c):
            return say(locale, "commit.dropped", number=c.number, title=c.title)
        case r.Moved(c):
            moved = say(locale, "commit.moved", number=c.number, title=c.title, due=format_date(c.due, locale))
            return lines(moved, say(locale, "calendar.moved_typed", number=c.number))
        case r.CalendarEvent():
            return CalendarOffer(result, locale)
        case r.Snoozed(c, until):
            return say(locale, "snooze.done", number=c.number, title=c.title, until=format_date(until, locale))
        case r.Listing(home):
            return listing(home)
        case r.SettingsShown(home):
            return lines(*(replies.markdown(line) for line in settings_lines(home.locale, home, t)))
        case r.SettingRefused(name):
            return say(locale, f"settings.bad_{name}")
        case r.Said(key, values, other, note):
            said = other or locale
            return lines(say(said, key, **values), say(said, note) if note else "")
        case r.HelpShown(topics):
            return replies.help_text(locale, *(TEAMS_HELP if topics == LEADBOT_HELP else topics))
        case r.NotAnAnswer():
            return replies.help_text(locale, *TEAMS_HELP)
        case r.DigestSchedule(key, weekday, at, tz):
            text = say(locale, key, day=day_in_sentence(weekday, locale), time=at.strftime("%H:%M"), tz=tz)
            return f"{text} {say(locale, 'digest.picture_shown')}" if result.picture else text
        case r.Figures():
            title, leaders, months = figures_lines(locale, result, t)
            return lines(f"**{title}**", replies.markdown(leaders), *months)
        case r.EraseAsked():
            return cards.erase_prompt(locale)
        case r.Erased(commitments, reflections, nudges):
            return say(locale, "privacy.erase.done", commitments=commitments, reflections=reflections, nudges=nudges)
        case r.FormNeeded("commit", today, _, _, focus_areas, start):
            return cards.commit_form(locale, today=today, focus_areas=focus_areas, start=start)
        case r.FormNeeded(_, _, active):
            return cards.reflect_form(locale, active)
        case r.Exported():
            return FileOffer(result)
        case r.SignInLink(url):
            return say(locale, "admin.link", url=url)
    raise TypeError(f"no Teams answer for {type(result).__name__}")


def form_problem(result: r.FormRefused, locale: str) -> str:
    """Why a form was not saved, said on the form as it comes back."""
    problems = tuple(result.problems.values())
    if result.kind == "commit":
        return replies.commit_refused(locale, problems, form=True)
    return replies.reflect_refused(locale, problems)


def listing(home: r.Home) -> str:
    """What App Home shows on Slack: active commitments, then what was recently completed and
    reflected on."""
    locale = home.locale
    parts = [replies.listing(locale, home.active, home.today)]
    if home.completed:
        parts.append(f"**{t(locale, 'home.completed')}**")
        parts += [f"✅ **#{c.number}** {c.title}" for c in home.completed]
    if home.reflections:
        parts.append(f"**{t(locale, 'home.reflections')}**")
        for reflection in home.reflections:
            when = format_date(reflection.created_at.astimezone(home.tz).date(), locale)
            kind = t(locale, f"reflection.kind.{reflection.kind}")
            lock = f" · 🔒 {t(locale, 'home.private')}" if reflection.private else ""
            said = reflection.text.strip()[:200]
            parts.append(" · ".join(part for part in (f"_{kind}_", when, said) if part) + lock)
    return lines(*parts)


def notice(locale: str, told: Notice) -> str:
    """What a partner reads in their personal chat."""
    c = told.commitment
    owner = told.owner.name or ""
    if isinstance(told, PartnerAsked):
        return say(locale, "partner.dm", owner=owner, number=c.number, title=c.title, due=format_date(c.due, locale))
    return say(locale, "partner.done", owner=owner, number=c.number, title=c.title)


def calendar_file(event: r.CalendarEvent, locale: str) -> tuple[str, bytes]:
    return sentences.calendar_file(event, locale, t)
