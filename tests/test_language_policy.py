"""The conversation's language as the bot keeps it (issue #17): rasa_ext/components/language_policy.py."""
from __future__ import annotations

from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.i18n import LANGUAGES as ACTION_LANGUAGES
from rasa_ext.components.language_detection import LANGUAGES, SIMPLE_GERMAN
from rasa_ext.components.language_policy import LanguagePolicy, language_after

pytestmark = pytest.mark.unit

DOMAIN = Domain.from_path("domain.yml")


def user(text: str, intent: str = "greet", entities: list[dict[str, Any]] | None = None,
         hint: str | None = None) -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 1.0}, entities or [],
                       metadata={"language_hint": hint} if hint else {})


def tracker(*events: Any, language: str | None = None) -> DialogueStateTracker:
    start = [ActionExecuted("action_listen")] + ([SlotSet("language", language)] if language else [])
    return DialogueStateTracker.from_events("someone", [*start, *events], slots=DOMAIN.slots)


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> LanguagePolicy:
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    context = ExecutionContext(GraphSchema({}), "test")
    return LanguagePolicy.create(LanguagePolicy.get_default_config(), storage, Resource("language"), context)


def test_both_servers_know_the_same_languages():
    assert set(ACTION_LANGUAGES) == {*LANGUAGES, SIMPLE_GERMAN}


def test_an_english_question_switches_the_conversation(policy: LanguagePolicy):
    prediction = policy.predict_action_probabilities(
        tracker(user("how much does the integration course cost?", "ask_cost")), DOMAIN)
    assert prediction.events == [SlotSet("language", "en")]
    assert max(prediction.probabilities) == 0.0  # it never chooses an action itself


def test_german_needs_no_event(policy: LanguagePolicy):
    prediction = policy.predict_action_probabilities(tracker(user("Was kostet der Integrationskurs?")), DOMAIN)
    assert prediction.events == []


def test_the_same_message_is_judged_once(policy: LanguagePolicy):
    """Rasa asks the policies before every action of a turn: the slot is set once, then kept."""
    prediction = policy.predict_action_probabilities(
        tracker(user("скільки коштує інтеграційний курс?", "ask_cost"), language="uk"), DOMAIN)
    assert prediction.events == []


@pytest.mark.parametrize(("value", "expected"), [("en", "en"), ("ar", "ar"), ("de-simple", "de-simple")])
def test_a_language_button_sets_it(value: str, expected: str):
    message = user(f'/choose_language{{"language":"{value}"}}', "choose_language",
                   [{"entity": "language", "value": value}])
    assert language_after(tracker(user("hello, I need help please"), message, language="en")) == expected


def test_a_typed_request_for_a_language_sets_it():
    assert language_after(tracker(user("türkçe lütfen", "choose_language"))) == "tr"


def test_the_hint_gives_the_greeting_its_language():
    assert language_after(tracker(user("/greet", hint="uk-UA,uk;q=0.9,en;q=0.8"))) == "uk"


def test_the_hint_never_overrides_what_the_person_writes():
    """A German staff member with an English browser: the greeting came in English, the first German
    sentence switches back at once, without the higher bar for leaving a language the person chose."""
    conversation = tracker(user("/greet", hint="en-US"), user("Wer kann am Integrationskurs teilnehmen?", "ask_who"),
                           language="en")
    assert language_after(conversation) == "de"


def test_a_chosen_language_stays_on_short_german_words():
    chosen = user('/choose_language{"language":"en"}', "choose_language", [{"entity": "language", "value": "en"}])
    assert language_after(tracker(chosen, user("ok danke", "thank"), language="en")) == "en"
    assert language_after(tracker(user("hello there, I need help"), user("Mülheim", "inform_place"),
                                  language="en")) == "en"


def test_a_mixed_message_keeps_the_language():
    conversation = tracker(user("мені потрібна допомога з документами"), user("hallo, Integrationskurs Termin"),
                           language="uk")
    assert language_after(conversation) == "uk"


@pytest.mark.parametrize("text", ["", None])
def test_no_text_no_change(text: str | None):
    assert language_after(tracker(UserUttered(text, {"name": "greet"}))) is None
