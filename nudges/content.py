"""Which words for which nudge: by category, by where the commitment stands, by language.

Several variants per case, picked by the commitment and the week, so the same sentence does
not come back every Monday. The words follow the principles: for a course, block the time;
for failure-sharing, the next team meeting and what to tell; for a collaboration, who to call.
"""

from __future__ import annotations

from datetime import date

HINTS: dict[str, dict[str, list[str]]] = {
    "course": {
        "en": [
            "Have you blocked time in your calendar for it? An hour this week is a start.",
            "Book the sessions in your calendar now, as you would a meeting with your manager.",
            "Tell your team you are taking it — they will ask how it went.",
        ],
        "sv": [
            "Har du blockat tid i kalendern? En timme den här veckan är en början.",
            "Boka in passen i kalendern nu, som ett möte med din chef.",
            "Berätta för teamet att du går den — de kommer att fråga hur det gick.",
        ],
    },
    "failure": {
        "en": [
            "When is your next team meeting? Two minutes on what went wrong and what you learned is enough.",
            "What would you tell the team: what happened, what you learned, what you'd do differently?",
            "Sharing a failure makes it safe for others to try. Pick the meeting where you'll tell it.",
        ],
        "sv": [
            "När är nästa APT? Två minuter om vad som gick fel och vad du lärde dig räcker.",
            "Vad skulle du berätta för teamet: vad hände, vad lärde du dig, vad gör du annorlunda?",
            "När du delar ett misslyckande blir det tryggt för andra att våga. Välj mötet där du berättar.",
        ],
    },
    "collaboration": {
        "en": [
            "Who in the other organisation will you call? Put their name in your calendar today.",
            "A short call beats a long email: who is your counterpart there?",
            "Bring your partner (parhäst) into the first conversation — who do you call first?",
        ],
        "sv": [
            "Vem i den andra organisationen ska du ringa? Skriv in namnet i kalendern i dag.",
            "Ett kort samtal slår ett långt mejl: vem är din motpart där?",
            "Ta med din parhäst i första samtalet — vem ringer ni först?",
        ],
    },
    "other": {
        "en": [
            "What is the very next step, and when will you take it?",
            "Fifteen minutes this week keeps it moving. When do they fit?",
            "Who could you tell about it, so it happens?",
        ],
        "sv": [
            "Vilket är nästa steg, och när tar du det?",
            "En kvart den här veckan håller det i rörelse. När passar den?",
            "Vem kan du berätta det för, så att det blir av?",
        ],
    },
}

INTROS = {
    "en": [
        "Good morning! Here is where your commitments stand.",
        "A new week, a new chance to lead by example. Your commitments:",
        "Your weekly check-in: people do as we do. Here is yours.",
    ],
    "sv": [
        "God morgon! Så här ligger dina åtaganden till.",
        "En ny vecka, en ny chans att leda genom exempel. Dina åtaganden:",
        "Veckans avstämning: folk gör som vi gör. Här är dina.",
    ],
}

REMINDER_INTRO = {
    "en": "A short reminder about your commitments:",
    "sv": "En kort påminnelse om dina åtaganden:",
}


def _pick(options: list[str], seed: int) -> str:
    return options[seed % len(options)]


def hint(category: str, locale: str, *, commitment_id: int, day: date) -> str:
    options = HINTS.get(category, HINTS["other"])
    return _pick(options.get(locale, options["en"]), commitment_id + day.isocalendar().week)


def intro(locale: str, *, checkin: bool, day: date) -> str:
    if not checkin:
        return REMINDER_INTRO.get(locale, REMINDER_INTRO["en"])
    return _pick(INTROS.get(locale, INTROS["en"]), day.isocalendar().week)
