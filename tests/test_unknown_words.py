"""A message with no word the NLU knows is 'not understood', wherever DIET would have placed it."""
import asyncio

import pytest
import yaml
from rasa.core.agent import Agent
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.components.unknown_words import UnknownWordsClassifier, has_no_known_word, words_of
from tests.support.servers import MODEL, REPO

KEYBOARD_NONSENSE = ["qwfp zxcv mnbv", "dfghj kertzu", "jklö ölkj", "xcvbnm qwertz", "zzzz qqqq", "hjkl;; fdsa"]
VOCABULARY = {"hallo", "einbürgerung", "kostet", "was", "die"}


def classify(text, entities=()):
    message = Message({TEXT: text, INTENT: {"name": "stop", "confidence": 0.68},
                       INTENT_RANKING_KEY: [{"name": "stop", "confidence": 0.68}], ENTITIES: list(entities)})
    UnknownWordsClassifier(None, None, VOCABULARY).process([message])
    return message.get(INTENT)["name"], [item["name"] for item in message.get(INTENT_RANKING_KEY)]


@pytest.mark.unit
def test_words_are_letters_in_any_script_lower_cased():
    assert words_of("Was KOSTET 2x die Einbürgerung? мені 19, عمري") == ["was", "kostet", "x", "die", "einbürgerung",
                                                                        "мені", "عمري"]
    assert words_of(None) == [] and words_of(42) == []


@pytest.mark.unit
@pytest.mark.parametrize("text, unknown", [
    ("qwfp zxcv mnbv", True), ("Was kostet die Einbürgerung?", False), ("hallo qwfp", False),
    ("19", False), ("42103", False), ("", False), ("?!", False), ("/greet", False), ('{"lat": 1}', False),
    (None, False),
])
def test_only_a_message_whose_words_are_all_unknown_counts(text, unknown):
    assert has_no_known_word(text, VOCABULARY) is unknown


@pytest.mark.unit
def test_nonsense_becomes_nlu_fallback_with_diets_ranking_after_it():
    assert classify("qwfp zxcv mnbv") == ("nlu_fallback", ["nlu_fallback", "stop"])


@pytest.mark.unit
def test_known_words_and_places_keep_diets_intent():
    assert classify("was kostet das")[0] == "stop"
    assert classify("Wattenscheid", [{"entity": "place", "value": "Wattenscheid"}])[0] == "stop"


def real_question_texts():
    texts = []
    for path in sorted((REPO / "tests" / "qa").glob("real_questions*.yml")):
        texts += [item["text"] for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
    return texts


@pytest.fixture(scope="module")
def agent():
    return Agent.load(str(MODEL))


@pytest.mark.model
@pytest.mark.parametrize("text", KEYBOARD_NONSENSE)
def test_the_trained_model_does_not_understand_keyboard_nonsense(agent, text):
    assert asyncio.run(agent.parse_message(text))["intent"]["name"] == "nlu_fallback"


@pytest.mark.model
def test_real_questions_almost_never_lack_a_known_word(agent):
    """Real newcomers' questions (never trained on) keep DIET's intent: at most 1 % has no known word."""
    nodes = agent.processor.graph_runner._instantiated_nodes.values()
    component = next(node._component for node in nodes if isinstance(node._component, UnknownWordsClassifier))
    texts = real_question_texts()
    lost = [text for text in texts if has_no_known_word(text, component.vocabulary)]
    assert len(texts) > 300 and len(lost) <= len(texts) // 100, lost
