"""Worry, acute danger and an insecure stay in a message: 110/112 only for acute danger; fear of deportation gets
counselling; "ich habe eine Duldung, welche Möglichkeiten habe ich?" the ways to stay. Pure functions on the text."""
from __future__ import annotations

import re

from actions.question_kind import asked_aspects
from actions.topics import normalise

# Acute danger words: then 110/112 come first. Otherwise worry about deportation or letters is a
# case for counselling, not for the police.
ACUTE_DANGER = re.compile(r"bedroh|gewalt|schl[äa]g|verletz|angegriffen|angriff|verfolg|brennt|feuer|notarzt|"
                          r"krankenwagen|umbringen|nicht mehr leben|suizid|zwangs|gefahr|polizei|notfall|"
                          r"um mein leben", re.IGNORECASE)
DEPORTATION_WORRY = re.compile(r"abschieb|ausreise|ausgewiesen|ausweisung|abgelehnt|duldung", re.IGNORECASE)


# Words of danger, violence or fear in every language of the bot. The NLU's "emergency" can misfire on a
# plain question ("Will my foreign degree be recognized in Germany?"); without any of these words the
# message is answered as a question. Generous on purpose: a wrong 110 is better than a missed one.
DANGER_OR_WORRY = re.compile("|".join([
    r"gefahr|notfall|polizei|feuer|brennt|krankenwagen|notarzt|schl(?:ä|ae|a)gt|geschlagen|bedroh|droht|gewalt|umbring"
    r"|angegriff|verletz|verheirat|verfolgt|umzubring"
    r"|t[öo]ten|verfolg|angst|abschieb|ausreise|zwangsheirat|selbstmord|suizid|nicht mehr leben|messer"
    r"|vergewaltig|\b11[02]\b",
    r"danger|emergenc|police|fire|ambulance|\bhit|\bbeat|threat|violen|kill|attack|follow|scared|afraid"
    r"|\bfear|deport|marry|suicid|want to live|knife|rape|hurt|leave germany",
    r"небезпе|пересліду|жити|покінч|заміж|виїжджа|поліці|пожеж|швидк|б.є|погрож|насильств|вбит|напад|боюс|страш|депорт|допоможіть",
    r"опасн|преследу|жить|поконч|замуж|уезжать|полиц|пожар|скор|бь[её]т|угрож|насили|убит|убь|напал|боюсь|страшно|помогите",
    r"tehlike|polis|yang[ıi]n|ambulans|d[öo]v|tehdit|[şs]iddet|[öo]ld[üu]r|sald[ıi]r|korku|s[ıi]n[ıi]r d[ıi][şs][ıi]"
    r"|yard[ıi]m edin|acil|takip|zorla|ya[şs]amak|[çc][ıi]kmam",
    r"خطر|شرط|حريق|اسعاف|إسعاف|يضرب|تهديد|يهدد|عنف|قتل|يقتل|هجوم|خايف|خائف|أخاف|اخاف|ترحيل|يرحل"
    r"|ساعدوني|طوارئ|لاحق|غصب|موت|موّت|عيش|اطلع من"
    r"|b5atar|khatar|drob|hadd|7ari2",
    r"پلیس|آتش|آمبولانس|می.?زند|کتک|تهدید|خشونت|بکش|کشتن|حمله|می.?ترسم|ترس|اخراج|دیپورت|کمک کنید"
    r"|اورژانس|پولیس|دنبالم|زور|زنده|خودکشی|بروم",
]), re.IGNORECASE)


def sounds_like_danger_or_worry(text: str) -> bool:
    """Whether a message has any word of danger, violence or fear (see DANGER_OR_WORRY)."""
    return bool(DANGER_OR_WORRY.search(text))


def is_worry_not_danger(text: str) -> bool:
    """Worry about deportation or a refusal, without words of acute danger."""
    return bool(DEPORTATION_WORRY.search(text)) and not ACUTE_DANGER.search(text)


# "ich habe eine Duldung, welche Möglichkeiten habe ich?", "do I have any chance to stay with a duldung?",
# "wie kann ich ohne Asyl in Deutschland bleiben?": about the ways to stay, not about one programme.
# Any mention of asylum and a rejection asks the ways with a stay option; REJECTED_ASYLUM below is the narrow
# test for one's own claim, just rejected, that may answer with a deadline.
WITHOUT_SECURE_STAY = re.compile(
    r"duldung|geduldet|toleration|tolerated|ohne asyl|without asylum"
    r"|\basyl\w*\b.*\babgelehnt|abgelehnt\w*\b.*\basyl|\basylum\b.*\brejected|\brejected\b.*\basylum")
STAY_OPTIONS = re.compile(
    r"moeglichkeit|chance|perspektive|\b(wie|kann) ich\b.*\bbleiben\b|\b(how|can) i stay\b|\bways? to stay"
    r"|\boptions?\b|was kann ich\b.*\b(tun|machen)\b|what can i do|wie geht es weiter"  # and "… aus der duldung raus":
    r"|aufenthaltserlaubnis|aufenthaltstitel|residence permit|\braus\b|get to stay")


# "what does a duldung really mean? its not a residence permit right?" asks what it is (a unit answers that);
# "what is the best way to stay with a duldung?", "was ist mit meiner duldung …" ask the ways.
OPENS_WITH_WHAT_IS = re.compile(r"^ (what (is|does|means?)|was (ist|bedeutet|heisst))( (a|an|eine|die|das))? "
                                r"(duldung|toleration)\b")


def asks_ways_to_stay(text: str) -> bool:
    """Whether the text asks for the ways to stay with a Duldung or after a rejected asylum claim (not how to apply,
    not what a Duldung is)."""
    folded = normalise(text)
    without_stay = WITHOUT_SECURE_STAY.search(folded) or REJECTED_ASYLUM.search(folded)  # "ablehnung vom bamf"
    asked = without_stay and STAY_OPTIONS.search(folded)
    return bool(asked) and not OPENS_WITH_WHAT_IS.search(folded) and "apply" not in asked_aspects(text)


# One's own asylum claim rejected, a few words apart: not "asylbewerberleistungen abgelehnt", not "I have asylum
# but my wife's visa was rejected", not "nicht abgelehnt"; nor with a Duldung, whose holder is past the deadlines.
# On text folded by topics.normalise (ü → ue: Turkish "süre" reads "suere"). Typos as on a phone ("abgelent").
ASYLUM_WORDS = (r"asyl(antrag|verfahren)?s?|asylum|bamf|притул\w*|азил\w*|азюл\w*|убежищ\w*|\w*لجوء\w*|\w*لجوئ\w*"
                r"|iltica\w*|s[iı][gğ][iı]nma\w*|پناهند\w*|کیس\w*")
REJECTION_WORDS = (r"abgele?h?n[td]\w*|ablehnung|negativ\w*|rejected|denied|refused|відмов\w*|відхил\w*|отказ\w*"
                   r"|отклон\w*|негатив\w*|رفض\w*|رفضو\w*|مرفوض\w*|نيغاتيف|نجاتيف|redd\w*|ret|red|olumsuz"
                   r"|رد (شد|شده|کرد)\w*|منفی|ریجکت\w*|نگاتیف")
REJECTED_ASYLUM = re.compile(
    rf"\b({ASYLUM_WORDS})( (application|claim|case|\w+)){{0,3}} ({REJECTION_WORDS})\b"
    rf"|\b({REJECTION_WORDS})( \w+){{0,3}} ({ASYLUM_WORDS})\b")
NOT_REJECTED = re.compile(
    r"\bnicht( \w+)? abgele?h?n[td]|\bnot( been)? (rejected|denied|refused)|duldung|geduldet|дульдунг|دولدون[گج]"
    r"|\bне (відмов|відхил|отказ|отклон)\w*|\bلم (ي|ت)رفض\w*|reddedilme\w*|\bرد نشد|\bرد نشده")
# What to do now or by when: what the short deadlines after a rejection make urgent.
WHAT_NOW_OR_BY_WHEN = re.compile("|".join([
    r"\bwas (kann|soll|muss) ich\b|\bwas (nun|jetzt)\b|\bund jetzt\b|\bwhat (can|should) i do\b|\bwhat now\b"
    r"|\bbis wann\b|\bwie lange (hab|habe) ich\b|\bwie viel zeit\b|\bhow long do i have\b|\bhow much time\b"
    r"|\bfrist\w*|\bdeadline",
    r"\bщо (мені )?(робити|тепер|далі|можна зробити)|\bскільки (в мене |у мене )?часу|\bдо якого|\bстрок|\bтермін",
    r"\bчто (мне )?(делать|теперь|дальше)|\bсколько (у меня )?времени|\bдо какого|\bсрок",
    r"\bماذا (أفعل|افعل|الآن|الان|يمكنني|علي)|\bشو (بعمل|لازم|اعمل|بساوي)|\bما العمل|\bكم (من )?(الوقت|وقت)"
    r"|\bمهل[ةه]|\bآخر موعد",
    r"\bne yap(mal[iı]y[iı]m|abilirim|ay[iı]m|acag[iı]m|mam)|\b(simdi|şimdi) ne\b|\bne kadar (suere|sure|zaman)"
    r"|\bsuere\w*|\bsure(m|si|yi|ler)\b",
    r"\bچ(ه ?|ی ?)کار (کنم|بکنم)|\bچکار (کنم|بکنم)|\bچه کنم|\bحالا چی|\bچقدر (وقت|زمان)|\bمهلت",
]))


def after_rejected_asylum(text: str) -> bool:
    """"asylantrag abgelehnt …": one's own claim, just rejected (see REJECTED_ASYLUM)."""
    return is_fresh_rejection(normalise(text))


def asks_what_now_after_rejection(text: str) -> bool:
    """"asylantrag abgelehnt, bis wann muss ich klagen?", "asylum rejected, what can I do?": its deadlines are too
    short for a list of choices. "asyl abgelehnt, was ist eine duldung?" is another question."""
    folded = normalise(text)
    return is_fresh_rejection(folded) and bool(WHAT_NOW_OR_BY_WHEN.search(folded))


def is_fresh_rejection(folded: str) -> bool:
    """REJECTED_ASYLUM without NOT_REJECTED, on text folded by topics.normalise."""
    return bool(REJECTED_ASYLUM.search(folded)) and not NOT_REJECTED.search(folded)


# What the person says of themselves that points to one way ("ich hab duldung und arbeite", "als jugendlicher"):
# that way's answer comes first, the others follow as choices. Folded text (topics.normalise).
WAY_CUES = {
    "beschaeftigungsduldung_60d": r"\barbeit|\bjob|beschaeftig|\bwork|\bemployed",
    "ausbildungsduldung_60c": r"ausbildung|\blehre\b|apprentice|vocational training",
    "bleiberecht_25a": r"\bjung\w*|jugendlich|minderjaehrig|\bschule|schueler|\byoung|teenager|\bminor\b",
}


def cued_way(text: str, ways: list[str]) -> str | None:
    """The one way among `ways` that the person's own words point to, or None for none or several."""
    folded = normalise(text)
    cued = [way for way in ways if way in WAY_CUES and re.search(WAY_CUES[way], folded)]
    return cued[0] if len(cued) == 1 else None
