"""Texts of the eligibility check: its start, the notes on answers, re-asking, "why?", the verdict."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from actions import eligibility, offices
from actions.facts import get_facts
from actions.texts.common import NO_LEGAL_ADVICE, Button, ensure_period, first_sentences, german_date, source_line

STATE_LABELS = {eligibility.OPEN: "nicht gefragt"}
STATE_MARKS = {eligibility.MET: "✅", eligibility.NOT_MET: "❌", eligibility.UNCLEAR: "❔", eligibility.OPEN: "–",
               eligibility.SKIPPED: "–"}


def check_intro(title: str, prefilled: str | None = None) -> str:
    """The start of a check: what is checked, what was understood already, and how to stop."""
    known = f" {prefilled}" if prefilled else ""
    return (f"Gut, wir prüfen gemeinsam: {title}.{known} Ich stelle ein paar kurze Fragen. Ihre Antworten "
            "lösche ich nach dem Ergebnis. Mit „abbrechen“ hören wir jederzeit auf.")


def noted_items(prefilled: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """"Aufenthaltsstatus Duldung, Alter 19": answers given in passing, in words."""
    parts = []
    for slot, value in prefilled.items():
        shown = german_date(str(value)) if slot == "arrival_date" else _answer_title(slot, value)
        parts.append(f"{labels.get(slot, slot)} {shown}")
    return ", ".join(parts)


def prefilled_note(prefilled: Mapping[str, Any], labels: Mapping[str, str]) -> str | None:
    """What the person already said, repeated so they can correct it: "Ich habe notiert: Alter 19."."""
    items = noted_items(prefilled, labels)
    return f"Ich habe notiert: {items}. Falls das nicht stimmt, sagen Sie es einfach." if items else None


def _answer_title(slot: str, value: Any) -> str:
    buttons = get_facts()["eligibility"]["questions"].get(slot, {}).get("buttons", [])
    return next((button["title"] for button in buttons if str(button["value"]) == str(value)), str(value))


def choose_check(titles: Mapping[str, str]) -> tuple[str, list[Button]]:
    """The question which programme to check, with one button per programme."""
    buttons = [{"title": title, "payload": f'/check_eligibility{{"program":"{pid}"}}'} for pid, title in titles.items()]
    return "Welche Möglichkeit soll ich mit Ihnen prüfen?", buttons


def ended_program(program: Mapping[str, Any], replacement_titles: list[str], today: dt.date) -> str:
    """A programme that no longer exists, and what people can use instead."""
    return (f"{program['name']} gibt es nicht mehr. {ensure_period(first_sentences(program['status'], 1))} "
            f"Heute können Sie zum Beispiel nutzen: {', '.join(replacement_titles)}.\n\n"
            f"{source_line(program['newest_source'], program['checked_date'], today)}")


INVALID_ANSWER_START = "Das habe ich leider nicht verstanden. Bitte antworten Sie"
STUCK_START = "Hier kommen wir gerade nicht weiter."


def invalid_answer(example: str) -> str:
    """An answer the check could not read: an example of one it can."""
    return (f"{INVALID_ANSWER_START} zum Beispiel so: „{example}“. "
            "Oder sagen Sie „weiß ich nicht“ oder „abbrechen“.")


NOTED_START = "Danke, das habe ich notiert."


def noted_other_answers(items: str) -> str:
    """Answers to other questions were noted; the open question still needs one."""
    return f"{NOTED_START} ({items}) Jetzt brauche ich noch die Antwort auf diese Frage (oder „weiß ich nicht“):"


def stuck_on_question() -> tuple[str, list[Button]]:
    """The second answer in a row that does not fit: offer the ways out instead of the same request again."""
    return (f"{STUCK_START} Wenn Sie die Antwort nicht wissen, ist das in Ordnung: Dann ist das Ergebnis "
            "„unklar“ und Sie bekommen einen Hinweis, wo Sie sich beraten lassen können.",
            [{"title": "Weiß ich nicht", "payload": "weiß ich nicht"},
             {"title": "Prüfung abbrechen", "payload": "/stop"}])


QUESTION_AS_ANSWER_START = "Das klingt nach einer Frage."
BACK_TO_CHECK = "Jetzt zurück zu Ihrer Prüfung (oder schreiben Sie „abbrechen“):"


def question_as_answer(example: str) -> str:
    """A question instead of an answer: the check needs the person's own details."""
    return (f"{QUESTION_AS_ANSWER_START} Ich brauche hier Ihre eigene Angabe, zum Beispiel: „{example}“. "
            "Wenn Sie es nicht wissen, sagen Sie „weiß ich nicht“. Mit „warum?“ erkläre ich die Frage.")


def why_question(program_title: str, criteria_texts: list[str]) -> str:
    """Why the check asks this question: the criteria it decides."""
    reasons = "; ".join(criteria_texts)
    return f"Ich frage das, weil für {program_title} gilt: {reasons}."


def no_question_open() -> str:
    """"warum?" while no check is asking a question."""
    return "Im Moment stelle ich Ihnen keine Frage. Möchten Sie eine Möglichkeit prüfen lassen?"


def next_step(rule: Mapping[str, Any], verdict: eligibility.Verdict) -> str:
    """After "voraussichtlich nein" the next step is advice, never an application."""
    return rule["next_step_if_no"] if verdict.verdict == eligibility.VERDICT_NO else rule["next_step"]


def verdict_text(rule: Mapping[str, Any], verdict: eligibility.Verdict, hints: list[str], region: str | None,
                 checked_date: str, today: dt.date) -> str:
    """The verdict with the checklist, what the office checks, the next step and the source."""
    checklist = "\n".join(f"{STATE_MARKS[result.state]} {result.criterion['text']} – "
                          f"{STATE_LABELS.get(result.state, result.state)}"
                          for result in verdict.results if result.state != eligibility.SKIPPED)
    office_checks = "\n".join(f"• {item}" for item in rule.get("checked_by_office", []))
    explained = "".join(f"\n\n{hint}" for hint in hints)
    office = offices.office_label(rule["decides"], region)
    ask_at = offices.office_label(rule["decides"], region, at=True)
    return (f"Ergebnis {rule['title']}: {verdict.verdict}.\n\n{checklist}{explained}\n\n"
            f"Außerdem prüft die Behörde:\n{office_checks}\n\n"
            f"Nächster Schritt: {next_step(rule, verdict)} Entscheiden wird {office}.\n\n"
            f"{NO_LEGAL_ADVICE}\n{source_line(rule['newest_source'], checked_date, today, ask_at)}")


def check_cancelled() -> str:
    """The check was stopped and the answers deleted."""
    return "In Ordnung, ich habe die Prüfung abgebrochen und Ihre Antworten gelöscht."

