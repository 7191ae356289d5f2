"""Service answers, follow-ups and hand-over: thin glue to facts, topics and texts."""
from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import offices, texts
from actions.facts import get_facts
from actions.messages import latest_intent, latest_text
from actions.places import get_resolver
from actions.topics import match_topic

POPULAR_TOPICS = ("integrationskurs", "migrationsberatung_mbe", "einbuergerung", "anerkennung_berufsabschluesse",
                  "kommunale_integrationszentren", "kim_nrw")
FOLLOWUP_ASPECTS = {"ask_who": "who", "ask_how_apply": "apply", "ask_cost": "cost", "ask_source": "source"}


def today() -> dt.date:
    return dt.date.today()


def recognition_reply(tracker: Tracker) -> str | None:
    """The recognition authority when someone asks about recognising a named profession."""
    text = latest_text(tracker)
    route = offices.recognition_route(text) if offices.asks_about_recognition(text) else None
    if route is None:
        return None
    program = get_facts()["programs"]["anerkennung_zustaendige_stellen_nrw"]
    dates = {source["url"]: source["date"] for source in program["sources"]}
    return texts.recognition_answer(route, program["checked_date"], today(), dates.get(route["source_url"]))


def topic_of_message(tracker: Tracker) -> str | None:
    """A topic button, or a programme named in the text."""
    topics = get_facts()["topics"]
    chosen = next(tracker.get_latest_entity_values("topic"), None)
    if chosen in topics:
        return chosen
    return match_topic(latest_text(tracker), topics)


def region_of_message_or_memory(tracker: Tracker) -> str | None:
    """The KI region of a place named now ("… in Gelsenkirchen"), else of the place given earlier."""
    resolution = get_resolver().resolve(latest_text(tracker))
    ki_id = resolution.candidates[0].ki_id if resolution.status == "found" else tracker.get_slot("ki_id")
    ki = get_facts()["kis"].get(ki_id or "")
    return ki["region"] if ki else None


def apply_at_for(program_id: str, tracker: Tracker) -> str | None:
    """Where to apply, for the person's region when a place is known."""
    office_id = offices.apply_office_id(program_id)
    if office_id is None:
        return None
    return offices.office_label(office_id, region_of_message_or_memory(tracker), at=True)


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
        recognition = recognition_reply(tracker)
        if recognition is not None:
            dispatcher.utter_message(text=recognition, buttons=list(texts.FOLLOWUP_BUTTONS))
            return [SlotSet("topic", "anerkennung_zustaendige_stellen_nrw")]
        if program_id is None:
            ask_for_topic(dispatcher)
            return []
        facts = get_facts()
        text = texts.program_answer(facts["programs"][program_id], facts["topics"][program_id], today(),
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
        recognition = recognition_reply(tracker) if aspect == "apply" else None
        if recognition is not None:
            dispatcher.utter_message(text=recognition, buttons=list(texts.FOLLOWUP_BUTTONS))
            return [SlotSet("topic", "anerkennung_zustaendige_stellen_nrw")]
        facts = get_facts()
        text = texts.followup_answer(facts["programs"][program_id], facts["topics"][program_id], aspect, today(),
                                     apply_at_for(program_id, tracker))
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
                                                programs["jugendmigrationsdienste_jmd"], today()))
        if not ki:
            lines.append("Wenn Sie mir Ihren Wohnort nennen, suche ich Ihr Kommunales Integrationszentrum. "
                         + texts.ask_place())
        dispatcher.utter_message(text="\n\n".join(lines))
        return []
