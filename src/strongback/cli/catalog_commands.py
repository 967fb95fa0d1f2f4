"""Commands that read the knowledge base: exercises, show, catalog check/schema, advice, sports."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def exercises() -> None:
        """List the exercises in the catalog."""
        from strongback.catalog import default_catalog

        for exercise in default_catalog():
            typer.echo(f"{exercise.id}\t{exercise.name}")
