"""rasa_ext/components/lean_diet.py classifies exactly as Rasa's DIETClassifier does.

Loads the trained model in-process (`make test` trains it first), parses every held-out
message and some odd ones, and compares, message by message, the 8 input arrays and the
intent scores of the lean path with those of DIETClassifier's own batch path.
"""
import asyncio

import numpy as np
import pytest
from rasa.core.agent import Agent
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.train_utils import create_data_generators

from rasa_ext.components.lean_diet import LeanDIETClassifier
from rasa_ext.patches import lean_diet as lean_path
from tests.support.nlu import nlu_examples
from tests.support.servers import MODEL, REPO

pytestmark = pytest.mark.model

ODD_TEXTS = ["a", "?!", "42103", "Bochum-Wattenscheid", "ÄÖÜ ß äöü", "ich " * 300, "😀 Hallo 😀",
             "Integrationskurs Integrationskurs Integrationskurs", "x" * 2000, "Kann ich mich einbürgern lassen"]


def held_out_texts():
    return [text.strip() for name in ("holdout.yml", "holdout_blind.yml")
            for _intent, text in nlu_examples(REPO / "tests" / "nlu" / name)]


@pytest.fixture(scope="module")
def served():
    """The agent and its DIET component; records the last message DIET was asked about."""
    lean_path.install()  # the lean path is taken only with its patch switch on
    agent = Agent.load(str(MODEL))
    nodes = agent.processor.graph_runner._instantiated_nodes.values()
    diet = next(node._component for node in nodes if isinstance(node._component, DIETClassifier))
    seen = {}
    lean_predict = diet._predict

    def record(message):
        seen["message"] = message
        return lean_predict(message)

    diet._predict = record
    return agent, diet, seen


def featurized(served, text):
    agent, _, seen = served
    parsed = asyncio.run(agent.parse_message(text))
    return parsed, seen["message"]


def rasa_inputs(diet, message):
    model_data = DIETClassifier._create_model_data(diet, [message], training=False)
    generator, _ = create_data_generators(model_data=model_data, batch_sizes=1, epochs=1, shuffle=False)
    return next(iter(generator))[0]


def test_the_served_model_takes_the_lean_path(served):
    _, diet, _ = served
    assert type(diet) is LeanDIETClassifier
    assert diet._lean_path_fits() and diet._graph() is not None


def test_lean_inputs_and_scores_equal_rasas_for_every_held_out_and_odd_message(served):
    _, diet, _ = served
    texts = held_out_texts() + ODD_TEXTS
    assert len(texts) > 300
    for text in texts:
        _, message = featurized(served, text)
        ours, theirs = diet.build_inputs(message), rasa_inputs(diet, message)
        assert ours is not None, text
        assert len(ours) == len(theirs) == 8, text
        for mine, reference in zip(ours, theirs, strict=True):
            reference = np.asarray(reference)
            assert mine.dtype == reference.dtype and np.array_equal(mine, reference), text
        lean_scores = LeanDIETClassifier._predict(diet, message)["i_scores"]
        rasa_scores = DIETClassifier._predict(diet, message)["i_scores"]
        np.testing.assert_allclose(lean_scores, rasa_scores, rtol=0, atol=1e-6, err_msg=text)


def test_intents_users_see_are_unchanged(served):
    """What a user's message becomes, through the whole served NLU pipeline."""
    cases = {"Was ist ein Integrationskurs?": "ask_service", "Welches KI ist für Bochum zuständig?": "find_ki",
             "Kann ich mich einbürgern lassen?": "check_eligibility", "Hallo": "greet"}
    for text, intent in cases.items():
        parsed, _ = featurized(served, text)
        assert parsed["intent"]["name"] == intent, text


def test_a_message_without_features_goes_rasas_way_and_gets_no_intent_from_diet(served):
    _, diet, _ = served
    assert diet.build_inputs(Message(data={"text": ""})) is None
    assert LeanDIETClassifier._predict(diet, Message(data={"text": ""})) is None
