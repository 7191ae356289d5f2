"""DIET with a lean path for classifying one message while serving.

Rasa's DIETClassifier classifies a single message through its batch machinery: it builds
a RasaModelData (stacking each featurizer's sparse matrix with scipy's general `bmat`),
wraps it in a Keras data generator, and calls a `tf.function` that canonicalises its nested
input on every call. For a 7-token message that is ~3 ms of Python around ~1 ms of
TensorFlow. This subclass builds the same 8 input arrays directly and calls the traced
graph's concrete function. Training, loading and everything else is DIETClassifier's own.

The lean path is taken only for the shape this project's pipeline produces (intent
classification, sparse text features only, no diagnostic data); anything else goes the
stock way, and so does everything while the patch switch rasa_ext/patches/lean_diet.py is
off (LOTSE_RASA_PATCHES=0): the lean path uses private TensorFlow API. tests/test_lean_diet.py
checks that both paths give the same inputs and scores.
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np
import scipy.sparse
import tensorflow as tf
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import ENTITY_RECOGNITION, FEATURIZERS, INTENT_CLASSIFICATION

from rasa_ext.patches import lean_diet as lean_path

# The text inputs DIET's predict step takes, in the order of the sorted model-data keys.
TEXT_INPUT_KEYS = ("mask", "sentence", "sequence", "sequence_lengths")
SPARSE_KEYS = ("sentence", "sequence")
Inputs = tuple[np.ndarray, ...]


def stack_columns(matrices: list[scipy.sparse.coo_matrix]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """rows, columns, values and width of the matrices side by side, in scipy.hstack's order."""
    offsets = np.cumsum([0] + [matrix.shape[1] for matrix in matrices])
    rows = np.concatenate([matrix.row for matrix in matrices])
    # offsets has one entry more than matrices (the total width): zip stops at the last matrix
    columns = np.concatenate([matrix.col + offset for matrix, offset in zip(matrices, offsets, strict=False)])
    values = np.concatenate([matrix.data for matrix in matrices])
    return rows, columns, values, int(offsets[-1])


def sparse_input(matrices: list[scipy.sparse.coo_matrix]) -> Inputs:
    """Indices (example, row, column), values and shape of one example, as Rasa's generator gives them."""
    rows, columns, values, width = stack_columns(matrices)
    indices = np.stack([np.zeros_like(rows), rows, columns], axis=1).astype(np.int64)
    shape = np.array((1, matrices[0].shape[0], width), dtype=np.int64)
    return indices, values.astype(np.float32), shape


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LeanDIETClassifier(DIETClassifier):
    """DIETClassifier whose single-message prediction skips the batch machinery."""

    _predict_graph: Any = None

    def _lean_path_fits(self) -> bool:
        """Intent only, sparse text features only, no diagnostic data: the shape built below."""
        config = self.component_config
        if not config[INTENT_CLASSIFICATION] or config[ENTITY_RECOGNITION]:
            return False
        if self._execution_context.should_add_diagnostic_data or self.model is None:
            return False
        signature = self.model.data_signature.get(TEXT, {})
        return tuple(sorted(signature)) == TEXT_INPUT_KEYS and all(
            len(signature[key]) == 1 and signature[key][0].is_sparse for key in SPARSE_KEYS)

    def _text_matrices(self, message: Message, feature_type: str) -> Optional[list[scipy.sparse.coo_matrix]]:
        """The message's sparse text features of one type, in pipeline order; None if any is dense."""
        featurizers = self.component_config.get(FEATURIZERS) or None
        features = [f for f in message.features
                    if f.attribute == TEXT and f.type == feature_type
                    and (featurizers is None or f.origin in featurizers)]
        if not features or not all(f.is_sparse() for f in features):
            return None
        # Rasa types Features.features as ndarray | spmatrix; is_sparse() above ruled out the ndarray.
        return [f.features.tocoo() for f in features]  # type: ignore[union-attr]

    def build_inputs(self, message: Message) -> Optional[Inputs]:
        """The 8 input arrays of DIET's predict step for one message, or None to go Rasa's way."""
        if any(f.attribute == TEXT and f.is_dense() for f in message.features):
            return None
        sentence = self._text_matrices(message, "sentence")
        sequence = self._text_matrices(message, "sequence")
        if sentence is None or sequence is None:
            return None
        mask = np.ones((1, 1, 1), dtype=np.float32)
        lengths = np.array([sequence[0].shape[0]], dtype=np.float32)
        return (mask, *sparse_input(sentence), *sparse_input(sequence), lengths)

    def _graph(self) -> Any:
        """The traced predict step as a concrete function (traced by Rasa at load time), or
        None where the lean path does not fit. Config and model do not change once loaded,
        so the check runs until the graph is found, not on every message."""
        if not lean_path.active():
            return None
        if (self._predict_graph is None and self.model is not None and self._lean_path_fits()
                and self.model._tf_predict_step is not None):
            self._predict_graph = self.model._tf_predict_step.get_concrete_function()
        return self._predict_graph

    def _predict(self, message: Message) -> Optional[dict[str, Any]]:
        graph = self._graph()
        inputs = self.build_inputs(message) if graph is not None else None
        if inputs is None:
            return super()._predict(message)
        tensors = [tf.convert_to_tensor(array) for array in inputs]
        # _call_flat skips the per-call canonicalisation of the nested input (~0.5 ms).
        outputs = graph._call_flat(tensors, graph.captured_inputs)
        return {"i_scores": outputs["i_scores"].numpy()}
