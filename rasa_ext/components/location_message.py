"""Classify a shared location with certainty.

Telegram's connector turns a location message into the text {"lng": 7.1, "lat": 50.7}.
DIET should not have to guess at that; this component recognises it, sets the
intent share_location and the entities lat and lon for the KI finder.
"""
from __future__ import annotations

import json
import math
from typing import Any, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from typing_extensions import override

INTENT_NAME = "share_location"
MAX_LENGTH = 200  # a location message is short; do not JSON-parse long texts


def parse_location(text: Any) -> Optional[tuple[float, float]]:
    """(lat, lon) from a {"lng": …, "lat": …} text, else None."""
    if not isinstance(text, str) or len(text) > MAX_LENGTH or not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
        lat = float(data["lat"])
        lon = float(data.get("lng", data.get("lon")))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _entity(name: str, value: float, text: str) -> dict[str, Any]:
    return {"entity": name, "value": value, "start": 0, "end": len(text),
            "extractor": "LocationMessageClassifier", "confidence_entity": 1.0}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LocationMessageClassifier(GraphComponent):
    """Sets intent share_location (confidence 1.0) and lat/lon for location texts."""

    @override
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LocationMessageClassifier:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn: location texts are recognised by their form."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Set intent share_location and the lat/lon entities on location texts."""
        for message in messages:
            text = message.get(TEXT)
            point = parse_location(text)
            if point is None:
                continue
            intent = {"name": INTENT_NAME, "confidence": 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            message.set(ENTITIES, [_entity("lat", point[0], text), _entity("lon", point[1], text)],
                        add_to_output=True)
        return messages
