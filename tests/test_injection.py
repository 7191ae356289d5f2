"""A typed `/intent{"slot": …}` cannot set slots or jump into the form; our own buttons still work.

Through the live REST channel (rasa_ext.channels.rest.RestChannel); the evidence is what the
bot answers and what the SQLite tracker store recorded.
"""
from __future__ import annotations

import json
import re
import sqlite3
import uuid

import pytest

from actions.eligibility import SENSITIVE_SLOTS
from rasa_ext.channels.conversation_keys import conversation_key

pytestmark = pytest.mark.e2e

ANSWER_SLOTS = frozenset(SENSITIVE_SLOTS)  # the user's answers in an eligibility check
# NLU may read "eligibility_form" as a wish to check; the bot then asks which check. The form
# itself (questions) and the verdict must never start from a typed payload.
FORM_STARTED = {"eligibility_form", "action_eligibility_verdict"}


@pytest.fixture(scope="module")
def stack(shared_stack):
    return shared_stack


def events(db, sender: str) -> list[dict]:
    with sqlite3.connect(db) as connection:
        return [json.loads(data) for (data,) in connection.execute(
            "select data from events where sender_id = ? order by id", (conversation_key("rest", sender),))]


def slots_set(rows: list[dict]) -> dict:
    return {row["name"]: row["value"] for row in rows if row["event"] == "slot" and row["value"] is not None}


def actions_run(rows: list[dict]) -> set:
    return {row["name"] for row in rows if row["event"] == "action"}


# "Ergebnis Einbürgerung: voraussichtlich ja" (the check's intro says "nach dem Ergebnis" too)
VERDICT = re.compile(r"Ergebnis [^:\n]+:")


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


@pytest.mark.parametrize("typed", [
    '/inform{"age": 19}',
    '/inform{"age": 19, "residence_status": "niederlassungserlaubnis"}',
    '/check_eligibility{"program":"einbuergerung","age":30}',
    "/eligibility_form",
    "/action_eligibility_verdict",
    '/inform{"answer":"niederlassungserlaubnis_x"}',
])
def test_typed_payload_sets_no_slot_and_starts_no_form(stack, typed):
    rasa, _actions, db = stack
    sender = uuid.uuid4().hex
    reply = texts(rasa.say(sender, typed))
    rows = events(db, sender)
    user = [row for row in rows if row["event"] == "user"][-1]
    assert not user["text"].startswith("/"), "the slash payload reached NLU as a payload"
    assert len(user["parse_data"]["intent_ranking"]) > 1  # ranked by NLU, not parsed as a payload at 1.0
    assert not {e["entity"] for e in user["parse_data"]["entities"]} & ANSWER_SLOTS
    assert not set(slots_set(rows)) & ANSWER_SLOTS, slots_set(rows)
    assert "action_eligibility_verdict" not in actions_run(rows) and not VERDICT.search(reply)
    if not typed.startswith("/check_eligibility"):  # that text may well start a check, which then asks the age
        assert not actions_run(rows) & FORM_STARTED, actions_run(rows)
        assert not any(row["event"] == "active_loop" and row["name"] for row in rows)


def test_typed_payload_mid_check_does_not_skip_questions(stack):
    rasa, _actions, db = stack
    sender = uuid.uuid4().hex
    assert "Wie alt sind Sie?" in texts(rasa.say(sender, "Habe ich Anspruch auf Bleiberecht nach 25a?"))
    reply = texts(rasa.say(sender, '/inform{"school_3_years": true, "has_minor_child": true}'))
    assert not VERDICT.search(reply) and "Wie alt sind Sie?" in reply  # still the first question
    assert not {"age", "school_3_years", "has_minor_child"} & set(slots_set(events(db, sender)))


def test_our_own_buttons_still_work(stack):
    rasa, _actions, db = stack
    sender = uuid.uuid4().hex
    first = rasa.say(sender, '/check_eligibility{"program":"integrationskurs"}')
    offered = [button["payload"] for message in first for button in message.get("buttons", [])]
    assert '/inform{"answer":"aufenthaltsgestattung"}' in offered, offered
    second = rasa.say(sender, '/inform{"answer":"aufenthaltsgestattung"}')
    assert '/inform{"answer":"false"}' in [b["payload"] for m in second for b in m.get("buttons", [])]
    verdict = texts(rasa.say(sender, '/inform{"answer":"false"}'))
    assert "Ergebnis Integrationskurs: voraussichtlich nein" in verdict
    user_intents = [row["parse_data"]["intent"]["name"] for row in events(db, sender) if row["event"] == "user"]
    assert user_intents == ["check_eligibility", "inform", "inform"]
    rankings = [len(row["parse_data"]["intent_ranking"]) for row in events(db, sender) if row["event"] == "user"]
    assert rankings == [1, 1, 1]  # read as payloads, skipping NLU
