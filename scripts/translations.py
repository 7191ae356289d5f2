#!/usr/bin/env python3
"""Translations of the answer units (issue #17): check them, count them, list what to translate.

facts_src/translations/<lang>.yml holds one language (format: docs/languages.md, "Translations of
answers"). scripts/build_facts.py calls `build_translations` and stops on any problem found here;
only translations made from the current German text reach facts.json.

    python scripts/translations.py stats                         # per language: translated, stale, missing
    python scripts/translations.py todo en [--program einbuergerung]
                                                                 # the units to (re)translate, as YAML to fill in
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from actions.translations import HASH_LENGTH, TRANSLATION_LANGUAGES, german_hash  # noqa: E402

TRANSLATIONS_DIR = REPO / "facts_src" / "translations"
ANSWERS_DIR = REPO / "facts_src" / "answers"
MAX_ANSWER = 350  # German allows 300; other languages need a little more room
FILE_KEYS = {"language", "stale_note", "units"}
ENTRY_KEYS = {"de_hash", "answer", "context"}
HASH = re.compile(rf"^[0-9a-f]{{{HASH_LENGTH}}}$")
# Internal names must never reach a user, in any language.
INTERNAL = re.compile(r"\b[a-z]+_[a-z_]+\b|\bHinweis:")

# Everything that must read the same in every language: links and e-mail addresses, dates,
# paragraph references, amounts (figure + currency, percent or "Mio."), language levels, figures.
# Currency, percent and "Mio." may be written the language's way ("255 €", "255 euros", "€255";
# "130 Mio. €", "130 million €"); the figure itself never changes, and is never written as a word.
FIGURE = re.compile(r"""
    (?P<web>https?://[^\s<>"]+|www\.[^\s<>"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+
        |\b[\w-]+(?:\.[\w-]+)*\.(?:de|org|nrw|com|eu|net|info)\b(?:/[^\s<>"]*)?)
  | (?P<date>\b\d{1,2}\.\d{1,2}\.\d{4}\b)
  | (?P<paragraph>§\s*\d+[a-z]?(?:\s*(?:Abs\.|Absatz)\s*\d+[a-z]?)?(?:\s*(?:Satz|S\.)\s*\d+)?(?:\s*Nr\.\s*\d+)?)
  | (?P<prefixed>€\s?(?P<p_figure>\d+(?:[.,]\d+)*)(?:\s*(?P<p_scale>Mio\.|Millionen|million))?)
  | (?P<amount>(?P<a_figure>\d+(?:[.,]\d+)*)(?:\s*(?P<a_scale>Mio\.|Millionen|million))?
        \s*(?P<unit>€|EUR\b|Euro\b|euros?\b|%|Prozent\b|percent\b|per\scent\b))
  | (?P<level>\b[ABC][12]\b)
  | (?P<figure>\d+(?:[.,]\d+)*)
""", re.VERBOSE)
WEB_TRAILING = ".,;:)»“”\"'"


class TranslationError(Exception):
    """A translation file the build must not publish."""


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML that refuses a unit translated twice in one file (PyYAML would keep the last silently).

    On libyaml's parser when installed: the translation files are seconds of pure-Python parsing."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        duplicates = sorted({str(key) for key in keys if keys.count(key) > 1})
        if duplicates:
            raise TranslationError(f"line {node.start_mark.line + 1}: key(s) given twice: {duplicates}")
        return super().construct_mapping(node, deep=deep)


# --- figures -----------------------------------------------------------------------------

def figures(text: str | None) -> collections.Counter:
    """The figures of a text as a multiset of normalised tokens ("amount 255 €", "paragraph § 25 Abs. 5")."""
    found: collections.Counter = collections.Counter()
    for match in FIGURE.finditer(text or ""):
        found[_token(match)] += 1
    return found


def _token(match: re.Match) -> str:
    kind = next(name for name in ("web", "date", "paragraph", "prefixed", "amount", "level", "figure")
                if match.group(name))
    if kind == "web":
        return "link " + match.group("web").rstrip(WEB_TRAILING)
    if kind == "paragraph":
        spaced = re.sub(r"\s*(§|Abs\.|Absatz|Satz|S\.|Nr\.)\s*", r" \1 ", match.group(kind)).replace("Absatz", "Abs.")
        return "paragraph " + " ".join(spaced.split())
    if kind in ("prefixed", "amount"):
        figure, scale = (match.group("p_figure"), match.group("p_scale")) if kind == "prefixed" else \
            (match.group("a_figure"), match.group("a_scale"))
        percent = kind == "amount" and match.group("unit").lower() in ("%", "prozent", "percent", "per cent")
        unit = "%" if percent else "€"
        return f"amount {figure}{' Mio.' if scale else ''} {unit}"
    return f"{kind} {match.group(kind)}"


def figure_problems(german: str, translated: str) -> list[str]:
    """What the translation adds or drops of the German's figures ([] when they match as multisets)."""
    source, target = figures(german), figures(translated)
    problems = []
    if source - target:
        problems.append(f"drops {sorted((source - target).elements())} (write every figure as the German does)")
    if target - source:
        problems.append(f"adds or changes {sorted((target - source).elements())}")
    return problems


# --- reading -----------------------------------------------------------------------------

def german_units(answers_dir: Path = ANSWERS_DIR) -> list[dict[str, Any]]:
    """The German answer units as facts.json names them ("<programme>.<id>"), in file order."""
    units = []
    for path in sorted(answers_dir.glob("*.yml")):
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for unit in document.get("units", []):
            units.append({"id": f"{document['program']}.{unit['id']}", "program": document["program"],
                          "answer": unit["answer"], "context": unit.get("context")})
    return units


def load_files(directory: Path = TRANSLATIONS_DIR) -> dict[str, dict[str, Any]]:
    """{language: document} of every <lang>.yml in `directory`; raises on unreadable YAML."""
    documents = {}
    for path in sorted(directory.glob("*.yml")):
        try:
            document = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
        except (yaml.YAMLError, TranslationError) as error:
            raise TranslationError(f"{path.name}: {error}") from error
        documents[path.stem] = document if isinstance(document, dict) else {}
    return documents


# --- checks ------------------------------------------------------------------------------

def is_current(entry: dict[str, Any], unit: dict[str, Any]) -> bool:
    """Whether a translation was made from the unit's current German text."""
    return isinstance(entry, dict) and entry.get("de_hash") == german_hash(unit)


def file_problems(lang: str, document: dict[str, Any]) -> list[str]:
    problems = []
    if document.get("language") != lang or lang not in TRANSLATION_LANGUAGES:
        problems.append(f"language must be the file name and one of {list(TRANSLATION_LANGUAGES)}")
    note = document.get("stale_note")
    if not isinstance(note, str) or not note.strip() or "\n" in note.strip():
        problems.append("stale_note must be one line of text")
    if not isinstance(document.get("units") or {}, dict):
        problems.append("units must map unit ids to translations")
    if set(document) - FILE_KEYS:
        problems.append(f"unknown keys {sorted(set(document) - FILE_KEYS)}")
    return problems


def entry_problems(entry: Any, unit: dict[str, Any]) -> list[str]:
    """Everything wrong with one translation of `unit`; figures and context only when it is current."""
    if not isinstance(entry, dict) or set(entry) != ENTRY_KEYS:
        return [f"needs exactly the fields {sorted(ENTRY_KEYS)}"]
    problems = []
    if not isinstance(entry["de_hash"], str) or not HASH.match(entry["de_hash"]):
        problems.append(f"de_hash must be {HASH_LENGTH} hex digits in quotes")
    answer, context = entry["answer"], entry["context"]
    if not isinstance(answer, str) or not answer.strip():
        return problems + ["answer is empty"]
    if context is not None and (not isinstance(context, str) or not context.strip()):
        problems.append("context must be text or null")
    if len(answer) > MAX_ANSWER:
        problems.append(f"answer longer than {MAX_ANSWER} characters ({len(answer)})")
    for text in (answer, context or ""):
        if INTERNAL.search(text):
            problems.append(f"internal name or note in {text!r}")
    if problems or not is_current(entry, unit):
        return problems
    if (context is None) != (unit.get("context") is None):
        problems.append("context must be null exactly when the German unit has none")
    return problems + figure_problems(unit["answer"] + "\n" + (unit.get("context") or ""),
                                      answer + "\n" + (context or ""))


def problems_of(documents: dict[str, dict[str, Any]], units: Iterable[dict[str, Any]]) -> list[str]:
    """Every problem in every translation file, as "<lang>.yml: <unit id>: <problem>"."""
    by_id = {unit["id"]: unit for unit in units}
    problems = []
    for lang, document in documents.items():
        problems += [f"{lang}.yml: {problem}" for problem in file_problems(lang, document)]
        entries = document.get("units") or {}
        for unit_id, entry in entries.items() if isinstance(entries, dict) else ():
            if unit_id not in by_id:
                problems.append(f"{lang}.yml: {unit_id}: no German unit with this id")
                continue
            problems += [f"{lang}.yml: {unit_id}: {problem}" for problem in entry_problems(entry, by_id[unit_id])]
    return problems


# --- counts and output -----------------------------------------------------------------------

def counts(document: dict[str, Any], units: Iterable[dict[str, Any]]) -> dict[str, int]:
    entries = document.get("units") or {}
    tally = {"translated": 0, "stale": 0, "missing": 0}
    for unit in units:
        entry = entries.get(unit["id"])
        tally["missing" if entry is None else "translated" if is_current(entry, unit) else "stale"] += 1
    return tally


def stats_line(lang: str, tally: dict[str, int]) -> str:
    return (f"{lang}: {tally['translated']} translated, {tally['stale']} stale (German shown), "
            f"{tally['missing']} missing")


def build_translations(units: list[dict[str, Any]], directory: Path = TRANSLATIONS_DIR
                       ) -> tuple[dict[str, dict[str, dict]], dict[str, str], list[str]]:
    """(translations, stale_notes, stats lines) for facts.json: per language only the translations made
    from the current German text. Raises TranslationError on any problem in any file."""
    documents = load_files(directory)
    problems = problems_of(documents, units)
    if problems:
        raise TranslationError(f"{len(problems)} problem(s): " + "; ".join(problems[:10]))
    translations, notes, lines = {}, {}, []
    for lang, document in documents.items():
        entries = document.get("units") or {}
        translations[lang] = {unit["id"]: {"answer": entries[unit["id"]]["answer"],
                                           "context": entries[unit["id"]]["context"]}
                              for unit in units if unit["id"] in entries and is_current(entries[unit["id"]], unit)}
        notes[lang] = document["stale_note"].strip()
        lines.append(stats_line(lang, counts(document, units)))
    return translations, notes, lines


QUESTIONS_DIR = REPO / "facts_src" / "questions"
MAX_QUESTION = 200


def build_questions(units: list[dict[str, Any]], directory: Path = QUESTIONS_DIR) -> dict[str, dict[str, list[str]]]:
    """Example questions per language and unit (facts_src/questions/<lang>.yml and <lang>_<n>.yml):
    {lang: {unit id: [...]}}.
    They teach the answer search the words people use in that language; a wrong unit id or an empty or
    overlong question stops the build."""
    known = {unit["id"] for unit in units}
    questions: dict[str, dict[str, list[str]]] = {}
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
        lang = path.stem.split("_")[0]
        if not isinstance(document, dict) or document.get("language") != lang or lang not in TRANSLATION_LANGUAGES:
            raise TranslationError(f"{path.name}: needs `language: {lang}`, one of {TRANSLATION_LANGUAGES}")
        entries = document.get("units") or {}
        for unit_id, texts in entries.items():
            if unit_id not in known:
                raise TranslationError(f"{path.name}: unknown unit {unit_id}")
            if not isinstance(texts, list) or not texts or not all(
                    isinstance(text, str) and text.strip() and len(text) <= MAX_QUESTION for text in texts):
                raise TranslationError(f"{path.name}: {unit_id} needs a list of non-empty questions "
                                       f"of at most {MAX_QUESTION} characters")
        # <lang>_<n>.yml adds to <lang>.yml (one file per writing session).
        for unit_id, texts in entries.items():
            asked = questions.setdefault(lang, {}).setdefault(unit_id, [])
            asked.extend(text.strip() for text in texts if text.strip() not in asked)
    add_real_questions(questions, known, directory / "real")
    return questions


def add_real_questions(questions: dict[str, dict[str, list[str]]], known: set[str], directory: Path) -> None:
    """Real questions that people asked in public in that language (questions/real/<lang>.yml or <lang>_<n>.yml,
    one file per collecting session, from other pages than the test splits) join the example questions of the
    unit they are labelled with."""
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
        lang = path.stem.split("_")[0]
        if not isinstance(document, dict) or document.get("language") != lang or lang not in TRANSLATION_LANGUAGES:
            raise TranslationError(f"real/{path.name}: needs `language: {lang}`, one of {TRANSLATION_LANGUAGES}")
        for entry in document.get("questions") or []:
            label = entry.get("unit")
            if label is None:
                continue  # our facts cannot answer it yet
            unit_id = label.replace("/", ".", 1)
            if unit_id not in known:
                raise TranslationError(f"real/{path.name}: {entry.get('text')!r} names unknown unit {label!r}")
            text = str(entry["text"]).strip()
            asked = questions.setdefault(lang, {}).setdefault(unit_id, [])
            if text and len(text) <= MAX_QUESTION and text not in asked:
                asked.append(text)


def todo(lang: str, units: list[dict[str, Any]], document: dict[str, Any], program: str | None = None) -> str:
    """The units of `lang` that are missing or stale, as YAML entries to fill in and paste under `units:`."""
    entries = document.get("units") or {}
    lines = []
    for unit in units:
        entry = entries.get(unit["id"])
        if (program and unit["program"] != program) or (entry is not None and is_current(entry, unit)):
            continue
        lines.append(f"  {unit['id']}:")
        lines.append(f"    # de answer:  {unit['answer']}")
        lines.append(f"    # de context: {unit.get('context') or '(none)'}")
        if entry is not None:
            lines.append(f"    # stale, was: {entry.get('answer')} | {entry.get('context')}")
        lines.append(f"    de_hash: \"{german_hash(unit)}\"")
        lines.append('    answer: ""')
        lines.append('    context: ""' if unit.get("context") else "    context: null")
    header = f"# {lang}: {sum(1 for line in lines if line.startswith('    de_hash'))} unit(s) to translate"
    return "\n".join([header, *lines]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("stats", help="per language: translated, stale, missing")
    todo_parser = commands.add_parser("todo", help="units missing or stale in a language, as YAML to fill in")
    todo_parser.add_argument("lang", choices=TRANSLATION_LANGUAGES)
    todo_parser.add_argument("--program", help="only this programme's units")
    args = parser.parse_args(argv)
    units = german_units()
    try:
        documents = load_files()
    except TranslationError as error:
        print(f"translations: {error}", file=sys.stderr)
        return 1
    if args.command == "todo":
        print(todo(args.lang, units, documents.get(args.lang, {}), args.program), end="")
        return 0
    print(f"Translations of the {len(units)} German answer units (facts_src/translations/):")
    for lang in TRANSLATION_LANGUAGES:
        print("  " + stats_line(lang, counts(documents.get(lang, {}), units))
              + ("" if lang in documents else " (no file)"))
    problems = problems_of(documents, units)
    for problem in problems:
        print(f"  problem: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
