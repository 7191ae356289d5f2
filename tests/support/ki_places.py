"""The KI finder's places for the sweeps (tests/test_ki_sweep.py) and the REST sample (tests/test_rest_e2e.py).

Every Gemeinde is asked for by name, every PLZ that lies within one Kreis by number; the reply must
name `das Kommunale Integrationszentrum {region}.`. The REST tests send a deterministic sample of 20
each: every k-th place plus the awkward ones.
"""
from __future__ import annotations

import json
from collections import Counter
from functools import cache

from actions.facts import get_facts
from actions.places import Gemeinde, get_resolver
from tests.support.servers import REPO

SAMPLE_SIZE = 20


def gemeinde_question(name: str) -> str:
    return f"Welches Integrationszentrum ist für {name} zuständig?"


def plz_message(plz: str) -> str:
    return f"ich wohne in {plz}"


def expected_reply(ki_id: str) -> str:
    """The sentence part that names the responsible KI."""
    return f"das Kommunale Integrationszentrum {get_facts()['kis'][ki_id]['region']}."


@cache
def gemeinden() -> tuple[Gemeinde, ...]:
    return get_resolver().gemeinden()


@cache
def single_kreis_plz() -> tuple[tuple[str, str], ...]:
    """(PLZ, KI id) of every PLZ whose Gemeinden all belong to one KI, sorted by PLZ."""
    places = json.loads((REPO / "actions" / "data" / "places.json").read_text(encoding="utf-8"))
    resolver = get_resolver()
    pairs = []
    for plz, entries in sorted(places["plz"].items()):
        ki_ids = {g.ki_id if (g := resolver.gemeinde(entry["ags"])) else "unknown AGS" for entry in entries}
        if len(ki_ids) == 1:
            pairs.append((plz, ki_ids.pop()))
    return tuple(pairs)


def _fill(awkward: list, everything: list, size: int = SAMPLE_SIZE) -> list:
    """The awkward items first (no duplicates), then every k-th item until `size`."""
    chosen = list(dict.fromkeys(awkward))[:size]
    step = max(1, len(everything) // size)
    for item in everything[::step]:
        if len(chosen) == size:
            break
        if item not in chosen:
            chosen.append(item)
    return chosen


def _smallest_and_largest(ki_of: list[str]) -> tuple[str, str]:
    sizes = Counter(ki_of)
    return min(sizes, key=lambda k: (sizes[k], k)), max(sizes, key=lambda k: (sizes[k], k))


def gemeinde_sample() -> list[Gemeinde]:
    """20 Gemeinden: Mülheim an der Ruhr, the first with an umlaut or ß, with a hyphen, with a space,
    one of the KI with the fewest and one of the KI with the most Gemeinden; then every k-th."""
    everything = list(gemeinden())
    smallest, largest = _smallest_and_largest([g.ki_id for g in everything])
    awkward = [g for g in everything if g.name == "Mülheim an der Ruhr"]
    for test in (lambda g: any(c in g.name for c in "äöüÄÖÜß"), lambda g: "-" in g.name,
                 lambda g: " " in g.name and g.name != "Mülheim an der Ruhr",
                 lambda g: g.ki_id == smallest, lambda g: g.ki_id == largest):
        awkward += [next(g for g in everything if test(g))]
    return _fill(awkward, everything)


def plz_sample() -> list[tuple[str, str]]:
    """20 single-Kreis PLZ: the lowest and highest, one of the KI with the fewest and one of the KI with
    the most such PLZ; then every k-th."""
    everything = list(single_kreis_plz())
    smallest, largest = _smallest_and_largest([ki for _, ki in everything])
    awkward = [everything[0], everything[-1], next(p for p in everything if p[1] == smallest),
               next(p for p in everything if p[1] == largest)]
    return _fill(awkward, everything)
