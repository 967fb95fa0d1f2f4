"""How the knowledge base looks in the terminal: exercise cards, the exercise table, entries.

Private to the CLI, and shared: any command that shows an exercise, a piece of advice or a sport
draws it with these functions. Only the standard library is imported at module level; Rich and
the plan's wording are imported when something is drawn, so importing this stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strongback.catalog_words import LEVEL_LABELS
from strongback.cli._common import plural

if TYPE_CHECKING:
    from rich.console import RenderableType

    from strongback.catalog import Catalog, Dosage, Equipment, Exercise, Sides, Source


def exercise_count(n: int) -> str:
    return plural(n, "exercise")


def dosage_text(dosage: Dosage, sides: Sides) -> str:
    """The dose as the plan words it, plus the pace of a moving rep where the card can say it."""
    from strongback.plan import dose_in_words

    words = dose_in_words(dosage, sides)
    if dosage.tempo_seconds:
        words += f"; about {dosage.tempo_seconds:g} s a rep"
    return words


def source_lines(catalog: Catalog, sources: list[Source]) -> list[str]:
    return [f"{catalog.articles[s.article].title} ({s.where})" for s in sources]


def equipment_text(equipment: list[Equipment]) -> str:
    """What an exercise uses in the card's words: "mat, carpet or blanket"."""
    return "; ".join(q.label for q in equipment)


def exercise_table(exercises: list[Exercise], width: int) -> RenderableType:
    """One row per exercise, in the cards' words; below 120 columns the name gives way, since
    the id spells it out."""
    from rich.table import Table

    with_name = width >= 120
    # Narrow terminals get one value per line, so that "hips and buttocks" is split only where
    # it must be.
    join = ", " if with_name else "\n"
    table = Table(
        caption=(
            f"{exercise_count(len(exercises))} · [bold]strongback show ID[/] prints the full card"
        ),
        box=None,
        padding=(0, 1, 0, 0),
        pad_edge=False,
        show_edge=False,
    )
    table.add_column("id", style="bold", no_wrap=True)
    if with_name:
        table.add_column("name")
    table.add_column("position", min_width=8, no_wrap=with_name)
    table.add_column("kind", no_wrap=True)
    table.add_column("level" if with_name else "lvl", justify="right", no_wrap=True)
    table.add_column("regions", min_width=11)
    table.add_column("equipment", min_width=11)
    for e in exercises:
        name = [e.name] if with_name else []
        table.add_row(
            e.id,
            *name,
            e.position.label,
            e.kind.value,
            str(int(e.level)),
            join.join(r.label for r in e.regions),
            # Its labels hold commas ("mat, carpet or blanket"): items are kept apart by ";".
            equipment_text(e.equipment) if with_name else join.join(q.label for q in e.equipment),
        )
    return table


def bullets(items: list[str], numbered: bool = False) -> RenderableType:
    """A list whose wrapped lines hang under the text, not under the bullet."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column()
    for index, item in enumerate(items, start=1):
        grid.add_row(f"{index}." if numbered else "•", item)
    return grid


def entry(title: str, text: str, sources: str, note: str | None = None) -> RenderableType:
    """One piece of advice or one sport: a bold title, then indented text and its source."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    lines = [Text(text)]
    if note:
        lines.append(Text(note))
    lines.append(Text(f"Source: {sources}", style="dim"))
    return Group(Text(title, style="bold"), Padding(Group(*lines), (0, 0, 1, 2), expand=False))


def camera_text(e: Exercise) -> str:
    """Whether the camera coach can check this exercise, and how to stand for it."""
    if e.camera is None:
        return "the camera cannot check this one"
    what = "counts reps" if e.camera.measure.value == "reps" else "times the hold"
    return f"{what}; {e.camera.view.instruction} (strongback coach --exercise {e.id})"


def card(catalog: Catalog, e: Exercise) -> RenderableType:
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
        ("Level", f"{int(e.level)} ({LEVEL_LABELS[int(e.level)]})"),
        ("Regions", ", ".join(r.label for r in e.regions)),
        ("Muscles", ", ".join(e.muscles)),
        ("Equipment", equipment_text(e.equipment)),
        ("Dosage", dosage_text(e.dosage, e.sides)),
        ("Camera", camera_text(e)),
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
        ("Steps", bullets(e.steps, numbered=True)),
        ("Cues", bullets(e.cues)),
    ]
    if e.mistakes:
        sections.append(("Common mistakes", bullets(e.mistakes)))
    if e.cautions:
        sections.append(("Cautions", bullets(e.cautions)))
    if e.contraindications:
        sections.append(("Ask a clinician first if you have", bullets(e.contraindications)))
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
        sections.append(("What the articles prescribe", bullets(lines)))
    sections.append(
        ("Variants", Text(f"Easier: {variants(e.easier)}\nHarder: {variants(e.harder)}"))
    )
    sections.append(("Sources", bullets(source_lines(catalog, e.sources))))

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


__all__ = [
    "LEVEL_LABELS",
    "bullets",
    "card",
    "dosage_text",
    "entry",
    "equipment_text",
    "exercise_count",
    "exercise_table",
    "source_lines",
]
