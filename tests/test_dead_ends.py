"""No dead ends (issue #15): every question of every check, met with every kind of off-path message.

For each programme the check is walked along one path to each of its questions; there the
person sends, three times in a row, a bare number, a status word, a new question, nonsense,
"abbrechen" or an empty message. The bot must never send the same reply three times in a row,
never announce a check that does not then ask its question, and always show a way out."""
from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from actions import eligibility as e
from actions.facts import get_facts
from tests.test_personas import QUESTIONS, asked_slot, typed_answer, years_ago

pytestmark = pytest.mark.data

FACTS = get_facts()
TODAY = dt.date.today()
# One path per check on which every question is asked (all criteria met).
PATHS = {
    "einbuergerung": {"arrival_date": years_ago(4, TODAY).isoformat(), "married_to_german": "true",
                      "residence_status": "aufenthaltserlaubnis", "permit_kind": "arbeit", "lawful_years": "all",
                      "german_level": "B1", "livelihood_secured": "true"},
    "ausbildungsduldung_60c": {"residence_status": "duldung", "duldung_months": 5, "has_training_contract": "true"},
    "beschaeftigungsduldung_60d": {"residence_status": "duldung", "duldung_months": 14, "arrival_date": "2019-05-01",
                                   "identity_60d": "bis_2024", "employment_months": 14, "german_level": "A2"},
    "bleiberecht_25a": {"age": 19, "residence_status": "duldung", "duldung_months": 14,
                        "arrival_date": years_ago(4, TODAY).isoformat(), "school_3_years": "true"},
    "bleiberecht_25b": {"residence_status": "duldung", "arrival_date": years_ago(5, TODAY).isoformat(),
                        "has_minor_child": "true", "german_level": "A2", "livelihood_mostly_by_work": "true"},
    "integrationskurs": {"residence_status": "aufenthaltserlaubnis", "permit_kind": "familie",
                         "permit_first_year": "true", "attended_integration_course": "false"},
}
OFF_PATH = {"number": "19", "status word": "Duldung", "new question": "Was kostet ein Integrationskurs?",
            "nonsense": "asdf qwertz blub", "cancel": "abbrechen", "empty": ""}
WAYS_OUT = ("abbrechen", "weiß ich nicht", "Weiß ich nicht", "abgebrochen", "Ergebnis")


def questions_on_path(program_id: str) -> list[tuple[str, dict]]:
    """(question slot, answers given before it) for every question the path asks."""
    rule, path = FACTS["eligibility"]["programs"][program_id], PATHS[program_id]
    states, given = [], {}
    while True:
        needed = e.next_slots(program_id, rule, given, TODAY)
        if not needed:
            return states
        states.append((needed[0], dict(given)))
        given[needed[0]] = path[needed[0]]


STATES = [(program_id, slot, given) for program_id in PATHS for slot, given in questions_on_path(program_id)]


@pytest.mark.unit
def test_paths_reach_every_question_of_every_check():
    asked = {slot for _, slot, _ in STATES}
    assert asked == set(QUESTIONS) - {"obliged_by_authority"}  # asked only when there is no right to the course
    assert {program for program, _, _ in STATES} == set(FACTS["eligibility"]["programs"])


@pytest.fixture(scope="module")
def bot(shared_stack):
    return shared_stack[0]


def reach(bot, program_id: str, given: dict) -> str:
    sender = uuid.uuid4().hex
    messages = bot.say(sender, "/check_eligibility" + json.dumps({"program": program_id}))
    for _ in range(len(given)):
        slot = asked_slot(messages)
        messages = bot.say(sender, typed_answer(slot, given[slot]))
    return sender


def rendered(messages: list[dict]) -> str:
    return "\n".join((m.get("text") or "") + "".join(f" [{b['title']}]" for b in m.get("buttons", []))
                     for m in messages)


@pytest.mark.e2e
@pytest.mark.parametrize("kind", OFF_PATH)
@pytest.mark.parametrize("program_id, slot, given", STATES, ids=[f"{p}-{s}" for p, s, _ in STATES])
def test_no_dead_end(bot, program_id, slot, given, kind):
    sender = reach(bot, program_id, given)
    replies, open_question = [], slot
    for _ in range(3):
        messages = bot.say(sender, OFF_PATH[kind])
        reply = rendered(messages)
        replies.append(reply)
        asked = asked_slot(messages)
        if "wir prüfen gemeinsam" in reply:
            assert asked is not None, f"announced a check without asking:\n{reply}"
        moved_on = asked is not None and asked != open_question  # taken as the answer: the next question
        assert moved_on or any(m.get("buttons") for m in messages) or any(way in reply for way in WAYS_OUT), \
            f"no way out after {OFF_PATH[kind]!r} at {open_question}:\n{reply}"
        open_question = asked
    assert not replies[0] == replies[1] == replies[2], f"same reply three times at {slot}:\n{replies[0]}"
