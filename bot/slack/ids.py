"""Identifiers shared by the Block Kit builders and the listeners that answer them."""

COMMIT_MODAL = "commit_modal"
REFLECT_MODAL = "reflect_modal"

DONE = "commitment_done"
REFLECT = "commitment_reflect"
DROP = "commitment_drop"
NEW_COMMITMENT = "home_new_commitment"
NEW_REFLECTION = "home_new_reflection"

SET_LANGUAGE = "setting_language"
SET_NUDGE_DAY = "setting_nudge_day"
SET_NUDGE_TIME = "setting_nudge_time"
SET_PAUSE = "setting_pause"
RESUME = "setting_resume"

# Modal inputs: block id and action id are the same string.
CATEGORY = "category"
WHAT = "what"
DUE = "due"
REPEAT = "repeat"
FOCUS = "focus"
PARTNER = "partner"
VISIBILITY = "visibility"
PICK_COMMITMENT = "pick_commitment"
PICK_START = "pick_start"  # a focus area's suggested first step, to fill the commit form
# An input filled from a starting point gets its block id with this and the suggestion after
# it: Slack keeps what was typed in a block whose id stays, and would not show the new words.
FILLED = "~"
TEXT = "text"
LEARNED = "learned"
MARK_DONE = "mark_done"
SHARE = "share"

NO_COMMITMENT = "none"

SNOOZE = "commitment_snooze"
SET_DIGEST_OPT_OUT = "setting_digest_opt_out"
ERASE = "privacy_erase"

CALENDAR = "commitment_calendar"
# The links in a calendar message: Slack opens the URL and tells us of the press as well.
CALENDAR_OUTLOOK = "calendar_outlook"
CALENDAR_GOOGLE = "calendar_google"
