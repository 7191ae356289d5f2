"""Eligibility pre-check: start, form validation, verdict, cancel, "why?".

The rules and the question texts live in the facts; actions/eligibility.py decides.
Rasa's form asks the questions itself: scripts/build_domain_questions.py writes them
from the facts into domain.yml as utter_ask_* responses.
Answers (age, residence status, years …) are sensitive: they are kept in slots only
until the verdict or a cancel, never logged, and then reset (the tracker store
redacts the stored turns, see rasa_ext/stores/redaction.py).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable, Mapping

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import answer_parsing as parse
from actions import eligibility as rules
from actions import permit_answers, texts
from actions.answer_choice import LOOSE_MATCH, choose_unit
from actions.answer_retrieval import get_index
from actions.facts import get_facts
from actions.places import get_resolver
from actions.messages import latest_intent, latest_text
from actions.actions_services import answer_question, asked_again, reply_outside_topic, reply_with_unit
from actions.topics import match_topic

FORM = "eligibility_form"
# "Wie viele Stunden muss ich …?" asks about a rule; "Kann ich …?", "prüf das für mich" about oneself.
# It may follow a colon or dash ("Einbürgerungstest: wie bekomme ich einen Termin?").
RULE_QUESTION = re.compile(r"(^|[:–-]\s)\W*(wie|was|welche[rsnm]?|wann|wo|wer|wieso|warum|weshalb|ab wann|bis wann|"
                           r"muss man|darf man|kann man|braucht man|gibt es|(?:kann|k[öo]nnen) (?:mein|unser)e?[nmrs]?|"
                           r"how|what|which|when|where|who)\b", re.IGNORECASE)
# A yes/no question about oneself starts with the verb ("Bekomme ich den Pass?"); after a question
# word it asks how things work ("Wie bekomme ich einen Termin?").
OWN_CASE = re.compile(r"(^|[:,;–-]\s*)\W*(kann ich|k[öo]nnte ich|bekomme? ich|krieg(e)? ich|darf ich|"
                      r"hab(e)? ich (einen )?anspruch|bin ich|erf[üu]lle ich|can i|am i)\b|"
                      r"\b(pr[üu]f|bei mir|f[üu]r mich|in meinem fall|mein fall)", re.IGNORECASE)
# A question about oneself asks for the check when it asks whether one qualifies ("Kann ich … bekommen?",
# "Bin ich berechtigt?") or says so ("prüf das für mich"); "Darf ich mit der Duldung umziehen?" asks a rule.
QUALIFY = re.compile(r"bekomm|krieg|erhalt|erh(ä|ae)lt|beantrag|teilnehm|mitmach|eingeb(ü|ue)rgert|einb(ü|ue)rger|"
                     r"berechtigt|anspruch|in ?frage|erf(ü|ue)ll|qualif|eligible|\bget\b|obtain|\bapply|entitled|"
                     r"naturali[sz]|bleiben|\bstay\b|(kurs|test) (machen|besuchen)", re.IGNORECASE)
CHECK_REQUEST = re.compile(r"pr[üu]f|bei mir|f[üu]r mich|in meinem fall|mein fall|\bcheck\b|\bmy case\b", re.IGNORECASE)
DONT_KNOW = re.compile(r"wei(ß|ss|s)\s*(ich\s*)?nicht|keine\s+ahnung|unsicher|don'?t\s+know|k\.?\s*a\.?$",
                       re.IGNORECASE)
# Intents that always leave the question to the rules (explain, stop, hand-over …).
ALWAYS_INTERRUPT = {"ask_why", "stop", "restart_conversation", "emergency", "human_handover", "greet",
                    "continue_check"}
# While a question is open, these intents are (failed) answers to it; "out_of_scope" too, because
# garbled answers land there. A real question of another topic is recognised by is_question first.
ANSWER_LIKE_INTENTS = {"inform", "affirm", "deny", "nlu_fallback", "out_of_scope"}
# Actions that run between a user message and the form's validation.
FORM_STEPS = {FORM, "action_extract_slots", "action_listen"}
BOOLEAN_SLOTS = {"livelihood_secured", "livelihood_mostly_by_work", "has_training_contract", "school_3_years",
                 "has_minor_child", "obliged_by_authority", "attended_integration_course"}


def today() -> dt.date:
    return dt.date.today()


def _bool_text(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


SLOT_PARSERS: dict[str, Callable[[str], Any]] = {
    "age": parse.parse_age,
    "residence_status": parse.parse_residence_status,
    "permit_kind": permit_answers.parse_permit_kind,
    "lawful_years": permit_answers.parse_lawful_years,
    "identity_60d": permit_answers.parse_identity_60d,
    "permit_first_year": lambda text: permit_answers.parse_permit_first_year(text, today()),
    "arrival_date": lambda text: _iso(parse.parse_arrival(text, today())),
    "duldung_months": lambda text: parse.parse_months(text, today()),
    "employment_months": lambda text: parse.parse_months(text, today()),
    "german_level": parse.parse_german_level,
    **{slot: (lambda text: _bool_text(parse.parse_yes_no(text))) for slot in BOOLEAN_SLOTS},
}


def answers_new_message(tracker: Tracker) -> bool:
    """True when the form runs right after a user message, False when it resumes
    after another action (an interruption, or the check's start)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in FORM_STEPS:
            return False
    return False


def program_rule(program_id: str | None) -> Mapping[str, Any] | None:
    return get_facts()["eligibility"]["programs"].get(program_id or "")


def current_answers(tracker: Tracker) -> dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in rules.SENSITIVE_SLOTS if tracker.get_slot(slot) is not None}


def reset_answers(tracker: Tracker) -> list[dict[str, Any]]:
    """Forget every answer the conversation still holds; unset ones need no event.

    Every event is stored and replayed on each later turn, so twelve resets per check
    would make a long conversation slower for nothing."""
    return [SlotSet(slot, None) for slot in rules.SENSITIVE_SLOTS if tracker.get_slot(slot) is not None]


def button_answer(tracker: Tracker, slot: str) -> Any:
    """A value sent by one of our own question buttons, if it is one of that question's options."""
    value = next(tracker.get_latest_entity_values("answer"), None)
    options = {str(b["value"]) for b in get_facts()["eligibility"]["questions"].get(slot, {}).get("buttons", [])}
    return value if value is not None and str(value) in options else None


def answer_for_slot(slot: str, text: str, tracker: Tracker) -> Any:
    chosen = button_answer(tracker, slot)
    if chosen is not None or text.startswith("/"):
        return chosen  # a button payload is never read as free text
    if DONT_KNOW.search(text):
        return rules.UNKNOWN
    return SLOT_PARSERS[slot](text)


def answers_in_text(text: str) -> dict[str, Any]:
    """Several answers in one message ("Ich bin 19 und habe eine Duldung")."""
    return {slot: value for slot, value in parse.parse_all(text, today()).items() if value is not None}


# How an answer given in passing is repeated back: "Aufenthaltsstatus: Duldung".
QUESTION_LABELS = {"age": "Alter", "residence_status": "Aufenthaltsstatus", "arrival_date": "in Deutschland seit",
                   "german_level": "Deutsch"}


def eligibility_titles() -> dict[str, str]:
    return {pid: rule["title"] for pid, rule in get_facts()["eligibility"]["programs"].items()}


class ActionStartEligibility(Action):
    """Pick the programme to check; explain ended programmes; pre-fill answers from the request."""

    def name(self) -> str:
        return "action_start_eligibility"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        facts = get_facts()
        program_id = self.requested_program(tracker, facts)
        if program_id in facts["eligibility"]["ended"]:
            return self.explain_ended(dispatcher, program_id)
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
            text, buttons = texts.choose_check(eligibility_titles())
            dispatcher.utter_message(text=text, buttons=buttons)
            return [SlotSet("check_ready", False)]
        prefilled = answers_in_text(latest_text(tracker))
        title = facts["eligibility"]["programs"][program_id]["title"]
        dispatcher.utter_message(text=texts.check_intro(title, texts.prefilled_note(prefilled, QUESTION_LABELS)))
        return [*reset_answers(tracker), *[SlotSet(k, v) for k, v in prefilled.items()],
                SlotSet("program", program_id), SlotSet("check_ready", True)]

    @staticmethod
    def rule_answer(tracker: Tracker, program_id: str | None) -> dict[str, Any] | None:
        """The unit for a question about a rule ("Wie viele Stunden …?"), when it is one and a unit answers it."""
        text = latest_text(tracker)
        if text.startswith("/") or not is_rule_question(text):
            return None
        retrieval = get_index().search(text, context_topic=program_id or tracker.get_slot("topic"))
        best = retrieval.best
        if best is None or not retrieval.confident or (program_id and best.unit["program"] != program_id):
            return None
        return dict(best.unit)

    @classmethod
    def asks_not_for_a_check(cls, tracker: Tracker, program_id: str | None) -> bool:
        """A question about a rule, or (no programme named) any question that is not about oneself or
        that a programme without a check answers. "Kann ich eingebürgert werden?" asks for the check."""
        text = latest_text(tracker)
        if text.startswith("/"):
            return False
        if is_rule_question(text):
            return True
        return program_id is None and (is_content_question(text) and not OWN_CASE.search(text)
                                       or cls.answered_elsewhere(tracker))

    @staticmethod
    def answered_elsewhere(tracker: Tracker) -> bool:
        """A question that units of a programme without a check answer: confidently, or as the closest
        unit of a longer question ("Kann ich mit meiner Ausbildung aus dem Ausland arbeiten?"), which
        the list of checks would not fit."""
        text = latest_text(tracker)
        if text.startswith("/") or not is_question(text):
            return False
        retrieval = get_index().search(text, context_topic=tracker.get_slot("topic"))
        best = retrieval.best
        close = retrieval.confident or (is_content_question(text) and best is not None and best.score >= LOOSE_MATCH)
        return close and best.unit["program"] not in get_facts()["eligibility"]["programs"]

    @staticmethod
    def requested_program(tracker: Tracker, facts: Mapping[str, Any]) -> str | None:
        checkable = [*facts["eligibility"]["programs"], *facts["eligibility"]["ended"]]
        chosen = next(tracker.get_latest_entity_values("program"), None)
        if chosen in checkable:
            return chosen
        named = match_topic(latest_text(tracker), facts["topics"], allowed=checkable)
        last_topic = tracker.get_slot("topic")
        return named or (last_topic if last_topic in checkable else None)

    @staticmethod
    def explain_ended(dispatcher: CollectingDispatcher, program_id: str) -> list[dict[str, Any]]:
        facts = get_facts()
        replaced_by = facts["eligibility"]["ended"][program_id]["replaced_by"]
        titles = [facts["topics"][pid]["short"] for pid in replaced_by]
        checkable = {pid: title for pid, title in eligibility_titles().items() if pid in replaced_by}
        _, buttons = texts.choose_check(checkable)
        dispatcher.utter_message(text=texts.ended_program(facts["programs"][program_id], titles, today()), buttons=buttons)
        return [SlotSet("check_ready", False)]


class ValidateEligibilityForm(FormValidationAction):
    """Asks only what the verdict still needs and reads free-text answers."""

    def name(self) -> str:
        return "validate_eligibility_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        rule = program_rule(tracker.get_slot("program"))
        if rule is None:
            return []
        answers = current_answers(tracker)
        # Answered slots stay listed (the SDK validates only listed slots); the first
        # missing one is asked next, and none missing ends the form.
        return [*answers, *rules.next_slots(tracker.get_slot("program"), rule, answers, today())]

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[dict[str, Any]]:
        """Parse the new user message once for every answer it contains."""
        if not answers_new_message(tracker):
            return []  # the form resumes after an interruption; nothing new to read
        requested = tracker.get_slot("requested_slot")
        intent = latest_intent(tracker)
        text = latest_text(tracker)
        if intent in ALWAYS_INTERRUPT or requested not in SLOT_PARSERS:
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
            return [*[SlotSet(slot, value) for slot, value in found.items()], *self.not_answered(dispatcher, tracker,
                                                                                              requested)]
        return []  # another topic: the form steps aside and the rules answer it


    @staticmethod
    def not_answered(dispatcher: CollectingDispatcher, tracker: Tracker, requested: str) -> list[dict[str, Any]]:
        """Ask again with an example; the second time in a row, offer the ways out instead."""
        if failed_just_before(tracker):
            text, buttons = texts.stuck_on_question()
            dispatcher.utter_message(text=text, buttons=buttons)
        else:
            example = get_facts()["eligibility"]["questions"][requested]["example"]
            dispatcher.utter_message(text=texts.invalid_answer(example))
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
        unit = choose_unit(text, None, get_index().search(text, context_topic=tracker.get_slot("program")))
        if unit is not None:
            reply_with_unit(dispatcher, unit, buttons=False)  # the topic stays the check's programme
            dispatcher.utter_message(text=texts.BACK_TO_CHECK)
        else:
            example = get_facts()["eligibility"]["questions"][requested]["example"]
            dispatcher.utter_message(text=texts.question_as_answer(example))
        return [SlotSet(requested, None)]


def answer_like(intent: str | None, text: str) -> bool:
    """Whether a message is (an attempt at) an answer to the open question. A "place" that names no
    place ("19") is one too: otherwise the KI finder would answer it again and again."""
    if intent == "inform_place":
        return get_resolver().resolve(text).status == "not_found"
    return intent in ANSWER_LIKE_INTENTS


def failed_just_before(tracker: Tracker) -> bool:
    """Whether the bot's turn before this message already said the answer did not fit."""
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                return False
        elif event.get("event") == "bot" and users_seen == 1:
            if (event.get("text") or "").startswith((texts.INVALID_ANSWER_START, texts.NOTED_START,
                                                     texts.QUESTION_AS_ANSWER_START)):
                return True
    return False


def is_rule_question(text: str) -> bool:
    """"Wie viele Stunden …?", "B1 oder B2 für den Pass?", "Darf ich mit der Duldung den Job wechseln?":
    about a rule, not a request to check oneself ("Kann ich eine Ausbildungsduldung bekommen?")."""
    if OWN_CASE.search(text):
        return is_content_question(text) and not QUALIFY.search(text) and not CHECK_REQUEST.search(text)
    either_or = text.rstrip().endswith("?") and " oder " in f" {text.lower()} "
    return bool(RULE_QUESTION.search(text) or either_or)


def is_content_question(text: str) -> bool:
    """A question with content ("Muss ich einen Einstufungstest machen?"), not "warum?" or "weiter?"."""
    return is_question(text) and len(re.findall(r"\w+", text)) >= 4


def is_question(text: str) -> bool:
    return text.rstrip().endswith("?") or bool(RULE_QUESTION.search(text))


def accept_parsed_answer(slot: str) -> Callable[..., dict[str, Any]]:
    """validate_<slot> for the SDK: get_extraction_events sets only what a parser accepted
    (or None to ask again), so the value stands. Without it the SDK logs a warning per answer."""
    def validate(self: FormValidationAction, value: Any, dispatcher: CollectingDispatcher,
                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return {slot: value}
    validate.__name__ = f"validate_{slot}"
    return validate


for _slot in SLOT_PARSERS:
    setattr(ValidateEligibilityForm, f"validate_{_slot}", accept_parsed_answer(_slot))


class ActionEligibilityVerdict(Action):
    """States the verdict with a checklist, the next step and the deciding office, then forgets the answers."""

    def name(self) -> str:
        return "action_eligibility_verdict"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        program_id = tracker.get_slot("program")
        rule = program_rule(program_id)
        if rule is not None:
            verdict = rules.evaluate(program_id, rule, current_answers(tracker), today())
            ki = get_facts()["kis"].get(tracker.get_slot("ki_id") or "")
            hints = rules.hints(verdict, current_answers(tracker), today())
            dispatcher.utter_message(text=texts.verdict_text(rule, verdict, hints, ki["region"] if ki else None,
                                                             get_facts()["meta"]["checked_date"], today()))
        return [*reset_answers(tracker), SlotSet("program", None), SlotSet("check_ready", False)]


class ActionCancelEligibility(Action):
    """"abbrechen"/"stopp": leave the check and forget the answers."""

    def name(self) -> str:
        return "action_cancel_eligibility"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=texts.check_cancelled())
        return [ActiveLoop(None), SlotSet("requested_slot", None), *reset_answers(tracker),
                SlotSet("program", None), SlotSet("check_ready", False)]


class ActionNoCheckRunning(Action):
    """"weiter"/"abbrechen" with no check running. A real question that only contains such a word
    ("kann ich meine Ausbildung nach der Ablehnung weitermachen?") is answered instead."""

    def name(self) -> str:
        return "action_no_check_running"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if is_content_question(latest_text(tracker)):
            return answer_question(dispatcher, tracker)
        dispatcher.utter_message(response="utter_no_check_running")
        return []


class ActionExplainQuestion(Action):
    """"Warum fragst du das?": the criteria that the open question decides."""

    def name(self) -> str:
        return "action_explain_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        rule = program_rule(tracker.get_slot("program"))
        requested = tracker.get_slot("requested_slot")
        if (rule is None or requested is None) and is_content_question(latest_text(tracker)):
            return answer_question(dispatcher, tracker)  # "Was ist der JMD und warum ist er so wichtig?"
        if rule is None or requested is None:
            dispatcher.utter_message(text=texts.no_question_open())
            return []
        reasons = [c["text"] for c in rule["criteria"]
                   if requested in rules.slots_for_field(c["field"]) or (c.get("value_if") or {}).get(requested)]
        dispatcher.utter_message(text=texts.why_question(rule["title"], reasons))
        return []
