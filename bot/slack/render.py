"""A use case's result as Slack shows it: the one place results become Block Kit replies."""

from __future__ import annotations

from bot import sentences
from bot.i18n import format_date, t
from bot.sentences import day_in_sentence, day_in_words, figures_lines, focus_note, settings_lines
from bot.slack import blocks
from bot.slack.blocks import Reply, esc
from nudges import calendar_event
from nudges.drafts import MAX_REFLECTION, MAX_TITLE
from nudges.service import results as r
from nudges.service.peers import Notice, PartnerAsked


def reply(result, locale: str) -> Reply:
    match result:
        case r.Committed(commitment, partner, focus):
            note = None
            if partner is not None and partner.user_id:
                note = t(
                    locale,
                    "commit.partner_note" if partner.told else "commit.partner_not_told",
                    partner=f"<@{partner.user_id}>",
                )
            elif partner is not None and partner.handle:
                note = t(locale, "commit.partner_unknown", handle=esc(partner.handle))
            focused = focus_note(locale, focus, commitment.number, t)
            return blocks.committed(locale, commitment, partner_note=note, focus_note=focused)
        case r.Focused(c, serves):
            if serves is None:
                return blocks.reply(t(locale, "focus.cleared", number=c.number, title=esc(c.title)))
            name = esc(serves.name(locale))
            return blocks.reply(t(locale, "focus.set", number=c.number, title=esc(c.title), name=name))
        case r.Refused("reflect", problems, number):
            return blocks.reflect_refused(locale, problems, number)
        case r.Refused(_, problems):
            return blocks.commit_refused(locale, problems)
        case r.Denied(denial, number):
            return blocks.denied(locale, denial, number)
        case r.Reflected(commitment, kind, private):
            return blocks.reflected(locale, commitment=commitment, kind=kind, private=private)
        case r.Completed(commitment, next_due):
            return blocks.completed(locale, commitment, next_due)
        case r.Dropped(commitment):
            return blocks.dropped(locale, commitment)
        case r.Moved(c):
            return blocks.moved(locale, c)
        case r.CalendarEvent():
            return calendar(result, locale)
        case r.Snoozed(c, until):
            text = t(locale, "snooze.done", number=c.number, title=esc(c.title), until=format_date(until, locale))
            return blocks.reply(text)
        case r.Listing(home):
            return blocks.commitment_list(locale, home.active, home.today)
        case r.SettingsShown(home):
            return blocks.reply(*settings_lines(home.locale, home, t))
        case r.SettingRefused(name):
            return blocks.reply(t(locale, f"settings.bad_{name}"))
        case r.Said(key, values, other, note):
            said = other or locale
            return blocks.reply(t(said, key, **values), t(said, note) if note else "")
        case r.HelpShown(topics):
            return blocks.help_reply(locale, *topics)
        case r.NotAnAnswer():
            return blocks.help_reply(locale, "reflect")
        case r.DigestSchedule(key, weekday, at, tz, joined):
            text = t(locale, key, day=day_in_sentence(weekday, locale), time=at.strftime("%H:%M"), tz=tz)
            if result.picture:
                text += " " + t(locale, "digest.picture_shown")
            return blocks.reply(text, "" if joined else t(locale, "digest.invite"))
        case r.Figures():
            return figures(result, locale)
        case r.EraseAsked():
            return blocks.erase_prompt(locale)
        case r.Erased(commitments, reflections, nudges):
            text = t(locale, "privacy.erase.done", commitments=commitments, reflections=reflections, nudges=nudges)
            return blocks.reply(text)
    raise TypeError(f"no Slack reply for {type(result).__name__}")


def calendar(result: r.CalendarEvent, locale: str) -> Reply:
    """The message that goes with the .ics file: the links open the same event pre-filled."""
    slot = result.slot
    words = calendar_event.words(slot, locale, t, format_date)
    outlook = calendar_event.outlook_link(slot, summary=words.summary, body=words.description)
    google = calendar_event.google_link(slot, summary=words.summary, details=words.description)
    notes = calendar_event.notes(slot, locale, t, day_in_words)
    return blocks.calendar_message(locale, result.commitment, notes, outlook, google)


def figures(result: r.Figures, locale: str) -> Reply:
    title, leaders, months = figures_lines(locale, result, t)
    return blocks.reply(f"*{title}*", leaders, "\n".join(months))


def notice(locale: str, told: Notice) -> Reply:
    """What a partner reads in their DM."""
    commitment = told.commitment
    if isinstance(told, PartnerAsked):
        return blocks.partner_message(locale, owner_id=told.owner.user_id, commitment=commitment)
    text = t(
        locale, "partner.done", owner=f"<@{told.owner.user_id}>", number=commitment.number, title=esc(commitment.title)
    )
    return blocks.reply(text)


def form_errors(locale: str, problems: dict) -> dict[str, str]:
    """A refused form's problems, each under its field (a modal shows mrkdwn marks as typed)."""
    from bot.slack import ids

    fields = {"what": ids.WHAT, "due": ids.DUE, "partner": ids.PARTNER, "text": ids.TEXT}
    errors = {}
    for name, problem in problems.items():
        limit = MAX_REFLECTION if name == "text" else MAX_TITLE
        text = _sentence(t(locale, f"problem.{problem.value}", max=limit, number=1))
        if name == "what" and problem.value == "fluffy":
            text += " " + t(locale, "commit.vision_form_help")
        errors[fields[name]] = text
    return errors


def _sentence(text: str) -> str:
    """A reason shown on its own under a field: a capital first letter, the rest as written
    (str.capitalize would lower-case every later sentence and name), and no mrkdwn marks."""
    text = text.replace("*", "").replace("`", "")
    return text[:1].upper() + text[1:]


def calendar_file(result: r.CalendarEvent, locale: str) -> tuple[str, bytes]:
    return sentences.calendar_file(result, locale, t)
