"""The eligibility check's answers, without Rasa: the parser of each question, "weiß nicht", several
answers in one message, what counts as an attempt to answer, and the programmes there is a check for.

The form validation in actions/sdk/eligibility_form.py reads the message with these; the rules that
decide are in actions/eligibility.py.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from actions import answer_parsing as parse
from actions import eligibility, permit_answers
from actions.facts import get_facts
from actions.i18n import N_
from actions.places import get_resolver

FORM = "eligibility_form"
DONT_KNOW = re.compile(r"wei(ß|ss|s)\s*(ich\s*)?nicht|keine\s+ahnung|unsicher|don'?t\s+know|k\.?\s*a\.?$",
                       re.IGNORECASE)
# Intents that always leave the question to the rules (explain, stop, hand-over …).
ALWAYS_INTERRUPT = {"ask_why", "stop", "restart_conversation", "emergency", "human_handover", "greet",
                    "continue_check"}
# While a question is open, these intents are (failed) answers to it; "out_of_scope" too, because
# garbled answers land there. A real question of another topic is recognised by is_question first.
ANSWER_LIKE_INTENTS = {"inform", "affirm", "deny", "nlu_fallback", "out_of_scope"}
BOOLEAN_SLOTS = {"livelihood_secured", "livelihood_mostly_by_work", "has_training_contract", "school_3_years",
                 "has_minor_child", "obliged_by_authority", "attended_integration_course", "married_to_german"}
# How an answer given in passing is repeated back: "Aufenthaltsstatus: Duldung" (translated where shown).
QUESTION_LABELS = {"age": N_("Alter"), "residence_status": N_("Aufenthaltsstatus"),
                   "arrival_date": N_("in Deutschland seit"), "german_level": N_("Deutsch")}


def today() -> dt.date:
    """The day answers such as "seit März 2019" count from (one place, so tests can fix it)."""
    return dt.date.today()


def _bool_text(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


SLOT_PARSERS: dict[str, Callable[[str], Any]] = {
    "age": parse.parse_age,
    "residence_status": parse.parse_residence_status,
    "permit_kind": permit_answers.parse_permit_kind,
    "lawful_years": permit_answers.parse_lawful_years,
    "identity_60d": permit_answers.parse_identity_60d,
    "permit_first_year": lambda text: permit_answers.parse_permit_first_year(text, today()),
    "arrival_date": lambda text: _iso(parse.parse_arrival(text, today())),
    "duldung_months": lambda text: parse.parse_months(text, today()),
    "employment_months": lambda text: parse.parse_months(text, today()),
    "german_level": parse.parse_german_level,
    **{slot: (lambda text: _bool_text(parse.parse_yes_no(text))) for slot in BOOLEAN_SLOTS},
}


def read_answer(slot: str, text: str) -> Any:
    """The free-text answer to the question for `slot`: "unknown" for "weiß ich nicht" (also "I don't
    know", "не знаю", "bilmiyorum", "لا أعرف", "نمی‌دانم"), None when the text holds no answer of that kind."""
    if DONT_KNOW.search(text) or parse.says_dont_know(text):
        return eligibility.UNKNOWN
    return SLOT_PARSERS[slot](text)


def leaves_question_to_rules(intent: str | None, requested: str | None) -> bool:
    """"warum?", "stopp", "Notfall" … while a question is open, or no question of ours open: the rules
    answer, the form reads nothing."""
    return intent in ALWAYS_INTERRUPT or requested not in SLOT_PARSERS


def answers_in_text(text: str) -> dict[str, Any]:
    """Several answers in one message ("Ich bin 19 und habe eine Duldung").

    A typed payload ('check_eligibility{"age":30}', the channel strips its "/") is no one's words:
    it answers nothing, or anyone could skip the questions by typing one."""
    if "{" in text:
        return {}
    return {slot: value for slot, value in parse.parse_all(text, today()).items() if value is not None}


def answer_like(intent: str | None, text: str) -> bool:
    """Whether a message is (an attempt at) an answer to the open question. A "place" that names no
    place ("19") is one too: otherwise the KI finder would answer it again and again."""
    if intent == "inform_place":
        return get_resolver().resolve(text).status == "not_found"
    return intent in ANSWER_LIKE_INTENTS


def offered_values(slot: str) -> set[str]:
    """The values the buttons of the question for `slot` send."""
    return {str(button["value"]) for button in get_facts()["eligibility"]["questions"].get(slot, {}).get("buttons", [])}


def question_example(slot: str) -> str:
    """An example answer to the question for `slot` ("19"), shown when an answer did not fit."""
    return get_facts()["eligibility"]["questions"][slot]["example"]


def program_rule(program_id: str | None) -> Mapping[str, Any] | None:
    """The eligibility rule of a checkable programme, or None."""
    return get_facts()["eligibility"]["programs"].get(program_id or "")


def eligibility_titles() -> dict[str, str]:
    """{programme id: title} of every programme the bot can check."""
    return {pid: rule["title"] for pid, rule in get_facts()["eligibility"]["programs"].items()}


def related_checks(program_id: str) -> dict[str, str]:
    """{programme id: title} of the checks of the programmes related to `program_id` (topics.yml `related`): the
    Duldung overview, which has no check of its own, offers those of § 60c, § 60d, § 25a and § 25b."""
    related = get_facts()["topics"].get(program_id, {}).get("related", [])
    return {pid: title for pid, title in eligibility_titles().items() if pid in related}
