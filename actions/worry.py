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
# but my wife's visa was rejected" (nor "habe asyl, wohnung abgelehnt"), not "nicht abgelehnt", not a shelter
# ("sığınma evi", "притулок для жінок", "живу в притулку"), not family reunion; nor with a Duldung, whose holder is
# past the deadlines. Not "bamf … abgelehnt": the BAMF decides on integration courses too. On text folded by
# topics.normalise (ü → ue: Turkish "süre" reads "suere"); typos as on a phone ("abgelent").
ASYLUM_WORDS = (r"asyl(folge)?(antrag|verfahren|bescheid)?(e?s)?|asylum|притул\w*(?! для\b)|азил\w*|азюл\w*|убежищ\w*"
                r"|(ال|بال|لل|و|ب|ل)?لجو(ء|ئ)\w*|iltica\w*|(s[iı][gğ][iı]nma|m(ue|u)lteci) (ba[sş]vuru|tale[pb])\w*"
                r"|پناهند\w*")
# Not "відмовитися від / отказаться от громадянства": renouncing a citizenship.
REJECTION_WORDS = (r"abgele?h?n[td]\w*|ablehnung\w*|negativ\w*|rejected|denied|refused|відмов\w*(?! від\b)|відхил\w*"
                   r"|отказ\w*(?! от\b)|отклон\w*|негатив\w*|رفض\w*|مرفوض\w*|نيغاتيف|نجاتيف|redd\w*|ret|red|olumsuz"
                   r"|رد (شد|شده|کرد)\w*|منفی|ریجکت\w*|نگاتیف")
# Up to three words between, but no "but": "I have asylum but my wife's visa was rejected" is someone else's case.
GAP = r"( (?!(but|aber|doch|но|а|але|لكن|بس|ama|fakat|ولی|اما|amma)\b)\w+){0,3}"
REJECTED_ASYLUM = re.compile(rf"\b({ASYLUM_WORDS}){GAP} ({REJECTION_WORDS})\b"
                             rf"|\b({REJECTION_WORDS}){GAP} ({ASYLUM_WORDS})\b")
NOT_REJECTED = re.compile("|".join([
    r"\b(nicht|keine?n?|noch keine?n?)( \w+)? (abgele?h?n[td]|ablehnung)"
    r"|\b(not|never)( been)? (rejected|denied|refused)"
    r"|\bне (було |был[оа]? |був |була |були )?(відмов|відхил|отказ|отклон)\w*|\bلم (ي|ت)(تم )?رفض\w*|\bما رفضو\w*"
    r"|reddedilme\w*|\bhen(ue|u)z\b|\b(رد|منفی|ریجکت) نشد\w*",
    r"duldung|geduldet|дульдунг|دولدون[گجغك]",  # past the deadlines: the ways to stay
    # asylum held or granted ("habe asyl, …", "asylum approved, visa rejected"): something else was refused
    r"\b(habe?|hab schon) asyl\b(?! (beantragt|gestellt))|\basyl\w* (wurde |ist )?anerkannt|\b(have|got) asylum\b"
    r"|\basylum (was )?(granted|approved)|\bgranted asylum|у меня (есть )?убежищ|получил\w* убежищ|\b(маю|є) притул"
    r"|отримав\w* притул|живу в притулку|жіночому притулку"
    r"|\b(لدي|لديّ|معي|عندي) (حق )?(ال)?لجوء|حصلت على (حق )?(ال)?لجوء"
    r"|hakk\w* (ald|var)|پناهندگی\w* (دارم|گرفتم)|پناهندگی\w*( من)? قبول شد",
    r"familiennachzug|family reunion|воссоединени|возз.єднанн|لم الشمل|aile birle[sş]|پیوستن خانواده",
]))
# What to do now: counselling at once. By when: a deadline unit, the deadlines are short.
WHAT_NOW = re.compile("|".join([
    r"\bwas (kann|soll|muss|mache) ich\b|\bwas (nun|jetzt|tun)\b|\bund jetzt\b|\bwhat (can|should|do) i do\b"
    r"|\bwhat now\b",
    r"\bщо (мені )?(робити|тепер|далі|можна зробити)",
    r"\bчто (мне )?(делать|теперь|дальше|можно сделать)|\bкак (мне )?быть",
    r"\bماذا (أفعل|افعل|الآن|الان|يمكنني|علي|يجب)|\bشو (بعمل|لازم|اعمل|بساوي)|\bما العمل|\bما الذي علي",
    r"\bne yap(mal[iı]y[iı]m|abilirim|ay[iı]m|aca[gğ][iı]m|mam)|\b(simdi|şimdi) ne\b",
    r"\bچ(ه ?|ی ?)کار (کنم|بکنم)|\bچکار (کنم|بکنم)|\bچه (کنم|باید بکنم)|\bحالا چی",
]))
BY_WHEN = re.compile("|".join([
    r"\bbis wann\b|\bwie lange (hab|habe) ich\b|\bwie viel zeit\b|\bhow long do i have\b|\bhow much time\b"
    r"|\bfrist\w*|\bdeadline",
    r"\bскільки (в мене |у мене )?часу|\bдо якого|\bстрок|\bтермін",
    r"\bсколько (у меня )?времени|\bдо какого|\bсрок",
    r"\bكم (من )?(الوقت|وقت)|\bمهل[ةه]|\bآخر موعد",
    r"\bne kadar (suere|sure|zaman)|\bsuere(?!ç)\w*|\bsure(m|si|yi|ler)\b",  # not "süreç" (the process)
    r"\bچقدر (وقت|زمان)|\bمهلت",
]))


def asks_by_when(text: str) -> bool:
    """"bis wann muss ich klagen?", "how long do I have?": a deadline is asked."""
    return bool(BY_WHEN.search(normalise(text)))


def after_rejected_asylum(text: str) -> bool:
    """"asylantrag abgelehnt …": one's own claim, just rejected (see REJECTED_ASYLUM)."""
    return is_fresh_rejection(normalise(text))


def asks_what_now_after_rejection(text: str) -> bool:
    """"asylantrag abgelehnt, bis wann muss ich klagen?", "asylum rejected, what can I do?": its deadlines are too
    short for a list of choices. "asyl abgelehnt, was ist eine duldung?" is another question."""
    folded = normalise(text)
    return is_fresh_rejection(folded) and bool(WHAT_NOW.search(folded) or BY_WHEN.search(folded))


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
