"""Commands that read the knowledge base: exercises, show, catalog check/schema, advice, sports.

Only Typer and the standard library are imported at module level: the catalog (pydantic, YAML) is
loaded when a command runs, so `strongback --help` stays fast. For the same reason the allowed
filter values and their plain words come from `strongback.catalog_words` (bare strings, the cards'
words too) instead of the catalog's enums; a test keeps the two in step. The cards, the table and
the entries are drawn by `_catalog_view`, which other commands can reuse.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from strongback.catalog_words import (
    EQUIPMENT_LABELS,
    LEVEL_LABELS,
    POSITION_LABELS,
    REGION_LABELS,
)
from strongback.cli._catalog_view import (
    card,
    dosage_text,
    entry,
    exercise_count,
    exercise_table,
    source_lines,
)
from strongback.cli._common import fail, out, print_json, safety_footer

if TYPE_CHECKING:
    from strongback.catalog import Catalog, Exercise, Region

REGIONS = tuple(REGION_LABELS)
# The answers file's words for the same regions; catalog.search.REGION_ALIASES maps them.
REGION_ALIASES = ("upper", "middle", "lower")
POSITIONS = tuple(POSITION_LABELS)
KINDS = ("strength", "stretch", "mobility", "isometric")
EQUIPMENT = tuple(EQUIPMENT_LABELS)
LEVELS = (1, 2, 3)
SCHEMAS = ("exercise", "article", "sport", "advice", "contraindication", "breathing")

_LEVELS_HELP = ", ".join(f"{n} ({label})" for n, label in LEVEL_LABELS.items())


def _allowed(name: str, values: tuple[str, ...]) -> str:
    return f"{name} (repeat for any of): {', '.join(values)}."


def _worded(name: str, words: dict[str, str]) -> str:
    """The values with the cards' words for them where these differ: `prone (lying on your
    stomach)`, so the help reads as plainly as the card while the values stay the options."""
    values = (v if v == w else f"{v} ({w})" for v, w in words.items())
    return f"{name} (repeat for any of): {', '.join(values)}."


def _check_choices(option: str, given: list[str] | None, allowed: tuple[str, ...]) -> set[str]:
    """The given values as a set, or a clear error naming the allowed ones."""
    chosen = set(given or ())
    unknown = sorted(chosen - set(allowed))
    if unknown:
        fail(
            f"{option}: unknown value {', '.join(repr(u) for u in unknown)}; "
            f"choose from {', '.join(allowed)}"
        )
    return chosen


def _regions(given: list[str] | None) -> set[Region]:
    """The regions asked for, in the catalog's or the answers file's words, or a clear error."""
    from strongback.catalog.search import accepted_regions, region_named

    chosen, unknown = set(), []
    for name in given or ():
        try:
            chosen.add(region_named(name))
        except ValueError:
            unknown.append(name)
    if unknown:
        fail(
            f"--region: unknown value {', '.join(repr(u) for u in sorted(unknown))}; "
            f"choose from {accepted_regions()}"
        )
    return chosen


def _catalog() -> Catalog:
    from strongback.catalog import CatalogError, default_catalog

    try:
        return default_catalog()
    except CatalogError as exc:
        fail(f"the built-in catalog is broken (please report this):\n{exc}")


def _check(directory: Path | None) -> None:
    """Validate the built-in catalog, a folder of extra exercises, or a whole catalog root."""
    from strongback.catalog import CatalogError, load_catalog

    root = directory is not None and (directory / "exercises").is_dir()
    root = root and directory is not None and (directory / "knowledge").is_dir()
    try:
        if directory is None:
            catalog = load_catalog()
            message = f"{exercise_count(len(catalog))} OK (built-in catalog)"
        elif root:
            catalog = load_catalog(directory)
            message = f"{exercise_count(len(catalog))} OK (catalog at {directory})"
        else:
            if not directory.is_dir():
                fail(f"{directory}: not a directory")
            catalog = load_catalog(extra_exercise_dirs=[directory])
            added = len(list(directory.glob("*.yaml")))
            message = (
                f"{exercise_count(added)} OK in {directory} "
                f"(checked with the {exercise_count(len(catalog) - added)} built in)"
            )
    except CatalogError as exc:
        fail(str(exc))
    out().print(message)


def exercises(
    region: Annotated[
        list[str] | None,
        typer.Option(
            metavar="REGION",
            help=_worded("Body region", REGION_LABELS)[:-1]
            + f"; or as in the answers file: {', '.join(REGION_ALIASES)}.",
        ),
    ] = None,
    position: Annotated[
        list[str] | None,
        typer.Option(metavar="POSITION", help=_worded("Starting position", POSITION_LABELS)),
    ] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option(
            metavar="EQUIPMENT",
            help=_worded("Equipment the exercise uses", EQUIPMENT_LABELS)[:-1]
            + "; none lists all that need nothing special (a mat, carpet or blanket, a chair, a "
            "cushion and a bit of wall are everyday things).",
        ),
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option(metavar="KIND", help=_allowed("Kind", KINDS))
    ] = None,
    level: Annotated[
        list[int] | None,
        typer.Option(metavar="LEVEL", help=f"Level (repeat for any of): {_LEVELS_HELP}."),
    ] = None,
    search: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Text to find in the names and aliases.")
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print JSON: the full exercise objects under `exercises`, and `safety_notice`.",
        ),
    ] = False,
) -> None:
    """List the exercises in the catalog, optionally filtered."""
    regions = _regions(region)
    positions = _check_choices("--position", position, POSITIONS)
    kit = _check_choices("--equipment", equipment, EQUIPMENT)
    kinds = _check_choices("--kind", kind, KINDS)
    levels = set(level or ())
    if levels - set(LEVELS):
        unknown = sorted(levels - set(LEVELS))[0]
        fail(f"--level: unknown value {unknown}; choose from {_LEVELS_HELP}")
    from strongback.catalog.search import select

    catalog = _catalog()
    found = select(
        catalog,
        text=search,
        regions=regions,
        positions=positions,
        equipment=kit,
        kinds=kinds,
        levels=levels,
    )
    if as_json:
        print_json(_with_notice({"exercises": [e.model_dump(mode="json") for e in found]}))
    elif not found:
        out().print("No exercises match those filters.")
    else:
        console = out()
        console.print(exercise_table(found, console.width))
        safety_footer(console)


def _with_notice(data: dict[str, Any]) -> dict[str, Any]:
    """JSON that tells how to exercise carries the safety notice, as the plan's JSON does."""
    from strongback import SAFETY_NOTICE

    return {**data, "safety_notice": SAFETY_NOTICE}


def show(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise id or name.")],
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the exercise as a JSON object, with `safety_notice`."),
    ] = False,
    figure: Annotated[
        Path | None,
        typer.Option(
            "--figure",
            metavar="FILE.svg",
            help="Also write the exercise's figure, animated between its key poses, as SVG.",
        ),
    ] = None,
) -> None:
    """Show an exercise's full card: steps, dosage, cues, cautions, variants and sources."""
    if figure is not None and figure.suffix.lower() != ".svg":
        fail(f"--figure: {figure} must end in .svg")
    catalog = _catalog()
    exercise = catalog.find(exercise_id)
    if exercise is None:
        close = catalog.suggest(exercise_id)
        names = ", ".join(f"{e.id} ({e.name})" for e in close)
        hint = f"; did you mean {names}?" if close else ""
        fail(
            f"no exercise '{exercise_id}'{hint} "
            "(`strongback exercises --search TEXT` finds exercises by name)"
        )
    if figure is not None:
        _write_figure(exercise, figure)
    if as_json:
        print_json(_with_notice(exercise.model_dump(mode="json")))
    else:
        console = out()
        console.print(card(catalog, exercise))
        safety_footer(console)
        if figure is not None:
            console.print(f"Figure written to {figure}")


def _write_figure(exercise: Exercise, path: Path) -> None:
    from strongback.render.figures import write_figure

    try:
        write_figure(exercise, path)
    except ValueError as error:  # an exercise from an extension may have no key poses
        fail(f"--figure: {error}")
    except OSError as error:
        fail(f"--figure: cannot write {path}: {error.strerror or error}")


def advice(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON: `advice` and `safety_notice`.")
    ] = False,
) -> None:
    """Everyday advice for a healthy back, with its sources."""

    catalog = _catalog()
    if as_json:
        print_json(_with_notice({"advice": [a.model_dump(mode="json") for a in catalog.advice]}))
        return
    console = out()
    for item in catalog.advice:
        sources = "; ".join(source_lines(catalog, item.sources))
        console.print(entry(item.topic, item.text, sources))
    safety_footer(console)


def sports(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON: `sports` and `safety_notice`.")
    ] = False,
) -> None:
    """Sports that strengthen the back, why they help, with their sources."""

    catalog = _catalog()
    if as_json:
        print_json(_with_notice({"sports": [s.model_dump(mode="json") for s in catalog.sports]}))
        return
    console = out()
    for sport in catalog.sports:
        sources = "; ".join(source_lines(catalog, sport.sources))
        console.print(entry(sport.name, sport.why, sources, sport.note))
    safety_footer(console)


def check(
    directory: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help=(
                "A folder of extra exercise YAML files, checked together with the built-in "
                "catalog (they may link to built-in exercises; an id or name that clashes "
                "with a built-in one is a duplicate). A folder holding exercises/ and "
                "knowledge/ is checked as a whole catalog instead. Default: the built-in "
                "catalog."
            ),
        ),
    ] = None,
) -> None:
    """Validate catalog files: every broken file, field and reason, exit 1 if any."""
    _check(directory)


def schema(
    what: Annotated[
        str,
        typer.Argument(help=f"Which file's schema: {', '.join(SCHEMAS)}."),
    ] = "exercise",
) -> None:
    """Print the JSON Schema of a catalog file (default: one exercise YAML)."""
    from pydantic import BaseModel, TypeAdapter

    from strongback import catalog as models

    if what not in SCHEMAS:
        fail(f"unknown schema '{what}'; choose from {', '.join(SCHEMAS)}")
    models_by_name: dict[str, type[BaseModel]] = {
        "exercise": models.Exercise,
        "article": models.Article,
        "sport": models.Sport,
        "advice": models.Advice,
        "contraindication": models.Contraindication,
        "breathing": models.BreathingRule,
    }
    model = models_by_name[what]
    # The knowledge files hold lists of entries; the schema describes the file as written.
    if what in ("article", "sport", "advice", "contraindication"):
        print_json(TypeAdapter(list[model]).json_schema())  # type: ignore[valid-type]
    else:
        print_json(model.model_json_schema())


def register(app: typer.Typer) -> None:
    """Add the knowledge-base commands, and the `catalog` group for people who extend it."""
    for command in (exercises, show, advice, sports):
        app.command()(command)
    catalog_app = typer.Typer(
        name="catalog",
        help="Check catalog files and print their schema, for people who extend the catalog.",
        no_args_is_help=True,
    )
    catalog_app.command()(check)
    catalog_app.command()(schema)
    app.add_typer(catalog_app)


__all__ = [
    "EQUIPMENT",
    "KINDS",
    "LEVELS",
    "POSITIONS",
    "REGIONS",
    "REGION_ALIASES",
    "SCHEMAS",
    "advice",
    "check",
    "dosage_text",
    "exercises",
    "register",
    "schema",
    "show",
    "sports",
]
