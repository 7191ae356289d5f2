#!/usr/bin/env python3
"""Check and assemble the answer units of facts_src/answers/<programme>.yml (issue #15).

Each unit answers one question with one fact and is backed word for word by programs.yml,
like the eligibility thresholds: `evidence` must appear in the unit's `source_field`, its
`source_url` must be one of the programme's sources, and every number in its texts must
appear in the programme's facts. See facts_src/answers/README.md.

    python scripts/answer_units.py      # check every file, print the problems, exit 1 on any
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
ANSWERS_DIR = REPO / "facts_src" / "answers"
ASPECTS = {"what", "who", "cost", "duration", "documents", "apply", "deadline", "changes", "status", "rule",
           "contact", "other"}
MAX_ANSWER, MAX_CONTEXT = 300, 200
# Internal names and research notes must never reach a user.
INTERNAL = re.compile(r"\b[a-z]+_[a-z_]+\b|\bsiehe\s+(?:caveats|status|oben)\b|\bcaveat|\bHinweis:", re.IGNORECASE)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SENTENCE_END = re.compile(r"(?<=[a-zäöüß)\]\d]{2}[.!?])\s+(?=[A-ZÄÖÜ])")


class UnitError(Exception):
    """A unit that the facts do not back, or that a user must not see."""


def field_text(program: dict[str, Any], dotted: str) -> str | None:
    value: Any = program
    for part in dotted.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _numbers(text: str) -> set[str]:
    return {number.replace(",", ".").rstrip(".") for number in NUMBER.findall(text)}


def unit_problems(unit: dict[str, Any], program: dict[str, Any]) -> list[str]:
    """Everything wrong with one unit, in words a fact maintainer understands."""
    problems = []
    for key in ("id", "aspect", "questions", "answer", "source_field", "evidence", "source_url"):
        if not unit.get(key):
            problems.append(f"missing {key}")
    if problems:
        return problems
    if unit["aspect"] not in ASPECTS:
        problems.append(f"aspect {unit['aspect']!r} not one of {sorted(ASPECTS)}")
    text = field_text(program, unit["source_field"])
    if text is None:
        problems.append(f"source_field {unit['source_field']!r} not in programs.yml")
    elif unit["evidence"] not in text:
        problems.append(f"evidence {unit['evidence']!r} not found in {unit['source_field']}")
    if unit["source_url"] not in program["source_urls"] and unit["source_url"] not in json.dumps(program):
        problems.append(f"source_url {unit['source_url']!r} is not one of the programme's sources")
    problems += _text_problems(unit, program)
    return problems


def _text_problems(unit: dict[str, Any], program: dict[str, Any]) -> list[str]:
    problems = []
    answer, context = unit["answer"], unit.get("context") or ""
    if len(answer) > MAX_ANSWER or len(SENTENCE_END.split(answer.strip())) > 2:
        problems.append(f"answer longer than 2 sentences / {MAX_ANSWER} characters")
    if len(context) > MAX_CONTEXT or len(SENTENCE_END.split(context.strip())) > 1:
        problems.append(f"context longer than 1 sentence / {MAX_CONTEXT} characters")
    for text in (answer, context, *unit["questions"]):
        if INTERNAL.search(text):
            problems.append(f"internal name or note in {text!r}")
    known = _numbers(json.dumps(program, ensure_ascii=False))
    invented = sorted(_numbers(answer + " " + context) - known)
    if invented:
        problems.append(f"numbers not in the programme's facts: {invented}")
    return problems


def load_units(programs: dict[str, Any], answers_dir: Path = ANSWERS_DIR) -> tuple[list[dict], list[str]]:
    """All units with their programme id, and every problem found (empty when all are fine)."""
    units, problems = [], []
    for path in sorted(answers_dir.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        program_id = document.get("program")
        if program_id not in programs or path.stem != program_id:
            problems.append(f"{path.name}: program {program_id!r} must be a programme id and the file name")
            continue
        seen: set[str] = set()
        for unit in document.get("units", []):
            where = f"{path.name}: {unit.get('id')!r}"
            if unit.get("id") in seen:
                problems.append(f"{where}: duplicate id")
            seen.add(unit.get("id"))
            problems += [f"{where}: {problem}" for problem in unit_problems(unit, programs[program_id])]
            units.append({**unit, "id": f"{program_id}.{unit.get('id')}", "program": program_id})
    problems += add_real_questions(units, answers_dir / "real")
    return units, problems


def add_real_questions(units: list[dict], real_dir: Path) -> list[str]:
    """Real newcomers' questions (answers/real/, a development split, never the test split) become
    example questions of the unit they are labelled with: real wording teaches retrieval most."""
    by_label = {unit["id"].replace(".", "/", 1): unit for unit in units}
    problems = []
    for path in sorted(real_dir.glob("*.yml")):
        for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("questions", []):
            label = entry.get("unit")
            if label is None:
                continue
            unit = by_label.get(label)
            if unit is None:
                problems.append(f"real/{path.name}: {entry.get('text')!r} names unknown unit {label!r}")
            elif entry["text"] not in unit["questions"]:
                unit["questions"] = [*unit["questions"], entry["text"]]
    return problems


def main() -> int:
    programs = {p["id"]: p for p in yaml.safe_load((REPO / "facts_src" / "programs.yml").read_text())["programs"]}
    units, problems = load_units(programs)
    for problem in problems:
        print(problem)
    counts: dict[str, int] = {}
    for unit in units:
        counts[unit["program"]] = counts.get(unit["program"], 0) + 1
    print(f"{len(units)} units in {len(counts)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
