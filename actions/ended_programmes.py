"""Answers about programmes that ended or are restricted (issue #15): the status that a "what is it" answer adds,
what replaced an ended programme, and which of its details still answer a question (many still hold its permit).
Rasa-free, like answer_choice.py, whose unit choice these notes complete."""
from __future__ import annotations

import re
from typing import Any

from actions import texts
from actions.answer_choice import LOOSE_MATCH, MAX_BEFORE_BUTTONS
from actions.answer_retrieval import Retrieval
from actions.facts import get_facts, what_unit
from actions.i18n import current_language, t
from actions.question_kind import asked_aspects
from actions.topics import normalise
from actions.translations import answer_in


def status_note(unit: dict[str, Any]) -> str | None:
    """For an ended or restricted programme, a "what is it" answer also says so, if it still fits a phone screen
    (measured in German, so every language shows the same). In the conversation's language; German with the
    stale note when its translation is not current."""
    program = get_facts()["programs"][unit["program"]]
    if unit["aspect"] != "what" or not texts.NOTABLE_STATUS.match(program["status"]):
        return None
    status = next((answer for answer in get_facts()["answers"]
                   if answer["program"] == unit["program"] and answer["aspect"] == "status"), None)
    if status is None or status["answer"] in unit["answer"] + (unit.get("context") or ""):
        return None
    if len(unit["answer"]) + len(status["answer"]) > MAX_BEFORE_BUTTONS:
        return None
    return status_in_language(status)


def status_in_language(status: dict[str, Any]) -> str:
    """A status unit's answer as a note after another text, in the conversation's language (German with the
    stale note when its translation is not current)."""
    answer, _, note = answer_in(status, current_language(), get_facts())
    return f"{note} {texts.without_bare_reply_word(answer)}" if note else texts.without_bare_reply_word(answer)


def replacement_note(unit: dict[str, Any]) -> str | None:
    """For a programme that has ended, what people can use today."""
    titles = replacement_titles(unit["program"])
    if not titles or unit["aspect"] not in ("what", "status"):
        return None
    return t("Heute können Sie stattdessen nutzen: {titles}.").format(titles=", ".join(titles))


def replacement_titles(program_id: str) -> list[str]:
    """Short names of the programmes that replaced an ended one (none for a running one)."""
    facts = get_facts()
    ended = facts["eligibility"]["ended"].get(program_id)
    return [facts["topics"][pid]["short"] for pid in ended["replaced_by"]] if ended else []


def ended_status(program_id: str) -> dict[str, Any] | None:
    """The status unit of a programme that has ended ("Das Chancen-Aufenthaltsrecht ist am 31.12.2025 ausgelaufen …"),
    None for a running one. It answers who may take part, how to apply or what it costs, so without the "Nein." that
    answers its own question ("gibt es das noch?")."""
    if program_id not in get_facts()["eligibility"]["ended"]:
        return None
    return next(({**unit, texts.WITHOUT_REPLY_WORD: True} for unit in get_facts()["answers"]
                 if unit["program"] == program_id and unit["aspect"] == "status"), None)


# Questions about an ended programme that its end answers: where to apply, whether it still exists, who may get it.
ENDED_ASPECTS = {"apply", "status", "who"}
# Someone who holds the permit asks what to apply for next ("was muss ich vor ablauf … beantragen"). Normalised text.
HOLDS_IT = re.compile(r"\b(ablauf|vor dem ende|nach (dem|den|der)|danach|hab(e)? (den|das|die|ein)|mit (dem|meinem)|"
                      r"hab(e)? \w+( \w+)? bekommen|in den \d+ monaten|i have|after|expire)\b")


def holds_it(text: str) -> bool:
    """The person already holds the permit of an ended programme ("was muss ich vor ablauf … beantragen")."""
    return bool(HOLDS_IT.search(normalise(text)))


def ended_detail(text: str, program_id: str, retrieval: Retrieval, sure: bool = True) -> dict[str, Any] | None:
    """A question about one detail of a programme that has ended (what its holders may do, the deadline of their
    next permit): the unit retrieval is sure of. What it is, who may get it or how to apply for it ("Wieviel Zeit
    habe ich, um das Chancen-Aufenthaltsrecht zu beantragen?"): None (its end). sure=False: for someone who holds
    the permit ("hab chancen aufenthalt bekommen, was gilt jetzt für meine familie"), the closest detail, to show
    as a marked guess: the programme's end does not answer them."""
    best, overview = retrieval.best, what_unit(program_id)
    close = retrieval.confident if sure else (holds_it(text) and best is not None and best.score >= LOOSE_MATCH)
    if not close or best is None or best.unit["program"] != program_id:
        return None
    if "apply" in asked_aspects(text) and not holds_it(text):
        return None
    if best.unit["aspect"] in ENDED_ASPECTS or (overview is not None and best.unit["id"] == overview["id"]):
        return None
    return dict(best.unit)


def with_notes(unit: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The unit and what to add: the programme's status or its replacements. The status matters more
    than the context sentence, which is dropped when both would not fit a phone screen."""
    extra = " ".join(note for note in (status_note(unit), replacement_note(unit)) if note) or None
    if extra and len(unit["answer"]) + len(unit.get("context") or "") + len(extra) > MAX_BEFORE_BUTTONS:
        unit = {**unit, "context": None}
    return unit, extra
