"""Whether a what is a step someone could see happen, or a vision dressed as a commitment.

Principle 1: "bort med fluffiga visioner". "Öka tilliten i teamet" and "be more data driven" are
aims, however soon their date; "Boka ett möte med IT om AI-policyn" and "Improve the onboarding
checklist and share it with HR" are steps, however abstract a word in them sounds. A what is vague
when it opens with an aim (increase, improve, strengthen, become, be more, "ligga i framkant", …)
or is made only of abstract words, and names nothing observable: no action one can do in a day
(book, call, present, share, read…), no thing one can hold or put in a calendar (a meeting, a
course, a report, a checklist), no number, no person.

Word lists rather than a library: simplemma would spare us the Swedish inflections, but loading its
Swedish dictionary takes 1.8 s and 108 MB of resident memory on this project's 2-core machines
(measured), for a check that needs a few hundred stems. `_forms` strips the common Swedish and
English endings instead ("tilliten" -> "tillit", "workshopen" -> "workshop", "booked" -> "book").
"""

from __future__ import annotations

import re
from itertools import pairwise

from nudges.drafts import Category

_WORD = re.compile(r"[^\W_][\w'’:-]*")

_SUFFIXES = ("arna", "erna", "orna", "ande", "ende", "ning", "ingen", "ing", "en", "et", "na", "ar", "er", "or",
             "ade", "ad", "at", "es", "ed", "s", "n", "t", "r", "a", "e", "d")  # fmt: skip


_VERB_SUFFIXES = ("ade", "ad", "at", "ar", "er", "ed", "es", "ing", "de", "te", "s", "r", "t", "d")


def _forms(word: str, suffixes: tuple[str, ...] = _SUFFIXES, *, vowels: bool = True) -> list[str]:
    """The word and what it might be without an inflection ending (and with a verb's -a back)."""
    forms = [word]
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            forms += [stem, stem + "a", stem + "e"] if vowels else [stem]
            if suffix in ("ing", "ed") and stem[-1:] == stem[-2:-1]:
                forms.append(stem[:-1])  # "swapping" -> "swap"
    return forms


def _in(word: str, words: frozenset[str]) -> bool:
    return any(form in words for form in _forms(word))


def _action(word: str) -> bool:
    """Verb forms only: "frågan" (the question) is no "fråga" (to ask)."""
    return any(form in ACTIONS for form in _forms(word, _VERB_SUFFIXES))


def _aim(word: str) -> bool:
    """Verb forms only: "ledning" (management) is no "leda" (to lead)."""
    return any(form in AIMS for form in _forms(word, _VERB_SUFFIXES))


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Who and which modal verb: skipped before the first real word ("Vi ska…", "I want to…").
SUBJECTS = _set("""
vi jag ni du man alla ska skall vill måste behöver bör kommer att få försöka försöker sträva sträva efter ha
som mål mål we i you all will want wants need needs must should shall let's lets us our my going gonna to try
trying aim aiming strive striving plan planning hope i'll we'll i'm we're also också mer more verkligen really
continue fortsätta keep
""")
# Openings of an aim rather than a step.
AIMS = _set("""
leda leva riva göra sätta ta ha hålla normalisera positionera utvecklas förnya återuppfinna frigöra hitta
förenkla push find simplify grow lead live break make put take have stay step invest harness unlock reimagine
position normalize normalise renew rethink redefine revolutionize revolutionise unleash nurture öka förbättra
stärka utveckla främja bli vara jobba arbeta satsa fokusera prioritera tänka omfamna driva skapa bygga höja
effektivisera modernisera digitalisera inspirera motivera engagera uppmuntra verka eftersträva bidra stötta
stödja våga tillvarata möjliggöra förstärka fördjupa bredda vidareutveckla säkerställa genomsyra förankra
etablera increase improve strengthen develop foster promote become be get embrace drive boost enhance grow
build create work focus prioritize prioritise think leverage empower inspire transform modernize modernise
digitize digitise streamline champion encourage motivate engage strive support raise cultivate nurture elevate
optimize optimise maximize maximise innovate accelerate align deepen broaden ensure establish embed lead
""")
ABSTRACT = _set("""
tillit förtroende kultur innovation innovationskraft digitalisering digitaliseringsarbete engagemang
motivation delaktighet arbetsglädje samarbete samverkan kommunikation transparens öppenhet kvalitet
effektivitet mindset ledarskap trygghet psykologisk välmående mångfald inkludering kompetens förmåga mognad
framkant synergi värde kundfokus fokus närvaro tydlighet hållbarhet lagkänsla nyfikenhet mod agilitet
förändringsförmåga lärande utveckling förändring förändringsarbete transformation omställning mål vision
värderingar potential potentialen norm normen självklarhet helheten centrum silos silo förhållningssätt ansvar
ägarskap idéer vardag vardagen uppskattning intelligens omvärlden framtiden framtid medborgaren medborgarna
invånarna ledare helhetssyn helhet gemenskap vi-känsla laganda dialog struktur ordning balans
helhetsperspektiv perspektiv medvetenhet kunskap arbetsmiljö mognad närvarande tillgänglig coachande lugn
lugnare modigare tålmodig tålmodigare lyhörd lyhördare vi-känsla vi-känslan överlag data ai digital digitala
digitalt innovativ innovativa modig modiga nyfiken nyfikna proaktiv proaktiva datadriven datadrivna datadrivet
agil agila tydlig tydliga tydligare bättre bra bäst mer mindre smartare effektivare modernare snabbare trust
confidence culture innovation digitalization digitalisation engagement motivation ownership collaboration
cooperation communication transparency openness quality efficiency mindset leadership safety psychological
wellbeing well-being diversity inclusion competence capability maturity forefront synergy synergies value
focus presence clarity sustainability spirit curiosity courage agility learning development change growth
alignment excellence transformation dialogue awareness knowledge data ai digital innovative brave courageous
curious goal goals vision mission values potential norm silos ownership responsibility ideas everyday
appreciation intelligence future residents citizens people heart mind leader role model adoption e-services
services proactive data-driven driven agile approachable available calmer braver patient present coaching
clear clearer better best good more less smarter faster customer-centric customer-focused next level box
""")
# Said of aims, never of steps.
AIM_PHRASES = [
    "think outside the box", "tänka utanför boxen", "tänka utanför lådan", "ligga i framkant", "vara i framkant",
    "be at the forefront", "stay ahead", "lead the way", "leda vägen", "vara en förebild", "be a role model",
    "walk the talk", "move the needle", "take it to the next level", "ta nästa steg", "lyfta blicken",
    "tänka nytt", "think big", "jobba smartare", "work smarter", "göra skillnad", "make a difference",
    "sätta kunden i fokus", "put the customer first", "lead by example", "leda genom exempel", "gå före",
    "ha koll på", "hålla koll på", "keep an eye on", "be more", "vara mer", "bli mer", "bli bättre",
    "get better", "become more", "jobba mer", "arbeta mer", "work more", "lägga mer tid", "spend more time",
    "ligga i topp", "vara i topp", "till nästa nivå", "to the next level", "på nästa nivå", "be the best",
    "vara bäst", "strive for", "sträva efter", "aim for", "aim to", "at the heart", "i centrum", "i fokus",
    "the norm", "till en självklarhet", "en självklarhet", "on the map", "på kartan", "break down silos",
    "riva silos", "live our values", "leva våra värderingar", "lev som du lär", "leva som vi lär", "step up",
    "one team one goal", "make it safe", "get comfortable", "stay on top", "hålla mig uppdaterad", "hålla mig à jour",
    "stay up to date", "keep up with", "hänga med i", "ligga steget före", "steget före", "gör skillnad",
    "gör vi skillnad", "göra skillnad", "ta ansvar", "take ownership", "take responsibility", "ta ägarskap",
    "first 🚀", "ai first", "digital first", "digitalt först", "hjärta och hjärna", "heart and mind",
    "tänka om", "think differently", "visa vägen", "show the way", "create room for", "make room for",
    "make space for", "skapa utrymme för", "skapa utrymme", "raise awareness", "öka medvetenheten",
    "be more", "vara mer", "bli mer", "bli en mer", "vara en mer", "be a more", "become a more", "bli en bättre",
    "be a better", "become a better",
]  # fmt: skip
# Comparatives of oneself: "bli bättre på att prata om misstag" is an aim even with a verb in it;
# only a thing in the calendar or a number makes it a step.
_COMPARATIVE_AIMS = {p for p in AIM_PHRASES if p.split()[-1] in ("mer", "more", "bättre", "better")}
# Things one can do and be seen doing, in a day or a meeting.
ACTIONS = _set("""
ge ger gav utse byta swap lyfta boka ring ringa skicka mejla maila presentera dela berätta bjuda bjud träffa
besöka besök läsa läs skriva skriv gå genomföra genomför hålla håll ordna planera delta anmäla anmäl starta
avsluta publicera testa prova intervjua fråga sammanfatta visa lansera fika sätta ställa lägga beställa köpa
svara kalla inbjuda rekrytera anställa utse tillsätta granska kartlägga dokumentera spela filma arrangera
skugga följa hospitera medverka närvara slutföra färdigställa lämna ladda uppdatera revidera formulera välja
besluta fatta avsätta blocka blockera samla sammankalla introducera demonstrera utvärdera mäta stämma checka
åka resa ansöka söka lyssna titta ta_fram ta_upp gå_igenom ringa_upp mejla ut utbilda lära rita skissa
beskriva lista ringa jämföra sammanställa leverera skapa_en tacka fira avtacka prata diskutera coacha mentora
handleda book call ring send email mail present share tell invite meet visit read write attend run hold host
organise organize arrange schedule join sign register enrol enroll complete finish publish launch test try
pilot interview ask survey summarise summarize show demo draft prepare submit upload update review revise map
document record shadow facilitate deliver produce set list collect gather compile post order buy hire recruit
appoint decide choose pick block reserve introduce demonstrate evaluate measure follow check go travel apply
watch listen take sit talk discuss walk coach mentor onboard train teach celebrate thank give sketch describe
compare outline rewrite phone text message
""")
# Things one can hold, attend or put in a calendar.
THINGS = _set("""
kurs utbildning workshop möte apt ledningsgruppsmöte medarbetarsamtal lönesamtal utvecklingssamtal avstämning
träff lunch fika frukost kaffe studiebesök webinar webbinarium föreläsning modul certifikat certifiering
rapport plan policy riktlinje rutin checklista mall enkät intervju pilot test prototyp demo presentation
bildspel dokument artikel blogg inlägg nyhetsbrev mejl brev samtal telefon video film poddavsnitt podd bok
kapitel sida agenda protokoll beslut budget offert avtal upphandling upphandlingsunderlag ansökan kalender tid
lokal dag halvdag timme minuter session pass hackathon seminarium konferens mässa nätverksträff frukostmöte
retrospektiv retro standup kickoff stormöte personalmöte teammöte lista backlog dashboard karta processkarta
flöde lärdom misslyckande exempel case berättelse historia förslag underlag tjänsteskrivelse handlingsplan
aktivitetsplan veckobrev intranät sharepoint yammer viva ärende utvärdering genomgång besöket rundvandring
demonstration handledning mentorskap course training meeting meetings one-on-one one-on-ones 1:1 1-1 breakfast
coffee visit webinar lecture talk module certificate certification report plan policy guideline routine
procedure checklist template survey interview pilot prototype demo presentation slides deck document article
blog post newsletter email letter call phone video podcast episode book chapter page one-pager agenda minutes
budget quote contract procurement application calendar time room day half-day hour hours minutes session
hackathon seminar conference meetup kick-off kickoff retrospective retro stand-up standup town-hall list
backlog dashboard map flowchart lesson failure example case story proposal draft team-meeting channel folder
rota schedule log register whiteboard shift skift nattpass invitation info information nyhet news update
uppdatering quiz invite notes summary note round buddy checklist kanal teams-kanal mapp schema logg formulär
inbjudan kallelse anteckningar sammanfattning minnesanteckningar punkt runda rond skyddsrond sign-off approval
godkännande regler rules delegation delegationsordning lgr lg
""")
# "Bli klar med", "become certified", "be a mentor": becoming something one can check.
CHECKABLE = _set("""
klar klara klart färdig färdiga done finished certifierad certifierade certified medlem member godkänd
approved registrerad registered mentor sponsor ambassadör ambassador ordförande chair värd host talare speaker
moderator med ute på at there present
""")
FILLERS = _set("""
en ett a an the vår våra vårt our och and i in på at on med with of av to att mycket very much helt fully
really verkligen som as organisation organisationen organization verksamhet verksamheten arbetsplats
arbetsplatsen workplace company företag företaget kommun kommunen municipality ledare leader leaders team
teamet gruppen group för for oss us alla all everyone tillsammans together ännu even allt always alltid så so
truly genuint inom within kring around about om hela whole min mitt mina my sin sitt sina their vårat det it
this denna detta den här där there mot towards inför ahead det's it's hos
""")


def _phrases_by_first_word(phrases) -> dict[str, list[list[str]]]:
    index: dict[str, list[list[str]]] = {}
    for phrase in phrases:
        index.setdefault(phrase.split()[0], []).append(phrase.split())
    return index


def _has_phrase(words: list[str], index: dict[str, list[list[str]]]) -> bool:
    return any(words[i : i + len(p)] == p for i, w in enumerate(words) for p in index.get(w, ()))


def _names_something(raw: list[str]) -> bool:
    """A digit, a mention or a proper name ("Täby", "Copilot", "GDPR") past the first word."""
    for index, word in enumerate(raw):
        if any(c.isdigit() for c in word):
            return True
        lower = word.lower()
        if index and word[:1].isupper() and not _in(lower, AIMS | ABSTRACT | FILLERS | SUBJECTS):
            return True
    return False


_AIMS_BY_WORD = _phrases_by_first_word(AIM_PHRASES)
_COMPARATIVES_BY_WORD = _phrases_by_first_word(_COMPARATIVE_AIMS)
# Things that show a step only together with an action: "berätta om ett misslyckande" is a step,
# "normalisera misslyckanden" an aim; "every day" is a frequency, "on the map" a figure of speech.
SOFT = _set("""
misslyckande misstag lärdom exempel case berättelse historia idé dag tid karta failure failures mistake lesson
example story idea day time map lessons examples stories ideas
""")
HARD_THINGS = THINGS - SOFT
# Actions of more than one word, and aims that say how: "genom att leda nästa skyddsrond".
ACTION_PHRASES = [
    "ta upp", "ta fram", "gå igenom", "sätta upp", "lägga upp", "ta kontakt", "göra klart", "skicka ut", "set up",
    "follow up", "sign up", "write up", "reach out", "sit down", "walk through", "hand in", "send out",
    "raise it", "raising it", "bring it up", "bring up", "raise the issue", "raise the question", "lyfta den",
    "lyfta frågan", "ta upp det", "ta upp frågan",
]  # fmt: skip
_ACTIONS_BY_WORD = _phrases_by_first_word(ACTION_PHRASES)
_HOW = [["genom", "att"], ["genom"], ["through"], ["via"], ["med", "hjälp", "av"], ["by"], ["så", "att"]]
# Groups one can bring something to: a step beside an action ("raise it at the management group"),
# context beside an aim ("öka tryggheten i arbetsgruppen").
GROUPS = _set("""
management-group management-team steering-group project-group working-group leadership-team styrgrupp
projektgrupp arbetsgrupp ledningsgruppsmöte
""")
_THING_ENDINGS = frozenset(t for t in THINGS if len(t) >= 4)


def _thing(word: str) -> bool:
    """A thing, also at the end of a Swedish compound: "kommunikationsplan", "julbordsmötet"."""
    if _in(word, HARD_THINGS):
        return True
    return any(form[i:] in _THING_ENDINGS for form in _forms(word, vowels=False) for i in range(4, len(form) - 3))


def _observable(words: list[str], *, actions: bool = True) -> bool:
    """An action one can do, or a thing one can hold or attend, anywhere past an aim's verb; a
    soft thing ("ett misslyckande") counts only beside an action."""
    acted = any(_action(w) for w in words) or _has_phrase(words, _ACTIONS_BY_WORD)
    if actions and acted:
        return True
    groups = _names_a_group(words)
    return any(_thing(w) for w in words) or (acted and (groups or any(_in(w, SOFT) for w in words)))


def _acts_on_a_thing(words: list[str]) -> bool:
    """An action (not an aim) and, in another word, a thing it acts on: "skicka agendan tidigare"."""
    acts = [i for i, w in enumerate(words) if _action(w) and not _aim(w)]
    acts += [i for i, w in enumerate(words) if words[i : i + 2] in [p for p in _ACTIONS_BY_WORD.get(w, [])]]
    return any(_thing(w) for i, w in enumerate(words) if i not in acts) and bool(acts)


def _names_a_group(words: list[str]) -> bool:
    """ "The management group", "styrgruppen": one word or two."""
    return any(f"{a}-{b}" in GROUPS for a, b in pairwise(words)) or any(_in(w, GROUPS) for w in words)


def _brought_to_a_group(words: list[str]) -> bool:
    for index, word in enumerate(words):
        if word in ("at", "på", "with", "med", "to", "i", "in", "inför"):
            tail = words[index + 1 :]
            if _names_a_group(tail) or any(_thing(w) for w in tail):
                return True
    return False


def _says_how(words: list[str]) -> bool:
    """ "Ta mer ansvar för arbetsmiljön genom att leda nästa skyddsrond": the how is the step."""
    for index in range(1, len(words)):
        for how in _HOW:
            if words[index : index + len(how)] == how:
                tail = words[index + len(how) :]
                if tail and (how != ["by"] or tail[0].endswith("ing")) and _observable(tail):
                    return True
    return False


# Wanting more or better of something is an aim unless it names the thing that will show it:
# "ge mer feedback" is an aim, "skicka agendan två dagar tidigare" a step.
COMPARATIVES = _set("""
mer more mindre less bättre better större greater bigger högre higher tydligare clearer clearly starkare
stronger djupare deeper bredare broader modigare braver närmare closer smartare smarter effektivare effective
effectively oftare often snabbare faster enklare simpler lugnare calmer tryggare safer öppnare more-open
""")
# A count makes a step checkable: "Prioritize the three most urgent cases", "besöka alla fem förskolor".
_NUMBER_WORDS = _set("""
two three four five six seven eight nine ten twelve twenty två tre fyra fem sex sju åtta nio tio tolv tjugo
""")
# A course named in the first person is a personal aim: "Grow my leadership skills".
_FIRST_PERSON = _set("my min mitt mina mig jag i me myself själv")
# After "be": Swedish "be" is "ask" ("Be min chef om feedback").
_SWEDISH_AFTER_BE = _set(
    "min mitt mina din en ett två tre fyra alla någon några vår våra om chefen gruppen teamet hr it"
)


def is_vague(title: str, *, category: Category | None = None) -> bool:
    """Whether the what is an aim with nothing observable in it (see the module docstring)."""
    if "@" in title or "<" in title:
        return False
    raw = _WORD.findall(title)
    if not raw or len(raw) > 16:
        return False
    words = [w.lower().replace("’", "'") for w in raw]
    digits = any(c.isdigit() for c in title) or any(w in _NUMBER_WORDS for w in words)
    phrase_aim = _has_phrase(words, _AIMS_BY_WORD)
    if _says_how(words):
        return False
    comparative = _has_phrase(words, _COMPARATIVES_BY_WORD) or any(w in COMPARATIVES for w in words)
    if comparative and not (category == Category.COURSE and _names_something(raw)):
        return not (_acts_on_a_thing(words) or digits)
    if phrase_aim:
        return not (_acts_on_a_thing(words) or digits)
    start = 0
    while start < len(words) - 1 and words[start] in SUBJECTS:
        start += 1
    rest = words[start:]
    if rest[0] == "be" and len(rest) > 1 and rest[1] in _SWEDISH_AFTER_BE:
        return False  # "Be min chef om feedback": asking someone is a step
    if rest[0] in ("bli", "vara", "be", "become", "get", "being", "känna", "feel") and len(rest) > 1:
        after = rest[1:]
        if after[0] in CHECKABLE or any(w in CHECKABLE - {"med", "på", "at", "ute", "there", "present"} for w in after):
            return False  # "bli klar med…", "vara med på APT", "be at the workshop"
        return not (_observable(after, actions=rest[0] == "get") or digits)
    personal = any(w in _FIRST_PERSON for w in words) or rest[0].endswith("as")
    if category == Category.COURSE and not (_aim(rest[0]) and personal):
        return False  # course names are often just buzzwords ("Leading change"), and concrete all the same
    opens_with_aim = _aim(rest[0]) and not _action(rest[0])
    if opens_with_aim:
        if rest[0] in ("raise", "lyfta") and _brought_to_a_group(rest):
            return False  # "raise the invoice error at the management group": bringing it up is a step
        return not (_observable(rest[1:]) or _has_phrase(rest, _ACTIONS_BY_WORD) or digits)
    if _names_something(raw) or _observable(words):
        return False
    return all(_in(w, ABSTRACT | FILLERS | SUBJECTS | AIMS) for w in words) and any(_in(w, ABSTRACT) for w in words)
