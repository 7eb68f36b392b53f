"""Svenska texter."""

TEXTS: dict[str, str] = {
    "category.course": "Kurs",
    "category.failure": "Dela ett misslyckande",
    "category.collaboration": "Samverkan",
    "category.other": "Annat",
    "repeat.week": "varje vecka",
    "repeat.biweekly": "varannan vecka",
    "repeat.month": "varje månad",
    "repeat.none": "Upprepas inte",
    "visibility.private": "privat",
    "visibility.team": "delas med teamet",
    "commit.saved": ":handshake: Åtagande sparat: *#{number}* {category} · {title} · senast *{due}*",
    "commit.saved_repeat": ":handshake: Åtagande sparat: *#{number}* {category} · {title} · {repeat}, "
    "första gången senast *{due}*",
    "commit.private_note": ":lock: Privat: bara du ser det, och det visas aldrig i teamets veckobrev.",
    "commit.partner_note": ":busts_in_silhouette: {partner} är din parhäst och har fått veta det.",
    "commit.partner_not_told": ":busts_in_silhouette: {partner} är din parhäst. Jag nådde inte fram, så berätta det själv.",
    "commit.partner_unknown": "Jag hittade ingen som heter @{handle}, så ingen parhäst lades till. "
    "Välj personen i listan med `/commit` utan text.",
    "commit.next_step": "Logga framsteg med `/reflect #{number} …`, eller bocka av med `/reflect #{number} klar`.",
    "commit.not_saved": ":pencil2: Inte sparat ännu — {reason}",
    "commit.example": 'Till exempel: `/commit kurs "AI för chefer" senast 15 dec` eller '
    '`/commit misslyckande "Berätta om piloten som floppade" senast nästa fredag`.',
    "problem.no_when": "ett åtagande behöver ett *när*. Lägg till ett datum med `senast`, "
    "t.ex. `senast 15 dec` eller `senast nästa fredag`.",
    "problem.no_what": "ett åtagande behöver ett *vad*: skriv det konkreta du ska göra.",
    "problem.fluffy": "det låter mer som ett mål än ett steg. Bra att ha! Vad är det första du gör på vägen dit, "
    "som någon skulle märka?",
    "commit.vision_form_help": "Vill du spara det precis som du skrev, avsluta titeln med ”ändå”.",
    "problem.open_ended": "det säger när det börjar, inte när det ska vara klart. Senast när?",
    "commit.vision_help": "Ett första steg kan vara ett bokat möte, en påbörjad kurs eller något du berättar på "
    "nästa APT — t.ex. `/commit Boka en workshop om tillit med teamet senast 15 jan`. "
    "Vill du spara det precis som du skrev, skicka samma rad igen och avsluta den med *ändå*.",
    "problem.past": "det datumet har redan passerat. Välj en dag från och med i dag.",
    "problem.no_such_date": "det datumet finns inte i kalendern. Kontrollera dag och månad.",
    "problem.unreadable_date": "jag kunde inte läsa datumet. Prova `senast 2026-12-15`, `senast 15 dec` "
    "eller `senast nästa fredag`.",
    "problem.too_far": "det är mer än två år bort, för långt för att vara en plan. "
    "Vilket steg kan du ta de närmaste månaderna?",
    "problem.too_long": "det blev lite långt. Håll det under {max} tecken; detaljer passar i en reflektion.",
    "problem.no_text": "skriv vad som hänt, eller lägg till `klar` för att bocka av: `/reflect #{number} klar`.",
    "problem.empty": "skriv vad du vill notera, t.ex. `/reflect #1 bokade kursdagarna`.",
    "denial.no_such_commitment": "Du har inget åtagande #{number}. `/commit list` visar dina.",
    "denial.no_such_commitment_id": "Det åtagandet är inte ditt, så inget ändrades.",
    "denial.already_done": "#{number} är redan klart — inget att ändra. :white_check_mark:",
    "denial.which_one": "Vilket är klart? Skriv dess nummer, t.ex. `/reflect #1 klar` — `/commit list` visar dina.",
    "denial.already_dropped": "#{number} har tidigare strukits, så inget ändrades.",
    "commit.dropped": "Strök *#{number}* {title}. Det finns kvar i din historik; att stryka en plan är också ett beslut.",
    "commit.moved": ":calendar: Flyttade *#{number}* {title} till *{due}*. En ny plan är också en plan.",
    "commit.move_usage": "Skriv vilket och när, t.ex. `/commit move #2 senast 20 jan`.",
    "commit.drop_usage": "Skriv vilket du vill stryka, t.ex. `/commit drop #2`.",
    "list.header": "Dina åtaganden",
    "list.empty": 'Du har inga aktiva åtaganden ännu. Gör ett: `/commit kurs "AI för chefer" senast 15 dec`.',
    "list.due": "senast {due}",
    "list.overdue": "skulle vara klart {due}",
    "list.repeat": "{repeat}, nästa senast {due}",
    "list.partner": "med {partner}",
    "reflect.saved_on": ":memo: Noterat på *#{number}* {title}.",
    "reflect.saved_free": ":memo: Noterat. Att lära sig högt är att leda genom exempel.",
    "reflect.saved_failure": ":sparkles: Tack för att du delar ett misslyckande — så vågar ett team.",
    "reflect.done": ":tada: *#{number}* {title} är klart. Snyggt jobbat!",
    "reflect.done_repeat": ":tada: Klart för den här gången: *#{number}* {title}. Nästa gång senast *{due}*.",
    "reflect.private_note": ":lock: Hålls privat.",
    "reflect.not_saved": ":pencil2: Inte sparat — {reason}",
    "partner.dm": ":wave: {owner} har valt dig som parhäst för sitt åtagande *{title}*, senast {due}. "
    "Att leda i par gör att det blir av — du får höra hur det går.",
    "help.commit": "*Gör ett åtagande*: vad du ska göra och när.\n"
    '• `/commit kurs "AI för chefer" senast 15 dec`\n'
    '• `/commit misslyckande "Berätta om e-tjänsten som floppade" senast 2026-12-20 privat`\n'
    '• `/commit samverkan "Workshop med Värmdö kommun" senast 30 januari med @pat`\n'
    '• `/commit annat "Avsätt två timmar för omvärldsbevakning" varje vecka`\n'
    "Kategorier: kurs, misslyckande, samverkan, annat. Lägg till `privat` för att hålla det utanför teamets "
    "veckobrev, `med @namn` för en parhäst, `varje vecka` / `varje månad` för att upprepa.\n"
    "• `/commit list` — dina åtaganden   • `/commit move #2 senast 20 jan` — nytt datum   • `/commit drop #2` — stryk ett   "
    "• `/commit` utan text öppnar ett formulär",
    "help.reflect": "*Logga framsteg*:\n"
    "• `/reflect #1 bokade kursen till torsdag` — framsteg på #1\n"
    "• `/reflect #1 klar` — bocka av det\n"
    "• `/reflect misslyckande: piloten floppade, vi lärde oss att involvera handläggarna tidigt` — "
    "dela ett misslyckande\n"
    "• `/reflect testade gående enskilda samtal privat` — en privat lärdom\n"
    "• `/reflect` utan text öppnar ett formulär",
    "help.leadbot": "*leadbot* hjälper dig att leda genom exempel: gör konkreta åtaganden, logga vad du gör, och "
    "låt ditt team se det. Din App Home (klicka på leadbot i sidofältet) visar dina åtaganden och inställningar.",
    "error.generic": "Förlåt, något gick fel hos mig och inget sparades. Försök igen om en liten stund.",
    "error.database": "Jag når inte min databas just nu, så inget sparades. Försök igen om en liten stund.",
    "button.done": "Klar",
    "button.reflect": "Reflektera",
    "button.drop": "Stryk",
    "button.new": "Nytt åtagande",
    "button.new_reflection": "Reflektera",
    "confirm.drop.title": "Stryka åtagandet?",
    "confirm.drop.text": "#{number} {title} markeras som struket. Det finns kvar i din historik.",
    "confirm.drop.yes": "Stryk det",
    "confirm.cancel": "Behåll",
    "modal.commit.title": "Nytt åtagande",
    "modal.reflect.title": "Reflektera",
    "modal.submit": "Spara",
    "modal.cancel": "Avbryt",
    "modal.category": "Kategori",
    "modal.what": "Vad ska du göra?",
    "modal.what.placeholder": "t.ex. Gå kursen ”AI för chefer”",
    "modal.due": "Senast när?",
    "modal.start": "Börja från ett föreslaget första steg (valfritt)",
    "modal.start.placeholder": "Välj ett, så fylls formuläret i",
    "modal.start.use": "Fyll i formuläret med det",
    "modal.repeat": "Upprepa",
    "modal.partner": "Parhäst",
    "modal.partner.hint": "Valfritt: någon som gör det här med dig och ser dess påminnelser.",
    "modal.visibility": "Vem kan se det?",
    "modal.visibility.team": "Mitt team (i veckobrevet)",
    "modal.visibility.private": "Bara jag",
    "modal.commitment": "Åtagande",
    "modal.commitment.none": "Inget åtagande — en fri reflektion",
    "modal.text": "Vad hände?",
    "modal.text.placeholder": "Ett steg du tog, något du lärde dig, …",
    "modal.failure.what": "Vad hände?",
    "modal.failure.learned": "Vad lärde vi oss?",
    "modal.done": "Avklarat",
    "modal.done.option": "Det här åtagandet är klart",
    "modal.share": "Delning",
    "modal.share.option": "Dela med mitt team",
    "problem.partner_self": "Välj någon annan än dig själv som parhäst.",
    "modal.saved_dm": "Sparat från formuläret:",
    "home.title": "Led genom exempel",
    "home.intro": "Folk gör som vi gör, inte som vi säger. Här är dina åtaganden.",
    "home.active": "Aktiva åtaganden",
    "home.none": "Inga aktiva åtaganden. Vad är ett konkret steg du ska ta, och när?",
    "home.more": "…och {count} till (`/commit list`)",
    "home.completed": "Nyligen avklarat",
    "home.completed.none": "Inget avklarat ännu — det första är det bästa.",
    "home.reflections": "Senaste reflektioner",
    "home.reflections.none": "Inga reflektioner ännu. `/reflect` noterar ett steg eller en lärdom.",
    "home.streak": ":fire: *{weeks} veckor i rad* av att leda genom exempel.",
    "home.streak.one": ":fire: *1 vecka i rad* — fortsätt nästa vecka.",
    "home.streak.none": "Reflektera eller bocka av något den här veckan, så har du din första vecka i rad.",
    "home.settings": "Inställningar",
    "home.language": "Språk",
    "home.nudge_day": "Dag för avstämning",
    "home.nudge_time": "Tid för avstämning",
    "home.pause": "Pausa avstämningar till och med",
    "home.pause.none": "Inte pausad",
    "home.tz": "Tider gäller i din tidszon: {tz}.",
    "home.private": "privat",
    "reflection.kind.progress": "Framsteg",
    "reflection.kind.done": "Klart",
    "reflection.kind.failure": "Delat misslyckande",
    "reflection.kind.learning": "Lärdom",
    "language.sv": "Svenska",
    "language.en": "English",
}
TEXTS.update(
    {
        "checkin.due_in": "senast om {days} dagar ({due})",
        "checkin.due_tomorrow": "senast i morgon ({due})",
        "checkin.due_today": "senast i dag",
        "checkin.overdue": "skulle vara klart {due} — fortfarande aktuellt? Klart, nytt datum (`/commit move #{number} senast …`) eller stryka: allt går bra.",
        "checkin.repeat": "{repeat}: inte gjort än den här perioden (senast {due})",
        "checkin.soon": ":hourglass_flowing_sand: Två arbetsdagar kvar.",
        "checkin.done": ":white_check_mark: Klart — snyggt jobbat!",
        "checkin.dropped": ":wastebasket: Struket.",
        "checkin.snoozed": ":zzz: Snoozat en vecka.",
        "checkin.answer": "Svara i den här tråden för att logga en reflektion.",
        "checkin.more": "…och {count} till i din App Home.",
        "checkin.fallback": "Din avstämning från leadbot: {count} åtagande(n)",
        "button.snooze": "Snooza en vecka",
        "snooze.done": "Snoozade *#{number}* {title} till och med {until}.",
        "thread.noted": ":memo: Noterat{on}. Tack!",
        "thread.noted_on": " på #{number}",
        "partner.done": ":tada: {owner} har bockat av *#{number}* {title} — du var parhäst. Tack!",
    }
)
TEXTS.update(
    {
        "digest.title": "Veckans ledarskap genom exempel",
        "digest.period": "{start} – {end}",
        "digest.summary.leaders.one": "{count} chef",
        "digest.summary.leaders.many": "{count} chefer",
        "digest.summary.commitments.one": "{count} åtagande",
        "digest.summary.commitments.many": "{count} åtaganden",
        "digest.summary.completed": "{leaders} bockade av {commitments}",
        "digest.summary.shared": "{count} delade ett misslyckande",
        "digest.summary.new.one": "{count} nytt åtagande",
        "digest.summary.new.many": "{count} nya åtaganden",
        "digest.summary.learnings.one": "{count} lärdom",
        "digest.summary.learnings.many": "{count} lärdomar",
        "digest.quiet": ":seedling: En lugn vecka. Det händer — vilket litet steg kan du dela nästa vecka?",
        "digest.completed": ":white_check_mark: *Avklarat*",
        "digest.committed": ":handshake: *Nya åtaganden*",
        "digest.failures": ":sparkles: *Delade misslyckanden — tack för modet*",
        "digest.learnings": ":bulb: *Lärdomar*",
        "digest.learned": "lärdom: {learning}",
        "digest.more": "…och {count} till",
        "digest.footer": "Här syns bara det cheferna valt att dela. `/commit` för att göra ditt eget åtagande.",
        "digest.fallback": "Veckobrev: {summary}",
        "digest.on": ":white_check_mark: Den här kanalen får nu ett veckobrev om vad dess chefer gjort, "
        "varje {day} kl. {time} ({tz}). `/leadbot veckobrev tid fre 14:00` flyttar det, `/leadbot veckobrev av` stoppar det.",
        "digest.off": "Den här kanalen får inte längre veckobrevet. `/leadbot veckobrev på` startar det igen.",
        "digest.moved": "Veckobrevet kommer nu varje {day} kl. {time} ({tz}).",
        "digest.language_set": "Veckobrevet skrivs på svenska.",
        "digest.not_on": "Den här kanalen har inget veckobrev ännu: `/leadbot veckobrev på` startar det.",
        "digest.bad_time": "Ange dag och tid, t.ex. `/leadbot veckobrev tid fre 14:00`.",
        "digest.bad_language": "Ange `sv` eller `en`, t.ex. `/leadbot veckobrev språk sv`.",
        "digest.invite": "Jag kan inte skriva i den här kanalen än. Bjud in mig med `/invite @leadbot` och försök igen.",
        "digest.not_a_channel": "Kör det här i teamets kanal (inte i ett direktmeddelande).",
        "help.digest": "*Teamets veckobrev*, i teamets kanal:\n"
        "• `/leadbot veckobrev på` — varje fredag 14:00: vad kanalens chefer åtagit sig, bockat av, lärt sig och vågat "
        "dela (aldrig vem som är sen)\n"
        "• `/leadbot veckobrev tid fre 14:00` — flytta det   • `/leadbot veckobrev språk sv|en`   "
        "• `/leadbot veckobrev av` — stoppa det   • `/leadbot veckobrev bild på|av` — diagrammet över teamets senaste veckor\n"
        "• `/leadbot stats` — användning för administratörer, bara sammanställt",
        "stats.title": "Användning i arbetsytan (sammanställt, inga enskilda uppgifter)",
        "stats.leaders": "Chefer med ett aktivt åtagande: *{active}* av {leaders}",
        "stats.month": "{month}: {counts}",
        "stats.none": "Inget avklarat ännu.",
        "stats.too_few": "Färre än fem chefer använder leadbot här, så inga siffror visas: "
        "med så få kan en siffra peka ut en person.",
        "stats.admins_only": "Användningssiffrorna är till för arbetsytans administratörer.",
        "home.digest": "Teamets veckobrev",
        "home.digest.opt_out": "Ta inte med mig i teamens veckobrev",
    }
)

TEXTS.update(
    {
        "help.privacy": "*Dina uppgifter*: `/leadbot export` skickar dig en fil med allt leadbot sparar om dig; "
        "`/leadbot erase` raderar allt (efter att du bekräftat).",
        "privacy.export.comment": "Här är allt leadbot sparar om dig, per {date}.",
        "privacy.export.sent": "Jag har skickat dig en fil med allt jag sparar om dig: titta i dina meddelanden med mig.",
        "privacy.export.failed": "Jag kunde inte skicka filen just nu. Inget ändrades; försök igen om en liten stund.",
        "privacy.erase.ask": "Det här raderar *alla* dina åtaganden, reflektioner och din historik av avstämningar, "
        "och dina inställningar. Teamens tidigare veckobrev i Slack ligger kvar som de skickades. Det går inte att "
        "ångra.",
        "privacy.erase.button": "Radera mina uppgifter",
        "privacy.erase.confirm_title": "Radera allt?",
        "privacy.erase.confirm_text": "Alla dina åtaganden, reflektioner och avstämningar raderas för gott.",
        "privacy.erase.yes": "Radera",
        "privacy.erase.done": "Klart: {commitments} åtaganden, {reflections} reflektioner och {nudges} avstämningar "
        "är raderade, och dina inställningar med dem. Använder du leadbot igen börjar du från början.",
    }
)

# A person's own settings, said in words (`/leadbot language en`; on Teams `language en`).
TEXTS.update(
    {
        "settings.bad_language": "Skriv `/leadbot språk sv` eller `/leadbot språk en`.",
        "settings.bad_checkin": "Ange veckodag och tid, t.ex. `/leadbot avstämning mån 09:00` (måndag till fredag).",
        "settings.bad_pause": "Ange ett datum, t.ex. `/leadbot pausa till 2027-01-07` eller `/leadbot pausa till nästa måndag`.",
        "settings.show": "*Dina inställningar*: språk {language} · avstämning {day} {time} · teamens veckobrev: {digest}",
        "settings.paused": "⏸ Avstämningar pausade till {until} (`/leadbot återuppta` startar dem igen).",
        "settings.how": "Ändra dem på leadbots hemflik, eller med `/leadbot språk sv|en`, `/leadbot avstämning mån 09:00`, `/leadbot pausa till 7 jan`, `/leadbot återuppta`, `/leadbot dölj` (ta inte med mig i teamens veckobrev) eller `/leadbot visa`.",
        "settings.hidden": "inte med",
        "settings.shown": "med",
    }
)

# The strategy's focus areas, as a commitment serves one.
TEXTS.update(
    {
        "digest.summary.focus.one": "1 steg den här veckan för *{name}*",
        "digest.summary.focus.many": "{count} steg den här veckan för *{name}*",
        "stats.areas": "*Den här månaden, per fokusområde*",
        "stats.area": "{name}: chefer med ett steg för det {leaders} · avklarade steg {completed} · delade misslyckanden {failures} · genomförda kurser {courses} · samverkan {collaborations}",
        "stats.area_too_few": "{name}: färre än fem chefer den här månaden, så inga siffror.",
        "focus.serves": "Hör till fokusområdet *{name}*.",
        "focus.unknown_commit": "Inget fokusområde heter #{tag}, så inget noterades. Era är {known}: `/commit fokus #{number} {first}` väljer ett.",
        "focus.suggested": "Hör det till fokusområdet *{name}*? Säg det med `/commit fokus #{number} {tag}`.",
        "focus.set": "*#{number}* {title} hör nu till *{name}*.",
        "focus.cleared": "*#{number}* {title} hör inte längre till något fokusområde.",
        "focus.unknown": "Inget fokusområde heter #{tag}. Era är {known}.",
        "focus.none_defined_commit": "Er organisation har inga fokusområden i leadbot än, så #{tag} noterades inte (administratörerna lägger till dem på adminsidan).",
        "focus.none_defined": "Er organisation har inga fokusområden i leadbot än: administratörerna lägger till dem på adminsidan.",
        "focus.usage": "Säg vilket åtagande och vilket fokusområde, t.ex. `/commit fokus #2 ai` (eller `ingen`).",
        "modal.focus": "Fokusområde (valfritt)",
        "modal.focus.none": "Inget",
    }
)

# The admin page's sign-in, asked of the bot.
TEXTS.update(
    {
        "admin.link": "Din inloggningslänk till leadbots adminsida (den fungerar en gång, inom tio minuter, och bara för dig): {url}",
        "admin.sent": "Jag har skickat en inloggningslänk till adminsidan i ett direktmeddelande.",
        "admin.only": "Adminsidan är till för arbetsytans administratörer.",
        "admin.no_public_url": "Adminsidan är inte i ordning än: be den som driver leadbot att ställa in dess publika adress (LEADBOT_PUBLIC_URL).",
        "teams.admin.only": "Adminsidan är till för dem som driver leadbot i er organisation; be dem lägga till dig som administratör.",
    }
)

TEXTS.update(
    {
        "teams.checkin.answer": "Logga en reflektion med `reflect #{number} …` här, eller tryck på Reflektera.",
        "teams.stats.admins_only": "Användningssiffrorna är till för dem som driver leadbot i er organisation; be dem lägga till dig som administratör.",
        "teams.refused_other": "Det kortet är någon annans: inget ändrades.",
        "teams.snoozed": "Snoozat en vecka.",
        "teams.digest.not_a_channel": "Kör det här i teamets kanal (inte i en personlig chatt).",
        "help.teams": "*I Teams*: skriv till mig här, t.ex. `commit …`, `reflect …`, `commit list`, `inställningar`, `exportera`, `radera` eller `hjälp`; i teamets kanal `@leadbot veckobrev på|av|tid fre 14:00|språk sv`.",
    }
)

TEXTS.update(
    {
        "teams.settings.how": "Ändra med `språk sv|en`, `avstämning mån 09:00`, `pausa till 7 jan`, `återuppta`, `dölj` (ta inte med mig i teamens veckobrev) eller `visa`.",
        "teams.erase.button": "Radera mina uppgifter",
        "teams.export.offer": "Här är allt leadbot sparar om dig, som en fil. Godkänn för att spara den i din OneDrive.",
        "teams.export.sent": "Filen ligger i din OneDrive.",
        "teams.export.declined": "Ingen fil sparades.",
        "teams.private.moved": "🔒 Det gäller bara dig, så jag har svarat i vår personliga chatt.",
        "teams.private.no_chat": "🔒 Det gäller bara dig, så jag svarar i en personlig chatt: öppna en chatt med leadbot och skriv det där.",
        "teams.hello": '👋 Hej, jag är leadbot. Jag hjälper dig att leda genom exempel: ett konkret åtagande, en kort avstämning varje vecka, och det du gjort i teamets veckobrev.\n\nProva `commit kurs "AI för chefer" senast 15 dec`, och sedan `reflect #1 …` när något händer.\n\n`hjälp` visar resten.',
        "teams.help.leadbot": "*leadbot* hjälper dig att leda genom exempel: gör konkreta åtaganden, logga vad du gör, och låt ditt team se det. `commit list` visar dina åtaganden, `inställningar` dina inställningar.",
        "teams.help.digest": "*Teamets veckobrev*, i teamets kanal:\n• `@leadbot veckobrev på` — varje fredag 14:00: vad kanalens chefer åtagit sig, bockat av, lärt sig och vågat dela (aldrig vem som är sen)\n• `@leadbot veckobrev tid fre 14:00` — flytta det   • `@leadbot veckobrev språk sv|en`   • `@leadbot veckobrev av` — stoppa det   • `@leadbot veckobrev bild på|av` — diagrammet över teamets senaste veckor",
        "teams.digest.footer": "Här syns bara det cheferna valt att dela. Vill du göra ett eget åtagande? Skriv `commit …` till leadbot i en personlig chatt.",
        "teams.privacy.erase.ask": "Det här raderar *alla* dina åtaganden, reflektioner och din historik av avstämningar, och dina inställningar. Veckobrev som redan skickats i teamens kanaler ligger kvar som de skickades. Det går inte att ångra.",
        "teams.checkin.more": "…och {count} till: `commit list` visar alla.",
        "teams.commit.partner_unknown": "Jag hittade ingen som heter @{handle}, så ingen parhäst lades till. Nämn din parhäst med en @-omnämning: skriv @ och välj personen.",
    }
)

TEXTS.update(
    {
        "button.calendar": "Lägg i kalendern",
        "calendar.summary.course": "Studietid: {title}",
        "calendar.summary.failure": "Inför teammötet: {title}",
        "calendar.summary.collaboration": "Möte: {title}",
        "calendar.summary.other": "Tid för: {title}",
        "calendar.why.course": "Tid för kursen, bokad som ett möte med din chef.",
        "calendar.why.failure": "En halvtimme att förbereda: vad som gick fel och vad du lärde dig. Flytta den till strax före ert teammöte.",
        "calendar.why.collaboration": "Mötet med den andra organisationen: flytta det till tiden ni kommer överens om och bjud in dem från din kalender.",
        "calendar.why.other": "En timme för det, en arbetsdag innan det ska vara klart.",
        "calendar.about": "Åtagande #{number} i leadbot: {title}, senast {due}.",
        "calendar.about_repeat": "Åtagande #{number} i leadbot: {title}, {repeat}.",
        "calendar.how": "Logga framsteg med /reflect #{number} …, eller bocka av med /reflect #{number} klar.",
        "calendar.sent": ":calendar: *#{number}* {title} till din kalender: öppna filen för att lägga in den, eller tryck på en länk.",
        "calendar.when": "{day} {start}–{end} ({tz}), en arbetsdag innan det ska vara klart. Välj en annan tid i kalendern om det passar bättre.",
        "calendar.repeats": "Upprepas {repeat} till och med {until}, utom lediga dagar. Länkarna lägger in det första tillfället; filen lägger in hela serien.",
        "calendar.again": "Lägger du in filen igen uppdateras samma händelse, det blir ingen ny.",
        "calendar.outlook": "Outlook / Microsoft 365",
        "calendar.google": "Google Kalender",
        "calendar.file_comment": "#{number} {title}: öppna filen för att lägga in den i kalendern.",
        "calendar.failed": "Jag kunde inte skicka kalenderfilen just nu. Inget ändrades; länkarna fungerar, eller försök igen om en liten stund.",
        "calendar.moved": "Ligger det redan i kalendern? Lägg in det igen så flyttas händelsen med.",
        "teams.calendar.how": "Logga framsteg med reflect #{number} …, eller bocka av med reflect #{number} klar.",
        "teams.calendar.sent": "📅 **#{number}** {title} till din kalender: tryck på en länk, eller godkänn filen nedan för att få hela händelsen i din OneDrive och öppna den.",
        "teams.calendar.offer": "#{number} {title} som kalenderfil (.ics). Godkänn för att spara den i din OneDrive och öppna den sedan för att lägga in den i kalendern.",
        "teams.calendar.saved": "Kalenderfilen ligger i din OneDrive: öppna den för att lägga in händelsen.",
        "teams.calendar.typed": "📅 Skriv `kalender #{number}` för att lägga in det i kalendern.",
        "teams.calendar.moved_typed": "Ligger det redan i kalendern? `kalender #{number}` ger den flyttade händelsen: lägg in den igen så ersätter den den gamla.",
        "teams.calendar.other": "Det åtagandet är någon annans: ingen händelse gjordes.",
        "teams.calendar.declined": "Ingen fil sparades; länkarna fungerar fortfarande.",
    }
)

# Veckobrevets lilla bild: teamets senaste veckor.
TEXTS.update(
    {
        "digest.picture.title": "De senaste {weeks} veckorna",
        "digest.picture.alt": "De senaste {weeks} veckorna: {completed}, {failures}",
        "digest.picture.completed.one": "{count} steg avklarat",
        "digest.picture.completed.many": "{count} steg avklarade",
        "digest.picture.failures.one": "{count} misslyckande delat",
        "digest.picture.failures.many": "{count} misslyckanden delade",
        "digest.picture.by_week": "Per vecka (steg/misslyckanden): {weeks}",
        "digest.picture.week": "v. {week}",
        "digest.picture.legend.completed": "Avklarade steg",
        "digest.picture.legend.failures": "Delade misslyckanden",
        "digest.picture_on": "Veckobrevet visar åter ett litet diagram över teamets senaste veckor, när minst fem chefer finns med i det. `/leadbot veckobrev bild av` tar bort det.",
        "digest.picture_off": "Veckobrevet kommer nu utan diagram. `/leadbot veckobrev bild på` tar tillbaka det.",
        "digest.bad_picture": "Säg `på` eller `av`, t.ex. `/leadbot veckobrev bild av`.",
        "digest.picture_shown": "Med ett litet diagram över teamets senaste veckor när minst fem chefer finns med i det (`/leadbot veckobrev bild av` tar bort det).",
        "teams.digest.picture_on": "Veckobrevet visar åter ett litet diagram över teamets senaste veckor, när minst fem chefer finns med i det. `@leadbot veckobrev bild av` tar bort det.",
        "teams.digest.picture_off": "Veckobrevet kommer nu utan diagram. `@leadbot veckobrev bild på` tar tillbaka det.",
        "teams.digest.bad_picture": "Säg `på` eller `av`, t.ex. `@leadbot veckobrev bild av`.",
        "teams.digest.picture_shown": "Med ett litet diagram över teamets senaste veckor när minst fem chefer finns med i det (`@leadbot veckobrev bild av` tar bort det).",
    }
)
