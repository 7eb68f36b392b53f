"""English texts."""

TEXTS: dict[str, str] = {
    # categories and repeats
    "category.course": "Course",
    "category.failure": "Failure-sharing",
    "category.collaboration": "Collaboration",
    "category.other": "Other",
    "repeat.week": "every week",
    "repeat.biweekly": "every other week",
    "repeat.month": "every month",
    "repeat.none": "Does not repeat",
    "visibility.private": "private",
    "visibility.team": "shared with the team",
    # /commit
    "commit.saved": ":handshake: Committed: *#{number}* {category} · {title} · by *{due}*",
    "commit.saved_repeat": ":handshake: Committed: *#{number}* {category} · {title} · {repeat}, first by *{due}*",
    "commit.private_note": ":lock: Private: only you see it, and it never appears in a team digest.",
    "commit.partner_note": ":busts_in_silhouette: {partner} is your partner (parhäst) and has been told.",
    "commit.partner_not_told": ":busts_in_silhouette: {partner} is your partner (parhäst). I couldn't reach them, so tell them yourself.",
    "commit.partner_unknown": "I couldn't find anyone called @{handle}, so no partner was added. "
    "Pick them from the list with `/commit` and no text.",
    "commit.next_step": "Log progress with `/reflect #{number} …`, or finish it with `/reflect #{number} done`.",
    "commit.not_saved": ":pencil2: Not saved yet — {reason}",
    "commit.example": 'For example: `/commit course "AI for managers" by 15 Dec` or '
    '`/commit failure "Tell the team about the pilot that flopped" by next friday`.',
    "problem.no_when": "a commitment needs a *when*. Add a date with `by`, e.g. `by 15 Dec` or `by next friday`.",
    "problem.no_what": "a commitment needs a *what*: say the concrete thing you will do.",
    "problem.fluffy": "that sounds like a goal rather than a step. Good to have! What is the first thing you will "
    "do towards it, that someone could notice?",
    "commit.vision_form_help": "To keep it just as you wrote it, end the title with “anyway”.",
    "problem.open_ended": "that says when it starts, not when it will be done. By when, at the latest?",
    "commit.vision_help": "A first step could be a meeting booked, a course started or a story told at the next "
    "team meeting — e.g. `/commit Book a workshop on trust with the team by 15 Jan`. "
    "If you want it saved just as you wrote it, send the same line again, ending with *anyway*.",
    "problem.past": "that date has already passed. Pick a day from today on.",
    "problem.no_such_date": "there is no such date in the calendar. Check the day and month.",
    "problem.unreadable_date": "I couldn't read that date. Try `by 2026-12-15`, `by 15 Dec` or `by next friday`.",
    "problem.too_far": "that is more than two years away, too far to be a plan. "
    "What step can you take within the next months?",
    "problem.too_long": "that is a bit long. Keep it to {max} characters; details can go in a reflection.",
    "problem.no_text": "say what happened, or add `done` to complete it: `/reflect #{number} done`.",
    "problem.empty": "type what you want to note, e.g. `/reflect #1 booked the course dates`.",
    "denial.no_such_commitment": "You have no commitment #{number}. `/commit list` shows yours.",
    "denial.no_such_commitment_id": "That commitment isn't one of yours, so nothing was changed.",
    "denial.already_done": "#{number} is already done — nothing to change. :white_check_mark:",
    "denial.already_dropped": "#{number} was dropped earlier, so nothing was changed.",
    "denial.which_one": "Which one is done? Add its number, e.g. `/reflect #1 done` — `/commit list` shows yours.",
    "commit.dropped": "Dropped *#{number}* {title}. It stays in your history; dropping a plan is also a decision.",
    "commit.moved": ":calendar: Moved *#{number}* {title} to *{due}*. A new plan is still a plan.",
    "commit.move_usage": "Say which one and when, e.g. `/commit move #2 by 20 Jan`.",
    "commit.drop_usage": "Say which one to drop, e.g. `/commit drop #2`.",
    "list.header": "Your commitments",
    "list.empty": 'You have no active commitments yet. Make one: `/commit course "AI for managers" by 15 Dec`.',
    "list.due": "by {due}",
    "list.overdue": "was due {due}",
    "list.repeat": "{repeat}, next by {due}",
    "list.partner": "with {partner}",
    # /reflect
    "reflect.saved_on": ":memo: Noted on *#{number}* {title}.",
    "reflect.saved_free": ":memo: Noted. Learning out loud is leading by example.",
    "reflect.saved_failure": ":sparkles: Thank you for sharing a failure — that is how teams dare.",
    "reflect.done": ":tada: *#{number}* {title} is done. Well done!",
    "reflect.done_repeat": ":tada: Done for this time: *#{number}* {title}. Next time by *{due}*.",
    "reflect.private_note": ":lock: Kept private.",
    "reflect.not_saved": ":pencil2: Not saved — {reason}",
    # partner
    "partner.dm": ":wave: {owner} named you their partner (parhäst) for their commitment *{title}*, by {due}. "
    "Leading in pairs makes it happen — you'll hear how it goes.",
    # help
    "help.commit": "*Make a commitment*: what you will do and by when.\n"
    '• `/commit course "AI for managers" by 15 Dec`\n'
    '• `/commit failure "Tell the team about the e-service that flopped" by 2026-12-20 private`\n'
    '• `/commit collaboration "Workshop with Värmdö" by 30 Jan with @pat`\n'
    '• `/commit other "Block two hours for horizon scanning" every week`\n'
    "Categories: course, failure, collaboration, other. Add `private` to keep it out of the team digest, "
    "`with @name` for a partner, `every week` / `every month` to repeat.\n"
    "• `/commit list` — your commitments   • `/commit move #2 by 20 Jan` — a new date   • `/commit drop #2` — drop one   "
    "• `/commit` alone opens a form",
    "help.reflect": "*Log progress*:\n"
    "• `/reflect #1 booked the course for Thursday` — progress on #1\n"
    "• `/reflect #1 done` — complete it\n"
    "• `/reflect failure: the pilot flopped; we learned to involve case workers early` — share a failure\n"
    "• `/reflect tried walking one-on-ones private` — a private learning\n"
    "• `/reflect` alone opens a form",
    "help.leadbot": "*leadbot* helps you lead by example: make concrete commitments, log what you do, and let your "
    "team see it. Your App Home (click leadbot in the sidebar) shows your commitments and your settings.",
    "error.generic": "Sorry, something went wrong on my side and nothing was saved. Please try again in a moment.",
    "error.database": "I can't reach my database right now, so nothing was saved. Please try again in a moment.",
    # buttons and dialogs
    "button.done": "Done",
    "button.reflect": "Reflect",
    "button.drop": "Drop",
    "button.new": "New commitment",
    "button.new_reflection": "Reflect",
    "confirm.drop.title": "Drop this commitment?",
    "confirm.drop.text": "#{number} {title} will be marked dropped. It stays in your history.",
    "confirm.drop.yes": "Drop it",
    "confirm.cancel": "Keep it",
    # modals
    "modal.commit.title": "New commitment",
    "modal.reflect.title": "Reflect",
    "modal.submit": "Save",
    "modal.cancel": "Cancel",
    "modal.category": "Category",
    "modal.what": "What will you do?",
    "modal.what.placeholder": "e.g. Take the course “AI for managers”",
    "modal.due": "By when?",
    "modal.start": "Start from a suggested first step (optional)",
    "modal.start.placeholder": "Pick one to fill in the form",
    "modal.start.use": "Fill in the form with it",
    "modal.repeat": "Repeat",
    "modal.partner": "Partner (parhäst)",
    "modal.partner.hint": "Optional: someone who does this with you and sees its check-ins.",
    "modal.visibility": "Who can see it?",
    "modal.visibility.team": "My team (in the weekly digest)",
    "modal.visibility.private": "Only me",
    "modal.commitment": "Commitment",
    "modal.commitment.none": "No commitment — a free reflection",
    "modal.text": "What happened?",
    "modal.text.placeholder": "A step you took, something you learned, …",
    "modal.failure.what": "What happened?",
    "modal.failure.learned": "What did we learn?",
    "modal.done": "Completed",
    "modal.done.option": "This commitment is done",
    "modal.share": "Sharing",
    "modal.share.option": "Share with my team",
    "problem.partner_self": "Pick someone other than yourself as partner.",
    "modal.saved_dm": "Saved from the form:",
    # App Home
    "home.title": "Lead by example",
    "home.intro": "People do as we do, not as we say. Here are your commitments.",
    "home.active": "Active commitments",
    "home.none": "No active commitments. What is one concrete step you will take, and by when?",
    "home.more": "…and {count} more (`/commit list`)",
    "home.completed": "Recently completed",
    "home.completed.none": "Nothing completed yet — your first one is the best one.",
    "home.reflections": "Recent reflections",
    "home.reflections.none": "No reflections yet. `/reflect` notes a step or a learning.",
    "home.streak": ":fire: *{weeks}-week streak* of leading by example.",
    "home.streak.one": ":fire: *1-week streak* — keep it going next week.",
    "home.streak.none": "Your streak starts with your first reflection or completion this week.",
    "home.settings": "Settings",
    "home.language": "Language",
    "home.nudge_day": "Check-in day",
    "home.nudge_time": "Check-in time",
    "home.pause": "Pause check-ins until",
    "home.pause.none": "Not paused",
    "home.tz": "Times are in your time zone: {tz}.",
    "home.private": "private",
    "reflection.kind.progress": "Progress",
    "reflection.kind.done": "Done",
    "reflection.kind.failure": "Shared failure",
    "reflection.kind.learning": "Learning",
    "language.sv": "Svenska",
    "language.en": "English",
}
TEXTS.update(
    {
        "checkin.due_in": "due in {days} days ({due})",
        "checkin.due_tomorrow": "due tomorrow ({due})",
        "checkin.due_today": "due today",
        "checkin.overdue": "was due {due} — still on? Done, a new date (`/commit move #{number} by …`) or drop it: all fine.",
        "checkin.repeat": "{repeat}: this period not done yet (by {due})",
        "checkin.soon": ":hourglass_flowing_sand: Two working days left.",
        "checkin.done": ":white_check_mark: Done — well done!",
        "checkin.dropped": ":wastebasket: Dropped.",
        "checkin.snoozed": ":zzz: Snoozed for a week.",
        "checkin.answer": "Answer in this thread to log a reflection.",
        "checkin.more": "…and {count} more in your App Home.",
        "checkin.fallback": "Your leadbot check-in: {count} commitment(s)",
        "button.snooze": "Snooze a week",
        "snooze.done": "Snoozed *#{number}* {title} until {until}.",
        "thread.noted": ":memo: Noted{on}. Thank you!",
        "thread.noted_on": " on #{number}",
        "partner.done": ":tada: {owner} completed *#{number}* {title} — you were their partner (parhäst). Thank you!",
    }
)
TEXTS.update(
    {
        "digest.title": "This week's leading by example",
        "digest.period": "{start} – {end}",
        "digest.summary.leaders.one": "{count} leader",
        "digest.summary.leaders.many": "{count} leaders",
        "digest.summary.commitments.one": "{count} commitment",
        "digest.summary.commitments.many": "{count} commitments",
        "digest.summary.completed": "{leaders} completed {commitments}",
        "digest.summary.shared": "{count} shared a failure",
        "digest.summary.new.one": "{count} new commitment",
        "digest.summary.new.many": "{count} new commitments",
        "digest.summary.learnings.one": "{count} learning",
        "digest.summary.learnings.many": "{count} learnings",
        "digest.quiet": ":seedling: A quiet week. That happens — what is one small step you could share next week?",
        "digest.completed": ":white_check_mark: *Completed*",
        "digest.committed": ":handshake: *New commitments*",
        "digest.failures": ":sparkles: *Failures shared — thank you for the courage*",
        "digest.learnings": ":bulb: *Learnings*",
        "digest.learned": "learned: {learning}",
        "digest.more": "…and {count} more",
        "digest.footer": "Only what leaders chose to share appears here. `/commit` to make your own commitment.",
        "digest.fallback": "Weekly digest: {summary}",
        "digest.on": ":white_check_mark: This channel now gets a weekly digest of what its leaders did, "
        "every {day} at {time} ({tz}). `/leadbot digest time fri 14:00` moves it, `/leadbot digest off` stops it.",
        "digest.off": "This channel no longer gets the weekly digest. `/leadbot digest on` brings it back.",
        "digest.moved": "The digest now comes every {day} at {time} ({tz}).",
        "digest.language_set": "The digest will be written in English.",
        "digest.not_on": "This channel has no digest yet: `/leadbot digest on` starts one.",
        "digest.bad_time": "Say a day and a time, e.g. `/leadbot digest time fri 14:00`.",
        "digest.bad_language": "Say `sv` or `en`, e.g. `/leadbot digest language sv`.",
        "digest.invite": "I can't post in this channel yet. Invite me with `/invite @leadbot`, then try again.",
        "digest.not_a_channel": "Run this in the team's channel (not in a direct message).",
        "help.digest": "*Team digest*, in a team's channel:\n"
        "• `/leadbot digest on` — every Friday 14:00, what the channel's leaders committed to, completed, learned "
        "and dared to share (never who is late)\n"
        "• `/leadbot digest time fri 14:00` — move it   • `/leadbot digest language sv|en`   "
        "• `/leadbot digest off` — stop it   • `/leadbot digest picture on|off` — its chart of the team's last weeks\n"
        "• `/leadbot stats` — uptake for admins, in aggregate only",
        "stats.title": "Uptake in this workspace (aggregate, no individual data)",
        "stats.leaders": "Leaders with an active commitment: *{active}* of {leaders}",
        "stats.month": "{month}: {counts}",
        "stats.none": "No completions yet.",
        "stats.too_few": "Fewer than five leaders use leadbot here, so no figures are shown: "
        "with so few, a figure could point at a person.",
        "stats.admins_only": "Uptake figures are for workspace admins.",
        "home.digest": "Team digests",
        "home.digest.opt_out": "Leave me out of team digests",
    }
)

TEXTS.update(
    {
        "help.privacy": "*Your data*: `/leadbot export` sends you a file with everything leadbot keeps about you; "
        "`/leadbot erase` deletes all of it (after asking you to confirm).",
        "privacy.export.comment": "Here is everything leadbot keeps about you, as of {date}.",
        "privacy.export.sent": "I've sent you a file with everything I keep about you: look in your messages with me.",
        "privacy.export.failed": "I couldn't send you the file just now. Nothing was changed; please try again in a "
        "moment.",
        "privacy.erase.ask": "This deletes *all* your commitments, reflections and check-in history, and your "
        "settings. Teams' past digests in Slack stay as they were posted. It cannot be undone.",
        "privacy.erase.button": "Erase my data",
        "privacy.erase.confirm_title": "Erase everything?",
        "privacy.erase.confirm_text": "All your commitments, reflections and check-in history will be deleted for good.",
        "privacy.erase.yes": "Erase",
        "privacy.erase.done": "Done: {commitments} commitments, {reflections} reflections and {nudges} check-ins "
        "are erased, and your settings with them. If you use leadbot again, you start afresh.",
    }
)

# A person's own settings, said in words (`/leadbot language en`; on Teams `language en`).
TEXTS.update(
    {
        "settings.bad_language": "Say `/leadbot language sv` or `/leadbot language en`.",
        "settings.bad_checkin": "Give a weekday and a time, e.g. `/leadbot checkin mon 09:00` (Monday to Friday).",
        "settings.bad_pause": "Give a date, e.g. `/leadbot pause until 2027-01-07` or `/leadbot pause until next monday`.",
        "settings.show": "*Your settings*: language {language} · check-in {day} {time} · team digests: {digest}",
        "settings.paused": "⏸ Check-ins paused until {until} (`/leadbot resume` starts them again).",
        "settings.how": "Change them on leadbot's Home tab, or with `/leadbot language sv|en`, `/leadbot checkin mon 09:00`, `/leadbot pause until 7 jan`, `/leadbot resume`, `/leadbot hide` (leave me out of team digests) or `/leadbot show`.",
        "settings.hidden": "left out",
        "settings.shown": "included",
    }
)

# The strategy's focus areas, as a commitment serves one.
TEXTS.update(
    {
        "digest.summary.focus.one": "1 step this week for *{name}*",
        "digest.summary.focus.many": "{count} steps this week for *{name}*",
        "stats.areas": "*This month, by focus area*",
        "stats.area": "{name}: leaders with a step for it {leaders} · steps completed {completed} · failures shared {failures} · courses done {courses} · collaborations {collaborations}",
        "stats.area_too_few": "{name}: fewer than five leaders this month, so no figures.",
        "focus.serves": "Serves the focus area *{name}*.",
        "focus.unknown_commit": "No focus area is called #{tag}, so none was noted. Yours are {known}: `/commit focus #{number} {first}` sets one.",
        "focus.suggested": "Does it serve *{name}*? Say so with `/commit focus #{number} {tag}`.",
        "focus.set": "*#{number}* {title} now serves *{name}*.",
        "focus.cleared": "*#{number}* {title} serves no focus area now.",
        "focus.unknown": "No focus area is called #{tag}. Yours are {known}.",
        "focus.none_defined_commit": "Your organisation has no focus areas in leadbot yet, so #{tag} was not noted (its admins add them on the admin page).",
        "focus.none_defined": "Your organisation has no focus areas in leadbot yet: its admins add them on the admin page.",
        "focus.usage": "Say which one and which focus area, e.g. `/commit focus #2 ai` (or `none`).",
        "modal.focus": "Focus area (optional)",
        "modal.focus.none": "None",
    }
)

# The admin page's sign-in, asked of the bot.
TEXTS.update(
    {
        "admin.link": "Your sign-in link to leadbot's admin page (it works once, within ten minutes, for you only): {url}",
        "admin.sent": "I've sent you a sign-in link to the admin page in a direct message.",
        "admin.only": "The admin page is for your workspace's admins.",
        "admin.no_public_url": "The admin page is not set up yet: ask whoever runs leadbot to set its public address (LEADBOT_PUBLIC_URL).",
        "teams.admin.only": "The admin page is for the people who run leadbot in your organisation; ask them to add you as an admin.",
    }
)

TEXTS.update(
    {
        "teams.checkin.answer": "Log a reflection with `reflect #{number} …` here, or press Reflect.",
        "teams.stats.admins_only": "Uptake figures are for the people who run leadbot in your organisation; ask them to add you as an admin.",
        "teams.refused_other": "That card belongs to someone else: nothing was changed.",
        "teams.snoozed": "Snoozed for a week.",
        "teams.digest.not_a_channel": "Run this in the team's channel (not in a personal chat).",
        "help.teams": "*In Teams*: write `commit …`, `reflect …`, `commit list`, `settings`, `export`, `erase`, `help` to me here; in a team's channel, `@leadbot digest on|off|time fri 14:00|language sv`.",
    }
)

TEXTS.update(
    {
        "teams.settings.how": "Change with `language sv|en`, `checkin mon 09:00`, `pause until 7 jan`, `resume`, `hide` (leave me out of team digests) or `show`.",
        "teams.erase.button": "Erase my data",
        "teams.export.offer": "Here is everything leadbot keeps about you, as a file. Accept to save it to your OneDrive.",
        "teams.export.sent": "The file is in your OneDrive.",
        "teams.export.declined": "No file was saved.",
        "teams.private.moved": "🔒 That is for you alone, so I have answered in our personal chat.",
        "teams.private.no_chat": "🔒 That is for you alone, so I answer it in a personal chat: open a chat with leadbot and write it there.",
        "teams.hello": "👋 Hi, I'm leadbot. I help you lead by example: a concrete commitment, a short check-in each week, and what you did in your team's digest.\n\nTry `commit course \"AI for managers\" by 15 Dec`, then `reflect #1 …` when something happens.\n\n`help` shows the rest.",
        "teams.help.leadbot": "*leadbot* helps you lead by example: make concrete commitments, log what you do, and let your team see it. `commit list` shows your commitments, `settings` your settings.",
        "teams.help.digest": "*Team digest*, in a team's channel:\n• `@leadbot digest on` — every Friday 14:00, what the channel's leaders committed to, completed, learned and dared to share (never who is late)\n• `@leadbot digest time fri 14:00` — move it   • `@leadbot digest language sv|en`   • `@leadbot digest off` — stop it   • `@leadbot digest picture on|off` — its chart of the team's last weeks",
        "teams.digest.footer": "Only what leaders chose to share appears here. To make your own commitment, write `commit …` to leadbot in a personal chat.",
        "teams.privacy.erase.ask": "This deletes *all* your commitments, reflections and check-in history, and your settings. Digests already posted in your teams' channels stay as they were posted. It cannot be undone.",
        "teams.checkin.more": "…and {count} more: `commit list` shows them all.",
        "teams.commit.partner_unknown": "I couldn't find anyone called @{handle}, so no partner was added. Name your partner with an @mention: type @ and pick them.",
    }
)

TEXTS.update(
    {
        "button.calendar": "Add to calendar",
        "calendar.summary.course": "Study time: {title}",
        "calendar.summary.failure": "Before the team meeting: {title}",
        "calendar.summary.collaboration": "Meeting: {title}",
        "calendar.summary.other": "Time for: {title}",
        "calendar.why.course": "Time for the course, kept like a meeting with your manager.",
        "calendar.why.failure": "Half an hour to get ready: what went wrong, and what you learned. Move it to just before your team meeting.",
        "calendar.why.collaboration": "The meeting with the other organisation: move it to the time you agree on, and invite them from your calendar.",
        "calendar.why.other": "An hour for it, on a working day before it is due.",
        "calendar.about": "Commitment #{number} in leadbot: {title}, by {due}.",
        "calendar.about_repeat": "Commitment #{number} in leadbot: {title}, {repeat}.",
        "calendar.how": "Log progress with /reflect #{number} …, or finish it with /reflect #{number} done.",
        "calendar.sent": ":calendar: *#{number}* {title} for your calendar: open the file to add it, or press a link.",
        "calendar.when": "{day} {start}–{end} ({tz}), a working day before it is due. Pick another time in your calendar if it suits you better.",
        "calendar.repeats": "Repeats {repeat} until {until}, leaving out days off. The links add the first one; the file adds the whole series.",
        "calendar.again": "Adding the file again updates the same event, it does not make a second one.",
        "calendar.outlook": "Outlook / Microsoft 365",
        "calendar.google": "Google Calendar",
        "calendar.file_comment": "#{number} {title}: open the file to put it in your calendar.",
        "calendar.failed": "I couldn't send you the calendar file just now. Nothing was changed; the links still work, or try again in a moment.",
        "calendar.moved": "Already in your calendar? Add it again and the event moves with it.",
        "teams.calendar.how": "Log progress with reflect #{number} …, or finish it with reflect #{number} done.",
        "teams.calendar.sent": "📅 **#{number}** {title} for your calendar: press a link, or accept the file below to get the whole event in your OneDrive and open it.",
        "teams.calendar.offer": "#{number} {title} as a calendar file (.ics). Accept to save it to your OneDrive, then open it to add it to your calendar.",
        "teams.calendar.saved": "The calendar file is in your OneDrive: open it to add the event.",
        "teams.calendar.typed": "📅 Write `calendar #{number}` to put it in your calendar.",
        "teams.calendar.moved_typed": "Already in your calendar? `calendar #{number}` gives the moved event: add it again and it replaces the old one.",
        "teams.calendar.other": "That commitment belongs to someone else: no event was made.",
        "teams.calendar.declined": "No file was saved; the links still work.",
    }
)

# The digest's small picture: the team's last weeks.
TEXTS.update(
    {
        "digest.picture.title": "Last {weeks} weeks",
        "digest.picture.alt": "Last {weeks} weeks: {completed}, {failures}",
        "digest.picture.completed.one": "{count} step completed",
        "digest.picture.completed.many": "{count} steps completed",
        "digest.picture.failures.one": "{count} failure shared",
        "digest.picture.failures.many": "{count} failures shared",
        "digest.picture.by_week": "By week (steps/failures): {weeks}",
        "digest.picture.week": "W{week}",
        "digest.picture.legend.completed": "Steps completed",
        "digest.picture.legend.failures": "Failures shared",
        "digest.picture_on": "The digest shows a small chart of the team's last weeks again, whenever at least five leaders are in it. `/leadbot digest picture off` leaves it out.",
        "digest.picture_off": "The digest now comes without its chart. `/leadbot digest picture on` brings it back.",
        "digest.bad_picture": "Say `on` or `off`, e.g. `/leadbot digest picture off`.",
        "digest.picture_shown": "With a small chart of the team's last weeks when at least five leaders are in it (`/leadbot digest picture off` leaves it out).",
        "teams.digest.picture_on": "The digest shows a small chart of the team's last weeks again, whenever at least five leaders are in it. `@leadbot digest picture off` leaves it out.",
        "teams.digest.picture_off": "The digest now comes without its chart. `@leadbot digest picture on` brings it back.",
        "teams.digest.bad_picture": "Say `on` or `off`, e.g. `@leadbot digest picture off`.",
        "teams.digest.picture_shown": "With a small chart of the team's last weeks when at least five leaders are in it (`@leadbot digest picture off` leaves it out).",
    }
)
