"""A message with no word the NLU knows is 'not understood', wherever DIET would have placed it; typos are known."""
import asyncio

import pytest
import yaml
from rasa.core.agent import Agent
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.components.unknown_words import UnknownWordsClassifier, Vocabulary, courtesy_intent, has_no_known_word
from rasa_ext.components.word_sets import words_of
from tests.support.servers import MODEL, REPO

KEYBOARD_NONSENSE = ["qwfp zxcv mnbv", "dfghj kertzu", "jklö ölkj", "xcvbnm qwertz", "zzzz qqqq", "hjkl;; fdsa"]
VOCABULARY = Vocabulary({"hallo", "hi", "einbürgerung", "kostet", "was", "die", "danke", "gelsenkirchen"})


def classify(text, intent="stop", confidence=0.68, entities=()):
    ranking = [{"name": intent, "confidence": confidence}]
    message = Message({TEXT: text, INTENT: ranking[0], INTENT_RANKING_KEY: ranking, ENTITIES: list(entities)})
    UnknownWordsClassifier(None, None, VOCABULARY.words).process([message])
    return message.get(INTENT)["name"], [item["name"] for item in message.get(INTENT_RANKING_KEY)]


@pytest.mark.unit
def test_words_are_letters_in_any_script_lower_cased():
    assert words_of("Was KOSTET 2x die Einbürgerung? мені 19, عمري") == ["was", "kostet", "x", "die", "einbürgerung",
                                                                        "мені", "عمري"]
    assert words_of("İZMİR") == ["izmir"] and words_of(None) == [] and words_of(42) == []


@pytest.mark.unit
@pytest.mark.parametrize("word", ["hallo", "halo", "halllo", "hallu", "hii", "dankee", "dnake", "Gelsenkirschen",
                                  "kosted", "dankeeeee"])
def test_a_word_with_one_letter_added_left_out_or_changed_is_known(word):
    assert word.lower() in VOCABULARY


@pytest.mark.unit
@pytest.mark.parametrize("word", ["qwfp", "zxcv", "hu", "xyz", "einbgrng"])
def test_other_words_are_unknown(word):
    assert word not in VOCABULARY


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
def test_known_words_places_and_what_diet_is_nearly_certain_of_keep_diets_intent():
    assert classify("was kostet das")[0] == "stop"
    assert classify("Wattenscheid", entities=[{"entity": "place", "value": "Wattenscheid"}])[0] == "stop"
    assert classify("Xyzdorf", intent="inform_place")[0] == "inform_place"  # the resolver says it does not know it
    assert classify("mamnun", intent="thank", confidence=0.96)[0] == "thank"
    assert classify("khodafez", intent="goodbye", confidence=0.9)[0] == "goodbye"
    assert classify("qwfp", intent="goodbye", confidence=0.7)[0] == "nlu_fallback"
    assert classify("xyzhilfe", intent="emergency", confidence=0.7)[0] == "emergency"  # help is never "not understood"


@pytest.mark.unit
@pytest.mark.parametrize("text, intent", [("tysm", "thank"), ("sagol abi", "thank"), ("Sepasgozaram!", "thank"),
                                          ("dyakuyu", "thank"), ("ok thx", "thank"), ("khodahafez", "goodbye")])
def test_everyday_thanks_and_goodbyes_diet_is_not_sure_of_get_that_intent(text, intent):
    assert classify(text, intent="affirm", confidence=0.6) == (intent, [intent, "affirm"])


@pytest.mark.unit
@pytest.mark.parametrize("text", ["danke, was kostet der kurs", "thanks bye", "ok", "sagol, vatandaslik ne kadar"])
def test_thanks_with_a_question_or_mixed_small_talk_are_no_courtesy(text):
    assert courtesy_intent(text) is None


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
    """Both take the way of action_answer_or_fallback; DIET may be sure that nonsense is out of scope."""
    assert asyncio.run(agent.parse_message(text))["intent"]["name"] in {"nlu_fallback", "out_of_scope"}


@pytest.mark.model
@pytest.mark.parametrize("text, intent", [("halo", "greet"), ("dankee", "thank"), ("abbrchen", "stop"),
                                          ("Gelsenkirschen", "inform_place"), ("Bielefled", "inform_place"),
                                          ("tysm", "thank"), ("sagol", "thank"), ("sepasgozaram", "thank")])
def test_the_trained_model_understands_typos(agent, text, intent):
    assert asyncio.run(agent.parse_message(text))["intent"]["name"] == intent


@pytest.mark.model
def test_real_questions_almost_never_lack_a_known_word(agent):
    """Real newcomers' questions (never trained on; read here, not learnt) keep DIET's intent: at most 1 % has no
    known word."""
    nodes = agent.processor.graph_runner._instantiated_nodes.values()
    component = next(node._component for node in nodes if isinstance(node._component, UnknownWordsClassifier))
    texts = real_question_texts()
    lost = [text for text in texts if has_no_known_word(text, component.vocabulary)]
    assert len(texts) > 300 and len(lost) <= len(texts) // 100, lost
