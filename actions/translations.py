"""Answer units in the person's language (issue #17). Rasa-free, so it is tested on its own.

German is the one source of truth. Each translation in facts_src/translations/<lang>.yml records
`de_hash`, the `german_hash` of the German text it was made from; scripts/build_facts.py puts only
translations whose hash still matches into facts.json. Everything else falls back to German with
the language's one-line `stale_note` (docs/languages.md, "Translations of answers").
"""
from __future__ import annotations

import hashlib
from typing import Any

# The languages an answer unit can be translated into; German ("de") is the source itself.
TRANSLATION_LANGUAGES = ("de-simple", "en", "uk", "ar", "tr", "ru", "fa")
GERMAN = "de"
HASH_LENGTH = 12


def german_hash(unit: dict[str, Any]) -> str:
    r"""The first 12 hex digits of sha256(answer + "\n" + context) of a German unit (no context: "")."""
    text = unit["answer"] + "\n" + (unit.get("context") or "")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def answer_in(unit: dict[str, Any], lang: str | None, facts: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """(answer, context, note) of a German unit of facts["answers"] for a person writing in `lang`.

    The translation when facts.json holds a current one; otherwise the German unit with the
    language's stale note, so that the person knows why the answer is in German. German, None
    or a language without translations at all: the German unit and no note."""
    if lang in (None, GERMAN):
        return unit["answer"], unit.get("context"), None
    translated = facts.get("translations", {}).get(lang, {}).get(unit["id"])
    if translated is not None:
        return translated["answer"], translated.get("context"), None
    return unit["answer"], unit.get("context"), facts.get("stale_notes", {}).get(lang)
