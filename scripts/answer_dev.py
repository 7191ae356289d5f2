#!/usr/bin/env python3
"""The bot's answers on the development split (issue #15), end to end: `make answer-dev`.

scripts/retrieval_dev.py measures the ranking alone. The answer a person sees also depends on the NLU's
intent (an "ask_who" gets the list of conditions, an "ask_how_apply" the overview of where to apply) and
on the rules that choose between a unit, an overview and "nicht sicher". This script asks the labelled
real questions of facts_src/answers/real/ through the real REST stack, as `make qa-eval` asks the test
split, in --folds parts: for each part the action server's retrieval (classifier and search by meaning) is
built without that part's questions, so no question is answered by a search that learnt it. The NLU never
trains on these questions (tests/test_qa_split.py). Choices about answers are made here, never on tests/qa/.

A question counts as answered when the bot's text holds the start of its labelled unit's answer (German,
or the German unit of an English translation); "unsure" as in qa_eval; else "wrong". The list of conditions
holds the conditions in other words, so a condition's question answered by the list counts as wrong here:
this judge is strict about lists.

    .venv/bin/python scripts/answer_dev.py [--folds 5] [--misses] [--languages]

--languages asks the labelled real questions in Ukrainian, Russian, Arabic, Turkish and Dari/Farsi
(facts_src/questions/real/) instead; the reply is judged by the translation of the unit it shows.
"""
from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from actions.texts import without_bare_reply_word  # noqa: E402
from scripts.qa_eval import UNSURE, folded, translated_pattern, with_german_units  # noqa: E402
from scripts.retrieval_dev import development_questions, fold_of, without  # noqa: E402
from tests.support import servers  # noqa: E402

HOLD_OUT_ENV = "LOTSE_DEV_HOLD_OUT"  # a file with the held-out questions, one per line (serve mode only)
UNIT_START = 50  # characters of a unit's answer that must appear in the reply
DEVELOPMENT_QUESTIONS = REPO / "facts_src" / "answers" / "real"
LANGUAGE_QUESTIONS = REPO / "facts_src" / "questions" / "real"  # uk, ru, ar, tr, fa


def serve(port: int) -> None:
    """The action server, its retrieval built without the questions in $LOTSE_DEV_HOLD_OUT."""
    import numpy as np
    from rasa_sdk import endpoint

    import actions.answer_retrieval_translated as translated
    from actions.answer_embeddings import EmbeddingIndex, stored_vectors
    from actions.answer_retrieval import AnswerIndex
    from actions.facts import get_facts

    held = set(Path(os.environ[HOLD_OUT_ENV]).read_text(encoding="utf-8").splitlines())
    facts = get_facts()
    units = without(facts["answers"], held)
    english = facts.get("translations", {}).get("en")
    classifier = AnswerIndex(units, facts["topics"], {"en": english} if english else None)
    rows, vectors = stored_vectors(facts)
    kept = [i for i, (_, group, text) in enumerate(rows) if not (group.endswith(":question") and text in held)]
    by_meaning = EmbeddingIndex(units, facts["topics"], vectors[np.array(kept)],
                                [rows[i][0] for i in kept], [rows[i][1] for i in kept])
    translated.get_index = lambda: classifier
    translated.get_embedding_index = lambda: by_meaning
    endpoint.run("actions", port=port)


def start_fold_server(workdir: Path, held: list[str], port: int) -> subprocess.Popen:
    path = workdir / f"held_{port}.txt"
    path.write_text("\n".join(held), encoding="utf-8")
    log = workdir / f"actions_{port}.log"
    process = subprocess.Popen([sys.executable, __file__, "--serve", str(port)], cwd=REPO,
                               env={**os.environ, **servers.QUIET_ENV, HOLD_OUT_ENV: str(path),
                                    "SANIC_HOST": "127.0.0.1"},
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    servers.wait_for(f"http://127.0.0.1:{port}/health", process, log)
    return process


def verdict(answer: str, unit_answer: str, unsure, office_heading: tuple[str, ...] = ()) -> str:
    # An ended programme's status unit ("Nein. Das Chancen-Aufenthaltsrecht ist … ausgelaufen") is shown without its
    # bare "Nein." after the heading "… gibt es nicht mehr." (texts.without_bare_reply_word).
    starts = {folded(text)[:UNIT_START] for text in (unit_answer, without_bare_reply_word(unit_answer))}
    if any(start in folded(with_german_units(answer)) for start in starts):
        return "correct"
    if any(heading in answer for heading in office_heading):
        return "correct"  # a unit that only says where to apply: the overview's office line says it, in its place
    return "unsure" if unsure.search(answer) else "wrong"


def office_headings(unit: dict) -> tuple[str, ...]:
    """"So melden Sie sich an – Ausbildungsduldung (§ 60c):" in every language, for a unit that only restates the
    office line that follows that heading (facts_src/answers/ `restates_office`), else nothing."""
    from actions.facts import get_facts
    from actions.i18n import in_every_language
    from actions.texts.service_answers import ASPECT_HEADINGS

    if not unit.get("restates_office"):
        return ()
    short = get_facts()["topics"][unit["program"]]["short"]
    return tuple(f"{heading} – {short}:" for heading in in_every_language(ASPECT_HEADINGS["apply"]))


def evaluate(folds: int, languages: bool = False) -> list[tuple[str, str, str, str]]:
    """(verdict, text, unit id, answer) for every labelled development question (of the other languages)."""
    from actions.facts import get_facts

    units = {unit["id"]: unit for unit in get_facts()["answers"]}
    # The other languages' real questions join their unit's example questions in the search by meaning, which
    # each fold is built without.
    questions = development_questions(LANGUAGE_QUESTIONS if languages else DEVELOPMENT_QUESTIONS)
    unsure = translated_pattern(UNSURE, "de")
    results = []
    with tempfile.TemporaryDirectory(prefix="lotse-dev-") as tmp:
        workdir = Path(tmp)
        port = servers.free_port()
        endpoints = servers.sqlite_endpoints(workdir, f"http://127.0.0.1:{port}/webhook", workdir / "rasa.db")
        rasa = servers.start_rasa(workdir, endpoints)
        try:
            for fold in range(folds):
                held = [(text, unit) for text, unit in questions if fold_of(text, folds) == fold]
                actions = start_fold_server(workdir, [text for text, _ in held], port)
                try:
                    for text, unit_id in held:
                        messages = rasa.say(uuid.uuid4().hex, text)
                        answer = "\n".join(message.get("text") or "" for message in messages)
                        unit = units[unit_id]
                        judged = verdict(answer, unit["answer"], unsure, office_headings(unit))
                        results.append((judged, text, unit_id, answer))
                finally:
                    servers.stop(actions)
        finally:
            servers.stop(rasa.process)
    return results


def report(results: list[tuple[str, str, str, str]], misses: bool) -> None:
    counts = collections.Counter(verdict for verdict, *_ in results)
    n = len(results)
    print(f"development split, {n} labelled real questions, end to end:")
    for kind in ("correct", "unsure", "wrong"):
        print(f"  {kind:8} {counts[kind]:4}  {counts[kind] / n:6.1%}")
    if misses:
        for kind, text, unit_id, answer in sorted(results):
            if kind != "correct":
                print(f"[{kind}] {text[:100]!r} want {unit_id} -> {' '.join(answer.split())[:140]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--languages", action="store_true",
                        help="the real questions in uk, ru, ar, tr and fa instead of German and English")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve)
        return 0
    report(evaluate(args.folds, languages=args.languages), args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
