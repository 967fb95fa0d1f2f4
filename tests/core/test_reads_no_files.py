"""The core's own modules read no file: the catalog and the rules are handed to them.

`catalog/` and `rules/` load the YAML; the modules beside them (planner, progression, safety,
timeline, progress...) only take what they are given, so the services and adapters decide what
is read and when, and tests pass their own. Checked on the source with `ast`, as
tests/test_architecture.py checks the layers, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "strongback"

#: Top-level modules that are adapters, not core (see PACKAGE_LAYERS in tests/test_architecture.py).
ADAPTERS = {"settings.py", "__main__.py"}

#: What loads the catalog or the rules from disk.
LOADER_MODULES = ("strongback.rules",)
LOADER_NAMES = {"default_catalog", "load_catalog", "load_exercise_files"}
#: What reads a file directly.
FILE_CALLS = {"open", "read_text", "read_bytes", "safe_load", "load"}


def _core_modules() -> list[Path]:
    return [path for path in sorted(PACKAGE.glob("*.py")) if path.name not in ADAPTERS]


def _reads(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(LOADER_MODULES):
                found.append(f"{where} imports {node.module}")
            found += [
                f"{where} imports {node.module}.{alias.name}"
                for alias in node.names
                if alias.name in LOADER_NAMES
            ]
        elif isinstance(node, ast.Import):
            found += [
                f"{where} imports {alias.name}"
                for alias in node.names
                if alias.name.startswith(LOADER_MODULES) or alias.name in {"yaml", "pathlib"}
            ]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in FILE_CALLS:
                found.append(f"{where} calls {name}()")
    return found


def test_the_core_modules_are_found() -> None:
    names = {path.name for path in _core_modules()}
    assert {"planner.py", "progression.py", "safety.py", "timeline.py", "progress.py"} <= names


def test_no_core_module_reads_the_catalog_the_rules_or_any_file() -> None:
    found = [line for path in _core_modules() for line in _reads(path)]
    assert found == [], "the core takes the catalog and rules as inputs:\n" + "\n".join(found)


def test_the_check_sees_a_fallback_that_loads_lazily(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text(
        "def fallback():\n"
        "    from strongback.catalog import default_catalog\n"
        "    from strongback.rules.progression import default_progression_rules\n"
        "    return default_catalog(), default_progression_rules(), open('x')\n"
    )
    assert _reads(module) == [
        "example.py:2 imports strongback.catalog.default_catalog",
        "example.py:3 imports strongback.rules.progression",
        "example.py:4 calls open()",
    ]
