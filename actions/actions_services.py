"""Service answers, follow-ups and hand-over: thin glue to facts, topics and texts."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import answer_choice as choice
from actions import offices, texts
from actions.answer_retrieval import Retrieval, asked_aspects, get_index
from actions.facts import get_facts
from actions.messages import latest_intent, latest_text
from actions.places import get_resolver
from actions.topics import match_topic

# Train the answer classifier (about 2 s) when the action server loads this module, not on the first question.
get_index()

POPULAR_TOPICS = ("integrationskurs", "migrationsberatung_mbe", "einbuergerung", "anerkennung_berufsabschluesse",
                  "kommunale_integrationszentren", "kim_nrw")
# The message field that names the answered unit; rasa_ext/channels/feedback.py reads it (VOTE_KEY there).
VOTE_KEY = "vote_unit"
FOLLOWUP_ASPECTS = {"ask_who": "who", "ask_how_apply": "apply", "ask_cost": "cost", "ask_source": "source"}


def today() -> dt.date:
    return dt.date.today()


# Questions about these are answered from the units, not with the authority that decides.
NOT_WHO_DECIDES = {"cost", "documents", "duration", "deadline"}


def recognition_reply(tracker: Tracker) -> str | None:
    """The recognition authority when someone asks about recognising a named profession."""
    text = latest_text(tracker)
    if set(asked_aspects(text)) & NOT_WHO_DECIDES:
        return None  # "Was kostet die Anerkennung bei der IHK FOSA?" asks the cost, not who decides
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


def retrieve(tracker: Tracker) -> Retrieval:
    return get_index().search(latest_text(tracker), context_topic=tracker.get_slot("topic"))


def reply_with_unit(dispatcher: CollectingDispatcher, unit: dict[str, Any],
                    buttons: bool = True) -> list[dict[str, Any]]:
    """The unit's answer with source and date; without buttons inside a running check, whose open
    question follows. An answer with buttons carries its unit id (`vote_unit`): the web chat and
    Telegram offer "Hilfreich? 👍 / 👎" under it (rasa_ext/channels/feedback.py); other channels ignore it."""
    checkable = unit["program"] in get_facts()["eligibility"]["programs"]
    unit, extra = choice.with_notes(unit)
    vote = {VOTE_KEY: unit["id"]} if buttons else {}
    dispatcher.utter_message(text=texts.unit_answer(unit, today(), extra),
                             buttons=texts.unit_buttons(unit, checkable) if buttons else [], **vote)
    return [SlotSet("topic", unit["program"])]


def reply_unsure(dispatcher: CollectingDispatcher, tracker: Tracker, retrieval: Retrieval) -> list[dict[str, Any]]:
    """Say what is unclear and offer the closest units, never a confident guess. The closest unit of a
    programme the person named is shown, introduced as a guess."""
    guess = choice.tentative_unit(topic_of_message(tracker), retrieval)
    choices = choice.unsure_choices(retrieval, shown=guess)
    if guess is not None:
        guess, extra = choice.with_notes(guess)
        dispatcher.utter_message(text=texts.tentative_answer(guess, today(), extra),
                                 buttons=texts.unit_choice_buttons(choices))
        return [SlotSet("topic", guess["program"])]
    if not choices:
        ask_for_topic(dispatcher)
        return []
    topic = get_facts()["topics"].get(tracker.get_slot("topic") or "")
    dispatcher.utter_message(text=texts.unsure_answer(topic["short"] if topic else None),
                             buttons=texts.unit_choice_buttons(choices))
    return []


def reply_outside_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """"meine Papiere laufen ab", "Jobcenter-Geld": no facts here, said plainly, with the office in charge
    and free counselling. None when the message names one of our programmes or matches no such matter."""
    text = latest_text(tracker)
    topic = offices.outside_topic(text)
    if topic is None or text.startswith("/") or topic_of_message(tracker) is not None:
        return None
    office = offices.office_label(topic["office"], region_of_message_or_memory(tracker))
    dispatcher.utter_message(text=texts.outside_topic_answer(topic["about"], office),
                             buttons=list(texts.OUTSIDE_TOPIC_BUTTONS))
    return []


def ask_for_topic(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(text=texts.unknown_topic(),
                             buttons=texts.topic_buttons(get_facts()["topics"], POPULAR_TOPICS))


def asked_again(tracker: Tracker) -> bool:
    """The same message as the one before: the last answer did not help."""
    texts_sent = [" ".join((e.get("text") or "").lower().split()) for e in tracker.events if e.get("event") == "user"]
    return len(texts_sent) >= 2 and texts_sent[-1] == texts_sent[-2] and bool(texts_sent[-1])


def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """A question about a service: the recognition authority, a unit that answers it, or choices."""
    if asked_again(tracker):
        dispatcher.utter_message(text=texts.ASKED_AGAIN)
    recognition = recognition_reply(tracker)
    if recognition is not None:
        dispatcher.utter_message(text=recognition, buttons=list(texts.FOLLOWUP_BUTTONS))
        return [SlotSet("topic", "anerkennung_zustaendige_stellen_nrw")]
    named = topic_of_message(tracker)
    program_id = named or tracker.get_slot("topic")
    person = other_person(latest_text(tracker))
    if person is not None and is_short_followup(latest_text(tracker)) and program_id in get_facts()["programs"]:
        return reply_other_person(dispatcher, program_id, person)  # "und für meine Frau?"
    retrieval = retrieve(tracker)
    unit = choice.choose_unit(latest_text(tracker), named, retrieval)
    if unit is not None and is_anchored(unit, named, tracker):
        return reply_with_unit(dispatcher, unit)
    outside = reply_outside_topic(dispatcher, tracker)  # "Jobcenter-Geld" before a unit that only shares a word
    if outside is not None:
        return outside
    if unit is not None:
        return reply_with_unit(dispatcher, unit)
    if person is not None and program_id in get_facts()["programs"]:
        return reply_other_person(dispatcher, program_id, person)
    return reply_unsure(dispatcher, tracker, retrieval)


def is_anchored(unit: dict[str, Any], named: str | None, tracker: Tracker) -> bool:
    """A unit of the programme named in the message or talked about before."""
    return unit["program"] in (named, tracker.get_slot("topic"))


FOLLOWUP_MAX_WORDS = 10


def is_short_followup(text: str) -> bool:
    """"gilt das auch für meine Frau?" refers to the last answer; a longer message asks something new."""
    return len(re.findall(r"\w+", text)) <= FOLLOWUP_MAX_WORDS


class ActionAnswerService(Action):
    """Short answer on a programme, with follow-up buttons, source and date."""

    def name(self) -> str:
        return "action_answer_service"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        return answer_question(dispatcher, tracker)


class ActionAnswerFollowup(Action):
    """"Wer kann teilnehmen?", "Was kostet es?" … about the topic named now or last."""

    def name(self) -> str:
        return "action_answer_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        program_id = topic_of_message(tracker) or tracker.get_slot("topic")
        if program_id not in get_facts()["programs"]:
            outside = reply_outside_topic(dispatcher, tracker)
            if outside is None:
                ask_for_topic(dispatcher)
            return outside or []
        aspect = FOLLOWUP_ASPECTS.get(latest_intent(tracker), "source")
        if asked_again(tracker):
            dispatcher.utter_message(text=texts.ASKED_AGAIN)
        person = other_person(latest_text(tracker))
        if person is not None and is_short_followup(latest_text(tracker)):
            return reply_other_person(dispatcher, program_id, person)  # "gilt das auch für meine Frau?"
        recognition = recognition_reply(tracker) if aspect == "apply" else None
        if recognition is not None:
            dispatcher.utter_message(text=recognition, buttons=list(texts.FOLLOWUP_BUTTONS))
            return [SlotSet("topic", "anerkennung_zustaendige_stellen_nrw")]
        unit = self.specific_unit(tracker, program_id, aspect)
        if unit is not None:
            return reply_with_unit(dispatcher, unit)
        person = other_person(latest_text(tracker))
        if person is not None:
            return reply_other_person(dispatcher, program_id, person)
        if not choice.overview_fits(latest_text(tracker), aspect):
            return reply_unsure(dispatcher, tracker, retrieve(tracker))  # "Welche Unterlagen …?" read as "apply"
        facts = get_facts()
        if aspect == "source":
            text = texts.sources_answer(facts["programs"][program_id], facts["topics"][program_id])
        else:
            units = [u for u in facts["answers"] if u["program"] == program_id and u["aspect"] == aspect]
            text = texts.aspect_answer(facts["topics"][program_id], aspect, units, today(),
                                       apply_at_for(program_id, tracker))
        dispatcher.utter_message(text=text, buttons=list(texts.FOLLOWUP_BUTTONS))
        return [SlotSet("topic", program_id)]


    @staticmethod
    def specific_unit(tracker: Tracker, program_id: str, aspect: str) -> dict[str, Any] | None:
        """A typed follow-up ("und was kostet das für Kinder?") gets the unit that answers it; a button
        ("/ask_cost") and "wo beantrage ich das?" keep the aspect's overview with the office of the region."""
        if latest_text(tracker).startswith("/") or aspect == "source":
            return None
        retrieval = retrieve(tracker)
        best = retrieval.best
        if best is None or not retrieval.confident or best.unit["program"] != program_id:
            return None
        if aspect == "apply" and best.unit["aspect"] == "apply" and offices.apply_office_id(program_id):
            return None
        return dict(best.unit)


# "gilt das auch für meine Frau?", "und bei meinem Sohn?": the same question about someone else.
OTHER_PERSON = re.compile(r"\b(?:f(?:ü|ue)r|bei|mit)\s+(?:mein|unser)e?[nmr]?\s+(\w+)", re.IGNORECASE)
# The person as the bot names them after "für" (accusative): "Ihren Sohn", "Ihr Kind", "Ihre Eltern".
FOR_YOUR = {"frau": "Ihre Frau", "ehefrau": "Ihre Frau", "mann": "Ihren Mann", "ehemann": "Ihren Mann",
            "ehepartner": "Ihren Ehepartner", "ehepartnerin": "Ihre Ehepartnerin", "partner": "Ihren Partner",
            "partnerin": "Ihre Partnerin", "kind": "Ihr Kind", "kinder": "Ihre Kinder", "kindern": "Ihre Kinder",
            "sohn": "Ihren Sohn", "tochter": "Ihre Tochter", "eltern": "Ihre Eltern", "mutter": "Ihre Mutter",
            "vater": "Ihren Vater", "bruder": "Ihren Bruder", "schwester": "Ihre Schwester",
            "familie": "Ihre Familie"}


def other_person(text: str) -> str | None:
    """ "für meine Frau" → "Ihre Frau" (the bot says "Sie" to the person it talks to)."""
    match = OTHER_PERSON.search(text)
    return FOR_YOUR.get(match.group(1).lower()) if match else None


def reply_other_person(dispatcher: CollectingDispatcher, program_id: str, person: str) -> list[dict[str, Any]]:
    facts = get_facts()
    checkable = program_id in facts["eligibility"]["programs"]
    dispatcher.utter_message(text=texts.other_person_answer(person, facts["topics"][program_id]["short"], checkable),
                             buttons=texts.other_person_buttons(program_id, checkable))
    return [SlotSet("topic", program_id)]


# Acute danger words: then 110/112 come first. Otherwise worry about deportation or letters is a
# case for counselling, not for the police.
ACUTE_DANGER = re.compile(r"bedroh|gewalt|schl[äa]g|verletz|angegriffen|angriff|verfolg|brennt|feuer|notarzt|"
                          r"krankenwagen|umbringen|nicht mehr leben|suizid|zwangs|gefahr|polizei|notfall|"
                          r"um mein leben", re.IGNORECASE)
DEPORTATION_WORRY = re.compile(r"abschieb|ausreise|ausgewiesen|ausweisung|abgelehnt|duldung", re.IGNORECASE)


def is_worry_not_danger(text: str) -> bool:
    return bool(DEPORTATION_WORRY.search(text)) and not ACUTE_DANGER.search(text)


class ActionEmergency(Action):
    """110/112 for acute danger; counselling for fear of deportation (the hand-over follows in both)."""

    def name(self) -> str:
        return "action_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        dispatcher.utter_message(text=texts.fear_of_deportation() if is_worry_not_danger(text) else texts.EMERGENCY)
        return []


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
