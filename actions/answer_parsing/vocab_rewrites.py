"""Rewrites applied by normalisation after folding: one spelling for what people type many ways.

- Arabizi (Arabic in Latin letters, digits for sounds: 3 = ع, 2 = ء, 7 = ح): "3omri" -> "omri",
  "na3am" -> "naam", "la2" -> "laa", so the vocabularies need no digits inside words;
- Arabic duals, one word for "two years/months": "سنتين" -> "2 سنه", "شهرين" -> "2 شهر";
- one-word halves: "півроку" -> "пів року", "полгода" -> "пол года";
- English contractions: "i'm" -> "i am", "don't" -> "do not";
- Persian verb prefixes typed apart: "نمی دانم" = "نمیدانم", "می خوانم" = "میخوانم";
- a unit or suffix glued to a number: "19jahre", "5yrs", "2019dan", "19лет", "۱۹سالمه";
- Ukrainian/Russian ordinal endings: "2019-го року" -> "2019 року", "19-ти" -> "19".
"""

from __future__ import annotations

import re

from actions.answer_parsing.folding import fold_phrase

_WORD_REWRITES = {
    # Arabizi
    "3omri 3omre 3omry 3mri 3umri 3omr": "omri",
    "na3am n3am na3m": "naam",
    "la2 la2a la2aa": "laa",
    "3andi 3ndi 3indi": "andi",
    "ma3andi ma3ndi ma3indi": "ma andi",
    "ba3ref ba3rif b3ref b3rf ba3rf ba3raf": "baaref",
    "3aref 3arif 3arfe 3arfeh 3rif": "aaref",
    "ma3rfsh ma3rafsh ma3arfsh": "maarafsh",
    "e2ame e2amet 2eqame 2iqama 2ikama 2ekame e2ama": "iqama",
    "tab3an tab3n": "tabaan",
    "sa7": "sah",
    "akid akeed aked": "akid",
    "sar2li sarli": "sarli",
    "2abel 2abl": "qabl",
    "sentein sentain santen sanatain sintain sntein": "2 sana",
    "shahrein shahrain shahren": "2 shahr",
    # Arabic duals
    "سنتين سنتان سنتبن": "2 سنه",
    "عامين عامان": "2 عام",
    "شهرين شهران": "2 شهر",
    "أسبوعين اسبوعين": "2 أسبوع",
    "يومين": "2 يوم",
    # one-word halves
    "півроку": "пів року",
    "полгода": "пол года",
    "полмесяца": "пол месяца",
    # English contractions
    "i'm": "i am",
    "don't dont do'nt": "do not",
    "doesn't doesnt": "does not",
    "didn't didnt": "did not",
    "haven't havent": "have not",
    "hasn't hasnt": "has not",
    "can't cant": "cannot",
    "isn't isnt": "is not",
    "i've": "i have",
    "y/o": "yo",
}
WORD_REWRITES = {fold_phrase(spelling): fold_phrase(replacement)
                 for spellings, replacement in _WORD_REWRITES.items() for spelling in spellings.split()}
# A word, with an apostrophe inside ("i'm", "don't"), as the rewrite table's keys are.
REWRITE_WORD_RE = re.compile(r"[a-z]/[a-z]|[^\W_]+(?:'[^\W_]+)?")

# "im 19" at the start: English "I'm 19" typed without apostrophe (German "im" is never followed by an age).
ENGLISH_IM_RE = re.compile(r"^im (?=\d{1,3}(?:\s*$|\s+(?:and|years?|yrs?|yo)\b))")

# Persian continuous/negative prefix typed as a separate word: "نمی دانم" -> "نمیدانم".
PERSIAN_PREFIX_RE = re.compile(r"(?<![^\W\d_])(ن?مي) (?=[\u0621-\u064a\u0671-\u06d3])")

# Units and suffixes glued to a number: "19jahre", "5j", "5yrs", "19yo", "2019dan", "14ay", "19лет",
# "2019г", "۱۹سالمه".  Only these are split off: "B1", "104c", "25a" stay codes.
_GLUED_AFTER_DIGIT = (
    "jahr monat woche tag j years year yrs yr yo y months month"
    " yıl yaş sene ay"
    " лет год рок рік р г міс мес"
    " سنه سنين شهر سال ساله سالمه ماه"
)
GLUED_TO_DIGIT_RE = re.compile(
    r"(?<=\d)(?=(?:" + "|".join(sorted({fold_phrase(word) for word in _GLUED_AFTER_DIGIT.split()},
                                        key=len, reverse=True)) + r"))"
)
# Turkish case endings glued to a year: "2019dan beri", "2019da geldim" ("2019'dan" has its apostrophe).
GLUED_TO_YEAR_RE = re.compile(r"(?<=\d{4})(?=(?:dan|den|tan|ten|da|de|ta|te)\b)")
# "2019-го", "19-ти", "2020-й": Ukrainian/Russian ordinal endings after a number.
_ORDINAL_ENDINGS = "ого го ий ый ой й ти х м му ю"
ORDINAL_ENDING_RE = re.compile(
    r"(?<=\d)-(?:" + "|".join(sorted({fold_phrase(ending) for ending in _ORDINAL_ENDINGS.split()},
                                      key=len, reverse=True)) + r")(?![^\W\d_])"
)
