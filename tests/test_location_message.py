"""Telegram's location text becomes intent share_location with lat/lon, with certainty."""
import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.components.location_message import LocationMessageClassifier, parse_location

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("text, point", [
    ('{"lng": 6.958307, "lat": 50.941357}', (50.941357, 6.958307)),
    ('{"lat": 51.5, "lon": 7.4}', (51.5, 7.4)),
])
def test_location_texts(text, point):
    assert parse_location(text) == point


@pytest.mark.parametrize("text", ["Hallo", '{"lng": "x", "lat": 1}', '{"lng": 7, "lat": 95}', "{" + "x" * 500,
                                  '{"lat": NaN, "lng": 7}', None, '["lat", 1]'])
def test_other_texts(text):
    assert parse_location(text) is None


def test_component_overrides_intent_and_sets_entities():
    message = Message({TEXT: '{"lng": 6.958307, "lat": 50.941357}', INTENT: {"name": "inform", "confidence": 0.4}})
    LocationMessageClassifier().process([message])
    assert message.get(INTENT) == {"name": "share_location", "confidence": 1.0}
    assert {e["entity"]: e["value"] for e in message.get(ENTITIES)} == {"lat": 50.941357, "lon": 6.958307}


def test_component_leaves_ordinary_text_alone():
    message = Message({TEXT: "Hallo", INTENT: {"name": "greet", "confidence": 0.9}})
    LocationMessageClassifier().process([message])
    assert message.get(INTENT)["name"] == "greet"
