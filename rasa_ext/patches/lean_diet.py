"""The switch for LeanDIETClassifier's single-message path (rasa_ext/components/lean_diet.py).

The component is a registered DIETClassifier subclass, but its lean path calls TensorFlow's
traced predict step through private API (`RasaModel._tf_predict_step`, the concrete
function's `_call_flat`). Installed, the path is taken; not installed (LOTSE_RASA_PATCHES=0,
or a Rasa-free process) the component predicts exactly as DIETClassifier does.
"""
from __future__ import annotations

from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.utils.tensorflow.models import RasaModel
from tensorflow.python.eager.polymorphic_function.monomorphic_function import ConcreteFunction

from rasa_ext.patches.replace import PatchTargetMissing

_state = {"active": False}


def active() -> bool:
    """LeanDIETClassifier may take its lean path (the patch is installed)."""
    return _state["active"]


def install() -> None:
    """Check the private API the lean path uses, then switch the path on; idempotent."""
    for owner, name in ((DIETClassifier, "_predict"), (RasaModel, "run_inference")):
        if not hasattr(owner, name):
            raise PatchTargetMissing(f"{owner.__name__}.{name} is gone: re-check rasa_ext/patches/lean_diet.py")
    # Checked on the class, never by running TensorFlow: install_all() runs before Sanic forks its
    # workers, and a TensorFlow runtime started in the parent hangs every forked worker.
    if not callable(getattr(ConcreteFunction, "_call_flat", None)):
        raise PatchTargetMissing("TensorFlow's ConcreteFunction._call_flat is gone: re-check the lean DIET path")
    _state["active"] = True
