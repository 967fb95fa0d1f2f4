"""Loading the safety screening rules (`screening.yaml`) into validated rule objects.

The YAML is the single source of the red flags, the contraindications, their wording and their
sources; `strongback.safety.screen` applies them and `strongback.questionnaire` asks them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from strongback.profile import Profile
from strongback.rules._yaml import RulesError, parse_rules, read_rules
from strongback.safety import Screening, ScreeningRules, screen

SCREENING_RULES_PATH = Path(__file__).with_name("screening.yaml")


class ScreeningRulesError(RulesError):
    """The screening rules file is broken: says which file, which field and why."""


def parse_screening_rules(data: Any, origin: str = "screening rules") -> ScreeningRules:
    return parse_rules(ScreeningRules, data, origin, ScreeningRulesError)


def load_screening_rules(path: Path | None = None) -> ScreeningRules:
    """Read and validate a rules file; without a path, the built-in rules (cached)."""
    if path is None:
        return default_screening_rules()
    return _read(path)


def _read(path: Path) -> ScreeningRules:
    return read_rules(ScreeningRules, path, ScreeningRulesError)


@cache
def default_screening_rules() -> ScreeningRules:
    return _read(SCREENING_RULES_PATH)


def screen_with_default_rules(profile: Profile) -> Screening:
    return screen(profile, default_screening_rules())
