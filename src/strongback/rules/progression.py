"""Loading the progression rules (`progression.yaml`) into validated rule objects.

The YAML is the single source of the pain thresholds, the dose steps, the words that explain each
change and their sources; `strongback.progression.adjust` applies them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from strongback.progression import ProgressionRules
from strongback.rules._yaml import RulesError, parse_rules, read_rules

PROGRESSION_RULES_PATH = Path(__file__).with_name("progression.yaml")


class ProgressionRulesError(RulesError):
    """The progression rules file is broken: says which file, which field and why."""


def parse_progression_rules(data: Any, origin: str = "progression rules") -> ProgressionRules:
    return parse_rules(ProgressionRules, data, origin, ProgressionRulesError)


def load_progression_rules(path: Path | None = None) -> ProgressionRules:
    """Read and validate a rules file; the built-in one is read once per process."""
    if path is None:
        return default_progression_rules()
    return _read(path)


def _read(path: Path) -> ProgressionRules:
    return read_rules(ProgressionRules, path, ProgressionRulesError)


@cache
def default_progression_rules() -> ProgressionRules:
    return _read(PROGRESSION_RULES_PATH)
