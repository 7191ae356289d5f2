"""Messages inside a running check that are no answer to its question: "weiter", "warum fragst du das?"."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from typing_extensions import override

from actions import eligibility, texts
from actions.check_answers import eligibility_titles, program_rule
from actions.i18n import t
from actions.question_kind import STOP_OR_GO_ON, is_content_question, is_long_message
from actions.sdk.language import in_conversation_language
from actions.sdk.replies import answer_question, topic_of_message
from actions.sdk.tracker import asked_again, latest_text


class ActionResumeCheck(Action):
    """"weiter" during a check: go on, and say how to stop. The same message again (NLU reads some keyboard
    nonsense as "weiter") is no wish to go on: then the ways out, with buttons, as after two unreadable answers."""

    @override
    def name(self) -> str:
        return "action_resume_check"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if asked_again(tracker):
            text, buttons = texts.stuck_on_question()
            dispatcher.utter_message(text=text, buttons=buttons)
            return []
        dispatcher.utter_message(response="utter_resume_check")
        dispatcher.utter_message(text=t("Mit „abbrechen“ hören wir jederzeit auf."))
        return []


def names_a_matter(tracker: Tracker) -> bool:
    """A long message that names a programme ("bescheid mit anpassungslehrgang, wer berät mich dazu") asks about
    it, whatever word NLU took for "stop", "go on" or "why". One that says stop, go on or why ("Ich möchte mit der
    Prüfung zur Einbürgerung weitermachen") is the command it seems."""
    text = latest_text(tracker)
    return (is_long_message(text) and not STOP_OR_GO_ON.search(text) and not WHY.search(text)
            and topic_of_message(tracker) is not None)


WHY = re.compile(r"\b(warum|wieso|weshalb|why)\b", re.IGNORECASE)


class ActionExplainQuestion(Action):
    """"Warum fragst du das?": the criteria that the open question decides."""

    @override
    def name(self) -> str:
        return "action_explain_question"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        rule = program_rule(tracker.get_slot("program"))
        requested = tracker.get_slot("requested_slot")
        text = latest_text(tracker)
        if (rule is None or requested is None) and (is_content_question(text) or names_a_matter(tracker)):
            return answer_question(dispatcher, tracker)  # "Was ist der JMD und warum ist er so wichtig?"
        if rule is None or requested is None:
            _, buttons = texts.choose_check(eligibility_titles())
            dispatcher.utter_message(text=texts.no_question_open(), buttons=buttons)
            return []
        reasons = [criterion["text"] for criterion in eligibility.criteria_for_slot(rule, requested)]
        dispatcher.utter_message(text=texts.why_question(rule["title"], reasons))
        return []
