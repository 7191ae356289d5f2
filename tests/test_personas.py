"""Persona suite (issue #14): every persona's verdict per programme, through the evaluator and
through the REST channel. The data is tests/personas/personas.yml; a "voraussichtlich ja"
where the law does not give one is the worst error this product can make."""
from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions import eligibility as e
from actions.facts import get_facts

pytestmark = pytest.mark.data

PERSONAS = yaml.safe_load((Path(__file__).parent / "personas" / "personas.yml").read_text(encoding="utf-8"))["personas"]
CASES = [(persona, program_id) for persona in PERSONAS for program_id in persona["expect"]]
VERDICTS = {"ja": e.VERDICT_YES, "nein": e.VERDICT_NO, "unklar": e.VERDICT_UNCLEAR}
FACTS = get_facts()
QUESTIONS = FACTS["eligibility"]["questions"]
MAX_TURNS = 15


def case_id(case: tuple[dict, str]) -> str:
    return f"{case[0]['id']}-{case[1]}"


def years_ago(years: float, today: dt.date) -> dt.date:
    """Whole calendar years back, the rest in days (4.9 years = 4 years and ~329 days)."""
    whole = int(years)
    anniversary = today.replace(year=today.year - whole)
    return anniversary - dt.timedelta(days=round((years - whole) * 365))


def answers_of(persona: dict, today: dt.date) -> dict[str, Any]:
    """The persona's answers as slot values (the arrival as an ISO date)."""
    answers = {key: value for key, value in persona["answers"].items() if key != "arrival"}
    arrival = persona["answers"].get("arrival")
    if isinstance(arrival, dict):
        answers["arrival_date"] = years_ago(arrival["years_ago"], today).isoformat()
    elif arrival:
        answers["arrival_date"] = str(arrival)
    return answers


def expected(persona: dict, program_id: str) -> str:
    return VERDICTS[persona["expect"][program_id]["verdict"]]


def explain(persona: dict, program_id: str, got: str | None) -> str:
    want = persona["expect"][program_id]
    worst = " FALSE 'JA'," if got == e.VERDICT_YES and want["verdict"] != "ja" else ""
    return (f"{persona['id']} ({persona['who']}), {program_id}:{worst} got {got!r}, want {want['verdict']!r} "
            f"({want['basis']})")


@pytest.mark.unit
def test_suite_is_large_and_covers_every_check():
    assert len(PERSONAS) >= 40
    assert {program for _, program in CASES} == set(FACTS["eligibility"]["programs"])
    assert {persona["expect"][program]["verdict"] for persona, program in CASES} == set(VERDICTS)
    assert all(persona["expect"][program]["basis"] for persona, program in CASES)


def converse_in_process(program_id: str, answers: dict[str, Any], today: dt.date) -> str | None:
    """The form's loop without Rasa: ask what the rules still need, answer it or say "weiß ich nicht"."""
    rule = FACTS["eligibility"]["programs"][program_id]
    given: dict[str, Any] = {}
    for _ in range(MAX_TURNS):
        needed = e.next_slots(program_id, rule, given, today)
        if not needed:
            return e.evaluate(program_id, rule, given, today).verdict
        given[needed[0]] = answers.get(needed[0], e.UNKNOWN)
    return None


@pytest.mark.unit
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_persona_through_the_evaluator(case):
    persona, program_id = case
    today = dt.date.today()
    got = converse_in_process(program_id, answers_of(persona, today), today)
    assert got == expected(persona, program_id), explain(persona, program_id, got)


# --- through the REST channel ---------------------------------------------------------

def asked_slot(messages: list[dict]) -> str | None:
    """Which question the bot's reply asks, by its text from the facts."""
    for message in reversed(messages):
        text = message.get("text") or ""
        for slot, question in QUESTIONS.items():
            if text.startswith(question["text"]):
                return slot
    return None


def typed_answer(slot: str, value: Any) -> str:
    """What a person types or taps for an answer: a button when there is one, else words."""
    if value is None:
        return "weiß ich nicht"
    if any(str(button["value"]) == str(value) for button in QUESTIONS[slot].get("buttons", [])):
        return f'/inform{{"answer":"{value}"}}'
    if slot == "arrival_date":
        return "seit dem " + dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    if slot in ("duldung_months", "employment_months"):
        return f"seit {value} Monaten"
    if slot == "lawful_years":
        return f"{str(value).replace('.', ',')} Jahre"
    return str(value)


def verdict_in(messages: list[dict]) -> str | None:
    text = "\n".join(message.get("text") or "" for message in messages)
    found = re.search(r"Ergebnis [^\n:]+: (voraussichtlich ja|voraussichtlich nein|unklar – bitte beraten lassen)\.",
                      text)
    return found.group(1) if found else None


def converse_over_rest(bot, program_id: str, answers: dict[str, Any]) -> tuple[str | None, list[str]]:
    sender = uuid.uuid4().hex
    transcript = []
    messages = bot.say(sender, "/check_eligibility" + json.dumps({"program": program_id}))
    for _ in range(MAX_TURNS):
        transcript += [message.get("text") or "" for message in messages]
        verdict = verdict_in(messages)
        if verdict is not None:
            return verdict, transcript
        slot = asked_slot(messages)
        if slot is None:
            return None, transcript
        answer = typed_answer(slot, answers.get(slot))
        transcript.append(f"> {answer}")
        messages = bot.say(sender, answer)
    return None, transcript


@pytest.fixture(scope="module")
def bot(shared_stack):
    return shared_stack[0]


@pytest.mark.e2e
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_persona_through_rest(bot, case):
    persona, program_id = case
    got, transcript = converse_over_rest(bot, program_id, answers_of(persona, dt.date.today()))
    assert got == expected(persona, program_id), explain(persona, program_id, got) + "\n" + "\n".join(transcript)
