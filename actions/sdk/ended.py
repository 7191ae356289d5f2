"""A programme that has ended (Chancen-Aufenthaltsrecht, Gemeinsam klappt's, Durchstarten): say so and offer the
checks of the programmes that replaced it."""
from __future__ import annotations

from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import check_answers, texts
from actions.check_answers import eligibility_titles
from actions.ended_programmes import ended_status, status_in_language
from actions.facts import get_facts


def reply_ended_programme(dispatcher: CollectingDispatcher, program_id: str) -> list[dict[str, Any]]:
    """Say that the programme has ended and offer checks of the ones that replaced it."""
    facts = get_facts()
    replaced_by = facts["eligibility"]["ended"][program_id]["replaced_by"]
    titles = [facts["topics"][pid]["short"] for pid in replaced_by]
    checkable = {pid: title for pid, title in eligibility_titles().items() if pid in replaced_by}
    _, buttons = texts.choose_check(checkable)
    status = ended_status(program_id)
    status_text = status_in_language(status) if status else ""
    dispatcher.utter_message(text=texts.ended_program(facts["programs"][program_id], status_text, titles,
                                                      check_answers.today()), buttons=buttons)
    return [SlotSet("check_ready", False)]
