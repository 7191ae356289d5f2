"""Replace one method or module attribute of Rasa, once, and fail loudly when Rasa changed it.

Every patch in this package goes through these two functions, so each replacement carries the
same marker (like rasa-sdk's "class is instrumented" flag) and a second install changes nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

_MARK = "_lotse_patched"
_ORIGINAL = "_lotse_original"  # what a replacement replaced, for tests that compare both


class PatchTargetMissing(RuntimeError):
    """What a patch replaces is gone or different: this Rasa version needs a re-check."""


def replace_method(owner: type, name: str, make_replacement: Callable[[Callable], Callable]) -> None:
    """owner.name = make_replacement(original); a second call changes nothing."""
    original = owner.__dict__.get(name)
    if original is None:
        raise PatchTargetMissing(f"{owner.__name__}.{name} is gone: re-check rasa_ext/patches "
                                 f"(docs/rasa_internals.md) for this Rasa version")
    if getattr(original, _MARK, False):
        return
    replacement: Any = make_replacement(original)
    setattr(replacement, _MARK, True)
    setattr(replacement, _ORIGINAL, original)
    setattr(owner, name, replacement)


def replace_attribute(module: ModuleType, name: str, expected: Any, replacement: Any) -> None:
    """module.name = replacement, only where it is still `expected`; a second call changes nothing."""
    current = getattr(module, name, None)
    if current is replacement:
        return
    if current is not expected:
        raise PatchTargetMissing(f"{module.__name__}.{name} is not {getattr(expected, '__name__', expected)}: "
                                 f"re-check rasa_ext/patches (docs/rasa_internals.md) for this Rasa version")
    setattr(replacement, _MARK, True)
    setattr(module, name, replacement)


def is_patched(function: Any) -> bool:
    """The function was installed by replace_method or replace_attribute."""
    return getattr(function, _MARK, False)


def original_of(owner: type, name: str) -> Any:
    """Rasa's own owner.name, whether or not replace_method replaced it."""
    current = owner.__dict__[name]
    return getattr(current, _ORIGINAL, current)
