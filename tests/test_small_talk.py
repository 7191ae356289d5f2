"""A greeting, thanks, goodbye or "start again" with a question in it gets the question's intent, not "Hallo!"."""
import asyncio

import pytest
from rasa.core.agent import Agent
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_ext.components.small_talk import SmallTalkWithContentClassifier, content_words
from tests.support.servers import MODEL


def example(text, intent):
    return Message({TEXT: text, INTENT: intent})


TRAINING = TrainingData([example("hallo, mein name ist olena", "greet"), example("danke schön", "thank"),
                         example("was kostet der integrationskurs", "ask_cost"),
                         example("wie lange dauert die einbürgerung", "ask_service"),
                         example("ja genau das meine ich", "affirm")])


def classify(text, ranking):
    message = Message({TEXT: text, INTENT: ranking[0], INTENT_RANKING_KEY: ranking})
    SmallTalkWithContentClassifier(None, None, content_words(TRAINING)).process([message])
    return message.get(INTENT)["name"], [item["name"] for item in message.get(INTENT_RANKING_KEY)]


GREET_FIRST = [{"name": "greet", "confidence": 0.7}, {"name": "affirm", "confidence": 0.15},
               {"name": "ask_cost", "confidence": 0.12}, {"name": "ask_service", "confidence": 0.03}]


@pytest.mark.unit
def test_content_words_leave_out_small_talk_words_stop_words_and_other_intents():
    words = content_words(TRAINING)
    assert {"kostet", "integrationskurs", "einbürgerung", "dauert"} <= words
    assert not words & {"hallo", "name", "olena", "danke", "was", "wie", "der", "genau", "meine"}


@pytest.mark.unit
def test_a_greeting_with_a_question_gets_the_best_content_intent_first():
    assert classify("hallo was kostet der integrationskurs", GREET_FIRST) == (
        "ask_cost", ["ask_cost", "greet", "affirm", "ask_service"])


@pytest.mark.unit
def test_a_content_intent_diet_hardly_considered_leaves_it_to_the_answer_search():
    ranking = [{"name": "greet", "confidence": 0.9}, {"name": "ask_service", "confidence": 0.05}]
    assert classify("hallo einbürgerung dauert", ranking)[0] == "nlu_fallback"


@pytest.mark.unit
@pytest.mark.parametrize("text", ["hallo, mein name ist Fatma", "Hallo", "hallo integrationskurs"])
def test_a_greeting_with_at_most_one_content_word_stays_a_greeting(text):
    assert classify(text, GREET_FIRST)[0] == "greet"


@pytest.mark.unit
def test_other_intents_are_left_alone():
    ranking = [{"name": "ask_service", "confidence": 0.8}, {"name": "ask_cost", "confidence": 0.2}]
    assert classify("was kostet der integrationskurs", ranking)[0] == "ask_service"


@pytest.fixture(scope="module")
def agent():
    return Agent.load(str(MODEL))


def intent_of(agent, text):
    return asyncio.run(agent.parse_message(text))["intent"]["name"]


@pytest.mark.model
@pytest.mark.parametrize("text", ["hi, where can i learn german", "merhaba entegrasyon kursu ne kadar",
                                  "hallo, ich hab eine frage zum deutschkurs", "привіт, скільки коштує курс",
                                  "سلام، کلاس زبان کجاست", "diploma recognition in germany, where do i start"])
def test_the_trained_model_reads_a_greeting_with_a_question_as_the_question(agent, text):
    assert intent_of(agent, text) not in {"greet", "thank", "goodbye"}


@pytest.mark.model
@pytest.mark.parametrize("text, intent", [("Hallo", "greet"), ("Guten Tag, mein Name ist Fatma", "greet"),
                                          ("hallo zusammen, wie gehts euch", "greet"),
                                          ("vielen dank für die antwort", "thank"),
                                          ("danke, tschüss, schönen tag noch", "goodbye"),
                                          ("thanks a lot, very helpful", "thank"), ("привіт", "greet"),
                                          ("nochmal von vorne bitte", "restart_conversation")])
def test_plain_small_talk_keeps_its_intent(agent, text, intent):
    assert intent_of(agent, text) == intent
