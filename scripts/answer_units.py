#!/usr/bin/env python3
"""Check and assemble the answer units of facts_src/answers/<programme>.yml (issue #15).

Each unit answers one question with one fact and is backed word for word by programs.yml,
like the eligibility thresholds: `evidence` must appear in the unit's `source_field`, its
`source_url` must be one of the programme's sources, and every number in its texts must
appear in the programme's facts. See facts_src/answers/README.md.

    python scripts/answer_units.py      # check every file, print the problems, exit 1 on any;
                                        # also lists near-duplicate example questions across units
"""
from __future__ import annotations

import bisect
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from rapidfuzz import fuzz, process

REPO = Path(__file__).resolve().parent.parent
ANSWERS_DIR = REPO / "facts_src" / "answers"
ASPECTS = {"what", "who", "cost", "duration", "documents", "apply", "deadline", "changes", "status", "rule",
           "contact", "other"}
MAX_ANSWER, MAX_CONTEXT = 300, 200
# Internal names and research notes must never reach a user.
INTERNAL = re.compile(r"\b[a-z]+_[a-z_]+\b|\bsiehe\s+(?:caveats|status|oben)\b|\bcaveat|\bHinweis:", re.IGNORECASE)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SENTENCE_END = re.compile(r"(?<=[a-zäöüß)\]\d]{2}[.!?])\s+(?=[A-ZÄÖÜ])")
# libyaml when installed: the units and real questions are ~1 MB of YAML, seconds in pure Python.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Example questions of two units that read alike teach retrieval nothing but confusion:
# the same sentence (after folding) in two units stops the build, a near-copy is reported.
FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
NEAR_DUPLICATE = 90  # rapidfuzz ratio of the folded sentences
SAME_WORD = 80  # two words this alike are one word misspelt or inflected ("kosten", "kostet")
FILLERS = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "es", "man", "mal", "denn",
           "bitte", "eigentlich", "genau", "the", "a", "an", "do", "does"}


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


def load_units(programs: dict[str, Any], answers_dir: Path = ANSWERS_DIR,
               near_duplicates: list[str] | None = None) -> tuple[list[dict], list[str]]:
    """All units with their programme id, and every problem found (empty when all are fine).
    Near-duplicate example questions of different units are no problem but are appended to
    `near_duplicates` when given."""
    units, problems = [], []
    for path in sorted(answers_dir.glob("*.yml")):
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) or {}
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
    exact, near = duplicate_questions(units)
    problems += [f"duplicate example question: {problem}" for problem in exact]
    if near_duplicates is not None:
        near_duplicates += near
    return units, problems


def fold(question: str) -> str:
    """A question as the duplicate check compares it: lower case, umlauts spelled out, no punctuation."""
    return " ".join(re.sub(r"[^\w§]+", " ", question.lower().translate(FOLDS)).split())


def programme_words() -> set[str]:
    """Single-word programme names of topics.yml ("kim", "jmd", "integrationsagenturen")."""
    topics = yaml.safe_load((REPO / "facts_src" / "topics.yml").read_text(encoding="utf-8"))["topics"]
    return {fold(keyword) for topic in topics.values() for keyword in topic["keywords"] if " " not in fold(keyword)}


def distinguished(left: str, right: str, names: set[str]) -> bool:
    """Whether two folded questions that read alike still ask different things: one has a word the
    other lacks that is a number ("25a", "2016"), a programme name or not a misspelling of any of
    the other's words."""
    left_words, right_words = set(left.split()), set(right.split())
    for own, other in ((left_words - right_words, right_words - left_words),
                       (right_words - left_words, left_words - right_words)):
        for word in own - FILLERS:
            if any(char.isdigit() for char in word) or word in names:
                return True
            if not any(fuzz.ratio(word, candidate) >= SAME_WORD for candidate in other):
                return True
    return False


def duplicate_questions(units: list[dict]) -> tuple[list[str], list[str]]:
    """Example questions shared by different units: (identical after folding, near-identical).

    Identical ones are build errors. Near-identical ones (rapidfuzz ratio >= NEAR_DUPLICATE and
    no word that tells them apart, see `distinguished`) are reported, so that a maintainer makes
    each name its programme or detail, or deletes the generic one."""
    owners: dict[str, dict[str, str]] = {}  # folded question -> unit id -> question as written
    for unit in units:
        for question in unit["questions"]:
            owners.setdefault(fold(question), {}).setdefault(unit["id"], question)
    exact = [f"{' / '.join(repr(q) for q in ids.values())} is an example of {len(ids)} units: {sorted(ids)}"
             for folded, ids in owners.items() if len(ids) > 1]
    names = programme_words()
    near = []
    for shorter, longer, score in similar_pairs(sorted(owners, key=len)):
        left, right = owners[shorter], owners[longer]
        if (set(left) == set(right) and len(left) == 1) or distinguished(shorter, longer, names):
            continue  # two wordings of one unit, or two questions that name different things
        for left_id, left_q in left.items():
            for right_id, right_q in right.items():
                if left_id != right_id:
                    near.append(f"{left_q!r} ({left_id}) ~ {right_q!r} ({right_id}): {score}")
    return exact, near


def similar_pairs(texts: list[str], block: int = 256) -> list[tuple[str, str, int]]:
    """Pairs of `texts` (sorted by length) with a rapidfuzz ratio >= NEAR_DUPLICATE. A ratio that high
    needs lengths within a factor r / (2 - r) of each other, so each block of texts is compared
    only with the texts not much longer than its longest (all pairs: ~40 million comparisons)."""
    least = NEAR_DUPLICATE / (200 - NEAR_DUPLICATE)
    lengths = [len(text) for text in texts]
    pairs = []
    for start in range(0, len(texts), block):
        end = min(start + block, len(texts))
        reach = bisect.bisect_right(lengths, lengths[end - 1] / least)
        scores = process.cdist(texts[start:end], texts[start:reach], scorer=fuzz.ratio,
                               score_cutoff=NEAR_DUPLICATE, dtype=np.uint8, workers=-1)
        pairs += [(texts[start + i], texts[start + j], int(scores[i, j]))
                  for i, j in zip(*scores.nonzero(), strict=True) if i < j]
    return pairs


def add_real_questions(units: list[dict], real_dir: Path) -> list[str]:
    """Real newcomers' questions (answers/real/, a development split, never the test split) become
    example questions of the unit they are labelled with: real wording teaches retrieval most."""
    by_label = {unit["id"].replace(".", "/", 1): unit for unit in units}
    problems = []
    for path in sorted(real_dir.glob("*.yml")):
        for entry in (yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) or {}).get("questions", []):
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
    near: list[str] = []
    units, problems = load_units(programs, near_duplicates=near)
    for problem in problems:
        print(problem)
    for pair in near:
        print(f"near-duplicate example questions: {pair}")
    counts: dict[str, int] = {}
    for unit in units:
        counts[unit["program"]] = counts.get(unit["program"], 0) + 1
    print(f"{len(units)} units in {len(counts)} files, {len(problems)} problems, "
          f"{len(near)} near-duplicate pairs of example questions across units")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
