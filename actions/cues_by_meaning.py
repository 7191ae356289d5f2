"""Cue words of the languages the search by meaning serves (Ukrainian, Russian, Arabic, Turkish, Dari/Farsi): what a
message asks (the cost, what something is, the conditions) and whether it asks about oneself ("can I get it?").
The German and English cue words are in actions/question_kind.py. Rasa-free.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from actions.topics import normalise


def lower_case(text: str) -> str:
    """Lower case; the Turkish capital İ as i ("İ".lower() is i with a combining dot, which no cue word has)."""
    return text.replace("İ", "i").lower()


# "ما هي تكلفة دورة الاندماج؟" is near "ما هي دورة الاندماج" (what is it) by meaning: the encoder weighs the one
# word that asks the cost little. Cue words of each language lift the units of the aspect they ask, the first
# that matches: the cost, else what a programme is (the hubness correction lowers those overviews, which a
# "що таке …?" asks for).
ASPECT_CUES_BY_MEANING = (
    ("cost", re.compile(
        r"скільки (коштує|коштують|платити|треба платити)|вартість|платити|безкоштовн|"  # uk
        r"сколько (стоит|стоят|платить|нужно платить)|стоимост|платить|бесплатн|"  # ru
        r"تكلفة|تكاليف|سعر|رسوم|مجان|ادفع|أدفع|كم يكلف|"  # ar
        r"ücret|ucret|maliyet|ödem|odem|ödeyece|bedava|kaç euro|kac euro|ne kadar tutar|"  # tr
        r"هزینه|چقدر پول|رایگان|قیمت|بپردازم|پرداخت|شهریه")),  # fa
    ("what", re.compile(
        r"що таке|що це\b|що являє|що являють|що означає|"  # uk ("що цей курс …" is no "what is")
        r"что такое|что это\b|что означает|что представляет|"  # ru
        r"ما هو|ما هي|ماهو|ماهي|ما معنى|"  # ar
        r"\bnedir\b|ne demek|ne işe yarar|ne ise yarar|"  # tr
        r"چیست|چیه|یعنی چه|چه هست")),  # fa
)
# "Can I …?", "do I qualify?" in the same languages: with these a question about a programme asks about oneself.
OWN_CASE_CUES_BY_MEANING = re.compile(
    r"чи можу\b|можу я|я можу\b|чи підходжу|чи зможу\b|"  # uk ("чи можуть …" asks about others)
    r"могу ли|можно ли мне|подхожу ли|смогу ли|я могу\b|"  # ru
    r"هل يمكنني|هل أستطيع|هل استطيع|يحق لي|ممكن احصل|ممكن أحصل|"  # ar
    r"m[iıuü]y[iıuü]m\b|m[iıuü]y[iıuü]z\b|"  # tr: "alabilir miyim", "olabilirmiyim"
    r"می‌توانم|می توانم|میتوانم|میتونم|می‌تونم")  # fa
# "Can I get …?" with a "can I" cue is a wish to check ("чи можу я отримати 25b"), "can I work with it?" is not.
GET_VERBS_BY_MEANING = re.compile(
    r"отримати|отримаю|одержати|"  # uk
    r"получить|получу|оформить(?! заявлен)|"  # ru ("оформить заявление" files an application)
    r"الحصول|أحصل|احصل|"  # ar
    r"\balabil|\balır m|\balir m|"  # tr
    # fa: not "یاد بگیرم" (learn), "وقت بگیرم" (an appointment), "کمک بگیرم" (help)
    r"(?<!یاد )(?<!یاد\u200c)(?<!وقت )(?<!کمک )بگیرم|دریافت کنم|دریافت کرد")


def aspect_asked_by_meaning(text: str) -> str | None:
    """The first aspect of ASPECT_CUES_BY_MEANING whose cue words the message uses ("cost", "what"), else None."""
    lowered = lower_case(text)
    return next((aspect for aspect, cues in ASPECT_CUES_BY_MEANING if cues.search(lowered)), None)


# "What are the conditions / documents / what level …?" asks for them, not what the programme is ("ماهي شروط التجنيس؟").
CONDITION_WORDS_BY_MEANING = re.compile(
    r"умов|вимог|документ|рівен|рівн|"  # uk
    r"услови|требовани|документ|бумаг|уров|"  # ru
    r"شروط|متطلبات|الأوراق|الاوراق|أوراق|اوراق|المستندات|مستندات|الوثائق|مستوى|"  # ar
    r"şart|\bsart|koşul|kosul|gereken|gerekli|gereksinim|belge|evrak|seviye|"  # tr
    r"شرایط|شرط|الزامات|مدارک|مدرک|سطح")  # fa


def asks_only_what_it_is(text: str) -> bool:
    """"ما هي المادة 25 ب؟", not "25b nedir, alabilir miyim?" (what is it, can I get it: a wish to check) nor
    "ماهي شروط التجنيس؟" (what are the conditions)."""
    lowered = lower_case(text)
    return (aspect_asked_by_meaning(text) == "what" and not OWN_CASE_CUES_BY_MEANING.search(lowered)
            and not CONDITION_WORDS_BY_MEANING.search(lowered))


def asks_to_get_it(text: str) -> bool:
    """"Чи можу я отримати 25b?", "alabilir miyim?": can I get it, not "can I work with it?"."""
    lowered = lower_case(text)
    return bool(OWN_CASE_CUES_BY_MEANING.search(lowered) and GET_VERBS_BY_MEANING.search(lowered))


# Words that name a law or its parts: "ما هي المادة 25 ب من قانون الإقامة؟" asks what the rule is, nothing more.
LAW_WORDS_BY_MEANING = re.compile(
    r"стат[тья]\w*|параграф\w*|закон\w*|перебуван\w*|пребыван\w*|"  # uk, ru
    r"المادة|الماده|مادة|ماده|قانون|الإقامة|الاقامة|"  # ar
    r"madde\w*|kanun\w*|yasa\w*|ikamet\w*|"  # tr
    r"اقامت|aufenthg|aufenthaltsgesetz\w*")  # fa, the German name
LEFT_WORD = re.compile(r"[^\W\d_]{4,}")  # a word that could say more than "what is § 25b"
WHAT_IS_CUES = dict(ASPECT_CUES_BY_MEANING)["what"]


def names_only_the_rule(text: str, keywords: Iterable[str]) -> bool:
    """Nothing but a "what is" cue, the programme's keywords, law words and numbers: "що таке 25b?", "ما هي المادة
    25 ب من قانون الإقامة؟" ask for the overview, whichever unit retrieval is sure of."""
    rest = normalise(text)
    for keyword in folded_keywords(tuple(keywords)):
        rest = rest.replace(f" {keyword} ", " ")
    rest = WHAT_IS_CUES.sub(" ", LAW_WORDS_BY_MEANING.sub(" ", rest))
    return LEFT_WORD.search(rest) is None


@functools.lru_cache(maxsize=32)
def folded_keywords(keywords: tuple[str, ...]) -> tuple[str, ...]:
    """A programme's keywords folded like the message, longest first; folded once per programme."""
    return tuple(sorted((normalise(keyword).strip() for keyword in keywords), key=len, reverse=True))
