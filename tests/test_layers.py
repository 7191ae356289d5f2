"""The layers of actions/ stay visible: rasa_sdk only in actions/sdk/, small modules, every action registered."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml
from rasa_sdk.executor import ActionExecutor

from actions import texts

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
ACTIONS = ROOT / "actions"
SDK = ACTIONS / "sdk"
MAX_MODULE_LINES = 300


def modules(*packages: Path) -> list[Path]:
    return sorted(path for package in packages for path in package.rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (also inside functions and TYPE_CHECKING blocks)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def sdk_imports(path: Path) -> list[str]:
    return sorted(name for name in imported_modules(path) if name.split(".")[0] == "rasa_sdk")


def test_only_the_sdk_package_imports_rasa_sdk():
    offenders = [f"{path.relative_to(ROOT)}: {', '.join(sdk_imports(path))}"
                 for path in modules(ACTIONS) if SDK not in path.parents and sdk_imports(path)]
    assert offenders == [], "rasa_sdk belongs in actions/sdk/ only:\n  " + "\n  ".join(offenders)


def test_the_import_check_sees_the_sdk_glue():
    """The check above must look at something: the glue modules do import rasa_sdk."""
    glue = [path for path in modules(SDK) if path.name != "__init__.py"]
    assert glue and all(sdk_imports(path) for path in glue)


def test_no_module_is_longer_than_300_lines():
    too_long = [f"{path.relative_to(ROOT)}: {lines} lines" for path in modules(ACTIONS, ROOT / "rasa_ext")
                if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert too_long == [], f"modules over {MAX_MODULE_LINES} lines (split them by topic):\n  " + "\n  ".join(too_long)


def test_the_action_server_registers_every_custom_action_of_the_domain():
    """What `rasa run actions --actions actions` does: import the package with its subpackages and
    register every Action subclass. The names must be exactly the domain's custom actions."""
    executor = ActionExecutor()
    executor.register_package("actions")
    registered = {name for name, run in executor.actions.items()
                  if type(run.__self__).__module__.split(".")[0] == "actions"}
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert registered == set(domain["actions"])


def test_every_text_is_reachable_as_actions_texts_name():
    """texts/ is split by topic, but callers (rasa_ext, scripts, tests) write texts.<name>."""
    missing = []
    for path in modules(ACTIONS / "texts"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names = [node.name]
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [target.id for target in targets if isinstance(target, ast.Name)]
            else:
                continue
            missing += [f"{path.name}: {name}" for name in names
                        if not name.startswith("_") and not hasattr(texts, name)]
    assert missing == [], "not re-exported by actions/texts/__init__.py:\n  " + "\n  ".join(missing)
