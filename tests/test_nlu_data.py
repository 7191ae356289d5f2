"""NLU data hygiene: enough varied examples per intent, and a held-out split never trained on."""
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.support.nlu import nlu_examples

pytestmark = [pytest.mark.unit, pytest.mark.data]

REPO = Path(__file__).resolve().parent.parent


def normalise(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[^\w ]", "", text).strip()


TRAIN = [pair for path in sorted((REPO / "data" / "nlu").rglob("*.yml")) for pair in nlu_examples(path)]
HOLDOUT = nlu_examples(REPO / "tests" / "nlu" / "holdout.yml")


def test_holdout_never_used_for_training():
    overlap = {normalise(t) for _, t in TRAIN} & {normalise(t) for _, t in HOLDOUT}
    assert overlap == set()


def test_at_least_25_examples_per_intent():
    counts = Counter(intent for intent, _ in TRAIN)
    thin = {intent: n for intent, n in counts.items() if n < 25 and intent != "share_location"}
    assert thin == {}


def test_holdout_covers_every_trained_intent():
    assert {i for i, _ in TRAIN} - {"share_location"} <= {i for i, _ in HOLDOUT}


def test_blind_split_never_used_for_training():
    blind = nlu_examples(REPO / "tests" / "nlu" / "holdout_blind.yml")
    assert {normalise(t) for _, t in TRAIN} & {normalise(t) for _, t in blind} == set()
