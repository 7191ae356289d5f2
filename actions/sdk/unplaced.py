"""A service question that names no programme and that the search neither is sure of nor places (issue #15)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import answer_choice as choice
from actions.answer_retrieval import Retrieval
from actions.sdk.replies import ask_for_topic, reply_unsure
from actions.sdk.tracker import latest_text


def reply_unplaced(dispatcher: CollectingDispatcher, tracker: Tracker, retrieval: Retrieval) -> list[dict[str, Any]]:
    """Its closest unit as a marked guess when the search comes near a longer question ("welche unterlagen muss ich als
    lehrkraft einreichen"); else the question which programme is meant ("Was kostet das?")."""
    near = choice.placed_if_near(latest_text(tracker), retrieval)
    if near is None:
        ask_for_topic(dispatcher)
        return []
    return reply_unsure(dispatcher, tracker, near)
