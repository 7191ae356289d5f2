#!/usr/bin/env python3
"""Encode every answer unit text for the search by meaning (actions/answer_embeddings.py), `make facts`.

Writes actions/data/answer_embeddings.npz: int8 vectors with a scale per row, the key of each text and
the fingerprint of the facts they were made from. Texts whose vector is already in the file are not
encoded again, so a changed fact costs a second; the first build of all ~14,000 texts takes about 6
minutes (the encoder uses one thread, as in the action server). tests/test_answer_embeddings.py fails
when the file does not fit the facts.

    python scripts/build_embeddings.py [--check]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from actions.answer_embeddings import (  # noqa: E402
    ANSWER,
    EMBEDDINGS_PATH,
    embedding_texts,
    encode_answers,
    encode_questions,
    fingerprint,
    quantise,
    text_key,
)
from actions.facts import get_facts  # noqa: E402

BATCH = 64


def known_vectors(path: Path) -> dict[str, np.ndarray]:
    """The vectors already in the file, by text key."""
    if not path.exists():
        return {}
    stored = np.load(path)
    vectors = stored["vectors"].astype(np.float32) * stored["scales"][:, None]
    return dict(zip((key.decode() for key in stored["keys"].tolist()), vectors, strict=True))


def encode(group_texts: list[tuple[str, str]]) -> dict[tuple[str, str], np.ndarray]:
    """Vectors of (group, text) pairs, in batches, questions and answers each with their own prefix."""
    vectors: dict[tuple[str, str], np.ndarray] = {}
    questions = [pair for pair in group_texts if not pair[0].endswith(ANSWER)]
    answers = [pair for pair in group_texts if pair[0].endswith(ANSWER)]
    for encode_kind, pairs in ((encode_questions, questions), (encode_answers, answers)):
        for start in range(0, len(pairs), BATCH):
            batch = pairs[start:start + BATCH]
            vectors.update(zip(batch, encode_kind([text for _, text in batch]), strict=True))
            print(f"  {len(vectors)} of {len(group_texts)} encoded", flush=True)
    return vectors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the file fits the facts")
    args = parser.parse_args()
    rows = embedding_texts(get_facts())
    expected = fingerprint(rows)
    if EMBEDDINGS_PATH.exists() and str(np.load(EMBEDDINGS_PATH)["fingerprint"]) == expected:
        print(f"{EMBEDDINGS_PATH.name}: up to date ({len(rows)} texts)")
        return 0
    if args.check:
        print(f"{EMBEDDINGS_PATH.name}: does not fit the facts: run make facts")
        return 1
    known = known_vectors(EMBEDDINGS_PATH)
    keys = [text_key(group, text) for _, group, text in rows]
    missing = sorted({(group, text) for (_, group, text), key in zip(rows, keys, strict=True) if key not in known})
    started = time.perf_counter()
    for (group, text), vector in encode(missing).items():
        known[text_key(group, text)] = vector
    vectors, scales = quantise(np.stack([known[key] for key in keys]))
    partial = EMBEDDINGS_PATH.with_suffix(".partial.npz")  # a build stopped half-way leaves the old file whole
    np.savez(partial, vectors=vectors, scales=scales, keys=np.array(keys, dtype="S16"), fingerprint=np.array(expected))
    os.replace(partial, EMBEDDINGS_PATH)
    print(f"{EMBEDDINGS_PATH.name}: {len(rows)} texts, {len(missing)} encoded in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
