"""What kind of message this is: a question about a rule or about one's own case, a short follow-up,
a question about someone else, a request for one KI contact detail (worry, danger and the ways to stay:
actions/worry.py).

Pure functions on the message text; the actions in actions/sdk/ decide what to answer with them.
"""
from __future__ import annotations

import re

from actions.answer_parsing.folding import fold_chars
from actions.topics import normalise

# "Wie viele Stunden muss ich …?" asks about a rule; "Kann ich …?", "prüf das für mich" about oneself.
# It may follow a colon or dash ("Einbürgerungstest: wie bekomme ich einen Termin?"). "Muss ich …?" asks a duty.
RULE_QUESTION = re.compile(r"(^|[:–-]\s)\W*((?:mit|an|bei|f(?:ü|ue)r|von|zu|in|auf|aus|nach|(?:ü|ue)ber|seit) "
                           r"(?:welche[rsnm]?|wem|wen|was)|wie|was|welche[rsnm]?|wann|wo|wer|wieso|warum|weshalb|"
                           r"ab wann|bis wann|muss man|darf man|kann man|braucht man|gibt es|"
                           r"(?:muss|brauche?) ich(?! (?:nicht|kein))|"  # "muss ich nicht" answers a check's question
                           r"(?:kann|k[öo]nnen) (?:mein|unser)e?[nmrs]?|how|what|which|when|where|who)\b",
                           re.IGNORECASE)
# A yes/no question about oneself starts with the verb ("Bekomme ich den Pass?"); after a question
# word it asks how things work ("Wie bekomme ich einen Termin?").
OWN_CASE = re.compile(r"(^|[:,;–-]\s*)\W*(kann ich|k[öo]nnte ich|bekomme? ich|krieg(e)? ich|darf ich|"
                      r"hab(e)? ich (einen )?anspruch|bin ich|erf[üu]lle ich|can i|am i)\b|"
                      r"\b(pr(ü|ue|u)f(e|en|st|t)?\b|bei mir|f(ü|ue|u)r mich|in meinem fall|mein fall)", re.IGNORECASE)
# A question about oneself asks for the check when it asks whether one qualifies ("Kann ich … bekommen?",
# "Bin ich berechtigt?") or says so ("prüf das für mich"); "Darf ich mit der Duldung umziehen?" asks a rule.
QUALIFY = re.compile(r"bekomm|krieg|erhalt|erh(ä|ae)lt|beantrag|teilnehm|mitmach|eingeb(ü|ue)rgert|einb(ü|ue)rger|"
                     r"berechtigt|anspruch|in ?frage|erf(ü|ue)ll|qualif|eligible|\bget\b|obtain|\bapply|entitled|"
                     r"naturali[sz]|bleiben|\bstay\b|(kurs|test) (machen|besuchen)", re.IGNORECASE)
# "prüf das", "prüfen Sie", "pruef": the verb; "Was kostet die Prüfung?" asks about a test.
CHECK_VERB = r"\bpr(ü|ue|u)f(e|en|st|t)?\b"
CHECK_REQUEST = re.compile(CHECK_VERB + r"|bei mir|f(ü|ue|u)r mich|in meinem fall|mein fall|\bcheck\b|\bmy case\b",
                           re.IGNORECASE)


# Words that ask for an aspect, German and English (CUED_LANGUAGES): the fallback uses "contact", the unit choice
# tells a bare name from a detail.
ASPECT_CUES = {
    "cost": r"kost|gebuehr|preis|euro|\beur\b|teuer|bezahlen|zahlen|\bgeld\b|zuschuss|kostenlos|gratis|umsonst"
            r"|\bcosts?\b|\bfees?\b|\bprice|\bpay\b|how much|free of charge|\bfor free\b|financ",
    "duration": r"wie lange|\bdauer(t|n)?\b|stunden|unterrichtseinheit|wochen|monate? lang|wie viele stunden"
                r"|how long|\bhours\b|how many weeks",
    "apply": r"\bwo\b.*(beantrag|antrag|anmeld|hin)|beantrag|antrag stellen|anmelden|anmeldung|bewerben|zustaendig"
             r"|\bmelde\w* (ich )?(mich|uns)\b.*\ban\b|wie (kann|koennte) ich (an|am|bei|beim) [^,?]{0,40}teilnehmen\b"
             r"|wie komme ich (in|zu|zum|zur) (den |einen |die |das |dem |ein |eine )?\w*(kurs|test)\b"
             r"|registrieren|einschreiben"
             r"|where (do|can|should) i (apply|register)|how (do|can) i (apply|register|participate|take part|join)"
             r"|sign up|responsible",
    "documents": r"unterlagen|dokumente|nachweis|mitbringen|papiere brauche|formular|zeugnisse"
                 r"|was brauche ich fuer (einen |den )?antrag|\bdocuments\b|paperwork|\bproof\b",
    "who": r"\bwer\b|darf ich|duerfen|voraussetzung|bedingung|anspruch|berechtigt|fuer wen|ab wie vielen|alter"
           r"|\bwho (can|is|may|gets|needs?|has to|must)\b|eligib|requirement|conditions|entitled|am i allowed",
    "deadline": r"frist|bis wann|deadline|spaetestens|ablauf|wie ?viel zeit habe ich|until when|by when",
    "changes": r"geaendert|aenderung|neu seit|neue regel|abgeschafft|nicht mehr|seit wann gilt"
               r"|\balte[nms]? (recht|regel|gesetz)|\bneue[nms]? (recht|gesetz|stag)|\bold (law|rules)"
               r"|\bchanged?\b|new rules?|abolished|no longer",
    "status": r"gibt es (das|den|die|es) noch|noch aktiv|laeuft noch|eingestellt|gestoppt|beendet|vorbei"
              r"|still (exist|available|running)|stopped|discontinued|\bfrozen\b|\bfreeze\b",
    # Not "contact": "who should I contact for naturalization?" asks where to go.
    "contact": r"adresse|telefon|nummer|e ?mail|kontakt|sprechzeit|erreichen|address|phone|opening hours",
}


CUED_LANGUAGES = {None, "de", "de-simple", "en"}  # the languages of ASPECT_CUES


def asked_aspects(text: str) -> list[str]:
    """Which aspects (cost, duration, contact …) the text asks about, by their cue words. "Wer kann die
    Beschäftigungsduldung beantragen?" asks who may, not where to apply."""
    folded = normalise(text)
    asked = [aspect for aspect, cue in ASPECT_CUES.items() if re.search(cue, folded)]
    return [aspect for aspect in asked if aspect != "apply"] if WHO_MAY_APPLY.search(folded) else asked


WHO_MAY_APPLY = re.compile(r"^\W*(wer (kann|darf|muss|soll)\b(?!.*\b(wo|zustaendig)\b)"
                           r"|who (can|may) apply\b(?!.*\bwhere\b))")


def is_rule_question(text: str) -> bool:
    """"Wie viele Stunden …?", "B1 oder B2 für den Pass?", "Darf ich mit der Duldung den Job wechseln?":
    about a rule, not a request to check oneself ("Kann ich eine Ausbildungsduldung bekommen?")."""
    if OWN_CASE.search(text):  # "Was kostet die Einbürgerung für mich?" asks the cost, though it names the goal
        return is_content_question(text) and (asks_a_detail_for_oneself(text) or (
            not QUALIFY.search(text) and not CHECK_REQUEST.search(text)))
    either_or = text.rstrip().endswith("?") and " oder " in f" {text.lower()} "
    return bool(RULE_QUESTION.search(text) or either_or)


# "Entstehen für mich Kosten?", "Wie lange dauert das bei mir?": "für mich" there asks a detail, not for the check.
DETAIL_ASPECTS = {"cost", "duration", "documents", "deadline", "contact"}
OFFICE_ASPECTS = {"apply", "contact"}  # units that say where to go: an office, not a fact about the programme
EXPLICIT_CHECK = re.compile(CHECK_VERB + r"|\bcheck\b", re.IGNORECASE)


def asks_a_detail_for_oneself(text: str) -> bool:
    """A question about cost, duration, papers, deadlines or contact "für mich" that does not ask to check."""
    # "Gilt für mich das alte Recht?" asks which rules apply: a change, not a check.
    return bool(set(asked_aspects(text)) & (DETAIL_ASPECTS | {"changes"})) and not EXPLICIT_CHECK.search(text)


# "prüf das", "ich möchte prüfen lassen", "kannst du prüfen", "check": the person asks to be checked; not "wer prüft
# meine Ausbildung?" (an office checks) nor "kommt die für mich infrage?" (a question that a unit answers).
WISH_TO_CHECK = re.compile(r"\bpr(ü|ue|u)f(e|en|st)?\b|\bcheck\b", re.IGNORECASE)


def wishes_a_check(text: str) -> bool:
    """The message asks to be checked in words, or is a check button."""
    return text.startswith("/") or bool(WISH_TO_CHECK.search(text))


def asks_for_the_check_only(text: str) -> bool:
    """"Prüf das für mich", "Ich möchte die Einbürgerung prüfen", a check button: no question to answer first."""
    return text.startswith("/") or bool(CHECK_REQUEST.search(text))


def is_own_case(text: str) -> bool:
    """"Kann ich …?", "Bin ich …?", "prüf das für mich": about the person's own situation."""
    return bool(OWN_CASE.search(text))


def is_content_question(text: str) -> bool:
    """A question with content ("Muss ich einen Einstufungstest machen?"), not "warum?" or "weiter?"."""
    return is_question(text) and has_content(text)


def has_content(text: str) -> bool:
    """Enough words to say what it is about (four), asked or not."""
    return len(re.findall(r"\w+", text)) >= 4


# The other languages of the bot (issue #17), on the folded text (folding.py: "nasıl" -> "nasil",
# "mü" -> "mue", "چیست" -> "چيست"): a question word at the start ("що таке B1", "ما هو B1", "do I need
# B1"), or a question particle or word anywhere ("B1 yeterli mi", "нужно ли", "B1 nedir", "B1 چیست").
# Turkish "ne" alone is left out (German "ne" means no), as are "can I"/"kann ich" (asked about oneself).
_QUESTION_WORDS_AT_START = fold_chars(
    "що|як|скільки|коли|де|хто|чому|навіщо|який|яка|яке|які|чи"
    "|что|как|сколько|когда|где|кто|почему|зачем|какой|какая|какое|какие"
    "|ne kadar|ne zaman|ne lazım|ne gerek|ne demek|nasıl|kaç|nerede|neden|niye|hangi"
    "|هل|كم|كيف|متى|أين|وين|ليش|لماذا|ماذا|شو|ايش|مين|ما هو|ما هي"
    "|آیا|چه|چی|چطور|چگونه|کجا|چرا|چقدر"
    "|do|does|is|are|must|should"
)
_QUESTION_WORDS_ANYWHERE = fold_chars(
    "mı|mi|mu|mü|mıyım|miyim|muyum|müyüm|mısın|misin|musun|müsün|mıdır|midir|mudur|müdür|nedir"
    "|ли|چیست|کجاست|چیه"
)
OTHER_LANGUAGE_QUESTION = re.compile(
    r"(?:^|[:,;-]\s*)\W*(?:" + _QUESTION_WORDS_AT_START.replace(" ", r"\s") + r")(?![\w-])"
    r"|(?<!\w)(?:" + _QUESTION_WORDS_ANYWHERE + r")(?!\w)"
)
QUESTION_MARKS = ("?", "\u061f")  # the Arabic/Persian question mark ؟


# A yes/no question typed on a phone without its "?": a modal or question verb first, then who or what
# ("darf ich mit 16g neben der ausbildung arbeiten", "brauch ich für die blaue karte eine zeugnisbewertung").
# "kann ich nicht sagen" answers a check's question: a negation right after it is no question.
VERB_FIRST_QUESTION = re.compile(
    r"^\W*(?:(?:kann|k[öo]nnen|darf|d[üu]rfen|muss|m[üu]ssen|soll|sollte|brauch\w*|bekomm\w*|krieg\w*|gibt|gilt|"
    r"z[äa]hlt|reicht|wird|werden)\s+(?:ich|man|wir|mein\w*|unser\w*|er|sie|es|das|die|der)|"
    r"(?:can|do|does|should|must|may|will|is|are)\s+(?:i|we|my|it|the|a))\b(?!\s+(?:nicht|nichts|kein\w*|not)\b)",
    re.IGNORECASE)


def as_typed_question(text: str) -> str:
    """The message with the question mark a phone user left out of a verb-first question. For messages that NLU
    may read as a wish to check, to stop, or to talk to someone, where such a question must be answered; a
    check's answers are read with is_question alone."""
    stripped = text.rstrip()
    if stripped.endswith(QUESTION_MARKS) or not VERB_FIRST_QUESTION.search(stripped):
        return text
    return f"{stripped}?"


def is_question(text: str) -> bool:
    """The text asks something: a question mark, or a question about a rule without one."""
    return (text.rstrip().endswith(QUESTION_MARKS) or bool(RULE_QUESTION.search(text))
            or bool(OTHER_LANGUAGE_QUESTION.search(fold_chars(text))))


# --- follow-ups ----------------------------------------------------------------------

FOLLOWUP_MAX_WORDS = 10


def is_short_followup(text: str) -> bool:
    """"gilt das auch für meine Frau?" refers to the last answer; a longer message asks something new."""
    return len(re.findall(r"\w+", text)) <= FOLLOWUP_MAX_WORDS


# --- the KI finder -------------------------------------------------------------------

NEAREST_WORDS = re.compile(r"n(ä|ae|a)chst|n(ä|ae|a)he|umgebung|nearest|near", re.IGNORECASE)
# "und die Adresse?", "Telefonnummer?", "hat das KI eine Mail?": one contact detail of the KI found before.
KI_FIELD_WORDS = {"address": re.compile(r"adress|anschrift|stra(ß|ss)e|hausnummer", re.IGNORECASE),
                  "phone": re.compile(r"telefon|nummer|anruf|\btel\b|handy", re.IGNORECASE),
                  "email": re.compile(r"e-?mail|\bmail", re.IGNORECASE)}
# "Wer hilft mir mit den Briefen vom Amt?" reads like a search for a place to go but asks who helps.
# A question where something is ("wo …", "in meiner Nähe", "das KI") stays with the KI finder.
ASKS_WHERE = re.compile(r"^\W*wo\b|\bwo (ist|sind|finde|gibt)|adress|\bwhere\b", re.IGNORECASE)
NAMES_THE_KI = re.compile(r"integrationszentr|\bki\b", re.IGNORECASE)
MIN_QUESTION_WORDS = 5


def wants_nearest(text: str) -> bool:
    """"Wo ist das nächste KI?", "in meiner Nähe": the nearest KI besides the responsible one."""
    return bool(NEAREST_WORDS.search(text))


def asked_ki_field(text: str) -> str | None:
    """The one contact detail asked for ("und die Adresse?"), else None."""
    asked = [field for field, words in KI_FIELD_WORDS.items() if words.search(text)]
    return asked[0] if len(asked) == 1 else None  # "Adresse und Telefon?": the whole contact


# A wish to talk to someone ("Kann ich mit jemandem von der Migrationsberatung sprechen?"), not a question
# about what a service offers ("Mit welchen Anliegen kann ich zur Migrationsberatung kommen?").
WANTS_A_PERSON = re.compile(r"sprech|reden|mensch|person|berater|\bberat|ber(ä|ae)t|\bhilf|helf|termin|anruf|"
                            r"kontakt|jemand|talk|speak|human|someone|somebody|call|appointment|advi[cs]",
                            re.IGNORECASE)


def wants_a_person(text: str) -> bool:
    """The message asks to talk to a person or for an appointment."""
    return bool(WANTS_A_PERSON.search(text))


# Where to turn with one's questions, in the words people use; no programme or fact named, so no unit answers it.
ASKS_WHERE_TO_TURN = re.compile(
    r"\b(an wen|wohin|wo)\b.{0,40}\bwende\w*|\bwer\b.{0,20}\b(hilft|helfen)\b|\bwho\b.{0,25}\b(turn|help|ask)\b|"
    r"\bwhere\b.{0,30}\b(turn|get help|ask for help)\b|обратит\w*|звернут\w*|kime ba[sş]vur\w*|nereye ba[sş]vur\w*|"
    r"أتوجه|اتوجه|أراجع|مراجعه کنم|مراجعه کنیم", re.IGNORECASE)
# What may stand around it without naming a matter of its own ("wohin kann ich mich mit meinen Fragen wenden?").
NO_MATTER_WORDS = frozenset(
    "ich mich mir mit meinen meiner meine meinem fragen frage problem problemen anliegen da dabei damit kann "
    "könnte koennte soll hier jetzt bitte denn eigentlich man sich wir uns i me my with questions question "
    "problem problems can could should do here now please to".split())


def asks_where_to_turn(text: str) -> bool:
    """"An wen kann ich mich wenden?", "wer hilft mir bei der Wohnungssuche?": a wish for counselling."""
    return bool(ASKS_WHERE_TO_TURN.search(text))


def asks_only_where_to_turn(text: str) -> bool:
    """"Wohin kann ich mich mit meinen Fragen wenden?": counselling in general, no matter a unit might answer."""
    match = ASKS_WHERE_TO_TURN.search(text)
    rest = f"{text[:match.start()]} {text[match.end():]}" if match else ""
    return match is not None and set(re.findall(r"\w+", rest.lower())) <= NO_MATTER_WORDS


# Stopping or going on with a check ("kann ich die prüfung abbrechen"): asked like a question, meant as a command.
STOP_OR_GO_ON = re.compile(r"abbrech|abbruch|stopp|\bstop\b|beend|aufh(ö|oe)r|fortsetz|weitermach|neu start|cancel",
                           re.IGNORECASE)
LONG_MESSAGE_WORDS = 8  # a command to stop or go on is shorter


def is_stop_or_go_on(text: str) -> bool:
    """"kann ich die prüfung abbrechen", "weiter": a short command; a long message that contains such a word
    ("soll ich auf das neue StAG warten oder mit der Einbürgerungszusicherung weitermachen") asks something else."""
    return bool(STOP_OR_GO_ON.search(text)) and not is_long_message(text)


def is_long_message(text: str) -> bool:
    """Longer than a command to stop or go on ("bescheid mit anpassungslehrgang, wer berät mich dazu")."""
    return len(text.split()) >= LONG_MESSAGE_WORDS


def names_the_ki(text: str) -> bool:
    """"Integrationszentrum", "KI": a unit on how to reach one would need the place."""
    return bool(NAMES_THE_KI.search(text))


def may_be_answered_without_place(text: str) -> bool:
    """A longer question that does not ask where something is ("Wer hilft mir mit den Briefen vom Amt?",
    "gibt es beim Integrationszentrum Sprachmittler?"): a unit may answer it instead of the question for the place."""
    return not (text.startswith("/") or ASKS_WHERE.search(text) or NEAREST_WORDS.search(text)
                or len(re.findall(r"\w+", text)) < MIN_QUESTION_WORDS)
