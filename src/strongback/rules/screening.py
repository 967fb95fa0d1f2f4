"""Loading the safety screening rules (`screening.yaml`) into validated rule objects.

The YAML is the single source of the red flags, the contraindications, their wording and their
sources; `strongback.safety.screen` applies them and `strongback.questionnaire` asks them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from strongback.profile import Profile
from strongback.safety import Screening, ScreeningRules, screen

SCREENING_RULES_PATH = Path(__file__).with_name("screening.yaml")


class ScreeningRulesError(ValueError):
    """The rules file is broken: says which file, which field and why."""


def _field(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def parse_screening_rules(data: Any, origin: str = "screening rules") -> ScreeningRules:
    try:
        return ScreeningRules.model_validate(data)
    except ValidationError as exc:
        lines = [f"{_field(e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)]
        raise ScreeningRulesError(f"{origin}:\n  " + "\n  ".join(lines)) from None


def load_screening_rules(path: Path | None = None) -> ScreeningRules:
    """Read and validate a rules file; without a path, the built-in rules (cached)."""
    if path is None:
        return default_screening_rules()
    return _read(path)


def _read(path: Path) -> ScreeningRules:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ScreeningRulesError(f"{path}: cannot be read: {exc}") from None
    return parse_screening_rules(data, origin=str(path))


@cache
def default_screening_rules() -> ScreeningRules:
    return _read(SCREENING_RULES_PATH)


def screen_with_default_rules(profile: Profile) -> Screening:
    return screen(profile, default_screening_rules())
