"""How a message names a part of a programme ("Einbürgerungstest", "Anerkennungszuschuss"), and which answer units
use or are about that part: word matching on normalised German (and, for an English question, the unit's English
translation), with stems so that endings do not matter. Rasa-free."""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from actions.facts import get_facts
from actions.i18n import current_language
from actions.topics import normalise
from actions.translations import answer_in

COMPOUND_MIN = 8  # "Anerkennungsverfahren" is the programme's name word "anerkennung" in a compound


def uses_part(unit: Mapping[str, Any], names: list[tuple[str, ...]]) -> bool:
    """Whether the unit uses every word of one of the names, with any ending ("reglementierte" in
    "reglementierten")."""
    tokens = unit_tokens(unit)
    return any(all(uses_word(tokens, word) for word in name) for name in names)


def about_part(unit: Mapping[str, Any], names: list[tuple[str, ...]]) -> bool:
    """Whether the unit is about one of the names: its example questions use it too. Used in passing is not enough:
    the intensive course's "400 Sprachkurs" answered "Sprachkurs", the everyday name of the whole Integrationskurs."""
    return uses_part(unit, names) and asked_about(unit, names)


def asked_about(unit: Mapping[str, Any], names: list[tuple[str, ...]]) -> bool:
    """Whether the unit's example questions use every word of one of the names."""
    asked = asked_words(unit)
    return any(all(uses_word(asked, word) for word in name) for name in names)


def asked_words(unit: Mapping[str, Any]) -> list[str]:
    """The words of the unit's example questions, each question normalised on its own (normalise cuts long texts)."""
    return list(_normalised_questions(tuple(unit.get("questions", []))))


@functools.lru_cache(maxsize=1024)
def _normalised_questions(questions: tuple[str, ...]) -> tuple[str, ...]:
    """The words of example questions, normalised once: a list of conditions has about 50 (1.2 ms per message)."""
    return tuple(word for question in questions for word in normalise(question).split())


def unit_tokens(unit: Mapping[str, Any]) -> list[str]:
    """The words of the unit's German text and, for an English question, of its translation."""
    used = unit_words(unit)
    if current_language() == "en":
        answer, context, _ = answer_in(dict(unit), "en", get_facts())
        used += " " + normalise(f"{answer} {context or ''}")
    return used.split()


def uses_word(tokens: list[str], word: str) -> bool:
    """Whether one of the words starts with the word's stem."""
    return any(token.startswith(stem_of(word)) for token in tokens)


def stem_of(word: str) -> str:
    """The word without a short ending, so that its inflected forms match."""
    return word[:max(STEM_MIN, len(word) - 2)]


STEM_MIN = 5


def unit_words(unit: Mapping[str, Any]) -> str:
    """A unit's German answer and context, normalised for word search."""
    return normalise(unit["answer"] + " " + (unit.get("context") or ""))


def named_part(text: str, program_id: str) -> str | None:
    """The keyword of the message that names a part of the programme ("Anerkennungszuschuss"), or a compound of
    its name ("Einbürgerungstest"), not the programme itself ("Einbürgerung", the words of its short name)."""
    short = normalise(get_facts()["topics"][program_id]["short"])
    word = named_keyword(text, program_id)
    if word is not None and word not in short and not inflects_name(word, short):
        return word
    return named_compound(text, short)


def about_named_part(text: str, program_id: str, unit: Mapping[str, Any]) -> bool:
    """Whether the unit uses the part of the programme that the message names ("Einbürgerungstest")."""
    return (word := named_part(text, program_id)) is not None and word in unit_words(unit)


def inflects_name(word: str, short: str) -> bool:
    """"integrationskurse", "integrationskurses": the programme's name with an ending, not a part of it."""
    return any(word.startswith(stem) and len(word) <= len(stem) + 2 for stem in short.split() if len(stem) >= 4)


def named_compound(text: str, short: str) -> str | None:
    """A word of the message that continues a word of the programme's short name ("einbuergerungstest"), unless
    it names the whole procedure ("Anerkennungsverfahren", "Einbürgerungsantrag")."""
    stems = [stem for stem in short.split() if len(stem) >= COMPOUND_MIN]
    for word in normalise(text).split():
        if any(word.startswith(stem) and len(word) > len(stem) + 2 for stem in stems) \
                and not WHOLE_PROCEDURE.search(word):
            return word
    return None


WHOLE_PROCEDURE = re.compile(r"(verfahren|antrag|antrags|prozess|sachen?)$")


def named_keyword(text: str, program_id: str) -> str | None:
    """The longest of the programme's keywords that the message contains."""
    folded = normalise(text)
    found = [keyword for keyword in _normalised_keywords(tuple(get_facts()["topics"][program_id]["keywords"]))
             if f" {keyword} " in folded]
    return max(found, key=len) if found else None


@functools.lru_cache(maxsize=64)
def _normalised_keywords(keywords: tuple[str, ...]) -> tuple[str, ...]:
    """The keywords normalised once: a programme has hundreds in seven languages (~2 ms per message)."""
    return tuple(normalise(keyword).strip() for keyword in keywords)
