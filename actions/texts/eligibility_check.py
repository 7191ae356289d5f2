"""Texts of the eligibility check: its start, the notes on answers, re-asking, "why?", the verdict."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from actions import eligibility, offices
from actions.facts import get_facts
from actions.i18n import N_, t
from actions.texts.common import NO_LEGAL_ADVICE, Button, ensure_period, german_date, source_line

STATE_LABELS = {eligibility.OPEN: N_("nicht gefragt")}
STATE_MARKS = {eligibility.MET: "✅", eligibility.NOT_MET: "❌", eligibility.UNCLEAR: "❔", eligibility.OPEN: "–",
               eligibility.SKIPPED: "–"}


def check_intro(title: str, prefilled: str | None = None) -> str:
    """The start of a check: what is checked, what was understood already, and how to stop.
    `title` is the programme's German title from the facts (translated here); `prefilled` is already
    in the conversation's language."""
    known = f" {prefilled}" if prefilled else ""
    return (t("Gut, wir prüfen gemeinsam: {title}.").format(title=t(title)) + known + " "
            + t("Ich stelle ein paar kurze Fragen.") + " " + t("Ihre Antworten lösche ich nach dem Ergebnis.") + " "
            + t("Mit „abbrechen“ hören wir jederzeit auf."))


def noted_items(prefilled: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """"Aufenthaltsstatus Duldung, Alter 19": answers given in passing, in words."""
    parts = []
    for slot, value in prefilled.items():
        shown = german_date(str(value)) if slot == "arrival_date" else _answer_title(slot, value)
        parts.append(f"{t(labels.get(slot, slot))} {shown}")
    return ", ".join(parts)


def prefilled_note(prefilled: Mapping[str, Any], labels: Mapping[str, str]) -> str | None:
    """What the person already said, repeated so they can correct it: "Ich habe notiert: Alter 19."."""
    items = noted_items(prefilled, labels)
    if not items:
        return None
    return (t("Ich habe notiert: {items}.").format(items=items) + " "
            + t("Falls das nicht stimmt, sagen Sie es einfach."))


def _answer_title(slot: str, value: Any) -> str:
    buttons = get_facts()["eligibility"]["questions"].get(slot, {}).get("buttons", [])
    titles = {str(button["value"]): button["title"] for button in buttons}
    title = titles.get(str(value))
    return str(value) if title is None else t(title)


def choose_check(titles: Mapping[str, str]) -> tuple[str, list[Button]]:
    """The question which programme to check, with one button per programme."""
    buttons = [{"title": t(title), "payload": f'/check_eligibility{{"program":"{pid}"}}'}
               for pid, title in titles.items()]
    return t("Welche Möglichkeit soll ich mit Ihnen prüfen?"), buttons


def ways_to_stay(titles: Mapping[str, str]) -> tuple[str, list[Button]]:
    """The ways from a Duldung to staying that the checks cover, and the offer to check one."""
    lines = [t("Mit einer Duldung gibt es diese Wege, in Deutschland zu bleiben:"),
             *(f"• {t(title)}" for title in titles.values()),
             t("Welcher Weg passt, hängt von Ihrer Lage ab. Ich kann das mit Ihnen prüfen. Kostenlos beraten Sie "
               "auch die Migrationsberatung (MBE) und Flüchtlingsberatungen.")]
    _, buttons = choose_check(titles)
    return "\n".join(lines), buttons


def ended_program(program: Mapping[str, Any], status: str, replacement_titles: list[str], today: dt.date) -> str:
    """A programme that no longer exists (status: its status unit's answer, in the person's language; the
    programme's own status field is a research note, "AUSGELAUFEN am …; Übergangsregelung: …"), and what people
    can use instead."""
    return (t("{name} gibt es nicht mehr.").format(name=program["name"])
            + (f" {ensure_period(status)} " if status else " ")
            + t("Heute können Sie zum Beispiel nutzen: {titles}.").format(titles=", ".join(replacement_titles))
            + f"\n\n{source_line(program['newest_source'], program['checked_date'], today)}")


# How the replies start that say an answer did not fit: actions/sdk/tracker.py recognises them in every language.
INVALID_ANSWER_START = N_("Das habe ich leider nicht verstanden.")
STUCK_START = N_("Hier kommen wir gerade nicht weiter.")


def invalid_answer(example: str) -> str:
    """An answer the check could not read: an example of one it can."""
    return (t(INVALID_ANSWER_START) + " " + t("Bitte antworten Sie zum Beispiel so: „{example}“.").format(
        example=t(example)) + " " + t("Oder sagen Sie „weiß ich nicht“ oder „abbrechen“."))


NOTED_START = N_("Danke, das habe ich notiert.")


def noted_other_answers(items: str) -> str:
    """Answers to other questions were noted; the open question still needs one."""
    return (f"{t(NOTED_START)} ({items}) "
            + t("Jetzt brauche ich noch die Antwort auf diese Frage (oder „weiß ich nicht“):"))


def stuck_on_question() -> tuple[str, list[Button]]:
    """The second answer in a row that does not fit: offer the ways out instead of the same request again."""
    # The payload stays German: it is read by the check's parser (actions/check_answers.py, DONT_KNOW).
    return (t(STUCK_START) + " " + t("Wenn Sie die Antwort nicht wissen, ist das in Ordnung: Dann ist das Ergebnis "
                                     "„unklar“ und Sie bekommen einen Hinweis, wo Sie sich beraten lassen können."),
            [{"title": t("Weiß ich nicht"), "payload": "weiß ich nicht"},
             {"title": t("Prüfung abbrechen"), "payload": "/stop"}])


QUESTION_AS_ANSWER_START = N_("Das klingt nach einer Frage.")
BACK_TO_CHECK = N_("Jetzt zurück zu Ihrer Prüfung (oder schreiben Sie „abbrechen“):")


def question_as_answer(example: str) -> str:
    """A question instead of an answer: the check needs the person's own details."""
    return (t(QUESTION_AS_ANSWER_START) + " "
            + t("Ich brauche hier Ihre eigene Angabe, zum Beispiel: „{example}“.").format(example=t(example)) + " "
            + t("Wenn Sie es nicht wissen, sagen Sie „weiß ich nicht“.") + " "
            + t("Mit „warum?“ erkläre ich die Frage."))


def why_question(program_title: str, criteria_texts: list[str]) -> str:
    """Why the check asks this question: the criteria it decides (German texts of the facts, translated here)."""
    reasons = "; ".join(t(text) for text in criteria_texts)
    return t("Ich frage das, weil für {title} gilt: {reasons}.").format(title=t(program_title), reasons=reasons)


def no_question_open() -> str:
    """"warum?" while no check is asking a question."""
    return t("Im Moment stelle ich Ihnen keine Frage.") + " " + t("Möchten Sie eine Möglichkeit prüfen lassen?")


def next_step(rule: Mapping[str, Any], verdict: eligibility.Verdict) -> str:
    """After "voraussichtlich nein" the next step is advice, never an application."""
    step = rule["next_step_if_no"] if verdict.verdict == eligibility.VERDICT_NO else rule["next_step"]
    return t(step)


def _checked(result: eligibility.CriterionResult) -> str:
    """"❌ Antrag vor dem 27. Geburtstag – nicht erfüllt": one line of the verdict's checklist."""
    criterion = result.criterion["text"]
    state = STATE_LABELS.get(result.state, result.state)
    return f"{STATE_MARKS[result.state]} {t(criterion)} – {t(state)}"


def verdict_text(rule: Mapping[str, Any], verdict: eligibility.Verdict, hints: list[str], region: str | None,
                 checked_date: str, today: dt.date) -> str:
    """The verdict with the checklist, what the office checks, the next step and the source."""
    checklist = "\n".join(_checked(result) for result in verdict.results if result.state != eligibility.SKIPPED)
    office_checks = "\n".join(f"• {t(item)}" for item in rule.get("checked_by_office", []))
    explained = "".join(f"\n\n{t(hint)}" for hint in hints)
    office = offices.office_label(rule["decides"], region)
    ask_at = offices.office_label(rule["decides"], region, at=True)
    shown = t(verdict.verdict) if verdict.verdict else str(verdict.verdict)
    title = rule["title"]
    heading = t("Ergebnis {title}: {verdict}.").format(title=t(title), verdict=shown)
    office_heading = t("Außerdem prüft die Behörde:")
    return (f"{heading}\n\n{checklist}{explained}\n\n{office_heading}\n{office_checks}\n\n"
            + t("Nächster Schritt: {next_step}").format(next_step=next_step(rule, verdict)) + " "
            + t("Entscheiden wird {office}.").format(office=office)
            + f"\n\n{t(NO_LEGAL_ADVICE)}\n{source_line(rule['newest_source'], checked_date, today, ask_at)}")


def check_cancelled() -> str:
    """The check was stopped and the answers deleted."""
    return t("In Ordnung, ich habe die Prüfung abgebrochen und Ihre Antworten gelöscht.")

