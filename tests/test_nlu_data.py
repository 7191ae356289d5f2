"""NLU data hygiene: enough varied examples per intent, and a held-out split never trained on."""
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

pytestmark = [pytest.mark.unit, pytest.mark.data]

REPO = Path(__file__).resolve().parent.parent


def normalise(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[^\w ]", "", text).strip()


def examples(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        if "intent" in block:
            pairs += [(block["intent"], line.strip()[2:]) for line in block["examples"].splitlines()
                      if line.strip().startswith("- ")]
    return pairs


TRAIN = [pair for path in sorted((REPO / "data" / "nlu").glob("*.yml")) for pair in examples(path)]
HOLDOUT = examples(REPO / "tests" / "nlu" / "holdout.yml")


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
    blind = examples(REPO / "tests" / "nlu" / "holdout_blind.yml")
    assert {normalise(t) for _, t in TRAIN} & {normalise(t) for _, t in blind} == set()
