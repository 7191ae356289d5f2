"""The index of place names behind the resolver: exact keys, typo-tolerant lookup, matches in a text.

Index entries have a tier: an official Gemeinde or Kreis name beats a well-known
place outside NRW, which beats weaker forms (name variants, short forms, Ortsteile).
Matching looks up exact n-grams (longest first), then fuzzy n-grams (typos).
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from actions.place_names import (
    PAREN_RE,
    PLACE_CUES,
    PLACE_CUES_AFTER,
    STOPWORDS,
    adjectives,
    is_generic,
    name_keys,
    normalize,
)

MAX_NGRAM = 8            # longest key has 6 tokens ("Mülheim an der Ruhr Menden-Holthausen")
FUZZY_CUTOFF = 88.0      # rapidfuzz ratio (Indel-based, 0-100)
FUZZY_PREFILTER = 85.0   # candidates for the one-edit rule below
FUZZY_ONE_EDIT_LEN = 7   # from this length one wrong/swapped letter is accepted ("Dortmunt", "Bottorp")
FUZZY_MIN_LEN = 6        # shorter words are too often real words ("lange" ~ Lage, "Rhein" ~ Rheine)
FUZZY_MIN_LEN_WEAK = 8   # bare Ortsteil names only from this length on (see _build_fuzzy)
FUZZY_MAX_NGRAM = 4      # "Bad Godesbergh", "Mülhiem an der Ruhr"

TIER_OFFICIAL = 0        # Gemeinde/Kreis names, "<Gemeinde>-<Ortsteil>", curated aliases
TIER_OUTSIDE = 1         # well-known places outside NRW (aliases file)
TIER_WEAK = 2            # name variants, short forms, bare Ortsteil names


@dataclass(frozen=True)
class Entry:
    """One meaning of an index key."""
    tier: int
    via: str
    ags: str = ""               # Gemeinde (empty for Kreis-level and outside entries)
    kreis_ags: str = ""         # Kreis-level entries
    ortsteil: str = ""          # Ortsteil name (for the label)
    rank: int = 0               # 0 Gemeinde-level, 1 Kreis, 2 Ortsteil (candidate order)


@dataclass(frozen=True)
class Match:
    """A span of the input that matched index keys, with every meaning of them."""
    entries: tuple[Entry, ...]
    text: str                   # original text span
    pos: int                    # token position (for candidate order)
    fuzzy: bool = False


class PlaceIndex:
    """Search keys of every place name (see module doc); built once from places.json."""

    def __init__(self, places: dict[str, Any], kreise: dict[str, dict], kreis_members: dict[str, list]) -> None:
        self._kreise = kreise
        self._kreis_members = kreis_members
        self.exact: dict[str, list[Entry]] = {}
        self._plain: dict[str, list[Entry]] = {}   # umlauts written without e (Koln)
        self.homonyms = frozenset(key for name in places["aliases"]["homonyms"] for key in name_keys(name))
        self._build_index(places)
        self._first_tokens = frozenset(
            key.split(" ", 1)[0] for index in (self.exact, self._plain) for key in index if " " in key)
        self._build_fuzzy()

    # ------------------------------------------------------------------ building
    def _add(self, name: str, entry: Entry) -> None:
        ae_key, plain_key = name_keys(name)
        if not ae_key:
            return
        # A bare everyday word is not a place ("Mehr", "Ende" are Ortsteile too).
        if entry.tier == TIER_WEAK and " " not in ae_key and ae_key in STOPWORDS:
            return
        self._put(self.exact, ae_key, entry)
        if plain_key != ae_key:
            self._put(self._plain, plain_key, entry)

    @staticmethod
    def _put(index: dict[str, list[Entry]], key: str, entry: Entry) -> None:
        bucket = index.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    def _build_index(self, places: dict[str, Any]) -> None:
        gemeinden_by_ags = {gemeinde["ags"]: gemeinde for gemeinde in places["gemeinden"]}
        for gemeinde in places["gemeinden"]:
            self._add(gemeinde["name"], Entry(TIER_OFFICIAL, "gemeinde", ags=gemeinde["ags"]))
            for form in gemeinde["variants"] + gemeinde["short_forms"] + adjectives(gemeinde["name"]):
                self._add(form, Entry(TIER_WEAK, "alias", ags=gemeinde["ags"]))
        self._index_kreise(places["kreise"], {gemeinde["name"] for gemeinde in places["gemeinden"]})
        self._index_ortsteile(places["ortsteile"], gemeinden_by_ags)
        aliases = places["aliases"]
        for alias, ags in aliases["gemeinde"].items():
            self._add(alias, Entry(TIER_OFFICIAL, "alias", ags=ags))
        for alias, kreis_ags in aliases["kreis"].items():
            self._add(alias, self.kreis_entry(kreis_ags, "alias"))
        for alias, targets in aliases["ambiguous"].items():
            for ags in targets:
                self._add(alias, Entry(TIER_WEAK, "alias", ags=ags))
        for name in aliases["outside_nrw"]:
            self._add(name, Entry(TIER_OUTSIDE, "outside", ortsteil=name))

    def kreis_entry(self, kreis_ags: str, via: str) -> Entry:
        """A kreisfreie Stadt is answered with its Gemeinde, a Kreis at Kreis level."""
        members = self._kreis_members[kreis_ags]
        if self._kreise[kreis_ags]["kreisfrei"] and len(members) == 1:
            return Entry(TIER_OFFICIAL, via, ags=members[0].ags)
        return Entry(TIER_OFFICIAL, via, kreis_ags=kreis_ags, rank=1)

    def _index_kreise(self, kreise: list[dict[str, Any]], gemeinde_names: set[str]) -> None:
        for kreis in kreise:
            if kreis["kreisfrei"]:
                continue  # the city name is already indexed as a Gemeinde
            entry = self.kreis_entry(kreis["kreis_ags"], "kreis")
            self._add(kreis["name"], entry)
            if kreis["name"].startswith("Kreis "):
                self._add("Land" + kreis["name"].lower(), entry)  # "Landkreis Wesel"
            # Bare Destatis name ("Lippe", "Siegen-Wittgenstein") unless it is a Gemeinde
            # ("Wesel" is the town, not the Kreis).
            if kreis["name_amtlich"] not in gemeinde_names:
                self._add(kreis["name_amtlich"], entry)

    def _index_ortsteile(self, ortsteile: list[dict[str, Any]], gemeinden_by_ags: dict[str, dict]) -> None:
        for ortsteil in ortsteile:
            gemeinde = gemeinden_by_ags[ortsteil["gemeinde_ags"]]
            entry = Entry(TIER_OFFICIAL, "ortsteil", ags=gemeinde["ags"], ortsteil=ortsteil["name"], rank=2)
            weak = Entry(TIER_WEAK, "ortsteil", ags=gemeinde["ags"], ortsteil=ortsteil["name"], rank=2)
            hosts = [gemeinde["name"], *gemeinde["variants"], *gemeinde["short_forms"]]
            # "Langenberg (Rheinland)" is said "Langenberg"; very short rests ("Au") only
            # together with the Gemeinde.
            short = PAREN_RE.sub("", ortsteil["name"]).strip()
            for name in dict.fromkeys([ortsteil["name"], short]):
                if normalize(name).startswith(normalize(gemeinde["name"]) + " "):
                    self._add(name, entry)             # "Bochum-Mitte" names its city
                for host in hosts:                     # "Essen-Steele", "Gelsenkirchen Buer"
                    self._add(f"{host} {name}", entry)
                if not is_generic(name) and (name == ortsteil["name"] or len(name) >= 4):
                    self._add(name, weak)

    def _build_fuzzy(self) -> None:
        """Fuzzy choices sorted by length: a ratio >= cutoff bounds the length of a match.

        Bare Ortsteil names and other weak forms take part only if they are long:
        one letter away from a short village name there is nearly always an everyday
        word ("braucht" ~ Bracht, "lange" ~ Langel, "nett" ~ Nette).
        """
        keys = sorted(key for key in self.exact if key not in self.homonyms and (
            len(key) >= FUZZY_MIN_LEN_WEAK or min(entry.tier for entry in self.exact[key]) < TIER_WEAK))
        keys.sort(key=len)
        self._fuzzy_keys = keys
        self._fuzzy_lens = [len(key) for key in keys]
        self._fuzzy_slices: dict[tuple[int, int], list[str]] = {}

    # ------------------------------------------------------------------ exact matches
    def lookup(self, key: str) -> list[Entry] | None:
        """Exact spelling first: "Lohne" is a village, only "Lohne" without a match
        elsewhere would mean Löhne typed without umlaut ("Koln" -> Köln)."""
        return self.exact.get(key) or self._plain.get(key)

    def exact_matches(self, query: str, tokens: list[re.Match], folded: list[str]) -> list[Match]:
        """Longest-first n-gram lookup; a matched token is not reused by shorter n-grams."""
        count = len(folded)
        used = [False] * count
        found: list[Match] = []
        for size in range(min(MAX_NGRAM, count), 0, -1):
            for i in range(count - size + 1):
                if size > 1 and folded[i] not in self._first_tokens:
                    continue
                if any(used[i:i + size]):
                    continue
                key = " ".join(folded[i:i + size])
                entries = self.lookup(key)
                if not entries:
                    continue
                if key in self.homonyms and not _homonym_is_place(i, folded):
                    continue
                used[i:i + size] = [True] * size
                span = query[tokens[i].start():tokens[i + size - 1].end()]
                found.append(Match(tuple(entries), span, i))
        return found

    # ------------------------------------------------------------------ fuzzy matches
    def fuzzy_matches(self, query: str, tokens: list[re.Match], folded: list[str]) -> list[Match]:
        """Best fuzzy hit(s) over n-grams of content words; ties keep all."""
        best_score, best_tier = 0.0, TIER_WEAK + 1
        hits: list[Match] = []
        for i, size, key in _fuzzy_queries(folded):
            for choice, score, _ in self._fuzzy_lookup(key):
                entries = self.exact[choice]
                tier = min(entry.tier for entry in entries)
                span = query[tokens[i].start():tokens[i + size - 1].end()]
                rank = (score, -tier)
                if rank > (best_score, -best_tier):
                    best_score, best_tier, hits = score, tier, []
                if rank == (best_score, -best_tier):
                    hits.append(Match(tuple(entries), span, i, fuzzy=True))
        return hits

    def _fuzzy_lookup(self, key: str) -> list[tuple[str, float, int]]:
        """Choices with ratio >= FUZZY_CUTOFF, or one edit away in longer names.

        Why the one-edit rule: the Indel ratio counts a wrong letter as two edits, so
        "Dortmunt" scores only 87.5; lowering the cutoff instead would also admit
        "Menschen" ~ "Muenchen" (two edits, 87.5).
        """
        ratio = FUZZY_PREFILTER / 100
        shortest = math.ceil(len(key) * ratio / (2 - ratio))
        longest = math.floor(len(key) * (2 - ratio) / ratio)
        hits = process.extract(key, self._fuzzy_slice(shortest, longest), scorer=fuzz.ratio,
                               score_cutoff=FUZZY_PREFILTER, limit=5)
        return [hit for hit in hits if hit[1] >= FUZZY_CUTOFF or (
            len(key) >= FUZZY_ONE_EDIT_LEN and OSA.distance(key, hit[0], score_cutoff=1) <= 1)]

    def _fuzzy_slice(self, shortest: int, longest: int) -> list[str]:
        """Keys with shortest <= len <= longest; memoised because slicing copies the list."""
        choices = self._fuzzy_slices.get((shortest, longest))
        if choices is None:
            choices = self._fuzzy_keys[
                bisect_left(self._fuzzy_lens, shortest):bisect_right(self._fuzzy_lens, longest)]
            self._fuzzy_slices[(shortest, longest)] = choices
        return choices


def _homonym_is_place(i: int, folded: list[str]) -> bool:
    """"Essen" is a place alone, after "in"/"nach"/... or after a PLZ - not in "wir gehen essen"."""
    if len(folded) == 1:
        return True
    before = folded[i - 1] if i > 0 else ""
    after = folded[i + 1] if i + 1 < len(folded) else ""
    return before in PLACE_CUES or before.isdigit() or after in PLACE_CUES_AFTER


def _fuzzy_queries(folded: list[str]) -> Iterable[tuple[int, int, str]]:
    """(token position, n-gram size, key) of every n-gram of content words long enough to fuzz."""
    for i, token in enumerate(folded):
        if token in STOPWORDS or token.isdigit():
            continue
        for size in range(1, FUZZY_MAX_NGRAM + 1):
            last = folded[i + size - 1] if i + size <= len(folded) else None
            if last is None or last in STOPWORDS or last.isdigit():
                continue
            key = " ".join(folded[i:i + size])
            if len(key) >= FUZZY_MIN_LEN:
                yield i, size, key
