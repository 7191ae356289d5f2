#!/usr/bin/env python3
"""Build the project's German spaCy pipeline (no pretrained German model exists here).

spacy.blank("de") + the lookup lemmatizer from spacy-lookups-data + an entity ruler
that tags every NRW Gemeinde, Kreis and Ortsteil name as `place` and a 5-digit
number as `plz`. Rasa loads the result by path (config.yml, SpacyNLP `model`).

Usage: python scripts/build_spacy_pipeline.py [--out build/spacy_de_nrw]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Container, Iterable

import spacy
import yaml

REPO = Path(__file__).resolve().parent.parent
PLACES_PATH = REPO / "actions" / "data" / "places.json"
ALIASES_PATH = REPO / "facts_src" / "place_aliases.yml"
DEFAULT_OUT = REPO / "build" / "spacy_de_nrw"
UMLAUT_FOLDS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))


def umlaut_variants(name: str) -> set[str]:
    """Users often type Muenster or Munster for Münster."""
    folded, stripped = name, name
    for umlaut, replacement in UMLAUT_FOLDS:
        folded = folded.replace(umlaut, replacement).replace(umlaut.upper(), replacement.capitalize())
        stripped = stripped.replace(umlaut, replacement[0] if umlaut != "ß" else "ss")
        stripped = stripped.replace(umlaut.upper(), replacement[0].upper())
    return {name, folded, stripped}


def alias_names(aliases: object) -> Iterable[str]:
    """Every string key in the alias file names an NRW place, except the outside-NRW list."""
    if not isinstance(aliases, dict):
        return []
    names: list[str] = []
    for section, content in aliases.items():
        if "outside" in str(section).lower():
            continue
        if isinstance(content, dict):
            names.extend(str(key) for key in content)
    return names


def place_names(places: dict, aliases: object, common_words: Container[str]) -> set[str]:
    names: set[str] = set()
    for gemeinde in places["gemeinden"]:
        names.add(gemeinde["name"])
        names.update(gemeinde.get("variants") or [])
    for kreis in places["kreise"]:
        names.add(kreis["name"])
    for ortsteil in places["ortsteile"]:
        name = ortsteil["name"]
        # Ortsteile named like everyday words ("Quelle", "Ende", "Lohn") would turn
        # ordinary sentences into place mentions; the resolver still knows them.
        if any(char.isdigit() for char in name) or name in common_words or name.lower() in common_words:
            continue
        names.add(name)
    names.update(alias_names(aliases))
    return {variant for name in names for variant in umlaut_variants(name) if len(variant) >= 3}


def build(out_dir: Path) -> Path:
    nlp = spacy.blank("de")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the German lookup table from spacy-lookups-data
    common_words = lemmatizer.lookups.get_table("lemma_lookup")
    places = json.loads(PLACES_PATH.read_text(encoding="utf-8"))
    aliases = yaml.safe_load(ALIASES_PATH.read_text(encoding="utf-8")) if ALIASES_PATH.exists() else {}
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": True})
    patterns = [{"label": "place", "pattern": name} for name in sorted(place_names(places, aliases, common_words))]
    patterns.append({"label": "plz", "pattern": [{"TEXT": {"REGEX": r"^\d{5}$"}}]})
    ruler.add_patterns(patterns)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    nlp.meta.update({"name": "de_nrw", "version": "1.0.0",
                     "description": "Integrationslotse NRW: blank German + lookup lemmatizer + NRW place ruler"})
    nlp.to_disk(out_dir)
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    print(f"wrote {build(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
