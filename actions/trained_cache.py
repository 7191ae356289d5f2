"""What the action server computes from the facts at start, kept on disk for the next start.

Training the answer classifier (about 14 s) and the hubness of the search by meaning (about 9 s) made every
start of the action server take 23 s, in each test fixture and each replica. Both depend only on the facts and
the code's settings, so they are stored as plain arrays (numpy's .npz, no pickle: nothing in the folder can run
code) under a key of everything they were computed from. A file with another key is computed again and replaced.
The folder is not committed (.gitignore); the action server's image fills it at build (deploy/Dockerfile.actions).
When it cannot be written (a read-only file system), the server computes as before and says so once in the log.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

CACHE_DIR = Path(__file__).parent / "data" / "trained"
KEY = "key"  # the array that holds the key inside each file


def key_of(parts: Iterable[str]) -> str:
    """One key for everything a result was computed from."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def load(name: str, key: str) -> dict[str, np.ndarray] | None:
    """The arrays stored under `name` when they were computed from the same `key`, else None."""
    path = CACHE_DIR / f"{name}.npz"
    try:
        with np.load(path, allow_pickle=False) as stored:
            if str(stored[KEY]) != key:
                return None
            return {item: stored[item] for item in stored.files if item != KEY}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as error:  # a damaged or foreign file: compute again
        logger.warning("stored %s not readable (%s): computing it", name, error)
        return None


def save(name: str, key: str, arrays: Mapping[str, np.ndarray]) -> None:
    """Store the arrays under `name`; written whole or not at all (servers starting at once may both write)."""
    folder = CACHE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=f".{name}-", suffix=".npz", dir=folder)
    except OSError as error:
        logger.info("could not keep %s for the next start (%s)", name, error)
        return
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(file, **{KEY: np.array(key)}, **arrays)
        os.chmod(partial, 0o644)  # mkstemp's 0600 would hide it from the image's unprivileged user
        os.replace(partial, folder / f"{name}.npz")
    except OSError as error:
        Path(partial).unlink(missing_ok=True)
        logger.info("could not keep %s for the next start (%s)", name, error)


def kept_or_computed(name: str | None, key_parts: Callable[[], Iterable[str]],
                     compute: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """What the last start stored under `name` from the same key parts, else compute() and store it.
    name None: compute, keep nothing, and skip the key (a development split's index is built without some questions)."""
    if name is None:
        return compute()
    key = key_of(key_parts())
    stored = load(name, key)
    if stored is None:
        stored = compute()
        save(name, key, stored)
    return stored
