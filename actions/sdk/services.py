"""Service answers, follow-ups, emergency and hand-over: thin glue to facts, topics and texts."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from typing_extensions import override

from actions import answer_choice as choice
from actions import answer_conditions as conditions
from actions import offices, texts
from actions.answer_retrieval import Retrieval
from actions.check_answers import related_checks
from actions.counselling import counselling_unit
from actions.ended_programmes import ENDED_ASPECTS, ended_status, holds_it
from actions.facts import get_facts, is_id_of
from actions.i18n import t
from actions.other_person import other_person
from actions.part_words import about_named_part
from actions.question_kind import (
    DETAIL_ASPECTS,
    as_typed_question,
    asked_aspects,
    asks_where_to_turn,
    is_content_question,
    is_short_followup,
    wants_a_person,
)
from actions.sdk.ki import FALLBACK_RESPONSES, answer_or_fallback
from actions.sdk.language import in_conversation_language
from actions.sdk.replies import (
    answer_question,
    apply_at_in_both,
    ask_for_topic,
    placed_by_search,
    recognition_unit,
    reply_counselling,
    reply_other_person,
    reply_outside_topic,
    reply_unsure,
    reply_ways_to_stay,
    reply_with_unit,
    retrieve,
    today,
    topic_of_message,
)
from actions.sdk.tracker import asked_again, latest_intent, latest_text
from actions.topics import family
from actions.worry import is_worry_not_danger, sounds_like_danger_or_worry

NOT_SEARCHED = Retrieval((), False)  # a button's follow-up: no message to search for
FOLLOWUP_ASPECTS = {"ask_who": "who", "ask_how_apply": "apply", "ask_cost": "cost", "ask_source": "source"}


class ActionAnswerService(Action):
    """Short answer on a programme, with follow-up buttons, source and date."""

    @override
    def name(self) -> str:
        return "action_answer_service"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        return answer_question(dispatcher, tracker)


def reply_without_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """A follow-up with no programme named or talked about: its answer if the search places it, else which
    programme is meant."""
    ways = reply_ways_to_stay(dispatcher, tracker)
    if ways is not None:
        return ways
    placed = placed_by_search(tracker)
    if placed is not None:
        return answer_question(dispatcher, tracker, placed)  # "як підтвердити диплом?": no programme word
    if asks_where_to_turn(latest_text(tracker)):  # "who can I turn to with my questions?"
        return reply_counselling(dispatcher, tracker)
    outside = reply_outside_topic(dispatcher, tracker)
    if outside is None:
        ask_for_topic(dispatcher)
    return outside or []


class ActionAnswerFollowup(Action):
    """"Wer kann teilnehmen?", "Was kostet es?" … about the topic named now or last."""

    @override
    def name(self) -> str:
        return "action_answer_followup"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        program_id = topic_of_message(tracker) or tracker.get_slot("topic")
        if not is_id_of(program_id, get_facts()["programs"]):
            return reply_without_topic(dispatcher, tracker)
        aspect = FOLLOWUP_ASPECTS.get(latest_intent(tracker), "source")
        if asked_again(tracker):
            dispatcher.utter_message(text=t(texts.ASKED_AGAIN))
        text = latest_text(tracker)
        person = other_person(text)
        if person is not None and is_short_followup(text):
            return reply_other_person(dispatcher, program_id, person)  # "gilt das auch für meine Frau?"
        retrieval = NOT_SEARCHED if text.startswith("/") else retrieve(tracker)  # a button asks the overview
        unit = self.unit_that_answers(tracker, program_id, aspect, retrieval)
        if unit is not None:
            return reply_with_unit(dispatcher, unit)
        if person is not None:
            return reply_other_person(dispatcher, program_id, person)
        ended = ended_status(program_id) if aspect != "source" else None
        if ended is not None:  # "Wie beantrage ich das Chancen-Aufenthaltsrecht?": it has ended, not how to apply
            return reply_with_unit(dispatcher, ended)
        return self.overview_or_unsure(dispatcher, tracker, program_id, aspect, retrieval)

    @classmethod
    def unit_that_answers(cls, tracker: Tracker, program_id: str, aspect: str,
                          retrieval: Retrieval) -> dict[str, Any] | None:
        """The one unit the follow-up asks for, in the order of precedence; None: an overview or choices."""
        text = latest_text(tracker)
        own = counselling_unit(text, program_id, retrieval)
        if own is not None:  # "wer berät mich kostenlos zur Anerkennung?" asks no costs
            return own
        recognition = recognition_unit(tracker, retrieval) if aspect == "apply" else None
        if recognition is not None:
            return recognition
        ended = ended_status(program_id) if aspect in ENDED_ASPECTS else None
        if ended is not None and not holds_it(text):
            return ended  # "Wieviel Zeit habe ich, um … zu beantragen?"
        return (cls.conditions_asked(text, program_id, aspect, retrieval)
                or cls.specific_unit(text, program_id, aspect, retrieval)
                or cls.detail_asked(text, program_id, aspect, retrieval))

    @classmethod
    def overview_or_unsure(cls, dispatcher: CollectingDispatcher, tracker: Tracker, program_id: str, aspect: str,
                           retrieval: Retrieval) -> list[dict[str, Any]]:
        """The aspect's overview, unless the words ask something it does not hold: then a guess or choices."""
        text = latest_text(tracker)
        if not choice.overview_fits(text, aspect):
            return reply_unsure(dispatcher, tracker, retrieval)  # "Welche Unterlagen …?" read as "apply"
        if not choice.aspect_confirmed(text, aspect, retrieval):
            return reply_unsure(dispatcher, tracker, retrieval)  # "що змінилося …?" read as "apply"
        guess = (choice.part_instead_of_overview(text, program_id, aspect, retrieval)
                 or cls.detail_guess(text, program_id, aspect, retrieval))
        if guess is not None:  # "ich bekomme wohngeld, wird die einbürgerung dann schwerer": that condition
            return reply_unsure(dispatcher, tracker, retrieval, guess)
        listed = cls.conditions_for_who(text, program_id, aspect)
        if listed is not None:
            return reply_with_unit(dispatcher, listed)
        dispatcher.utter_message(text=cls.overview(program_id, aspect, text, retrieval, tracker),  # Duldung: checks
                                 buttons=texts.check_buttons(related_checks(program_id)) or texts.followup_buttons())
        return [SlotSet("topic", program_id)]

    @staticmethod
    def overview(program_id: str, aspect: str, text: str, retrieval: Retrieval, tracker: Tracker) -> str:
        """The programme's units of the aspect, closest to the typed question first (the sources for "Quelle");
        the office of the person's region first when they ask how to apply."""
        facts = get_facts()
        if aspect == "source":
            return texts.sources_answer(facts["programs"][program_id], facts["topics"][program_id])
        units = choice.closest_first([answer for answer in facts["answers"]
                                      if answer["program"] == program_id and answer["aspect"] == aspect],
                                     retrieval, text, program_id)
        apply_at, german_apply_at = apply_at_in_both(program_id, tracker)  # the screen is counted in German
        sure = retrieval.best if retrieval.confident and not text.startswith("/") else None
        asked = sure.unit["id"] if sure is not None else None
        return texts.aspect_answer(facts["topics"][program_id], aspect, units, today(), apply_at,
                                   german_apply_at=german_apply_at, asked=asked)

    @staticmethod
    def conditions_asked(text: str, program_id: str, aspect: str, retrieval: Retrieval) -> dict[str, Any] | None:
        """"Wer kann einen Integrationskurs machen?": the list of conditions, before a unit that retrieval is
        sure of only because it shares the words (the Zulassungsstopp's "Betroffen sind …")."""
        listed = conditions.conditions_if_asked(text, program_id, retrieval) if aspect == "who" else None
        return choice.unless_about_a_part(text, program_id, listed)

    @staticmethod
    def detail_asked(text: str, program_id: str, aspect: str, retrieval: Retrieval) -> dict[str, Any] | None:
        """"Was brauche ich für den Antrag auf Ausbildungsduldung?", "Wieviel Zeit habe ich, um … zu beantragen?"
        read as "how to apply": the programme's unit on the detail the cue words ask (papers, deadline …), when
        retrieval finds it among the closest and no unit on where to apply first."""
        best = retrieval.best
        if aspect != "apply" or text.startswith("/") or best is None or best.unit["aspect"] == "apply":
            return None
        details = set(asked_aspects(text)) & DETAIL_ASPECTS
        found = [match.unit for match in retrieval.matches
                 if match.unit["program"] == program_id and match.unit["aspect"] in details]
        return dict(found[0]) if found else None

    @staticmethod
    def detail_guess(text: str, program_id: str, aspect: str, retrieval: Retrieval) -> dict[str, Any] | None:
        """A longer question on one condition or detail, read as "who may" or "how to apply": retrieval's closest
        unit of the programme as a guess, not the overview of that aspect (actions/answer_conditions.py)."""
        if aspect == "who":
            return conditions.condition_guess(text, program_id, retrieval)
        return conditions.apply_detail_guess(text, program_id, retrieval) if aspect == "apply" else None

    @staticmethod
    def conditions_for_who(text: str, program_id: str, aspect: str) -> dict[str, Any] | None:
        """"Wer kann teilnehmen?" about a checkable programme: its whole list of conditions (the overview of
        the "who" units shows only the first two, which leaves out B1 or the Grundgesetz); not for who may take a
        part of it ("wer darf den einbürgerungstest machen": the who-units on the test come first)."""
        listed = conditions.conditions_unit(program_id) if aspect == "who" else None
        return choice.unless_about_a_part(text, program_id, listed)

    @staticmethod
    def specific_unit(text: str, program_id: str, aspect: str, retrieval: Retrieval) -> dict[str, Any] | None:
        """A typed follow-up ("und was kostet das für Kinder?") gets the unit that answers it; a button
        ("/ask_cost") and "wo beantrage ich das?" keep the aspect's overview with the office of the region."""
        if text.startswith("/") or aspect == "source":
            return None
        best = retrieval.best
        if best is None or not retrieval.confident:
            return None
        if best.unit["program"] not in family(program_id, get_facts()["topics"]):
            return None  # a related programme's unit answers too ("Welche Unterlagen für die Anerkennung?")
        if (aspect == "apply" and best.unit["aspect"] == "apply" and offices.apply_office_id(program_id)
                and not about_named_part(text, program_id, best.unit)):
            return None  # "wo beantrage ich das?": the office of the region (not for "… zum Einbürgerungstest")
        if aspect == "cost" and best.unit["aspect"] != "cost" and "cost" in asked_aspects(text):
            return None  # "Muss ich den Kurs selbst zahlen?": the cost, not the obligation retrieval is sure of
        return dict(best.unit)


def gave_fallback(dispatcher: CollectingDispatcher) -> bool:
    """Whether the reply so far is the polite "not understood" (no answer from the facts)."""
    return any(message.get("response") in FALLBACK_RESPONSES for message in dispatcher.messages)


class ActionEmergency(Action):
    """110/112 for acute danger; counselling for fear of deportation (the hand-over follows in both)."""

    @override
    def name(self) -> str:
        return "action_emergency"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        if not sounds_like_danger_or_worry(text):
            # The NLU's "emergency" on a plain question ("hilfe bei behörden briefe"): its answer, and the counselling
            # that follows (rules.yml); 110/112 only when nothing answered it ("Hilfe!"), in case it is acute.
            events = answer_or_fallback(dispatcher, tracker)
            if gave_fallback(dispatcher):
                dispatcher.utter_message(text=t(texts.EMERGENCY))
            return events
        dispatcher.utter_message(text=texts.fear_of_deportation() if is_worry_not_danger(text) else t(texts.EMERGENCY))
        return []


class ActionHelp(Action):
    """"Was kannst du?": what the bot can do. "Wie funktioniert das Anerkennungsverfahren?", which NLU may read
    as a wish for help too ("Wie funktioniert das hier?"), names a programme and gets its answer."""

    @override
    def name(self) -> str:
        return "action_help"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if topic_of_message(tracker) is not None and not latest_text(tracker).startswith("/"):
            return answer_question(dispatcher, tracker)
        if asks_where_to_turn(latest_text(tracker)):  # "wer kann mir da helfen?": who counsels, not what I can do
            return reply_counselling(dispatcher, tracker)
        dispatcher.utter_message(response="utter_help")
        return []


# Advice that the list of MBE, JMD and KI leaves out: a wish for counselling that names it gets that service.
ADVISING_PROGRAMMES = {"integrationsagenturen_nrw"}


class ActionHumanHandover(Action):
    """Personal counselling: the responsible KI if the place is known, and MBE/JMD. A question about what one of
    our programmes offers ("mit welchen Anliegen kann ich zur Migrationsberatung kommen?") gets its answer."""

    @override
    def name(self) -> str:
        return "action_human_handover"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        text, named = latest_text(tracker), topic_of_message(tracker)
        if named in ADVISING_PROGRAMMES:  # "ich wurde rassistisch beleidigt, wo gibt es beratung": that service
            return answer_question(dispatcher, tracker)
        if named is not None:
            retrieval = retrieve(tracker, for_guesses=False)
            own = counselling_unit(text, named, retrieval)
            if own is not None:  # "an wen wende ich mich zur Beratung bei der Anerkennung?": that counselling
                return reply_with_unit(dispatcher, own)
            # a content question gets its answer; else the services: a guess would not help someone who wants advice
            if is_content_question(as_typed_question(text)) and not wants_a_person(text) and retrieval.confident:
                return answer_question(dispatcher, tracker, retrieval)
        return reply_counselling(dispatcher, tracker)
