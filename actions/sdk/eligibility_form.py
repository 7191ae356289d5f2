"""The eligibility form's validation: which questions the verdict still needs, and the answers in a message.

Rasa's form asks the questions (utter_ask_* in domain.yml) and calls this action after every user
message while the check runs. Free-text answers are read by the parsers of actions/check_answers.py;
a parser's value is the validated answer, so there is no validate_<slot> per question.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from typing_extensions import override

from actions import check_answers, eligibility, texts
from actions.answer_choice import choose_unit
from actions.answer_retrieval_translated import search_in
from actions.check_answers import (
    QUESTION_LABELS,
    answer_like,
    answers_in_text,
    leaves_question_to_rules,
    program_rule,
    question_example,
)
from actions.i18n import current_language, speaking, t
from actions.question_kind import is_question
from actions.sdk.language import LANGUAGE_SLOT
from actions.sdk.replies import reply_with_unit
from actions.sdk.tracker import (
    answers_new_message,
    asked_again,
    button_answer,
    current_answers,
    failed_just_before,
    latest_intent,
    latest_text,
)


def answer_for_slot(slot: str, text: str, tracker: Tracker) -> Any:
    """The answer to the open question: a button of that question, else the free text read by its parser."""
    chosen = button_answer(tracker, slot)
    if chosen is not None or text.startswith("/"):
        return chosen  # a button payload is never read as free text
    return check_answers.read_answer(slot, text)


class ValidateEligibilityForm(FormValidationAction):
    """Asks only what the verdict still needs and reads free-text answers."""

    @override
    def name(self) -> str:
        return "validate_eligibility_form"

    @override
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Validate in the conversation's language. The offer of the other languages
        (actions/sdk/language.py) waits for the next action: the form's question comes first."""
        with speaking(tracker.get_slot(LANGUAGE_SLOT)):
            return await super().run(dispatcher, tracker, domain)

    @override
    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        program_id = tracker.get_slot("program")
        rule = program_rule(program_id)
        if rule is None or program_id is None:
            return []
        answers = current_answers(tracker)
        # Answered slots stay listed (the SDK validates only listed slots); the first
        # missing one is asked next, and none missing ends the form.
        return [*answers, *eligibility.next_slots(program_id, rule, answers, check_answers.today())]

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[dict[str, Any]]:
        """The answers of the new message, and of the slots set just before it those the form still lists.

        rasa_sdk's extraction step before this finds nothing (there are no extract_<slot> methods);
        its validation would call a validate_<slot> per slot, which here would only return the value."""
        tracker.add_slots(self.read_message(dispatcher, tracker))
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        return [SlotSet(slot, value) for slot, value in tracker.slots_to_validate().items() if slot in required]

    def read_message(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        """Parse the new user message once for every answer it contains."""
        if not answers_new_message(tracker):
            return []  # the form resumes after an interruption; nothing new to read
        requested = tracker.get_slot("requested_slot")
        intent = latest_intent(tracker)
        text = latest_text(tracker)
        if requested is None or leaves_question_to_rules(intent, requested):
            return []
        if is_question(text) and not text.startswith("/"):
            return self.question_instead_of_answer(dispatcher, tracker, requested, intent)
        found = {} if text.startswith("/") else answers_in_text(text)
        requested_value = answer_for_slot(requested, text, tracker)
        if requested_value is not None:
            found[requested] = requested_value
        elif found and not failed_just_before(tracker):
            # Other answers, but not this one ("Duldung" to "Wie alt sind Sie?"): say what was noted.
            dispatcher.utter_message(text=texts.noted_other_answers(texts.noted_items(found, QUESTION_LABELS)))
        if found and (requested in found or not failed_just_before(tracker)):
            return [SlotSet(slot, value) for slot, value in found.items()]
        if answer_like(intent, text) or found:
            return [*[SlotSet(slot, value) for slot, value in found.items()],
                    *self.not_answered(dispatcher, tracker, requested)]
        return []  # another topic: the form steps aside and the rules answer it

    @staticmethod
    def not_answered(dispatcher: CollectingDispatcher, tracker: Tracker, requested: str) -> list[dict[str, Any]]:
        """Ask again with an example; the second time in a row, offer the ways out instead."""
        if failed_just_before(tracker):
            text, buttons = texts.stuck_on_question()
            dispatcher.utter_message(text=text, buttons=buttons)
        else:
            dispatcher.utter_message(text=texts.invalid_answer(question_example(requested)))
        return [SlotSet(requested, None)]  # counts as handled, so the form asks again

    @staticmethod
    def question_instead_of_answer(dispatcher: CollectingDispatcher, tracker: Tracker, requested: str,
                                   intent: str | None) -> list[dict[str, Any]]:
        """"Was kostet ein Integrationskurs?" while a question is open: answer it from the facts and ask
        the open question again. "B1 oder B2?" is a question, not the answer "B1": explain and ask again.
        A question about another topic that the facts cannot answer is left to the rules."""
        text = latest_text(tracker)
        if not answer_like(intent, text):
            return []
        if failed_just_before(tracker) or asked_again(tracker):
            stuck, buttons = texts.stuck_on_question()  # the same again: the ways out, not the same reply
            dispatcher.utter_message(text=stuck, buttons=buttons)
            return [SlotSet(requested, None)]
        unit = choose_unit(text, None, search_in(current_language(), text, context_topic=tracker.get_slot("program"),
                                                 for_guesses=False))
        if unit is not None:
            reply_with_unit(dispatcher, unit, buttons=False)  # the topic stays the check's programme
            dispatcher.utter_message(text=t(texts.BACK_TO_CHECK))
        else:
            dispatcher.utter_message(text=texts.question_as_answer(question_example(requested)))
        return [SlotSet(requested, None)]
