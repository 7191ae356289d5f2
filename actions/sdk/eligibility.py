"""Eligibility pre-check actions: start, verdict, cancel, "weiter" without a check (inside one: during_check.py).

The rules and the question texts live in the facts; actions/eligibility.py decides.
Rasa's form asks the questions itself (utter_ask_* responses that scripts/build_domain_responses.py writes
from the facts into domain.yml); actions/sdk/eligibility_form.py reads the answers.
Answers (age, residence status, years …) are sensitive: they are kept in slots only
until the verdict or a cancel, never logged, and then reset (the tracker store
redacts the stored turns, see rasa_ext/stores/redaction.py).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from typing_extensions import override

from actions import check_answers, eligibility, texts
from actions.answer_choice import LOOSE_MATCH
from actions.answer_conditions import (
    condition_guess,
    conditions_before_check,
    conditions_if_asked,
    is_detailed,
    lives_abroad,
    outside_the_check,
    uncued_rule_unit,
)
from actions.answer_retrieval_translated import search_in
from actions.check_answers import QUESTION_LABELS, answers_in_text, eligibility_titles, program_rule
from actions.ended_programmes import ended_detail, holds_it
from actions.facts import get_facts
from actions.i18n import current_language
from actions.question_kind import (
    CUED_LANGUAGES,
    as_typed_question,
    asks_for_the_check_only,
    has_content,
    is_content_question,
    is_own_case,
    is_question,
    is_rule_question,
    is_stop_or_go_on,
    wishes_a_check,
)
from actions.sdk.during_check import names_a_matter
from actions.sdk.ended import reply_ended_programme
from actions.sdk.language import in_conversation_language
from actions.sdk.replies import (
    answer_question,
    placed_by_search,
    reply_guess,
    reply_outside_topic,
    reply_unsure,
    reply_ways_to_stay,
    reply_with_unit,
)
from actions.sdk.tracker import current_answers, latest_text, reset_answers
from actions.topics import match_topic


class ActionStartEligibility(Action):
    """Pick the programme to check; explain ended programmes; pre-fill answers from the request."""

    @override
    def name(self) -> str:
        return "action_start_eligibility"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        facts = get_facts()
        program_id = self.requested_program(tracker, facts)
        if program_id is not None and program_id in facts["eligibility"]["ended"]:
            detail = self.answer_ended_detail(dispatcher, tracker, program_id)
            return detail if detail is not None else reply_ended_programme(dispatcher, program_id)
        outside = reply_outside_topic(dispatcher, tracker)
        if outside is not None:  # "meine Aufenthaltserlaubnis läuft ab" after an answer is no answer to a check
            return [*outside, SlotSet("check_ready", False)]
        rule_unit = self.rule_answer(tracker, program_id)
        if rule_unit is not None:  # a question about the rule is answered, with the check as a button
            return [*reply_with_unit(dispatcher, rule_unit), SlotSet("check_ready", False)]
        if self.asks_not_for_a_check(tracker, program_id):
            # "Welche Rechte habe ich als Deutscher?", "Einbürgerungstest: wie bekomme ich einen Termin?",
            # "Kann ich mit meiner Ausbildung aus dem Ausland arbeiten?": answered (or choices), no form
            return [*answer_question(dispatcher, tracker), SlotSet("check_ready", False)]
        if program_id is None:
            ways = reply_ways_to_stay(dispatcher, tracker)  # "do I have any chance to stay with a duldung?"
            if ways is not None:
                return [*ways, SlotSet("check_ready", False)]
            typed = latest_text(tracker)
            placed = placed_by_search(tracker) if is_detailed(typed) and not asks_for_the_check_only(typed) else None
            if placed is not None:  # a longer own case ("2 jahre ehe, 3 jahre in deutschland, …?"): its answer first
                return [*answer_question(dispatcher, tracker, placed), SlotSet("check_ready", False)]
            text, buttons = texts.choose_check(eligibility_titles())
            dispatcher.utter_message(text=text, buttons=buttons)
            return [SlotSet("check_ready", False)]
        prefilled = answers_in_text(latest_text(tracker))
        title = facts["eligibility"]["programs"][program_id]["title"]
        outside = self.answer_conditions_first(dispatcher, tracker, program_id)
        if outside is not None:  # "kann ich mich aus dem ausland einbürgern lassen": § 14; the check asks § 10
            return [*outside, SlotSet("check_ready", False)]
        dispatcher.utter_message(text=texts.check_intro(title, texts.prefilled_note(prefilled, QUESTION_LABELS)))
        return [*reset_answers(tracker), *[SlotSet(slot, value) for slot, value in prefilled.items()],
                SlotSet("program", program_id), SlotSet("check_ready", True)]

    @staticmethod
    def answer_conditions_first(dispatcher: CollectingDispatcher, tracker: Tracker,
                                program_id: str) -> list[dict[str, Any]] | None:
        """"Kann ich eine Ausbildungsduldung bekommen?": its conditions, even if the check stops; not for "prüf das".
        The events of a unit on people the check does not cover, answered with its buttons: then no check starts."""
        text = latest_text(tracker)
        if asks_for_the_check_only(text):
            return None
        # The classifier alone: both searches would cost 30 ms on every longer wish to check (make bench: 1.75×
        # stock instead of 3×); make answer-dev with it: 56.7 -> 55.8 % correct, 20.3 -> 20.6 % wrong.
        retrieval = search_in(current_language(), text, context_topic=program_id, for_guesses=False)
        guess = condition_guess(text, program_id, retrieval)
        if guess is not None and outside_the_check(guess) and lives_abroad(text):
            return reply_with_unit(dispatcher, guess)  # "я живу за границей …": § 14 with its buttons, no § 10 check
        if guess is not None:  # the one condition asked about, as a guess, not the whole list
            reply_guess(dispatcher, [guess], [])
            return None
        unit = conditions_before_check(text, program_id, retrieval)
        if unit is not None and outside_the_check(unit):
            return reply_with_unit(dispatcher, unit)
        if unit is not None:
            reply_with_unit(dispatcher, unit, buttons=False)
        return None

    @staticmethod
    def answer_ended_detail(dispatcher: CollectingDispatcher, tracker: Tracker,
                            program_id: str) -> list[dict[str, Any]] | None:
        """A question about one detail of a programme that has ended ("darf ich mit dem chancen aufenthalt
        arbeiten": many still hold that permit): its unit, or for a holder the closest detail as a marked guess."""
        text = as_typed_question(latest_text(tracker))
        if text.startswith("/") or not is_content_question(text):
            return None
        retrieval = search_in(current_language(), text, context_topic=program_id, for_guesses=False)
        detail = ended_detail(text, program_id, retrieval)
        if detail is not None:
            return [*reply_with_unit(dispatcher, detail), SlotSet("check_ready", False)]
        if not holds_it(text):
            return None  # only a holder gets a guess: no second search (30 ms) for the others
        retrieval = search_in(current_language(), text, context_topic=program_id)
        guess = ended_detail(text, program_id, retrieval, sure=False)
        return None if guess is None else [*reply_unsure(dispatcher, tracker, retrieval, guess),
                                           SlotSet("check_ready", False)]

    @staticmethod
    def rule_answer(tracker: Tracker, program_id: str | None) -> dict[str, Any] | None:
        """The unit for a question about a rule ("Wie viele Stunden …?"), when it is one and a unit answers it."""
        text = latest_text(tracker)
        cued = current_language() in CUED_LANGUAGES
        if text.startswith("/") or (cued and not is_rule_question(as_typed_question(text))):
            return None
        retrieval = search_in(current_language(), text, context_topic=program_id or tracker.get_slot("topic"),
                              for_guesses=False)
        conditions = conditions_if_asked(text, program_id, retrieval) if cued else None
        if conditions is not None:
            return conditions  # "Wer kann einen Integrationskurs machen?": all conditions, not one
        if not cued:  # no cue words tell a rule from "can I …?": the unit decides
            return uncued_rule_unit(text, program_id, retrieval)
        best = retrieval.best
        if best is None or not retrieval.confident or (program_id and best.unit["program"] != program_id):
            return None
        return dict(best.unit)

    @classmethod
    def asks_not_for_a_check(cls, tracker: Tracker, program_id: str | None) -> bool:
        """A question about a rule, or (no programme named) any question that is not about oneself or
        that a programme without a check answers. "Kann ich eingebürgert werden?" asks for the check."""
        text = as_typed_question(latest_text(tracker))
        if text.startswith("/"):
            return False
        if is_rule_question(text):
            return True
        # "ich möchte prüfen lassen, ob ich bleiben darf" asks for the check, whatever a unit shares with it
        return program_id is None and (is_content_question(text) and not is_own_case(text)
                                       or not wishes_a_check(text) and cls.answered_elsewhere(tracker))

    @staticmethod
    def answered_elsewhere(tracker: Tracker) -> bool:
        """A message that units of a programme without a check answer: confidently, or as the closest unit of a
        longer message, asked or told ("Kann ich mit meiner Ausbildung aus dem Ausland arbeiten?", "ich habe keine
        dokumente von meiner ausbildung was nun"), which the list of checks would not fit."""
        text = as_typed_question(latest_text(tracker))
        if text.startswith("/"):
            return False
        retrieval = search_in(current_language(), text, context_topic=tracker.get_slot("topic"))
        best = retrieval.best
        close = retrieval.confident or (has_content(text) and best is not None and best.score >= LOOSE_MATCH)
        return close and best is not None and best.unit["program"] not in get_facts()["eligibility"]["programs"]

    @staticmethod
    def requested_program(tracker: Tracker, facts: Mapping[str, Any]) -> str | None:
        """The checkable programme the message names, else the topic of the conversation if it is checkable."""
        checkable = [*facts["eligibility"]["programs"], *facts["eligibility"]["ended"]]
        chosen = next(tracker.get_latest_entity_values("program"), None)
        if chosen in checkable:
            return chosen
        named = match_topic(latest_text(tracker), facts["topics"], allowed=checkable)
        last_topic = tracker.get_slot("topic")
        return named or (last_topic if last_topic in checkable else None)


class ActionEligibilityVerdict(Action):
    """States the verdict with a checklist, the next step and the deciding office, then forgets the answers."""

    @override
    def name(self) -> str:
        return "action_eligibility_verdict"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        program_id = tracker.get_slot("program")
        rule = program_rule(program_id)
        if rule is not None and program_id is not None:
            today = check_answers.today()
            verdict = eligibility.evaluate(program_id, rule, current_answers(tracker), today)
            ki = get_facts()["kis"].get(tracker.get_slot("ki_id") or "")
            hints = eligibility.hints(verdict, current_answers(tracker), today)
            dispatcher.utter_message(text=texts.verdict_text(rule, verdict, hints, ki["region"] if ki else None,
                                                             get_facts()["meta"]["checked_date"], today))
        return [*reset_answers(tracker), SlotSet("program", None), SlotSet("check_ready", False)]


class ActionCancelEligibility(Action):
    """"abbrechen"/"stopp": leave the check and forget the answers."""

    @override
    def name(self) -> str:
        return "action_cancel_eligibility"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=texts.check_cancelled())
        return [ActiveLoop(None), SlotSet("requested_slot", None), *reset_answers(tracker),
                SlotSet("program", None), SlotSet("check_ready", False)]


class ActionNoCheckRunning(Action):
    """"weiter"/"abbrechen" with no check running. A real question that only contains such a word
    ("kann ich meine Ausbildung nach der Ablehnung weitermachen?") is answered instead."""

    @override
    def name(self) -> str:
        return "action_no_check_running"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        typed = text if is_stop_or_go_on(text) else as_typed_question(text)  # "kann ich die prüfung abbrechen"
        if is_content_question(typed) or names_a_matter(tracker):  # "mit welcher prüfung endet der kurs" (no "?")
            return answer_question(dispatcher, tracker)
        placed = placed_by_search(tracker) if is_question(text) else None
        if placed is not None:
            return answer_question(dispatcher, tracker, placed)  # "Кому нужна Gleichwertigkeitsprüfung?" (3 words)
        dispatcher.utter_message(response="utter_no_check_running")
        return []
