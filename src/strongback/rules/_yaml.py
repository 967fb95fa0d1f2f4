"""Reading one rules file into its validated model, with errors that name the file and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class RulesError(ValueError):
    """A rules file is broken: says which file, which field and why."""


def _field(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def parse_rules(model: type[M], data: Any, origin: str, error: type[RulesError]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = [f"{_field(e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)]
        raise error(f"{origin}:\n  " + "\n  ".join(lines)) from None


def read_rules(model: type[M], path: Path, error: type[RulesError]) -> M:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise error(f"{path}: cannot be read: {exc}") from None
    return parse_rules(model, data, str(path), error)
