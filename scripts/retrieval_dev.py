#!/usr/bin/env python3
"""Answer retrieval on the development split (issue #15): how often the right unit comes first.

The labelled real questions of facts_src/answers/real/ are split into --folds parts; for each part
the classifier is trained without it (the units' own example questions and the other parts) and
asked the part's questions, as the bot asks it (programme named in the message or none). Choices
of features, weights and thresholds are made here, never on the test split (tests/qa/).

    .venv/bin/python scripts/retrieval_dev.py [--folds 5]
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from actions.answer_retrieval import AnswerIndex  # noqa: E402
from actions.facts import get_facts  # noqa: E402


def development_questions() -> list[tuple[str, str]]:
    """(text, unit id) of every labelled real question of the development split."""
    found = []
    for path in sorted((REPO / "facts_src" / "answers" / "real").glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            if entry.get("unit"):
                found.append((entry["text"], entry["unit"].replace("/", ".", 1)))
    return found


def without(units: list[dict], texts: set[str]) -> list[dict]:
    return [{**unit, "questions": [q for q in unit["questions"] if q not in texts]} for unit in units]


def evaluate(folds: int, seed: int = 7) -> dict[str, float]:
    facts = get_facts()
    questions = development_questions()
    random.Random(seed).shuffle(questions)
    counts = {"n": 0, "top1": 0, "top3": 0, "confident": 0, "confident_right": 0}
    for fold in range(folds):
        held = questions[fold::folds]
        index = AnswerIndex(without(facts["answers"], {text for text, _ in held}), facts["topics"])
        for text, unit_id in held:
            retrieval = index.search(text)
            ranked = [match.unit["id"] for match in retrieval.matches]
            counts["n"] += 1
            counts["top1"] += ranked[:1] == [unit_id]
            counts["top3"] += unit_id in ranked[:3]
            counts["confident"] += retrieval.confident
            counts["confident_right"] += retrieval.confident and ranked[:1] == [unit_id]
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    c = evaluate(args.folds)
    n = max(c["n"], 1)
    print(f"{c['n']} labelled development questions, {args.folds}-fold")
    print(f"top-1 {c['top1'] / n:.1%}, top-3 {c['top3'] / n:.1%}; confident {c['confident'] / n:.1%} of them right "
          f"{c['confident_right'] / max(c['confident'], 1):.1%} (right and confident {c['confident_right'] / n:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
