#!/usr/bin/env python3
"""How well the bot answers real newcomers' questions (issue #15): `make qa-eval`.

The split tests/qa/real_questions.yml holds questions people asked in public (forums,
Q&A sites, FAQ headings of offices), each with its source URL, the programme and the
strings of which one must appear in a correct answer. It never feeds training
(tests/test_qa_split.py checks that no sentence occurs in data/).

Every question goes, in a new conversation, through the real REST channel (Rasa server,
action server, SQLite store). Each answer is judged:
- correct: its text contains one of the expected strings (button titles do not count: a
  button named "Integrationskurs" offers a topic, it does not state the fact); a translated
  answer counts with the German unit it was translated from, so the expected strings can stay German;
- unsure: the bot says it is not sure / does not understand, or offers choices (also "Zu welchem
  Angebot möchten Sie etwas wissen?" with the programmes as buttons);
- wrong: a confident answer without the expected fact (the worst kind).
Questions whose answer the facts do not hold (`unknown_in_facts`) count as handled when
the bot is unsure or says where to ask, and are reported on their own line.

Prints a table and the 20 worst answers, writes results/qa_eval.md, and exits 1 when the
share of correct answers or of confident wrong answers misses its target.

Usage: python scripts/qa_eval.py [--data tests/qa/real_questions.yml] [--min-correct 0.9] [--max-wrong 0.05]
       python scripts/qa_eval.py --languages    # each tests/qa/real_questions_<lang>.yml (issue #17)

--languages judges each language's split the same way; "unsure" there is the German wording or its
translation in that language's catalogue (actions/locale/<lang>.po). One line per language goes to
results/qa_eval_languages.md.
"""
from __future__ import annotations

import argparse
import collections
import functools
import json
import re
import sqlite3
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from actions.facts import get_facts  # noqa: E402
from actions.i18n import LANGUAGES, catalog  # noqa: E402
from actions.texts import without_bare_reply_word  # noqa: E402
from rasa_ext.channels.conversation_keys import conversation_key  # noqa: E402
from tests.support.servers import local_stack  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
UNSURE = re.compile(r"nicht sicher|nicht verstanden|anders formulieren|Meinen Sie|keine gesicherten Angaben|"
                    r"habe ich nicht gesichert|habe ich nicht\.|weiß ich nicht|"
                    # asks which programme, with the programmes as buttons: a choice, no fact
                    r"Zu welchem Angebot möchten Sie etwas wissen", re.IGNORECASE)
# How a marked guess starts, alone or with its neighbours (actions/texts/service_answers.py tentative_answer(s))
GUESS = "Da bin ich nicht sicher, ob das Ihre Frage beantwortet"
WHERE_TO_ASK = re.compile(r"Migrationsberatung|Beratung|fragen Sie|wenden Sie sich", re.IGNORECASE)


@dataclass
class Judged:
    item: dict
    intent: str | None
    answer: str  # the text of the bot's messages
    verdict: str  # correct | unsure | wrong
    buttons: list[str]


def folded(text: str) -> str:
    return " ".join(text.lower().replace("\u00a0", " ").split())


@functools.lru_cache(maxsize=1)
def german_of_translations() -> dict[str, tuple[str, ...]]:
    """Every translated unit answer → the German units (answer and context) it was made from; also the answer without
    a bare "No." that an ended programme's status unit is shown without (after "… no longer exists"). The whole answer,
    not its first 60 characters: several units' translations start alike (the Ukrainian "what is" and status units of
    the Beschäftigungsduldung), and one start stood for whichever of them was read last."""
    facts = get_facts()
    german = {unit["id"]: f"{unit['answer']} {unit.get('context') or ''}" for unit in facts["answers"]}
    found: dict[str, list[str]] = collections.defaultdict(list)
    for by_unit in facts.get("translations", {}).values():
        for unit_id, translated in by_unit.items():
            if unit_id not in german:
                continue
            for shown in {translated["answer"], without_bare_reply_word(translated["answer"])}:
                found[folded(shown)].append(german[unit_id])
    return {shown: tuple(dict.fromkeys(texts)) for shown, texts in found.items()}


def with_german_units(answer: str) -> str:
    """The answer, followed by the German text of each translated unit it shows: an English answer to a
    question of the German split holds the fact when its unit does (the expected strings are German)."""
    shown = folded(answer)
    return " ".join([answer, *(german for translated, texts in german_of_translations().items() if translated in shown
                               for german in texts)])


def judge(item: dict, answer: str, unsure: re.Pattern[str] = UNSURE, where: re.Pattern[str] = WHERE_TO_ASK) -> str:
    if item.get("unknown_in_facts"):
        return "correct" if unsure.search(answer) or where.search(answer) else "wrong"
    if any(folded(expected) in folded(with_german_units(answer)) for expected in item["expected"]):
        return "correct"
    return "unsure" if unsure.search(answer) else "wrong"


def translated_pattern(pattern: re.Pattern[str], language: str) -> re.Pattern[str]:
    """The pattern, or the first sentence of the translation of any German text it matches. For the
    German split ("de"), whose English questions are now answered in English, in every language."""
    languages = [code for code in LANGUAGES if code != "de"] if language == "de" else [language]
    starts = sorted({translation.split(". ")[0][:60] for code in languages
                     for german, translation in catalog(code).items() if pattern.search(german) and translation})
    return re.compile("|".join([pattern.pattern, *map(re.escape, starts)]), re.IGNORECASE)


def parsed_intent(db: Path, sender: str) -> str | None:
    with sqlite3.connect(db) as connection:
        rows = [json.loads(data) for (data,) in connection.execute(
            "select data from events where sender_id = ? order by id", (conversation_key("rest", sender),))]
    intents = [row["parse_data"]["intent"]["name"] for row in rows if row.get("event") == "user"]
    return intents[0] if intents else None


def ask_all(items: list[dict], language: str = "de", stack: tuple | None = None) -> list[Judged]:
    if stack is None:
        with local_stack() as started:
            return ask_all(items, language, started)
    rasa, _actions, db = stack
    unsure = translated_pattern(UNSURE, language)
    where = translated_pattern(WHERE_TO_ASK, language)
    judged = []
    for item in items:
        sender = uuid.uuid4().hex
        messages = rasa.say(sender, item["text"])
        # Only the text counts: a button titled "Integrationskurs" offers a topic, it states no fact.
        answer = "\n".join(m.get("text") or "" for m in messages)
        buttons = [b["title"] for m in messages for b in m.get("buttons", [])]
        judged.append(Judged(item, parsed_intent(db, sender), answer, judge(item, answer, unsure, where), buttons))
    return judged


def languages_report(out: Path) -> str:
    """One line per language split: n, correct, unsure, confident wrong, intent accuracy."""
    lines = ["| language | questions (with fact) | correct | unsure | confident wrong | not in facts handled "
             "| intent accuracy |", "|---|---|---|---|---|---|---|"]
    with local_stack() as stack:
        for path in sorted((REPO / "tests" / "qa").glob("real_questions_*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            judged = ask_all(data["questions"], data["language"], stack)
            _, figures = table(judged)
            known = sum(not r.item.get("unknown_in_facts") for r in judged)
            lines.append(f"| {data['language']} | {len(judged)} ({known}) | {figures['correct']:.1%} | "
                         f"{figures['unsure']:.1%} | {figures['wrong']:.1%} | {figures['unknown_handled']:.1%} | "
                         f"{figures['intent_accuracy']:.1%} |")
            print(lines[-1], flush=True)
            print(worst(judged, 8), flush=True)
    report = "Real questions per language (tests/qa/real_questions_<lang>.yml)\n\n" + "\n".join(lines)
    out.write_text(report + "\n", encoding="utf-8")
    return report


def share(rows: list[Judged], verdict: str) -> float:
    return sum(r.verdict == verdict for r in rows) / len(rows) if rows else 0.0


def table(judged: list[Judged]) -> tuple[str, dict[str, float]]:
    known = [r for r in judged if not r.item.get("unknown_in_facts")]
    unknown = [r for r in judged if r.item.get("unknown_in_facts")]
    labelled = [r for r in judged if r.item.get("expected_intent")]
    intent_accuracy = (sum(r.intent == r.item["expected_intent"] for r in labelled) / len(labelled)) if labelled else 0
    guessed = sum(r.verdict == "correct" and GUESS in r.answer for r in known) / len(known) if known else 0.0
    figures = {"correct": share(known, "correct"), "unsure": share(known, "unsure"), "wrong": share(known, "wrong"),
               "intent_accuracy": intent_accuracy, "unknown_handled": share(unknown, "correct")}
    lines = [f"Real-question split: {len(judged)} questions ({len(known)} with the fact in our data, "
             f"{len(unknown)} without)", "",
             "| measure | value |", "|---|---|",
             f"| intent accuracy | {intent_accuracy:.1%} ({len(labelled)} labelled) |",
             f"| answers that contain the expected fact | {figures['correct']:.1%} |",
             f"| … of them given as a marked guess (\"nicht sicher, ob …\") | {guessed:.1%} |",
             f"| unsure answers (\"nicht sicher\", choices) | {figures['unsure']:.1%} |",
             f"| confident wrong answers | {figures['wrong']:.1%} |",
             f"| not in our facts: bot is unsure or says where to ask | {figures['unknown_handled']:.1%} "
             f"({len(unknown)}) |", "", "| programme | n | correct | unsure | wrong |", "|---|---|---|---|---|"]
    by_program = collections.defaultdict(list)
    for r in known:
        by_program[r.item.get("program") or "(none)"].append(r)
    for program, rows in sorted(by_program.items()):
        lines.append(f"| {program} | {len(rows)} | {share(rows, 'correct'):.0%} | {share(rows, 'unsure'):.0%} | "
                     f"{share(rows, 'wrong'):.0%} |")
    return "\n".join(lines), figures


def worst(judged: list[Judged], count: int = 20) -> str:
    order = {"wrong": 0, "unsure": 1}
    bad = sorted((r for r in judged if r.verdict != "correct"), key=lambda r: order.get(r.verdict, 2))[:count]
    lines = [f"The {len(bad)} worst answers:"]
    for r in bad:
        said = " ".join(r.answer.split())[:220]
        lines.append(f"- [{r.verdict}] „{r.item['text']}“ (intent {r.intent}, want {r.item.get('expected_intent')}, "
                     f"expected {r.item['expected'][:2]}) → {said}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "tests" / "qa" / "real_questions.yml")
    parser.add_argument("--out", type=Path, default=REPO / "results" / "qa_eval.md")
    parser.add_argument("--min-correct", type=float, default=0.0)
    parser.add_argument("--max-wrong", type=float, default=1.0)
    parser.add_argument("--answers", type=Path, default=REPO / "results" / "qa_answers.json",
                        help="every question with its verdict and answer, to compare two runs")
    parser.add_argument("--languages", action="store_true", help="every language's split, one line each")
    args = parser.parse_args(argv)
    if args.languages:
        print(languages_report(REPO / "results" / "qa_eval_languages.md"))
        return 0
    items = yaml.safe_load(args.data.read_text(encoding="utf-8"))["questions"]
    judged = ask_all(items)
    summary, figures = table(judged)
    report = summary + "\n\n" + worst(judged)
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report + "\n", encoding="utf-8")
    answers = [{"text": r.item["text"], "verdict": r.verdict, "intent": r.intent, "answer": r.answer,
                "buttons": r.buttons} for r in judged]
    args.answers.write_text(json.dumps(answers, ensure_ascii=False, indent=1), encoding="utf-8")
    failed = []
    if figures["correct"] < args.min_correct:
        failed.append(f"correct {figures['correct']:.1%} < {args.min_correct:.0%}")
    if figures["wrong"] > args.max_wrong:
        failed.append(f"confident wrong {figures['wrong']:.1%} > {args.max_wrong:.0%}")
    if failed:
        print("FAIL: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
