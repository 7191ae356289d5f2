#!/usr/bin/env python3
"""The translations of the bot's fixed texts (issue #17): gettext catalogues, kept with Babel.

German is the source. The template actions/locale/messages.pot holds every German text a person
can see outside the answer units (those have their own files: scripts/translations.py):
- every `t("…")` and `N_("…")` in actions/ (Babel's Python extractor),
- the responses in facts_src/responses.yml (text, button titles, question payloads),
- the eligibility check from the facts: questions, their buttons and examples, each programme's
  title, criteria (with the hints that explain a criterion not met), next steps and what the office checks.
`update` rewrites the template and merges it into actions/locale/<language>.po: a new text comes
in empty, a changed one keeps its old translation marked fuzzy (never shown; scripts/i18n.py todo
lists it). `check` fails on a catalogue whose placeholders ({title}) or figures differ from the
German.

    python scripts/i18n.py update             # after changing a German text (also part of `make facts`)
    python scripts/i18n.py stats              # per language: translated, fuzzy, missing; problems
    python scripts/i18n.py todo en            # the entries still to translate, as PO text
    python scripts/i18n.py check              # template current, catalogues consistent (tests run this)
"""
from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from actions.i18n import GERMAN, LANGUAGES, LOCALE_DIR  # noqa: E402
from scripts.translations import figures  # noqa: E402

TEMPLATE = LOCALE_DIR / "messages.pot"
RESPONSES = REPO / "facts_src" / "responses.yml"
FACTS = REPO / "actions" / "data" / "facts.json"
TRANSLATED = tuple(language for language in LANGUAGES if language != GERMAN)
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
RULE_TEXTS = ("title", "next_step", "next_step_if_no")


def from_code() -> Iterator[tuple[str, str]]:
    """(German text, where) of every t("…") call in actions/."""
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(REPO / "actions"), method_map=[("**.py", "python")], keywords={"t": None, "N_": None},
            comment_tags=(), strip_comment_tags=True):
        if isinstance(message, str) and message:
            yield message, f"actions/{filename}"


def from_responses() -> Iterator[tuple[str, str]]:
    """Texts, button titles and question payloads of the fixed responses; language names stay."""
    for name, variations in yaml.safe_load(RESPONSES.read_text(encoding="utf-8")).items():
        for variation in variations:
            yield variation["text"], f"responses:{name}"
            for button in variation.get("buttons", []):
                if button["payload"].startswith("/choose_language"):
                    continue
                yield button["title"], f"responses:{name}"
                if not button["payload"].startswith("/"):
                    yield button["payload"], f"responses:{name}"


def from_facts() -> Iterator[tuple[str, str]]:
    """The eligibility check's texts from the facts (questions, buttons, rules)."""
    eligibility = json.loads(FACTS.read_text(encoding="utf-8"))["eligibility"]
    for slot, question in eligibility["questions"].items():
        yield question["text"], f"question:{slot}"
        if question.get("example"):
            yield question["example"], f"question:{slot}"
        for button in question.get("buttons", []):
            yield button["title"], f"question:{slot}"
    for program_id, rule in eligibility["programs"].items():
        for key in RULE_TEXTS:
            if rule.get(key):
                yield rule[key], f"rule:{program_id}"
        for item in rule.get("checked_by_office", []):
            yield item, f"rule:{program_id}"
        for criterion in rule["criteria"]:
            yield criterion["text"], f"rule:{program_id}"
            for hint in criterion.get("hints", []):
                yield hint["text"], f"rule:{program_id}"


def template() -> Catalog:
    """Every German text, once, in the order first found."""
    catalog = Catalog(project="Integrationslotse NRW", locale=None, fuzzy=False)
    for message, where in [*from_code(), *from_responses(), *from_facts()]:
        catalog.add(message, locations=[(where, None)])
    return catalog


def po_text(catalog: Catalog) -> bytes:
    output = io.BytesIO()
    write_po(output, catalog, width=100, omit_header=True, include_lineno=False, sort_output=False)
    return output.getvalue()


def read_catalog(path: Path, locale: str | None) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file, locale=locale)


def update() -> None:
    """Write the template and merge it into every language's catalogue."""
    LOCALE_DIR.mkdir(exist_ok=True)
    fresh = template()
    TEMPLATE.write_bytes(po_text(fresh))
    for language in TRANSLATED:
        path = LOCALE_DIR / f"{language}.po"
        catalog = read_catalog(path, None) if path.is_file() else Catalog(locale=None)
        catalog.update(fresh, no_fuzzy_matching=False)
        catalog.obsolete.clear()  # old texts live in git history, not in the file translators edit
        path.write_bytes(po_text(catalog))


def problems(language: str) -> list[str]:
    """Translations whose placeholders or figures differ from the German."""
    found = []
    for message in read_catalog(LOCALE_DIR / f"{language}.po", None):
        if not message.id or not message.string or message.fuzzy:
            continue
        german, translation = str(message.id), str(message.string)
        if Counter(PLACEHOLDER.findall(german)) != Counter(PLACEHOLDER.findall(translation)):
            found.append(f"{language}: placeholders differ: {german[:60]!r}")
        elif figures(german) != figures(translation):
            found.append(f"{language}: figures differ: {german[:60]!r}")
    return found


def counts(language: str) -> dict[str, int]:
    path = LOCALE_DIR / f"{language}.po"
    messages = [message for message in read_catalog(path, None) if message.id] if path.is_file() else []
    translated = sum(bool(message.string) and not message.fuzzy for message in messages)
    fuzzy = sum(bool(message.fuzzy) for message in messages)
    return {"translated": translated, "fuzzy": fuzzy, "missing": len(messages) - translated - fuzzy}


def todo(language: str) -> str:
    """The entries of one language still to translate (empty or fuzzy), as PO text."""
    catalog = read_catalog(LOCALE_DIR / f"{language}.po", None)
    open_entries = Catalog(locale=None)
    for message in catalog:
        if message.id and (not message.string or message.fuzzy):
            open_entries[message.id] = message
    return po_text(open_entries).decode("utf-8")


def check() -> list[str]:
    """What stops a release: a template out of date, or a catalogue inconsistent with the German."""
    found = [] if TEMPLATE.is_file() and TEMPLATE.read_bytes() == po_text(template()) else [
        "actions/locale/messages.pot is out of date: run `python scripts/i18n.py update`"]
    for language in TRANSLATED:
        if (LOCALE_DIR / f"{language}.po").is_file():
            found += problems(language)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "stats", "todo", "check"))
    parser.add_argument("language", nargs="?", choices=TRANSLATED)
    args = parser.parse_args()
    if args.command == "update":
        update()
        print(f"{TEMPLATE.relative_to(REPO)}: {len(template())} German texts")
    if args.command in ("update", "stats"):
        for language in TRANSLATED:
            print(f"  {language}: " + ", ".join(f"{count} {kind}" for kind, count in counts(language).items()))
    if args.command == "todo":
        print(todo(args.language or "en"))
    found = check() if args.command in ("check", "stats", "update") else []
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
