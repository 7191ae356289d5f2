"""Yes / no answers: "ja", "nein", "habe ich nicht", "stimmt", and "weiß nicht" as unclear; in the
other languages "yes"/"no", "так"/"ні", "да"/"нет", "evet"/"hayır", "نعم"/"لا", "بله"/"نه", "I have",
"var"/"yok", "عندي", "دارم"/"ندارم" (vocab_answers.py)."""

from __future__ import annotations

import re

from actions.answer_parsing import vocab_answers as vocab
from actions.answer_parsing.normalisation import Text, has_stem, is_word, phrase_words

# "Weiß nicht", "keine Ahnung", "vielleicht": the user does not know.  A similar,
# not identical pattern is DONT_KNOW in actions/check_answers.py (the other languages: says_dont_know).
UNSURE_RE = re.compile(
    r"\bwei(?:ss|s)?\s(?:ich\s)?nicht\b|\bkeine\sahnung\b|\bvielleicht\b|\bunsicher\b"
    r"|\bnicht\s(?:sicher|so\ssicher)\b|\bkann\ssein\b|\bmaybe\b|\bnot\ssure\b"
    r"|\bdon\s?t\sknow\b|\bweiss\snicht\b"
)
_YES_RE = re.compile(r"ja+|jaja|jo+|joa|jep|jap|jup|jawohl")
_NO_RE = re.compile(r"ne+i+n+|ne{2,}|noe+|no+|nope|nah")
_DEFINITELY_RE = re.compile(r"\bauf\sjeden\sfall\b")
_YES_WORDS = frozenset(
    """genau stimmt klar natuerlich sicher yes yeah yep yup richtig korrekt doch
    selbstverstaendlich absolut""".split()
)
_NO_WORDS = frozenset("nicht kein keine keinen keiner keins nie niemals nix".split())
_NEGATIONS = _NO_WORDS | vocab.NO_WORDS
# "habe ich", "bin ich": a verb before "ich" answers with the verb.
_VERBS_BEFORE_ICH = frozenset({"habe", "hab", "bin", "hatte", "war", "mache", "mach", "kann"})


def _negative_follows(words: list[str], index: int) -> bool:
    return any(word in _NEGATIONS for word in words[index + 1 : index + 3])



def _leading_ne(token_texts: list[str]) -> bool:
    # Colloquial "ne" is also the article "eine" ("hab ne Duldung"); only a
    # standalone leading "ne" means no.
    return bool(token_texts) and token_texts[0] == "ne" and (len(token_texts) == 1 or not is_word(token_texts[1]))


def _first_decisive_word(words: list[str]) -> bool | None:
    for index, word in enumerate(words):
        if _YES_RE.fullmatch(word):
            return True
        if _NO_RE.fullmatch(word) or word in _NO_WORDS:
            return False
        if word in _YES_WORDS:
            return not _negative_follows(words, index)  # "stimmt nicht"
        if word in _VERBS_BEFORE_ICH and index + 1 < len(words) and words[index + 1] == "ich":
            return not _negative_follows(words, index + 1)  # "habe ich (nicht)"
        if vocab.NO_PHRASES.length_at(words, index):
            return False  # "да нет"
        if word in vocab.YES_WORDS:
            return True
        if word in vocab.NO_WORDS:
            return False
        have = 1 if word in vocab.HAVE_WORDS else vocab.HAVE_PHRASES.length_at(words, index)
        if have:
            return not _negative_follows(words, index + have - 1)  # "i have (no)", "var", "عندي"
    return None


def _unsure(parsed: Text) -> bool:
    sequence = phrase_words(parsed)
    return vocab.UNSURE_PHRASES.find(sequence) is not None


def says_dont_know(text: str) -> bool:
    """"I don't know", "не знаю", "bilmiyorum", "لا أعرف", "نمی‌دانم" ... in the other languages.

    Not knowing German is an answer, not "don't know": "almanca bilmiyorum", "не знаю немецкий".
    (German "weiß nicht" is check_answers.DONT_KNOW.)
    """
    sequence = phrase_words(Text(text))
    if vocab.DONT_KNOW_PHRASES.find(sequence) is None:
        return False
    return not any(has_stem(word, vocab.GERMAN_LANGUAGE_STEMS) for word in sequence)


def parse_yes_no(text: str) -> bool | None:
    """True / False for yes/no answers, None when unclear.

    The first decisive word wins ("nein, ich bin 21" -> False);
    "habe ich nicht", "stimmt nicht" -> False; "weiß nicht" -> None.
    """
    parsed = Text(text)
    normalised = parsed.normalised
    if not normalised or UNSURE_RE.search(normalised) or _unsure(parsed):
        return None
    if _DEFINITELY_RE.search(normalised):
        return True
    token_texts = [token.text for token in parsed.tokens]
    if _leading_ne(token_texts):
        return False
    return _first_decisive_word([word for word in token_texts if is_word(word)])
