r"""The place lookup table as one regex that finds a name without trying 5,000 alternatives.

Rasa's RegexFeaturizer turns a lookup table into `(\bname1\b|\bname2\b|...)` and runs it with
`re.finditer` on every message. Python's regex engine tries every alternative at every position:
with our 5,126 NRW places that is about 0.7 ms per message, 3 % of the Rasa server's CPU under load.
The same names as a prefix tree (`\b(?:Aa(?:chen(?:\b|-Mitte\b)|...)|...)`) are found in a few
microseconds.

Same matches, not just similar ones: at one position several names can match only when one is a
prefix of another ("Aachen", "Aachen-Mitte"), and Rasa's alternation takes the one listed first.
The tree tries a name that ends at a node before the longer ones when it is listed before all of
them, after them when it is listed after all of them; a table where neither holds keeps Rasa's
pattern. Only `load` is wrapped: serving, `rasa test`, and a training that restores the featurizer
from its cache get the tree; the patterns stored in the model stay Rasa's. tests/test_lookup_trie.py
compares the spans of both patterns on every NLU example.
"""
from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the regex engine's own case mapping, one character to one (str.lower maps İ to two)
import functools
import re
import sre_compile
from collections.abc import Callable
from typing import Any

from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer

from rasa_ext.patches.replace import replace_method

_OPEN, _JOIN, _CLOSE = "(\\b", "\\b|\\b", "\\b)"  # rasa.nlu.utils.pattern_utils._generate_lookup_regex
_MIN_NAMES = 50  # below this Rasa's alternation is fast enough
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
# The characters re.IGNORECASE takes as one more than lower case says (i and dotless ı, s and long ſ, µ and μ …).
_FOLD_FIXES: dict[int, tuple[int, ...]] = sre_compile._ignorecase_fixes  # type: ignore[attr-defined]


def case_key(char: str) -> str:
    """One key for all characters re.IGNORECASE matches as equal: its simple lower case mapping (İ -> i, as
    the regex engine maps it), joined with the extra equivalents (ı, ſ …)."""
    lower = _sre.unicode_tolower(ord(char))
    return chr(min((lower, *_FOLD_FIXES.get(lower, ()))))


class _Node:
    __slots__ = ("children", "char", "ends_with", "first")

    def __init__(self, char: str = "") -> None:
        self.char = char  # as written in the first name through this node (matched ignoring case)
        self.children: dict[str, _Node] = {}
        self.ends_with: int | None = None  # list position of the first name that ends here
        self.first = 1 << 62  # smallest list position of a name ending below this node


def lookup_names(pattern: str) -> list[str] | None:
    """The names of a Rasa lookup pattern with word boundaries, in list order (None: another pattern)."""
    if not (pattern.startswith(_OPEN) and pattern.endswith(_CLOSE)):
        return None
    escaped = pattern[len(_OPEN):-len(_CLOSE)].split(_JOIN)
    names = [_ESCAPED.sub(r"\1", name) for name in escaped]
    if any(re.escape(name) != part or not name for name, part in zip(names, escaped, strict=True)):
        return None  # not made by re.escape from plain names: leave it alone
    return names


def _tree(names: list[str]) -> _Node:
    root = _Node()
    for position, name in enumerate(names):
        node = root
        for char in name:
            node = node.children.setdefault(case_key(char), _Node(char))
            node.first = min(node.first, position)
        if node.ends_with is None:
            node.ends_with = position
    return root


def _children_first(node: _Node) -> bool | None:
    """Whether the longer names go before the one ending here; None when the list order mixes."""
    below = [child.first for child in node.children.values()]
    if node.ends_with is None or not below:
        return False
    if node.ends_with < min(below):
        return False
    if node.ends_with > _latest_below(node):
        return True
    return None


def _latest_below(node: _Node) -> int:
    latest = -1
    stack = list(node.children.values())
    while stack:
        child = stack.pop()
        if child.ends_with is not None:
            latest = max(latest, child.ends_with)
        stack.extend(child.children.values())
    return latest


def _regex(node: _Node) -> str | None:
    """The tree below `node` as a regex (None: list order the tree cannot keep)."""
    order = _children_first(node)
    if order is None:
        return None
    branches = []
    for child in node.children.values():
        below = _regex(child)
        if below is None:
            return None
        branches.append(re.escape(child.char) + below)
    if node.ends_with is not None:
        branches.insert(len(branches) if order else 0, r"\b")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def trie_pattern(pattern: str) -> str:
    """The same matches as Rasa's lookup pattern, found quickly; any other pattern unchanged."""
    names = lookup_names(pattern)
    if names is None or len(names) < _MIN_NAMES:
        return pattern
    body = _regex(_tree(names))
    return pattern if body is None else "(\\b" + body + ")"


def with_trie_patterns(original: Callable) -> Callable:
    """RegexFeaturizer.load, with each big lookup table's pattern as a prefix tree. It keeps load's
    signature: Rasa's graph passes a node's inputs to the constructor by its parameter names."""
    stock = original.__func__  # type: ignore[attr-defined]  # a classmethod object

    @functools.wraps(stock)
    def load(cls: type, *args: Any, **kwargs: Any) -> RegexFeaturizer:
        featurizer = stock(cls, *args, **kwargs)
        if not featurizer.case_sensitive:  # the tree joins names that differ only in case
            for known in featurizer.known_patterns:
                known["pattern"] = trie_pattern(known["pattern"])
        return featurizer
    return classmethod(load)  # type: ignore[return-value]


def install() -> None:
    """Wrap RegexFeaturizer.load (once)."""
    replace_method(RegexFeaturizer, "load", with_trie_patterns)
