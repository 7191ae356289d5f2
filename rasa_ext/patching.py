"""Replace one method of a Rasa 3.6 class, once, and fail loudly when Rasa changed it."""
from __future__ import annotations

from typing import Any, Callable

_MARK = "_lotse_patched"


def replace_method(owner: type, name: str, make_replacement: Callable[[Callable], Callable]) -> None:
    """owner.name = make_replacement(original); a second call changes nothing."""
    original = owner.__dict__.get(name)
    if original is None:
        raise RuntimeError(f"{owner.__name__}.{name} is gone: re-check the patch in rasa_ext for this Rasa version")
    if getattr(original, _MARK, False):
        return
    replacement: Any = make_replacement(original)
    setattr(replacement, _MARK, True)
    setattr(owner, name, replacement)


def is_patched(function: Callable) -> bool:
    return getattr(function, _MARK, False)
