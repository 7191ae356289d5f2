"""The served model runs through rasa_ext/patches/graph_runner.py and answers exactly as with Rasa's dask runner.

Loads the trained model in-process (`make test` trains it first), swaps the two runners on
the same graph nodes, and compares what the user's messages become: the parsed intent with
its confidences and entities, and the next two actions the policies predict.
"""
import asyncio

import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.patches import graph_runner
from tests.support.servers import MODEL

pytestmark = pytest.mark.model

MESSAGES = ["Hallo", "Was ist ein Integrationskurs?", "Welches KI ist für Bochum zuständig?", "Wattenscheid",
            "Kann ich mich einbürgern lassen?", "seit März 2019", "Niederlassungserlaubnis", "B1", "ja",
            "und was kostet das?", "Ich bin 19 und habe eine Duldung", "42103", "tschüss", "asdf qwertz",
            '/inform{"answer":"duldung"}', "/find_ki"]


@pytest.fixture(scope="module")
def processor():
    graph_runner.install()
    return Agent.load(str(MODEL)).processor


def with_runner(processor, runner, call):
    served = processor.graph_runner
    processor.graph_runner = runner
    try:
        return asyncio.run(call())
    finally:
        processor.graph_runner = served


def dask_runner_on_the_same_nodes(ours):
    theirs = DaskGraphRunner.__new__(DaskGraphRunner)
    theirs.__dict__.update({k: v for k, v in ours.__dict__.items() if k != "_plans"})
    return theirs


def next_two_actions(processor, parse_data):
    async def predict():
        tracker = DialogueStateTracker.from_events("s", [ActionExecuted("action_listen"), UserUttered(
            parse_data["text"], parse_data["intent"], parse_data["entities"], parse_data)], processor.domain.slots)
        first = processor._predict_next_with_tracker(tracker)  # Rasa's PolicyPrediction
        tracker.update(ActionExecuted(processor.domain.action_names_or_texts[first.max_confidence_index]))
        second = processor._predict_next_with_tracker(tracker)
        return [(p.policy_name, p.max_confidence_index, p.probabilities) for p in (first, second)]
    return predict


def test_the_served_model_uses_the_sequential_runner(processor):
    assert isinstance(processor.graph_runner, graph_runner.SequentialGraphRunner)


@pytest.mark.parametrize("text", MESSAGES)
def test_same_parse_and_predictions_as_with_rasas_dask_runner(processor, text):
    ours = processor.graph_runner
    theirs = dask_runner_on_the_same_nodes(ours)
    parsed = [with_runner(processor, runner, lambda: processor.parse_message(UserMessage(text)))
              for runner in (ours, theirs)]
    assert parsed[0] == parsed[1]
    assert parsed[0]["intent"]["name"]  # a real parse, not an empty result
    predicted = [with_runner(processor, runner, next_two_actions(processor, parsed[0])) for runner in (ours, theirs)]
    assert predicted[0] == predicted[1]
