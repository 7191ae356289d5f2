#!/usr/bin/env python3
"""Answer retrieval on the development split (issue #15): how often the right unit comes first.

The labelled real questions of facts_src/answers/real/ are split into --folds parts; for each part
the classifier is trained without it (the units' own example questions and the other parts) and
asked the part's questions, as the bot asks it (programme named in the message or none). Choices
of features, weights and thresholds are made here, never on the test split (tests/qa/).

    .venv/bin/python scripts/retrieval_dev.py [--folds 5] [--misses]
    .venv/bin/python scripts/retrieval_dev.py --language uk     # the search by meaning of that language

--language: the example questions of facts_src/questions/<lang>.yml, in two folds (each unit's first
question held out, then its second), against the search by meaning (actions/answer_embeddings.py);
prints the figures for a range of thresholds.

--misses lists every question whose unit did not come first (expected -> chosen, score, text) and
the pairs of units confused most often: two units that share questions are candidates to merge,
a question labelled with the weaker of two right units is a label to fix.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from actions.answer_embeddings import EmbeddingIndex, stored_vectors  # noqa: E402
from actions.answer_retrieval import AnswerIndex  # noqa: E402
from actions.facts import get_facts  # noqa: E402
from actions.topics import match_topic  # noqa: E402


def development_questions(directory: Path = REPO / "facts_src" / "answers" / "real") -> list[tuple[str, str]]:
    """(text, unit id) of every labelled real question of the development split (German/English; the other
    languages' are in facts_src/questions/real/)."""
    found = []
    for path in sorted(directory.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"] or []:
            if entry.get("unit"):
                found.append((str(entry["text"]).strip(), entry["unit"].replace("/", ".", 1)))
    return found


def fold_of(text: str, folds: int) -> int:
    """The part a question is held out in: by a hash of its text, so that a question added to the split moves no
    other question to another part (a shuffled order reassigned all of them, and two runs differed by more than
    the change they compared)."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % folds


def without(units: list[dict], texts: set[str]) -> list[dict]:
    return [{**unit, "questions": [q for q in unit["questions"] if q not in texts]} for unit in units]


def evaluate(folds: int, misses: list | None = None) -> dict[str, float]:
    facts = get_facts()
    questions = development_questions()
    counts = {"n": 0, "top1": 0, "top3": 0, "confident": 0, "confident_right": 0}
    for fold in range(folds):
        held = [(text, unit) for text, unit in questions if fold_of(text, folds) == fold]
        index = AnswerIndex(without(facts["answers"], {text for text, _ in held}), facts["topics"],
                            {"en": facts.get("translations", {}).get("en", {})})
        for text, unit_id in held:
            retrieval = index.search(text)
            ranked = [match.unit["id"] for match in retrieval.matches]
            counts["n"] += 1
            counts["top1"] += ranked[:1] == [unit_id]
            counts["top3"] += unit_id in ranked[:3]
            counts["confident"] += retrieval.confident
            counts["confident_right"] += retrieval.confident and ranked[:1] == [unit_id]
            if misses is not None and ranked[:1] != [unit_id]:
                misses.append((unit_id, ranked[0] if ranked else None, retrieval, text,
                               match_topic(text, facts["topics"])))
    return counts


def evaluate_language(language: str) -> list[tuple[str, str, list[str], float]]:
    """(expected unit, its programme, ranked unit ids, best score) for every held-out example question:
    the search by meaning without that question and its counterparts in the other languages (each unit's
    first, then its second)."""
    facts = get_facts()
    stored = stored_vectors(facts)
    if stored is None:
        raise SystemExit("answer embeddings do not fit the facts: run make facts")
    rows, vectors = stored
    by_language = facts.get("questions_by_language", {})
    questions = by_language.get(language, {})
    results = []
    for fold in (0, 1):
        held = {unit_id: asked[fold] for unit_id, asked in questions.items() if len(asked) > fold}
        # The unit's question of this fold is held out in every language: the others' may be its translation.
        out = {(f"{lang}:question", unit_id, asked[fold]) for lang, units in by_language.items()
               for unit_id, asked in units.items() if len(asked) > fold}
        kept = [i for i, (unit_id, group, text) in enumerate(rows) if (group, unit_id, text) not in out]
        index = EmbeddingIndex(facts["answers"], facts["topics"], vectors[kept],
                               [rows[i][0] for i in kept], [rows[i][1] for i in kept])
        for unit_id, text in held.items():
            retrieval = index.search(text)
            ranked = [match.unit["id"] for match in retrieval.matches]
            best = retrieval.best.score if retrieval.best else 0.0
            named = match_topic(text, facts["topics"]) is not None
            results.append((unit_id, named, ranked, best))
    return results


def print_language(language: str) -> None:
    results = evaluate_language(language)
    n = max(len(results), 1)
    top1 = sum(ranked[:1] == [unit] for unit, _, ranked, _ in results)
    top3 = sum(unit in ranked[:3] for unit, _, ranked, _ in results)
    print(f"{language}: {len(results)} held-out example questions, 2-fold; top-1 {top1 / n:.1%}, top-3 {top3 / n:.1%}")
    named = [(unit, ranked) for unit, is_named, ranked, _ in results if is_named]
    print(f"  naming a programme: {len(named) / n:.1%} of the questions, top-1 "
          f"{sum(ranked[:1] == [unit] for unit, ranked in named) / max(len(named), 1):.1%}")
    for threshold in (4.5, 5.0, 5.5, 6.0, 6.5, 7.0):
        sure = [(unit, ranked) for unit, _, ranked, best in results if best >= threshold]
        right = sum(ranked[:1] == [unit] for unit, ranked in sure)
        print(f"  threshold {threshold:.2f}: confident {len(sure) / n:.1%}, of them right "
              f"{right / max(len(sure), 1):.1%}, confident wrong {(len(sure) - right) / n:.1%} of all")


def print_misses(misses: list) -> None:
    """Each miss; "names X" marks a message whose words name another programme than the expected
    unit's (retrieval then ranks the expected unit far behind: OTHER_PROGRAMME_PENALTY)."""
    other_named = 0
    for unit_id, chosen, retrieval, text, named in sorted(misses, key=lambda miss: miss[:2]):
        score = retrieval.best.score if retrieval.best else float("nan")
        names = named is not None and named != unit_id.split(".")[0]
        other_named += names
        print(f"{unit_id} -> {chosen} ({score:.2f}{', confident' if retrieval.confident else ''}"
              f"{f', names {named}' if names else ''}): {text}")
    print(f"\n{other_named} of {len(misses)} misses: the message names another programme than the expected unit's")
    print("confused most often:")
    for (unit_id, chosen), count in collections.Counter((m[0], m[1]) for m in misses).most_common(15):
        print(f"{count:3d}  {unit_id} -> {chosen}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="list the questions whose unit did not come first")
    parser.add_argument("--language", help="a language with its own index (uk, ar, tr, ru, fa)")
    args = parser.parse_args()
    if args.language:
        print_language(args.language)
        return 0
    misses: list | None = [] if args.misses else None
    c = evaluate(args.folds, misses=misses)
    if misses:
        print_misses(misses)
    n = max(c["n"], 1)
    print(f"{c['n']} labelled development questions, {args.folds}-fold")
    print(f"top-1 {c['top1'] / n:.1%}, top-3 {c['top3'] / n:.1%}; confident {c['confident'] / n:.1%} of them right "
          f"{c['confident_right'] / max(c['confident'], 1):.1%} (right and confident {c['confident_right'] / n:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
