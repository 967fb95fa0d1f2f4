"""Loading the progression rules (`progression.yaml`) into validated rule objects.

The YAML is the single source of the pain thresholds, the dose steps, the words that explain each
change and their sources; `strongback.progression.adjust` applies them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from strongback.progression import ProgressionRules

PROGRESSION_RULES_PATH = Path(__file__).with_name("progression.yaml")


class ProgressionRulesError(ValueError):
    """The rules file is broken: says which file, which field and why."""


def _field(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def parse_progression_rules(data: Any, origin: str = "progression rules") -> ProgressionRules:
    try:
        return ProgressionRules.model_validate(data)
    except ValidationError as exc:
        lines = [f"{_field(e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)]
        raise ProgressionRulesError(f"{origin}:\n  " + "\n  ".join(lines)) from None


def load_progression_rules(path: Path | None = None) -> ProgressionRules:
    """Read and validate a rules file; the built-in one is read once per process."""
    if path is None:
        return default_progression_rules()
    return _read(path)


def _read(path: Path) -> ProgressionRules:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ProgressionRulesError(f"{path}: cannot be read: {exc}") from None
    return parse_progression_rules(data, origin=str(path))


@cache
def default_progression_rules() -> ProgressionRules:
    return _read(PROGRESSION_RULES_PATH)
