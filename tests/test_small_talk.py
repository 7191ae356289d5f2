"""A greeting, thanks, goodbye or "start again" with a question in it gets the question's intent, not "Hallo!"."""
import asyncio

import pytest
from rasa.core.agent import Agent
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_ext.components.small_talk import SmallTalkWithContentClassifier, question_words
from tests.support.servers import MODEL


def example(text, intent):
    return Message({TEXT: text, INTENT: intent})


TRAINING = TrainingData([example("hallo, mein name ist olena", "greet"), example("danke schön", "thank"),
                         example("was kostet der integrationskurs", "ask_cost"),
                         example("wie lange dauert die einbürgerung in köln, I don't know", "ask_service"),
                         example("ich wohne in köln", "inform_place"),
                         example("nochmal von vorne", "restart_conversation"),
                         example("ja genau das meine ich", "affirm")])
WORDS = question_words(TRAINING)


def classify(text, ranking):
    message = Message({TEXT: text, INTENT: ranking[0], INTENT_RANKING_KEY: ranking})
    SmallTalkWithContentClassifier(None, None, WORDS).process([message])
    return message.get(INTENT)["name"], [item["name"] for item in message.get(INTENT_RANKING_KEY)]


def ranked(first, *others):
    return [{"name": first, "confidence": 0.7}] + [{"name": name, "confidence": c} for name, c in others]


@pytest.mark.unit
def test_question_words_leave_out_small_talk_places_stop_words_and_short_tokens():
    assert {"kostet", "integrationskurs", "einbürgerung", "dauert"} <= WORDS
    assert not WORDS & {"hallo", "name", "olena", "danke", "was", "wie", "der", "genau", "köln", "wohne", "don", "t",
                        "vorne"}


@pytest.mark.unit
def test_a_greeting_with_a_question_gets_the_question_intent_diet_ranks_best():
    assert classify("hallo was kostet der integrationskurs", ranked("greet", ("emergency", 0.2), ("ask_cost", 0.12))) \
        == ("ask_cost", ["ask_cost", "greet", "emergency"])


@pytest.mark.unit
def test_without_a_question_intent_diet_considered_it_is_the_general_question():
    assert classify("hallo, wie lange dauert die einbürgerung?", ranked("greet", ("ask_service", 0.05),
                                                                      ("ask_cost", 0.01))) == (
        "ask_service", ["ask_service", "greet", "ask_cost"])


@pytest.mark.unit
@pytest.mark.parametrize("text, intent", [("hallo, einbürgerung dauert ewig bei mir", "greet"),
                                          ("danke, ich gehe jetzt zum integrationskurs, kostet nichts", "thank"),
                                          ("den check für die einbürgerung neu starten", "restart_conversation")])
def test_small_talk_that_asks_nothing_stays_small_talk(text, intent):
    """Only a question (after its greeting) is rerouted: a statement with question words is small talk."""
    assert classify(text, ranked(intent, ("ask_service", 0.2)))[0] == intent


@pytest.mark.unit
@pytest.mark.parametrize("text", ["hallo, mein name ist Fatma", "Hallo", "hallo integrationskurs",
                                  "hallo ich wohne in köln", "hi, I don't know"])
def test_a_greeting_with_at_most_one_question_word_stays_a_greeting(text):
    assert classify(text, ranked("greet", ("ask_cost", 0.3)))[0] == "greet"


@pytest.mark.unit
def test_start_again_with_one_question_word_never_deletes_the_conversation():
    assert classify("muss ich den integrationskurs von vorne anfangen", ranked(
        "restart_conversation", ("ask_cost", 0.05)))[0] == "ask_service"
    assert classify("muss ich den integrationskurs von vorne anfangen", ranked(
        "restart_conversation", ("ask_who", 0.2)))[0] == "ask_who"
    assert classify("nochmal von vorne", ranked("restart_conversation", ("ask_service", 0.2)))[0] == \
        "restart_conversation"


@pytest.mark.unit
def test_a_question_announced_about_a_topic_is_a_question_with_one_topic_word():
    assert classify("hallo, ich hab eine frage zum integrationskurs", ranked("greet", ("ask_service", 0.05)))[0] == \
        "ask_service"
    assert classify("hallo, ich hab eine frage", ranked("greet", ("ask_service", 0.3)))[0] == "greet"


@pytest.mark.unit
@pytest.mark.parametrize("text, intent", [
    ("vielen dank für die antwort auf meine frage zum integrationskurs", "thank"),  # thanks close the question
    ("merhaba, benim adım Ahmet, Almanya hakkında çok şey öğrendim", "greet"),  # "about" without "question"
])
def test_only_a_greeting_that_names_a_question_about_a_topic_is_rerouted(text, intent):
    assert classify(text, ranked(intent, ("ask_service", 0.3)))[0] == intent


@pytest.mark.unit
def test_thanks_that_say_there_is_another_question_about_a_topic_are_the_question():
    assert classify("danke, ich habe noch eine frage zum integrationskurs", ranked("thank", ("ask_service", 0.05)))[
        0] == "ask_service"


@pytest.mark.unit
@pytest.mark.parametrize("text, intent", [("كيف تصبح مواطناً ألمانياً؟", "goodbye"),
                                          ("wie lange dauert das bei euch?", "thank")])
def test_thanks_or_goodbye_that_open_with_a_question_word_and_end_with_a_question_mark_are_a_question(text, intent):
    assert classify(text, ranked(intent, ("ask_service", 0.05)))[0] == "ask_service"


@pytest.mark.unit
@pytest.mark.parametrize("text, intent", [("كيف حالك؟", "goodbye"), ("wie geht es dir?", "greet"),
                                          ("wie nett von dir", "thank"), ("wann sehen wir uns wieder?", "goodbye"),
                                          ("nasıl teşekkür edeyim size?", "thank"), ("چطور از شما تشکر کنم؟", "thank")])
def test_greetings_short_questions_and_thanks_or_goodbyes_asked_as_questions_stay_small_talk(text, intent):
    assert classify(text, ranked(intent, ("ask_service", 0.05)))[0] == intent


@pytest.mark.unit
def test_other_intents_are_left_alone():
    assert classify("was kostet der integrationskurs", ranked("ask_service", ("ask_cost", 0.2)))[0] == "ask_service"


@pytest.fixture(scope="module")
def agent():
    return Agent.load(str(MODEL))


def intent_of(agent, text):
    return asyncio.run(agent.parse_message(text))["intent"]["name"]


@pytest.mark.model
@pytest.mark.parametrize("text", ["merhaba, entegrasyon kursu ne kadar?", "hallo, was kostet der deutschkurs",
                                  "hi, where can i learn german", "muss ich den Integrationskurs von vorne anfangen",
                                  "hallo ich hab eine frage zur einbürgerung",
                                  "hi, i have a question about the integration course",
                                  "привет, у меня вопрос по интеграционному курсу",
                                  "hello, I have two questions about the integration course",
                                  "merhaba, entegrasyon kursuyla ilgili bir sorum var"])
def test_the_trained_model_reads_small_talk_with_a_question_as_the_question(agent, text):
    assert intent_of(agent, text) not in {"greet", "thank", "goodbye", "restart_conversation"}


@pytest.mark.model
@pytest.mark.parametrize("text, intent", [("Hallo", "greet"), ("Guten Tag, mein Name ist Fatma", "greet"),
                                          ("hallo zusammen, wie gehts euch", "greet"),
                                          ("Hallo, ich bin Ahmad aus Syrien und wohne in Köln", "greet"),
                                          ("Hello, my name is Ahmad, I live in Cologne", "greet"),
                                          ("vielen dank für die antwort", "thank"),
                                          ("thank you, I don't have more questions", "thank"),
                                          ("danke, tschüss, schönen tag noch", "goodbye"),
                                          ("thanks a lot, very helpful", "thank"), ("привіт", "greet"),
                                          ("nochmal von vorne bitte", "restart_conversation"),
                                          ("start the check again", "restart_conversation"),
                                          ("Hallo, ich bin Lehrerin aus der Ukraine", "greet")])
def test_plain_small_talk_keeps_its_intent(agent, text, intent):
    assert intent_of(agent, text) == intent
