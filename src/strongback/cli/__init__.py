"""The `strongback` command line: Typer commands that call the core and the store."""
