"""Word lists of language detection (rasa_ext/components/language_detection.py): the words that show
or hide a language in a short chat message, lower case, and the two readings by small words."""
from __future__ import annotations

from collections.abc import Sequence

# Small words that only one language of a script uses, where no letter tells them apart: short
# Levantine "KIM شو هو" reads as Persian to fastText, "це що" as Russian. Compared with ي/ك folded
# to ی/ک, as people type Persian on Arabic keyboards and the reverse.
PERSIAN_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0649": "\u06cc"})
SCRIPT_WORDS = {
    "ar": frozenset(word.translate(PERSIAN_LETTERS) for word in (
        "شو ايش إيش شلون ليش وين بدي بدنا عندي هل ماذا لماذا كيف كم هذا هذه الذي التي انا أنا لا نعم في على عن "
        "مع هو هي شي مش مو اريد أريد يمكن يمكنني لو اذا إذا عند اي أي متى كيفاش واش").split()),
    "fa": frozenset(word.translate(PERSIAN_LETTERS) for word in (
        "است هست نیست چی چه چطور چگونه کجا چرا می میخواهم میخوام را رو برای که این آیا باید دارم داره دارد "
        "شود بشه کنم کنید چند چقدر تا از در هستم میشه میتوانم میتونم").split()),
    "uk": frozenset("що як де чи це мене хто коли треба дякую або але мати маю має щоб якщо".split()),
    "ru": frozenset("что как где это мне меня кто когда нужно можно спасибо или но сколько почему есть "
                    "нет да пожалуйста чтобы если".split()),
}

# German words that newcomers copy from letters and offices into any language ("мені
# потрібен Integrationskurs", "I got a Aufenthaltserlaubnis"), plus greetings everyone uses.
# They say nothing about the person's language, so they are left out before detection.
# Matched as prefixes of umlaut-folded, lower-case words.
GERMAN_TERMS = (
    "integrationskurs", "integrationszentr", "integrationsagentur", "integrationsmanagement",
    "aufenthalt", "niederlassungserlaubnis", "einbuerger", "duldung", "ausbildungsduldung",
    "beschaeftigungsduldung", "gestattung", "fiktionsbescheinigung", "auslaenderbehoerde",
    "auslaenderamt", "jobcenter", "arbeitsagentur", "sozialamt", "buergeramt", "standesamt",
    "buergergeld", "kindergeld", "elterngeld", "wohngeld", "bafoeg", "kita", "anerkennung",
    "ausbildung", "sprachkurs", "deutschkurs", "berufssprachkurs", "orientierungskurs",
    "volkshochschule", "vhs", "bamf", "familiennachzug", "asylantrag", "anmeldung",
    "meldebescheinigung", "bescheid", "antrag", "termin", "krankenkasse", "chancenkarte",
    "hallo", "danke", "bitte", "tschuess",
)
# Small words that only German (resp. only English) uses. fastText's small model reads short
# lower-case German as English ("was kostet der integrationskurs": en 0.74, de 0.14), because of
# "was"; two German-only words settle it. Words both languages share (was, in, an, so, also) and
# Turkish "de" are not listed.
GERMAN_FUNCTION_WORDS = frozenset(
    "der die das den dem des ein eine einen einem einer ich du er wir ihr ist sind bin bist hat habe "
    "haben kann kannst können muss musst müssen wie wer wo wann warum welche welcher welches nicht kein "
    "keine und oder aber mit für von bei nach auch noch schon mein meine meinen mir mich dich dir uns "
    "kostet gibt gilt brauche bekomme bekommt darf dürfen soll sollte zum zur im am vom ins auf aus es "
    "ja nein wieviel viel lange seit jahre jahren monate monaten bedeutet heißt heisst machen macht "
    "machst lernt regelt tun genau".split())
ENGLISH_FUNCTION_WORDS = frozenset(
    "the a is are am i you he she we they what how who where when why which can could do does did "
    "have has need my your me to for of with and or not no yes please get got want this that it "
    "much many long since years months there be will should am was".split()) - {"was"}
TURKISH_FUNCTION_WORDS = frozenset(
    "ben benim bana beni sen siz bir ve ile için icin ne nasıl nasil nerede nerde neden kaç kac var yok mı mi "
    "mu mü mı misin musun miyim bu şu su da de ama çok cok lütfen lutfen merhaba selam evet hayır hayir "
    "teşekkürler tesekkurler sağol sagol istiyorum lazım lazim gerekli kadar nereye kim hangi "
    "nedir nelerdir neler kimler kimdir midir mıdır".split())
FUNCTION_WORDS = {"en": ENGLISH_FUNCTION_WORDS, "tr": TURKISH_FUNCTION_WORDS}
# Turkish asks with a particle after the word ("Diplomam Almanyada denk mi?"); counted in lower case only, at the
# end of a line: "Kurs am Mi?", "Kreis MI", "termin mi 14 uhr" are German.
TURKISH_PARTICLES = frozenset("mi mı mu mü misin mısın musun miyim mıyım muyum miyiz".split())
WEEKDAYS = frozenset("mo di mi do fr sa so".split())  # "Sprechzeiten Mo, Mi": German abbreviations


def reads_german(words: Sequence[str]) -> bool:
    """German by its small words: more German-only than English-only function words, at least two."""
    lowered = [word.lower() for word in words]
    german = sum(word in GERMAN_FUNCTION_WORDS for word in lowered)
    return german >= 2 and german > sum(word in ENGLISH_FUNCTION_WORDS for word in lowered)


def reads_english(words: Sequence[str]) -> bool:
    """English by its small words: at least two English-only ones and no German one, whatever German terms stand
    beside them ("what are regulated professions (reglementierte berufe)?", which fastText reads as German)."""
    lowered = [word.lower() for word in words]
    english = sum(word in ENGLISH_FUNCTION_WORDS and word not in GERMAN_FUNCTION_WORDS for word in lowered)
    return english >= 2 and not any(word in GERMAN_FUNCTION_WORDS for word in lowered)

ARABIZI_WORDS = frozenset(
    "ana enta inta shu shou sho wen wein kif keef kteer ktir bade baddi bidi mafi mish msh "
    "yalla habibi shukran shokran inshallah marhaba salam hon hek lesh leish kamaan kaman "
    "fini feeni 3ndi".split()
)
# Names of our languages as people write them when they ask for one ("English please", "auf
# Einfach", "українською", "بالعربي", "türkçe", "по-русски", "فارسی", "دری"). Matched as
# prefixes of lower-case words; Einfache Sprache before German ("einfaches Deutsch").
LANGUAGE_NAMES = (
    ("de-simple", ("einfach", "leicht")),
    ("en", ("english", "englisch", "engl")),
    ("uk", ("україн", "украин", "ukrain", "ukrai")),
    ("ar", ("عرب", "بالعرب", "arab")),
    ("tr", ("türk", "turk")),
    ("ru", ("русск", "по-русск", "russ")),
    ("fa", ("فارس", "دری", "farsi", "persi", "dari")),
    ("de", ("deutsch", "german", "almanca", "німец", "немец", "الألمان")),
)

# Letters that only one of a script's two languages uses (Ukrainian і ї є ґ, Russian ы э ъ ё;
# Persian keyboards type ی ک and پ چ ژ گ, Arabic ones ي ك and ة ى). fastText's small model is
# weak on one or two words ("дякую", "شكرا"); a letter that only one side uses settles it.
ONLY_LETTERS = {
    "uk": set("іїєґ"), "ru": set("ыэъё"),
    "fa": set("\u06cc\u06a9\u067e\u0686\u0698\u06af"), "ar": set("\u064a\u0643\u0629\u0649"),
}
# Of German, English and Turkish only Turkish writes ş ğ ı: "Eski vatandaşlığımdan çıkmak zorunda mıyım?" has
# none of the Turkish small words a switch otherwise needs. Only in lower-case words and only when fastText
# reads Turkish too: a name ("Ich heiße Ayşe, Integrationskurs?", "my wife Ayşe …") is no Turkish sentence.
TURKISH_LETTERS = set("şğı")
# A question word of its own says more than ten letters: "What is Einbürgerung?", "Integrationskurs nasıl",
# "Approbation nedir?" (Turkish only: fastText has too few words to go on) switch although the person wrote only
# the one or two words around the German term. Not "was" (German), not Turkish "ne" alone (German "ne", "nee").
QUESTION_WORDS = {
    "en": frozenset("what how who where when which why".split()),
    "tr": frozenset("nedir nelerdir nasıl nasil nerede nerde neden kaç kac kadar hangi kimdir midir mıdır".split()),
}
