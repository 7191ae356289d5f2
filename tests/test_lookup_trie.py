"""rasa_ext/patches/lookup_trie.py finds exactly what Rasa's lookup pattern finds.

The place names are what training reads (data/nlu/places_lookup.yml, through Rasa's own
pattern extraction); the texts are every NLU example and held-out message, and every place
name in lower and upper case. Any difference in a matched span would change DIET's input.
"""
import re

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.nlu.utils import pattern_utils
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.patches import lookup_trie
from tests.support.nlu import nlu_examples
from tests.support.servers import REPO

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def rasa_patterns() -> list[dict]:
    data = load_data(str(REPO / "data" / "nlu" / "places_lookup.yml"))
    return pattern_utils.extract_patterns(data, use_word_boundaries=True)


@pytest.fixture(scope="module")
def texts(rasa_patterns) -> list[str]:
    names = lookup_trie.lookup_names(place_pattern(rasa_patterns))
    files = [*sorted((REPO / "data" / "nlu").rglob("*.yml")), *sorted((REPO / "tests" / "nlu").glob("*.yml"))]
    examples = [text for path in files for _intent, text in nlu_examples(path)]
    return [*examples, *names, *(f"{name.lower()} und {name.upper()}" for name in names), "in Aachen-Mitte wohnen"]


def place_pattern(patterns: list[dict]) -> str:
    return next(p["pattern"] for p in patterns if p["name"] == "nrw_place")


def spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(pattern, text, flags=re.IGNORECASE)]


def test_the_place_table_becomes_a_tree_with_the_same_matches(rasa_patterns, texts):
    place = place_pattern(rasa_patterns)
    tree = lookup_trie.trie_pattern(place)
    assert tree != place and len(lookup_trie.lookup_names(place)) > 5000
    assert len(texts) > 12000
    different = [text for text in texts if spans(tree, text) != spans(place, text)]
    assert different == []
    assert spans(tree, "Ich wohne in Aachen-Mitte") == [(13, 19)]  # "Aachen" is listed first: Rasa stops there


def test_a_regex_that_is_no_lookup_table_stays_as_it_is(rasa_patterns):
    plz = next(p for p in rasa_patterns if p["name"] == "plz")
    assert lookup_trie.trie_pattern(plz["pattern"]) == plz["pattern"]


def lookup_pattern(names: list[str]) -> str:
    return pattern_utils._generate_lookup_regex({"elements": names})


FILLER = [f"ort{i:03d}x" for i in range(60)]  # enough names for a tree


@pytest.mark.parametrize("names, text, expected", [
    (["Bad", "Bad Honnef"], "Bad Honnef", [(0, 3)]),  # the shorter first: Rasa stops there
    (["Bad Honnef", "Bad"], "Bad Honnef", [(0, 10)]),  # the longer first: the whole name
    (["Bad Honnef", "Bad"], "Bad Godesberg", [(0, 3)]),
    (["Schloß Holte", "Schloss Holte-Stukenbrock"], "schloss holte-stukenbrock", [(0, 25)]),
    # letters re.IGNORECASE takes as equal beyond lower case (review of 6ceb1cb): one branch, list order kept
    (["iz", "İ x", "i"], "i x", [(0, 3)]),
    (["iz", "ı x", "i"], "I x", [(0, 3)]),
    (["sz", "ſ x", "s"], "s x", [(0, 3)]),
    (["µz", "μ x", "µ"], "µ x", [(0, 3)]),
])
def test_the_name_listed_first_wins_as_in_rasa(names, text, expected):
    original = lookup_pattern(names + FILLER)
    tree = lookup_trie.trie_pattern(original)
    assert tree != original
    assert spans(original, text) == spans(tree, text) == expected


def test_a_case_sensitive_featurizer_keeps_rasas_patterns(rasa_patterns, tmp_path):
    """The tree joins names that differ only in case: right only with re.IGNORECASE."""
    stock = featurizer([dict(p) for p in rasa_patterns], tmp_path)
    stock.train(load_data(str(REPO / "data" / "nlu" / "places_lookup.yml")))
    lookup_trie.install()
    context = ExecutionContext(GraphSchema({}), "test")
    loaded = RegexFeaturizer.load({**CONFIG, "case_sensitive": True}, stock._model_storage, Resource("regex"), context)
    assert place_pattern(loaded.known_patterns) == place_pattern(rasa_patterns)


def test_a_list_order_the_tree_cannot_keep_leaves_rasas_pattern():
    original = lookup_pattern(["Bad Honnef", "Bad", "Bad Berleburg"] + FILLER)  # "Bad" between its extensions
    assert lookup_trie.trie_pattern(original) == original


CONFIG = {**RegexFeaturizer.get_default_config(), "case_sensitive": False}  # as in config.yml


def featurizer(patterns: list[dict], tmp_path) -> RegexFeaturizer:
    context = ExecutionContext(GraphSchema({}), "test")
    return RegexFeaturizer(CONFIG, LocalModelStorage(tmp_path), Resource("regex"), context, known_patterns=patterns)


def test_loading_the_featurizer_gives_the_same_features(rasa_patterns, tmp_path):
    stock = featurizer([dict(p) for p in rasa_patterns], tmp_path)
    stock.train(load_data(str(REPO / "data" / "nlu" / "places_lookup.yml")))  # persists Rasa's patterns
    lookup_trie.install()
    context = ExecutionContext(GraphSchema({}), "test")
    loaded = RegexFeaturizer.load(CONFIG, stock._model_storage, Resource("regex"), context)
    assert place_pattern(loaded.known_patterns) != place_pattern(rasa_patterns)
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    for text in ["Welches KI ist für Moers zuständig?", "wohne in aachen-mitte", "Bad Honnef", "hallo"]:
        messages = [Message(data={"text": text}) for _ in range(2)]
        tokenizer.process(messages)
        stock.process([messages[0]])
        loaded.process([messages[1]])
        features = [m.get_sparse_features("text")[0].features.toarray() for m in messages]
        assert np.array_equal(*features), text


def test_load_keeps_its_parameters_for_rasas_graph():
    """The graph hands a node's inputs to the constructor by name (minimal_kwargs): a wrapper with
    *args would pass `resource` on to process_training_data, and training fails."""
    from rasa.shared.utils.common import arguments_of

    from rasa_ext.patches.replace import original_of
    lookup_trie.install()
    stock = original_of(RegexFeaturizer, "load").__get__(None, RegexFeaturizer)  # bound as the graph sees it
    assert arguments_of(RegexFeaturizer.load) == arguments_of(stock)
    assert arguments_of(RegexFeaturizer.load)[:4] == ["config", "model_storage", "resource", "execution_context"]
