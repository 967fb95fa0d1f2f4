"""Commands that read the knowledge base: exercises, show, catalog check/schema, advice, sports.

Only Typer and the standard library are imported at module level: the catalog (pydantic, YAML) is
loaded when a command runs, so `strongback --help` stays fast. For the same reason the allowed
filter values are spelled out here instead of read from the catalog's enums; a test keeps the two in
step.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from strongback.cli._common import fail, out, print_json

if TYPE_CHECKING:
    from rich.console import RenderableType

    from strongback.catalog import Catalog, Dosage, Exercise, Sides, Source

REGIONS = ("neck", "upper-back", "middle-back", "lower-back", "core", "hips-glutes")
POSITIONS = ("supine", "prone", "quadruped", "kneeling", "standing", "side-lying", "seated")
KINDS = ("strength", "stretch", "mobility", "isometric")
EQUIPMENT = (
    "none",
    "mat",
    "cushion",
    "resistance-band",
    "barbell",
    "pull-up-bar",
    "chair",
    "wall",
)
LEVELS = (1, 2, 3)
SCHEMAS = ("exercise", "article", "sport", "advice", "contraindication", "breathing")

_LEVEL_LABELS = {1: "beginner", 2: "some training", 3: "with a professional"}
_LEVELS_HELP = ", ".join(f"{n} ({label})" for n, label in _LEVEL_LABELS.items())


def _count(n: int) -> str:
    return f"{n} exercise{'s' if n != 1 else ''}"


def _allowed(name: str, values: tuple[str, ...]) -> str:
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


def _catalog() -> Catalog:
    from strongback.catalog import CatalogError, default_catalog

    try:
        return default_catalog()
    except CatalogError as exc:
        fail(f"the built-in catalog is broken (please report this):\n{exc}")


def dosage_text(dosage: Dosage, sides: Sides) -> str:
    """The dose as the plan words it, plus the pace of a moving rep where the card can say it."""
    from strongback.plan import dose_in_words

    words = dose_in_words(dosage, sides)
    if dosage.tempo_seconds:
        words += f"; about {dosage.tempo_seconds:g} s a rep"
    return words


def _source_lines(catalog: Catalog, sources: list[Source]) -> list[str]:
    return [f"{catalog.articles[s.article].title} ({s.where})" for s in sources]


def _exercise_table(exercises: list[Exercise], width: int) -> RenderableType:
    """One row per exercise; below 120 columns the name gives way, since the id spells it out."""
    from rich.table import Table

    with_name = width >= 120
    # Narrow terminals get one value per line, so that "hips-glutes" is never split mid-word.
    join = ", " if with_name else "\n"
    table = Table(
        caption=f"{_count(len(exercises))} · `strongback show ID` prints the full card",
        box=None,
        padding=(0, 1, 0, 0),
        pad_edge=False,
        show_edge=False,
    )
    table.add_column("id", style="bold", no_wrap=True)
    if with_name:
        table.add_column("name")
    table.add_column("position", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("level" if with_name else "lvl", justify="right", no_wrap=True)
    table.add_column("regions", min_width=11)
    table.add_column("equipment", min_width=11, overflow="fold")
    for e in exercises:
        name = [e.name] if with_name else []
        table.add_row(
            e.id,
            *name,
            e.position.value,
            e.kind.value,
            str(int(e.level)),
            join.join(r.value for r in e.regions),
            join.join(q.value for q in e.equipment),
        )
    return table


def _bullets(items: list[str], numbered: bool = False) -> RenderableType:
    """A list whose wrapped lines hang under the text, not under the bullet."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column()
    for index, item in enumerate(items, start=1):
        grid.add_row(f"{index}." if numbered else "•", item)
    return grid


def _entry(title: str, text: str, sources: str, note: str | None = None) -> RenderableType:
    """One piece of advice or one sport: a bold title, then indented text and its source."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    lines = [Text(text)]
    if note:
        lines.append(Text(note))
    lines.append(Text(f"Source: {sources}", style="dim"))
    return Group(Text(title, style="bold"), Padding(Group(*lines), (0, 0, 1, 2), expand=False))


def _card(catalog: Catalog, e: Exercise) -> RenderableType:
    """The whole exercise as a person reads it before trying it: one panel, titled sections."""
    from rich.console import Group
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    def variants(ids: list[str]) -> str:
        return ", ".join(f"{catalog.exercises[i].name} ({i})" for i in ids) or "none"

    facts = [
        ("Position", e.position.label),
        ("Kind", e.kind.value),
        ("Level", f"{int(e.level)} ({_LEVEL_LABELS[int(e.level)]})"),
        ("Regions", ", ".join(r.value for r in e.regions)),
        ("Muscles", ", ".join(e.muscles)),
        ("Equipment", ", ".join(q.value for q in e.equipment)),
        ("Dosage", dosage_text(e.dosage, e.sides)),
    ]
    if e.aliases:
        facts.insert(0, ("Also called", ", ".join(e.aliases)))
    head = Text()
    head.append(e.summary + "\n\n", style="italic")
    width = max(len(label) for label, _ in facts)
    for label, value in facts:
        head.append(f"{label:<{width}}  ", style="bold")
        head.append(value + "\n")

    sections: list[tuple[str, RenderableType]] = [
        ("Steps", _bullets(e.steps, numbered=True)),
        ("Cues", _bullets(e.cues)),
    ]
    if e.mistakes:
        sections.append(("Common mistakes", _bullets(e.mistakes)))
    if e.cautions:
        sections.append(("Cautions", _bullets(e.cautions)))
    if e.contraindications:
        sections.append(("Ask a clinician first if you have", _bullets(e.contraindications)))
    sections.append(
        (
            "Breathing",
            Text(
                f"{e.breathing.cue} In {e.breathing.inhale_seconds:g} s, "
                f"out {e.breathing.exhale_seconds:g} s."
            ),
        )
    )
    if e.article_dosages:
        lines = []
        for d in e.article_dosages:
            text = f"{catalog.articles[d.article].title}: {dosage_text(d.dosage, e.sides)}"
            lines.append(f"{text} ({d.note})" if d.note else text)
        sections.append(("What the articles prescribe", _bullets(lines)))
    sections.append(
        ("Variants", Text(f"Easier: {variants(e.easier)}\nHarder: {variants(e.harder)}"))
    )
    sections.append(("Sources", _bullets(_source_lines(catalog, e.sources))))

    body: list[RenderableType] = [head]
    for title, content in sections:
        body.append(Text(title, style="bold underline"))
        body.append(content)
        body.append(Text())
    return Panel(
        Group(*body),
        title=f"[bold]{escape(e.name)}[/] [dim]({e.id})[/]",
        title_align="left",
        expand=False,
    )


def _check(directory: Path | None) -> None:
    """Validate the built-in catalog, a folder of extra exercises, or a whole catalog root."""
    from strongback.catalog import CatalogError, load_catalog

    root = directory is not None and (directory / "exercises").is_dir()
    root = root and directory is not None and (directory / "knowledge").is_dir()
    try:
        if directory is None:
            catalog = load_catalog()
            message = f"{_count(len(catalog))} OK (built-in catalog)"
        elif root:
            catalog = load_catalog(directory)
            message = f"{_count(len(catalog))} OK (catalog at {directory})"
        else:
            if not directory.is_dir():
                fail(f"{directory}: not a directory")
            catalog = load_catalog(extra_exercise_dirs=[directory])
            added = len(list(directory.glob("*.yaml")))
            message = (
                f"{_count(added)} OK in {directory} "
                f"(checked with the {len(catalog) - added} built-in ones)"
            )
    except CatalogError as exc:
        fail(str(exc))
    out().print(message)


def exercises(
    region: Annotated[list[str] | None, typer.Option(help=_allowed("Body region", REGIONS))] = None,
    position: Annotated[
        list[str] | None, typer.Option(help=_allowed("Starting position", POSITIONS))
    ] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option(help=_allowed("Equipment the exercise uses", EQUIPMENT)),
    ] = None,
    kind: Annotated[list[str] | None, typer.Option(help=_allowed("Kind", KINDS))] = None,
    level: Annotated[
        list[int] | None,
        typer.Option(help=f"Level (repeat for any of): {_LEVELS_HELP}."),
    ] = None,
    search: Annotated[
        str | None, typer.Option(help="Text to find in the names and aliases.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON array of full exercise objects.")
    ] = False,
) -> None:
    """List the exercises in the catalog, optionally filtered."""
    regions = _check_choices("--region", region, REGIONS)
    positions = _check_choices("--position", position, POSITIONS)
    kit = _check_choices("--equipment", equipment, EQUIPMENT)
    kinds = _check_choices("--kind", kind, KINDS)
    levels = set(level or ())
    if levels - set(LEVELS):
        unknown = sorted(levels - set(LEVELS))[0]
        fail(f"--level: unknown value {unknown}; choose from {_LEVELS_HELP}")
    from strongback.catalog._search import select

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
        print_json([e.model_dump(mode="json") for e in found])
    elif not found:
        out().print("No exercises match those filters.")
    else:
        console = out()
        console.print(_exercise_table(found, console.width))


def show(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise id or name.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the exercise as a JSON object.")
    ] = False,
) -> None:
    """Show an exercise's full card: steps, dosage, cues, cautions, variants and sources."""
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
    if as_json:
        print_json(exercise.model_dump(mode="json"))
    else:
        out().print(_card(catalog, exercise))


def advice(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Everyday advice for a healthy back, with its sources."""

    catalog = _catalog()
    if as_json:
        print_json([a.model_dump(mode="json") for a in catalog.advice])
        return
    console = out()
    for item in catalog.advice:
        sources = "; ".join(_source_lines(catalog, item.sources))
        console.print(_entry(item.topic, item.text, sources))


def sports(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Sports that strengthen the back, why they help, with their sources."""

    catalog = _catalog()
    if as_json:
        print_json([s.model_dump(mode="json") for s in catalog.sports])
        return
    console = out()
    for sport in catalog.sports:
        sources = "; ".join(_source_lines(catalog, sport.sources))
        console.print(_entry(sport.name, sport.why, sources, sport.note))


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
