"""Every Gemeinde and every single-Kreis PLZ gets its KI: the trained NLU and the KI finder, in process.

Issue #19: the exhaustive sweeps used to go over REST to a live Rasa and action server (1265
requests). Here the served model's NLU parses the same messages in process, and ActionFindKi runs
on that parse, as the action server would. Each sweep is one test whose message lists every failing
place. tests/test_rest_e2e.py keeps a sample of 20 of each over REST.
"""
from __future__ import annotations

import asyncio

import pytest
from rasa.core.agent import Agent

from actions.sdk.ki import ActionFindKi
from tests.support.ki_places import expected_reply, gemeinde_question, gemeinden, plz_message, single_kreis_plz
from tests.support.sdk import make_tracker, run, texts_of
from tests.support.servers import MODEL

pytestmark = [pytest.mark.model, pytest.mark.data]

PLACE_INTENTS = ("find_ki", "inform_place")


@pytest.fixture(scope="module")
def agent() -> Agent:
    return Agent.load(str(MODEL))


def failure_of(agent: Agent, text: str, entity: str, value: str, ki_id: str) -> str | None:
    """Why `text` does not get KI `ki_id`, or None: NLU must give the intent and the place entity,
    and the KI finder, run on that parse, must name the KI."""
    parsed = asyncio.run(agent.parse_message(text))
    intent = parsed["intent"]["name"]
    found = [(e["entity"], e["value"]) for e in parsed["entities"]]
    if intent not in PLACE_INTENTS or (entity, value) not in found:
        return f"NLU: intent {intent}, entities {found}"
    messages, _ = run(ActionFindKi(), make_tracker(text, intent, parsed["entities"]))
    answer = texts_of(messages)
    return None if expected_reply(ki_id) in answer else f"reply {answer[:200]!r}"


def test_every_gemeinde_gets_its_ki(agent):
    """All 396 Gemeinden by name; the message lists every one that fails."""
    failures = []
    for gemeinde in gemeinden():
        why = failure_of(agent, gemeinde_question(gemeinde.name), "place", gemeinde.name, gemeinde.ki_id)
        if why:
            failures.append(f"{gemeinde.ags} {gemeinde.name} (KI {gemeinde.ki_id}): {why}")
    assert len(gemeinden()) > 390
    assert not failures, f"{len(failures)} Gemeinden without their KI:\n" + "\n".join(failures)


def test_every_single_kreis_plz_gets_its_ki(agent):
    """All 869 PLZ within one Kreis; the message lists every one that fails."""
    failures = []
    for plz, ki_id in single_kreis_plz():
        why = failure_of(agent, plz_message(plz), "plz", plz, ki_id)
        if why:
            failures.append(f"{plz} (KI {ki_id}): {why}")
    assert len(single_kreis_plz()) > 860
    assert not failures, f"{len(failures)} PLZ without their KI:\n" + "\n".join(failures)
