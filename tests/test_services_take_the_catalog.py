"""Every use case that plans, or measures against a plan, is handed the catalog: none falls back
on the built-in one, so the CLI, the API and the pages all measure against the catalog the
week's plan came from (the app's own, in the web)."""

from __future__ import annotations

import inspect

from strongback import services


def test_no_use_case_falls_back_on_the_built_in_catalog() -> None:
    taking = {
        name: inspect.signature(function).parameters["catalog"]
        for name in services.__all__
        if callable(function := getattr(services, name))
        and not inspect.isclass(function)
        and "catalog" in inspect.signature(function).parameters
    }

    assert {"plan_for_day", "plan_for_week", "progress_for", "progress_summary"} <= set(taking)
    optional = sorted(
        name for name, p in taking.items() if p.default is not inspect.Parameter.empty
    )
    assert optional == [], "give these the catalog as a required argument: " + ", ".join(optional)
