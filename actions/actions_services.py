"""Service answers, follow-ups and hand-over: thin glue to facts, topics and texts."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.facts import get_facts
from actions.messages import latest_intent, latest_text
from actions.topics import match_topic

POPULAR_TOPICS = ("integrationskurs", "migrationsberatung_mbe", "einbuergerung", "anerkennung_berufsabschluesse",
                  "kommunale_integrationszentren", "kim_nrw")
FOLLOWUP_ASPECTS = {"ask_who": "who", "ask_how_apply": "apply", "ask_cost": "cost", "ask_source": "source"}


def topic_of_message(tracker: Tracker) -> str | None:
    """A topic button, or a programme named in the text."""
    topics = get_facts()["topics"]
    chosen = next(tracker.get_latest_entity_values("topic"), None)
    if chosen in topics:
        return chosen
    return match_topic(latest_text(tracker), topics)


def replacement_titles(program_id: str) -> list[str]:
    facts = get_facts()
    ended = facts["eligibility"]["ended"].get(program_id)
    return [facts["topics"][pid]["short"] for pid in ended["replaced_by"]] if ended else []


def ask_for_topic(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(text=texts.unknown_topic(),
                             buttons=texts.topic_buttons(get_facts()["topics"], POPULAR_TOPICS))


class ActionAnswerService(Action):
    """Short answer on a programme, with follow-up buttons, source and date."""

    def name(self) -> str:
        return "action_answer_service"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        program_id = topic_of_message(tracker)
        if program_id is None:
            ask_for_topic(dispatcher)
            return []
        facts = get_facts()
        text = texts.program_answer(facts["programs"][program_id], facts["topics"][program_id],
                                    replacement_titles(program_id))
        dispatcher.utter_message(text=text, buttons=list(texts.FOLLOWUP_BUTTONS))
        return [SlotSet("topic", program_id)]


class ActionAnswerFollowup(Action):
    """"Wer kann teilnehmen?", "Was kostet es?" … about the topic named now or last."""

    def name(self) -> str:
        return "action_answer_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        program_id = topic_of_message(tracker) or tracker.get_slot("topic")
        if program_id not in get_facts()["programs"]:
            ask_for_topic(dispatcher)
            return []
        aspect = FOLLOWUP_ASPECTS.get(latest_intent(tracker), "source")
        facts = get_facts()
        text = texts.followup_answer(facts["programs"][program_id], facts["topics"][program_id], aspect)
        dispatcher.utter_message(text=text, buttons=list(texts.FOLLOWUP_BUTTONS))
        return [SlotSet("topic", program_id)]


class ActionHumanHandover(Action):
    """Personal counselling: the responsible KI if the place is known, and MBE/JMD."""

    def name(self) -> str:
        return "action_human_handover"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        facts = get_facts()
        programs = facts["programs"]
        lines = [texts.handover_intro()]
        ki = facts["kis"].get(tracker.get_slot("ki_id") or "")
        if ki:
            lines.append(f"Ihr Kommunales Integrationszentrum {ki['region']}:\n{texts.ki_contact(ki)}")
        lines.append(texts.counselling_services(programs["migrationsberatung_mbe"],
                                                programs["jugendmigrationsdienste_jmd"]))
        if not ki:
            lines.append("Wenn Sie mir Ihren Wohnort nennen, suche ich Ihr Kommunales Integrationszentrum. "
                         + texts.ask_place())
        dispatcher.utter_message(text="\n\n".join(lines))
        return []
