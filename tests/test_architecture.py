"""Arrows point inward: the layer rules of ARCHITECTURE.md, checked on the source.

Every module under src/strongback is parsed with `ast`, never imported, so every import counts:
at the top, inside a function (the lazy ones), and under `if TYPE_CHECKING:`.

The layers (`PACKAGE_LAYERS`, and the top-level modules):

- core: the package's own *.py modules, `catalog/` and `rules/`. Pure: it imports the core, the
  standard library, pydantic and yaml, and nothing else: no adapter, no use case, no framework
  (FastAPI, Starlette, SQLAlchemy, Alembic, Typer, Rich, Jinja2, OpenCV, MediaPipe, NumPy,
  WeasyPrint, CairoSVG, Uvicorn... are all outside the list, and so is any other package).
- services: the use cases. They import the core and each other; the store only as a type.
- adapters: cli/, web/, store/, render/, coach/, settings.py and __main__.py. Nothing here limits
  them: they may import anything inward.

Why the store may appear under TYPE_CHECKING in services: a use case is handed an open
`Repository` and says so in its signature, which needs the class as a type; at run time it only
calls the object it was handed, so it depends on the repository's methods, not on SQLAlchemy.
A runtime import of the store (even inside a function) is a real arrow outward and fails. A type
import of any other adapter fails too: the core has no business naming the camera or the web.

`ALLOWED` lists the known exceptions, each with its reason; an entry that no longer matches an
import fails, so it is removed once fixed.

Private modules stay private: a module named `_x` inside a package (`services`, `store`, `web`,
`coach`, `catalog`...) is imported only from within that package; everyone else imports what the
package re-exports (`from strongback import services`, `strongback.store.Repository`). The
core's own private modules (`strongback._adherence`) are imported only by the core, which
re-exports them (`strongback.progress`, `strongback.planner`). `PRIVATE_ALLOWED` lists the
exceptions, with their reasons, as `ALLOWED` does. And the web's template globals are registered
in `web/_templates.py` alone, so no page renders differently for which modules happen to be
imported.

What this test does not check: that `strongback --help` stays fast by importing web, database and
camera modules only inside commands. That is a run-time property of the CLI (an adapter may
import those, just lazily), and tests/test_startup.py checks it in a fresh interpreter.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# The rules, as data.

CORE, SERVICES, ADAPTER = "core", "services", "adapter"

#: The layer of each sub-package and of the top-level modules that are not core.
PACKAGE_LAYERS = {
    "catalog": CORE,
    "rules": CORE,
    "services": SERVICES,
    "cli": ADAPTER,
    "web": ADAPTER,
    "store": ADAPTER,
    "render": ADAPTER,
    "coach": ADAPTER,
    "settings": ADAPTER,  # reads the environment and the disk; uses SQLAlchemy's URL parser
    "__main__": ADAPTER,  # `python -m strongback`: the CLI's entry point
}


@dataclass(frozen=True)
class Rule:
    may_import: frozenset[str]  # strongback layers imported at run time
    third_party: frozenset[str]  # top-level packages beyond the standard library
    types_from: frozenset[str] = frozenset()  # strongback packages allowed under TYPE_CHECKING
    says: str = ""


#: What each inner layer may import. Adapters have no row: they import inward freely.
RULES = {
    CORE: Rule(
        may_import=frozenset({CORE}),
        third_party=frozenset({"pydantic", "yaml"}),
        says="the core imports only the core, pydantic and yaml",
    ),
    SERVICES: Rule(
        may_import=frozenset({CORE, SERVICES}),
        third_party=frozenset({"pydantic", "yaml"}),
        types_from=frozenset({"strongback.store"}),
        says="services import the core and services, and the store only as a type",
    ),
}

#: Known exceptions: (importing module, imported module) -> why it stays for now. None at present:
#: the last two, services raising the store's NotFound, went once the error moved to the core.
ALLOWED: dict[tuple[str, str], str] = {}

#: Known imports of another package's private module: (importing module, private module) -> why.
PRIVATE_ALLOWED: dict[tuple[str, str], str] = {
    ("strongback.cli.coach_commands", "strongback.coach._video"): (
        "the video sources need OpenCV, the optional camera extra, so `strongback.coach` (which "
        "must import without it) cannot re-export them; making `_video` public, as `pose` and "
        "`live` are, would remove this"
    ),
    ("strongback.coach.web", "strongback.web._state"): (
        "the camera's WebSocket route lives in the coach package but is mounted by the web app "
        "and reads the app's state as the pages do (a type-only import); moving the route into "
        "web/ would remove this"
    ),
}

#: The one module that registers the web's Jinja globals.
TEMPLATE_GLOBALS_MODULE = "strongback.web._templates"

# ---------------------------------------------------------------------------------------------
# Reading the source.

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "strongback"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str | None:
    """The layer of a strongback module; None for a sub-package the table does not place."""
    parts = module.split(".")
    if len(parts) == 1:
        return CORE  # the package's __init__: the version and the safety notices
    if parts[1] in PACKAGE_LAYERS:
        return PACKAGE_LAYERS[parts[1]]
    return CORE if (PACKAGE / f"{parts[1]}.py").is_file() else None


@dataclass(frozen=True)
class Import:
    target: str  # the module imported from, e.g. "strongback.coach" or "fastapi"
    thing: str  # what was imported, e.g. "strongback.coach.set_record"
    line: int
    type_only: bool  # under `if TYPE_CHECKING:`


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_in(source: str, module: str, *, is_package: bool = False) -> list[Import]:
    """Every import in a module's source, wherever it sits."""
    found: list[Import] = []
    own_package = module if is_package else module.rpartition(".")[0]

    def absolute(node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        base = own_package.split(".")[: len(own_package.split(".")) - node.level + 1]
        return ".".join([*base, node.module] if node.module else base)

    def visit(node: ast.AST, type_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for statement in node.body:
                visit(statement, True)
            for statement in node.orelse:
                visit(statement, type_only)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(alias.name, alias.name, node.lineno, type_only))
        elif isinstance(node, ast.ImportFrom):
            source_module = absolute(node)
            for alias in node.names:
                submodule = f"{source_module}.{alias.name}"
                target = submodule if submodule in MODULES else source_module
                found.append(Import(target, submodule, node.lineno, type_only))
        for child in ast.iter_child_nodes(node):
            visit(child, type_only)

    visit(ast.parse(source), False)
    return found


def broken_rule(importer: str, imported: Import) -> str | None:
    """Why this import breaks its module's layer rule, or None when it keeps it."""
    rule = RULES.get(layer_of(importer) or "")
    if rule is None:
        return None
    top = imported.target.split(".")[0]
    if top == "__future__" or (top in sys.stdlib_module_names and top != "strongback"):
        return None
    if top != "strongback":
        return None if top in rule.third_party else rule.says
    if layer_of(imported.target) in rule.may_import:
        return None
    in_types_from = any(
        imported.target == package or imported.target.startswith(package + ".")
        for package in rule.types_from
    )
    if imported.type_only and in_types_from:
        return None
    return rule.says


def violations() -> tuple[list[str], set[tuple[str, str]]]:
    """The broken rules, as `module: imports thing (rule)` lines, and the ALLOWED entries used."""
    broken: list[str] = []
    used: set[tuple[str, str]] = set()
    for module, path in MODULES.items():
        for imported in imports_in(
            path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py"
        ):
            why = broken_rule(module, imported)
            if why is None:
                continue
            target_package = _allowed_key(module, imported.target)
            if target_package is not None:
                used.add(target_package)
                continue
            where = "line {}{}".format(imported.line, ", type only" if imported.type_only else "")
            broken.append(f"{module}: imports {imported.thing} ({why}; {where})")
    return broken, used


def _allowed_key(module: str, target: str) -> tuple[str, str] | None:
    for importer, imported in ALLOWED:
        if module == importer and (target == imported or target.startswith(imported + ".")):
            return importer, imported
    return None


def private_owner(target: str) -> str | None:
    """The package a private module belongs to ("strongback" for the core's own), or None when
    `target` is public: `strongback.web.api._errors` is the web package's."""
    parts = target.split(".")
    if parts[0] != "strongback":
        return None
    for depth, part in enumerate(parts[1:], start=1):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[: min(depth, 2)])
    return None


def reaches_into(importer: str, target: str) -> bool:
    """Whether `importer` imports a private module of a package it is not part of."""
    owner = private_owner(target)
    if owner is None:
        return False
    if owner == "strongback":  # the core's private modules: the core's alone
        return layer_of(importer) != CORE
    return not (importer == owner or importer.startswith(owner + "."))


def private_imports() -> tuple[list[str], set[tuple[str, str]]]:
    """Imports of another package's private modules, and the PRIVATE_ALLOWED entries used."""
    broken: list[str] = []
    used: set[tuple[str, str]] = set()
    for module, path in MODULES.items():
        for imported in imports_in(
            path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py"
        ):
            if not reaches_into(module, imported.target):
                continue
            key = (module, imported.target)
            if key in PRIVATE_ALLOWED:
                used.add(key)
                continue
            public = private_owner(imported.target)
            broken.append(
                f"{module}: imports {imported.thing} (line {imported.line}); import it from "
                f"{'the core module that re-exports it' if public == 'strongback' else public}"
            )
    return broken, used


def registers_template_globals(source: str) -> list[int]:
    """The lines where a module touches a `globals` attribute: a Jinja environment's, however
    it was reached."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "globals"
    ]


# ---------------------------------------------------------------------------------------------
# The tests.


def test_every_package_has_a_layer() -> None:
    unplaced = sorted(module for module in MODULES if layer_of(module) is None)
    assert unplaced == [], (
        "add these to PACKAGE_LAYERS in tests/test_architecture.py: " + ", ".join(unplaced)
    )


def test_arrows_point_inward() -> None:
    broken, _ = violations()
    assert broken == [], "layer rules broken (see ARCHITECTURE.md):\n" + "\n".join(broken)


def test_every_allowed_exception_is_still_needed() -> None:
    _, used = violations()
    stale = sorted(f"{importer} -> {imported}" for importer, imported in set(ALLOWED) - used)
    assert stale == [], "remove these fixed entries from ALLOWED: " + ", ".join(stale)


def test_the_reader_sees_lazy_type_only_and_relative_imports() -> None:
    """The rules are only as good as the reader: it must not miss the imports that hide."""
    source = """
from __future__ import annotations
import typing
from typing import TYPE_CHECKING
from strongback.records import SetRecord
from . import records
if TYPE_CHECKING:
    from strongback.store import Repository
else:
    import json
if typing.TYPE_CHECKING:
    import fastapi
def later():
    from strongback.coach import set_record
    import cv2
"""
    seen = {
        (found.thing, found.type_only)
        for found in imports_in(source, "strongback.services._example")
    }
    assert {
        ("strongback.records.SetRecord", False),
        ("strongback.services.records", False),
        ("strongback.store.Repository", True),
        ("json", False),
        ("fastapi", True),
        ("strongback.coach.set_record", False),
        ("cv2", False),
    } <= seen


def test_the_rules_catch_what_they_forbid() -> None:
    def why(importer: str, target: str, *, type_only: bool = False) -> str | None:
        return broken_rule(importer, Import(target, target, 1, type_only))

    assert why("strongback.planner", "fastapi") is not None
    assert why("strongback.planner", "numpy") is not None
    assert why("strongback.catalog._loader", "yaml") is None
    assert why("strongback.planner", "strongback.coach") is not None
    assert why("strongback.planner", "strongback.services") is not None
    assert why("strongback.planner", "strongback.settings") is not None
    assert why("strongback.planner", "strongback.store", type_only=True) is not None
    assert why("strongback.services._coached", "strongback.coach") is not None
    assert why("strongback.services._coached", "strongback.coach", type_only=True) is not None
    assert why("strongback.services._coached", "strongback.store") is not None
    assert why("strongback.services._coached", "strongback.store", type_only=True) is None
    assert why("strongback.services._coached", "strongback.coached_set") is None
    assert why("strongback.services._coached", "sqlalchemy") is not None
    assert why("strongback.web._app", "fastapi") is None  # adapters are free


def test_no_module_imports_another_package_s_private_modules() -> None:
    broken, _ = private_imports()
    assert broken == [], "private modules imported from outside their package:\n" + "\n".join(
        broken
    )


def test_every_private_exception_is_still_needed() -> None:
    _, used = private_imports()
    stale = sorted(
        f"{importer} -> {imported}" for importer, imported in set(PRIVATE_ALLOWED) - used
    )
    assert stale == [], "remove these fixed entries from PRIVATE_ALLOWED: " + ", ".join(stale)


def test_the_private_rule_knows_whose_module_is_whose() -> None:
    assert reaches_into("strongback.web.pages.progress", "strongback.services._function")
    assert reaches_into("strongback.progress", "strongback.services._function")
    assert reaches_into("strongback.cli.app", "strongback.store._repository")
    assert reaches_into("strongback.cli.app", "strongback._adherence")
    assert reaches_into("strongback.planner", "strongback.catalog._loader")
    assert not reaches_into("strongback.services._plans", "strongback.services._function")
    assert not reaches_into("strongback.services", "strongback.services._function")
    assert not reaches_into("strongback.web._app", "strongback.web.api._errors")
    assert not reaches_into("strongback.progress", "strongback._adherence")
    assert not reaches_into("strongback.catalog.search", "strongback._plan_select")
    assert not reaches_into("strongback.cli.app", "strongback.services")
    assert not reaches_into("strongback.__main__", "strongback.cli.app")


def test_only_the_template_module_registers_template_globals() -> None:
    """A page module that adds a global when imported makes other pages depend on import order
    (exercise.html asked `camera_coach_installed()` only once pages/coach.py had run)."""
    registering = {
        module: lines
        for module, path in MODULES.items()
        if (lines := registers_template_globals(path.read_text(encoding="utf-8")))
    }
    assert registering == {TEMPLATE_GLOBALS_MODULE: registering.get(TEMPLATE_GLOBALS_MODULE)}
    assert registering[TEMPLATE_GLOBALS_MODULE], "the globals are registered in one place"
    assert registers_template_globals("templates.env.globals.update(x=1)\n") == [1]
    assert registers_template_globals("env = templates.env\nenv.globals['x'] = 1\n") == [2]


def test_the_cli_startup_rule_is_checked_elsewhere() -> None:
    """Lazy imports in the CLI are tests/test_startup.py's business: keep it there."""
    startup = Path(__file__).with_name("test_startup.py").read_text(encoding="utf-8")
    assert "def test_help_imports_no_web_database_or_camera_module" in startup
