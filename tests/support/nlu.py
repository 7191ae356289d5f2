"""Read Rasa YAML NLU files the way the tests need them: (intent, example text) pairs."""
from __future__ import annotations

from pathlib import Path

import yaml


def nlu_examples(path: Path) -> list[tuple[str, str]]:
    """Every intent example of `path`, in file order; synonyms, lookups and regexes are left out."""
    pairs = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        if "intent" in block:
            pairs += [(block["intent"], line.strip()[2:]) for line in block["examples"].splitlines()
                      if line.strip().startswith("- ")]
    return pairs
