"""Residence statuses as people name them in the other languages the bot speaks.

STATUS_PATTERNS: {status: {language: regex}}; residence_status.py adds each to the German rule of
the same status (so the rules' order decides between them).  The regexes are folded like the text
(folding.fold_chars: "ş" -> "s", "ی" -> "ي", "ک" -> "ك", "ة" -> "ه", hamza dropped), so write them
as people spell the words, without capitals and without upper-case escapes (folding lowercases
them).  Word beginnings match inflected forms ("дульдунг" also "дульдунгом"); in Arabic script the
article and prefixes are allowed before a word ("الاقامة", "بالاقامه").  Terms that are ambiguous
on their own are left out: "refugee"/"біженець"/"mülteci"/"لاجئ" (in the procedure or recognised?),
"لجوء" without "applied" (Arabic speakers call a recognised refugee's permit that too).
"""

from __future__ import annotations

import re

from actions.answer_parsing.folding import fold_chars, words

_AR = r"(?<!\w)(?:و|ف|ب|ل|ال|بال|لل|وال)?"  # an Arabic-script word, maybe with its prefix

STATUS_PATTERNS = {
    "kein_titel": {
        "en": r"\b(?:no|without)\s(?:valid\s)?(?:papers|documents|status|residence\spermit)\b|\bundocumented\b",
        "uk": r"\bбез\s(?:документів|статусу|папірців)\b|\bнелегальн",
        "ru": r"\bбез\s(?:документов|статуса|бумаг)\b|\bнелегал",
        "tr": r"\bkaçak\b|\bbelgesiz\b|\bkağıtsız\b",
        "ar": _AR + r"(?:بدون|ما\s?عندي|ما\sمعي)\s(?:اي\s)?(?:اوراق|ورق|اقامة)",
        "fa": _AR + r"(?:بدون|بی)\s(?:مدارک|اقامت|کاغذ)|" + _AR + r"(?:مدارک|اقامت)\sندارم",
    },
    "niederlassungserlaubnis": {
        "en": r"\bsettlement\spermit|\bunlimited\s(?:residence|permit)|\bindefinite\sleave",
        "uk": r"\bпостійн\w*\s(?:посвідк|дозвіл|проживання)|\bбезстроков|\bпмж\b",
        "ru": r"\bпостоянн\w*\s(?:вид|внж|прожив)|\bбессрочн|\bпмж\b",
        "tr": r"\bsüresiz\b|\bkalıcı\s(?:oturum|ikamet)|\byerleşim\sizn",
        "ar": _AR + r"(?:دائمه?|دائمي|دائميه)(?!\w)|نيدرلاس",
        "fa": _AR + r"(?:دائم|دائمی)(?!\w)",
    },
    "aufenthaltserlaubnis": {  # before EU: "blue card"
        "en": r"\bblue\scard",
    },
    "eu_freizuegigkeit": {
        "en": r"\beu\scitizen|\beuropean\sunion",
        "uk": r"\bєс\b|\bєвросоюз|\bєвропейськ\w*\sсоюз",
        "ru": r"\bес\b|\bевросоюз|\bевропейск\w*\sсоюз",
        "tr": r"\bab\svatandaş|\bavrupa\sbirliği",
        "ar": r"الاتحاد\sالاوروبي|" + _AR + r"مواطن\sاوروبي",
        "fa": r"اتحادیه\sاروپا|" + _AR + r"شهروند\sاروپا",
    },
    "duldung": {
        "en": r"\btolerat(?:ion|ed)\b|\bsuspension\sof\sdeportation",
        "uk": r"\bдульдунг|\bдулдунг|\bтолерантн|\bтолеруван",
        "ru": r"\bдульдунг|\bдулдунг|\bтолерантн",
        "tr": r"\bhoşgörü\sizn|\bmüsamaha",
        "ar": _AR + r"(?:دولدونغ|دولدونج|دولدونك|دلدونغ|دولدنغ|تسامح)",
        "fa": _AR + r"(?:دولدونگ|دولدونک|دلدونگ|تحملی)",
    },
    "schutz_ukraine_24": {
        "en": r"\btemporary\sprotection",
        "uk": r"\bукраїн|\bпараграф\w*\s24\b|\b24\s(?:й\s)?параграф|\bтимчасов\w*\sзахист",
        "ru": r"\bукраин|\bпараграф\w*\s24\b|\b24\s(?:й\s)?параграф|\bвременн\w*\sзащит",
        "tr": r"\bukrayna",
        "ar": _AR + r"اوكران",
        "fa": _AR + r"اوکراین",
    },
    "aufenthaltserlaubnis_generic": {  # the generic permit words
        "en": r"\bresiden(?:ce|t|cy)\s(?:permit|title|card)|\brecogni[sz]ed\b|\brefugee\sstatus"
              r"|\bsubsidiary\sprotection",
        "uk": r"\bпосвідк\w*\sна\sпроживання|\bдозв\w*\sна\sпроживання|\bстатус\w*\sбіженця|\bсубсидіарн",
        "ru": r"\bвид\w*\sна\sжительств|\bвнж\b|\bразрешени\w*\sна\sпроживани|\bстатус\w*\sбеженц|\bсубсидиарн",
        "tr": r"\boturma\sizn|\boturum\b|\boturumum|\bikamet",
        "ar": _AR + r"اقام(?:ه|ت|تي|ات)(?!\w)|" + _AR + r"حمايه\s(?:ثانويه|فرعيه)",
        "fa": _AR + r"اقامت|" + _AR + r"پناهندگی\s(?:گرفتم|دارم)",
    },
    "aufenthaltsgestattung": {
        "uk": r"\bпритул|\bгештаттунг",
        "ru": r"\bубежищ|\bгештаттунг",
        "tr": r"\biltica|\bsığınmacı|\bsığınma\s(?:başvuru|talep)",
        "ar": _AR + r"(?:طالب|طلب|قدمت\s(?:على\s)?)\s?(?:ال)?لجوء|شتاتون",
        "fa": _AR + r"پناهجو|درخواست\sپناهندگی|شتاتون",
    },
}


def compiled(status: str) -> str:
    """The other languages' alternatives of a status as one (folded) regex source."""
    sources = []
    for language, source in STATUS_PATTERNS[status].items():
        folded = fold_chars(source)
        if language == "tr":  # "süresiz" is also typed "suresiz"
            folded = folded.replace("ue", "ue?").replace("oe", "oe?")
        sources.append(folded)
    return "|".join(sources)


# "keine Duldung mehr", "no toleration", "без дульдунга", "ما عندي اقامة": the status is denied.
NEGATION_BEFORE = words({
    "en": "no not without never",
    "uk": "не ні нема немає без",
    "ru": "не нет нету без",
    "ar": "ما مش مو ليس بدون لا",
    "fa": "بدون نه",
})
# Turkish and Persian deny after the word: "oturma iznim yok", "اقامت ندارم".
NEGATION_AFTER = words({"tr": "yok değil", "fa": "ندارم نیست نداریم"})
# Applied for / refused / expired: not the status one has ("applied for a residence permit", "подала на
# внж", "اقامتي انتهت").  Before or after the status word.
APPLIED = words({
    "en": "applied applying pending waiting",
    "uk": "подав подала подали чекаю",
    "ru": "подал подала подали жду",
    "tr": "başvurdum başvuru bekliyorum",
    "ar": "قدمت تقديم بستنى",
    "fa": "درخواست",
})
ENDED = words({
    "en": "rejected denied refused expired",
    "uk": "відмовили відмова відхилили закінчилась закінчився скінчилась",
    "ru": "отказали отказ отклонили истек истекла закончился закончилась",
    "tr": "reddedildi red ret bitti doldu",
    "ar": "رفض رفضوا مرفوض انرفض انتهت منتهيه خلصت",
    "fa": "رد منقضی",
})
# Granted asylum is a permit, not the procedure: "got asylum", "получил убежище" -> ask again.
GRANTED = words({"en": "got granted received", "uk": "отримав отримала", "ru": "получил получила",
                 "tr": "aldım", "ar": "حصلت اخدت اخذت", "fa": "گرفتم"})
# Words about a degree or a job, not a title ("my degree is recognised", "permanent job").
EDUCATION_STEMS = ("degree", "diploma", "certificate", "qualification", "диплом", "diplom")
JOB_STEMS = ("job", "work", "contract", "робот", "работ")

# Compile once to check the sources (a typo fails at import, not in a conversation).
for _status in STATUS_PATTERNS:
    re.compile(compiled(_status))
