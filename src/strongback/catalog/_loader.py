"""Reading and validating the catalog from YAML.

Every problem is reported as (file, field, reason) and all problems of a directory are collected
before raising, so a contributor fixes a broken catalog in one pass instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from strongback.catalog._catalog import Catalog, normalise_name
from strongback.catalog._models import (
    Advice,
    Article,
    BreathingRule,
    Contraindication,
    Exercise,
    Sport,
)

BUILTIN_DIR = Path(__file__).parent
EXERCISES = "exercises"
KNOWLEDGE = "knowledge"

# The C loader is several times faster; fall back where PyYAML was built without libyaml.
_YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class CatalogProblem:
    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.reason}"


class CatalogError(ValueError):
    """The catalog could not be loaded; `problems` says where and why."""

    def __init__(self, problems: Iterable[CatalogProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the exercise catalog"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


def _display(path: Path) -> str:
    """The path as the person can open it: relative to where they are, else to the project."""
    absolute = path.absolute()
    for base in (Path.cwd(), BUILTIN_DIR.parent.parent.parent):
        try:
            return str(absolute.relative_to(base))
        except ValueError:
            continue
    return str(path)


class _Unreadable:
    """Marks a file whose problem is already reported, unlike a file that holds YAML `null`."""


_UNREADABLE = _Unreadable()


def _read_yaml(path: Path, problems: list[CatalogProblem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        problems.append(CatalogProblem(_display(path), "(file)", f"cannot be read: {reason}"))
        return _UNREADABLE
    try:
        return yaml.load(text, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(CatalogProblem(_display(path), where, f"is not valid YAML: {reason}"))
        return _UNREADABLE


def _field(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(f".{part}" if parts else part)
    return "".join(parts) or "(top level)"


def _validate(
    model: type[M], data: Any, file: str, problems: list[CatalogProblem], prefix: str = ""
) -> M | None:
    if isinstance(data, _Unreadable):
        return None
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        where = prefix.rstrip(".") or "(top level)"
        problems.append(CatalogProblem(file, where, f"must be a mapping, not {kind}"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            reason = err["msg"]
            if err["type"] == "extra_forbidden":
                allowed = ", ".join(model.model_fields)
                reason = f"unknown field (allowed: {allowed})"
            elif err["type"] == "missing":
                reason = "is required but missing"
            elif err["type"] == "value_error":
                reason = reason.removeprefix("Value error, ")
            elif err["type"] == "enum":
                expected = str(err.get("ctx", {}).get("expected", "")).replace("'", "")
                reason = f"unknown value {err['input']!r} (allowed: {expected})"
            problems.append(CatalogProblem(file, prefix + _field(err["loc"]), reason))
        return None


def _validate_list(model: type[M], path: Path, problems: list[CatalogProblem]) -> list[M]:
    data = _read_yaml(path, problems)
    if isinstance(data, _Unreadable):
        return []
    file = _display(path)
    if not isinstance(data, list):
        problems.append(CatalogProblem(file, "(top level)", "must be a list of entries"))
        return []
    items: list[M] = []
    for index, entry in enumerate(data):
        item = _validate(model, entry, file, problems, prefix=f"[{index}].")
        if item is not None:
            items.append(item)
    return items


def load_exercise_files(
    paths: Iterable[Path], problems: list[CatalogProblem]
) -> list[tuple[str, Exercise]]:
    """Validate exercise files one by one, returning (display path, exercise) for good ones."""
    loaded: list[tuple[str, Exercise]] = []
    for path in paths:
        file = _display(path)
        data = _read_yaml(path, problems)
        if isinstance(data, _Unreadable):
            continue
        if data is None:
            problems.append(CatalogProblem(file, "(top level)", "the file is empty"))
            continue
        exercise = _validate(Exercise, data, file, problems)
        if exercise is None:
            continue
        if exercise.id != path.stem:
            problems.append(
                CatalogProblem(
                    file, "id", f"'{exercise.id}' must match the file name '{path.stem}'"
                )
            )
        loaded.append((file, exercise))
    return loaded


def _cross_check(
    loaded: list[tuple[str, Exercise]],
    articles: Mapping[str, Article],
    conditions: Iterable[str],
    problems: list[CatalogProblem],
) -> dict[str, Exercise]:
    known_conditions = list(conditions)
    exercises: dict[str, Exercise] = {}
    origin: dict[str, str] = {}
    names: dict[str, str] = {}
    for file, exercise in loaded:
        if exercise.id in exercises:
            problems.append(
                CatalogProblem(
                    file, "id", f"duplicate id '{exercise.id}' (also in {origin[exercise.id]})"
                )
            )
            continue
        exercises[exercise.id] = exercise
        origin[exercise.id] = file
        # Names are compared as people type them (see normalise_name), and ids take part, so that
        # `strongback show` and the planner never find two exercises under one name.
        labelled = [("id", exercise.id), ("name", exercise.name)]
        labelled += [(f"aliases[{i}]", alias) for i, alias in enumerate(exercise.aliases)]
        for where, name in labelled:
            key = normalise_name(name)
            if key in names and names[key] != exercise.id:
                problems.append(
                    CatalogProblem(
                        file,
                        where,
                        f"duplicate name or alias '{name}' (also used by '{names[key]}')",
                    )
                )
            names.setdefault(key, exercise.id)
    for exercise_id, exercise in exercises.items():
        file = origin[exercise_id]
        for link in ("easier", "harder"):
            for index, target in enumerate(getattr(exercise, link)):
                if target not in exercises:
                    problems.append(
                        CatalogProblem(
                            file,
                            f"{link}[{index}]",
                            f"links to '{target}', which is not an exercise in the catalog",
                        )
                    )
        for index, source in enumerate(exercise.sources):
            if source.article not in articles:
                problems.append(
                    CatalogProblem(
                        file,
                        f"sources[{index}].article",
                        f"unknown article '{source.article}' (known: {', '.join(articles)})",
                    )
                )
        for index, condition in enumerate(exercise.leave_out_for):
            if condition not in known_conditions:
                problems.append(
                    CatalogProblem(
                        file,
                        f"leave_out_for[{index}]",
                        f"unknown condition '{condition}' (known: {', '.join(known_conditions)})",
                    )
                )
        for index, article_dosage in enumerate(exercise.article_dosages):
            if article_dosage.article not in articles:
                problems.append(
                    CatalogProblem(
                        file,
                        f"article_dosages[{index}].article",
                        f"unknown article '{article_dosage.article}'",
                    )
                )
    return exercises


def _check_sources(
    items: Iterable[Sport | Advice | Contraindication | BreathingRule],
    file: str,
    articles: Mapping[str, Article],
    problems: list[CatalogProblem],
) -> None:
    seen: set[str] = set()
    for item in items:
        # Knowledge entries are named by id (their list position shifts as files are edited).
        label = getattr(item, "id", None)
        if label is not None:
            if label in seen:
                problems.append(CatalogProblem(file, f"{label}.id", f"duplicate id '{label}'"))
            seen.add(label)
        prefix = f"{label}." if label else ""
        for index, source in enumerate(item.sources):
            if source.article not in articles:
                problems.append(
                    CatalogProblem(
                        file,
                        f"{prefix}sources[{index}].article",
                        f"unknown article '{source.article}' (known: {', '.join(articles)})",
                    )
                )


def load_catalog(root: Path | None = None, extra_exercise_dirs: Iterable[Path] = ()) -> Catalog:
    """Load and validate a catalog directory (default: the built-in one).

    `root` holds `exercises/*.yaml` and `knowledge/*.yaml`. `extra_exercise_dirs` adds exercise
    files checked together with the root's, so an extension may link to built-in exercises.
    Raises `CatalogError` naming every broken file, field and reason.
    """
    root = root or BUILTIN_DIR
    problems: list[CatalogProblem] = []
    knowledge = root / KNOWLEDGE
    articles_list = _validate_list(Article, knowledge / "articles.yaml", problems)
    articles = {a.id: a for a in articles_list}
    sports = _validate_list(Sport, knowledge / "sports.yaml", problems)
    advice = _validate_list(Advice, knowledge / "advice.yaml", problems)
    contraindications = _validate_list(
        Contraindication, knowledge / "contraindications.yaml", problems
    )
    breathing_path = knowledge / "breathing.yaml"
    breathing = _validate(
        BreathingRule, _read_yaml(breathing_path, problems), _display(breathing_path), problems
    )
    for path, items in (("sports.yaml", sports), ("advice.yaml", advice)):
        _check_sources(items, _display(knowledge / path), articles, problems)
    _check_sources(
        contraindications, _display(knowledge / "contraindications.yaml"), articles, problems
    )
    if breathing is not None:
        _check_sources([breathing], _display(breathing_path), articles, problems)

    # The root's files come first so that a clash is reported against the extension's file.
    paths = sorted((root / EXERCISES).glob("*.yaml"))
    for extra in extra_exercise_dirs:
        if not extra.is_dir():
            problems.append(CatalogProblem(_display(extra), "(directory)", "is not a directory"))
            continue
        paths.extend(sorted(extra.glob("*.yaml")))
    exercises = _cross_check(
        load_exercise_files(paths, problems),
        articles,
        [c.id for c in contraindications],
        problems,
    )
    if problems or breathing is None:
        raise CatalogError(problems)
    return Catalog(
        exercises=exercises,
        articles=articles,
        sports=tuple(sports),
        advice=tuple(advice),
        contraindications=tuple(contraindications),
        breathing=breathing,
    )


@cache
def default_catalog() -> Catalog:
    """The built-in catalog, loaded once per process."""
    return load_catalog()
