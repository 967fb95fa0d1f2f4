"""Query parameters that several routes share, with the bounds the core can work within, and
the check that a request's query holds only what its route declares."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import AfterValidator, BaseModel

from strongback.days import FIRST_DAY, LAST_DAY, check_day


def _in_range(day: date | None) -> date | None:
    return None if day is None else check_day(day)


Day = Annotated[
    date | None,
    Query(description=f"YYYY-MM-DD, from {FIRST_DAY} to {LAST_DAY}; today when left out."),
    AfterValidator(_in_range),
]


def _takes_many(annotation: object) -> bool:
    """Whether a parameter's type holds several values (`list[Region]`, `list[str] | None`)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _takes_many(get_args(annotation)[0])
    if origin in (Union, UnionType):
        return any(_takes_many(arg) for arg in get_args(annotation))
    return origin in (list, set, frozenset, tuple) or annotation in (list, set, frozenset, tuple)


def _query_fields(dependant: Dependant) -> Iterator[tuple[str, object]]:
    """Each query parameter's name and type, those of a query model's fields included."""
    for field in dependant.query_params:
        annotation = field.field_info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for name, info in annotation.model_fields.items():
                yield info.alias or name, info.annotation
        else:
            yield field.alias, annotation
    for sub in dependant.dependencies:
        yield from _query_fields(sub)


def _declared_query(route: APIRoute) -> tuple[frozenset[str], frozenset[str]]:
    """The route's query parameters that take one value, and those that take several."""
    one: set[str] = set()
    many: set[str] = set()
    for name, annotation in _query_fields(route.dependant):
        (many if _takes_many(annotation) else one).add(name)
    return frozenset(one), frozenset(many)


async def query_as_declared(request: Request) -> None:
    """422 with details for a query parameter the route does not take, or a single-valued one
    given twice: either would otherwise be dropped without a word (`?day=x&day=2026-01-01`
    answers for the last day only), so the answer would not be to the question asked."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    one, many = _declared_query(route)
    given = Counter(name for name, _ in request.query_params.multi_items())
    takes = f"it takes: {', '.join(sorted(one | many))}" if one or many else "it takes none"
    problems: list[dict[str, Any]] = []
    for name, times in given.items():
        if name not in one and name not in many:
            message = f"this operation takes no parameter {name!r} ({takes})"
            problems.append({"loc": ["query", name], "msg": message, "type": "extra_forbidden"})
        elif name in one and times > 1:
            message = f"give {name} once, not {times} times"
            problems.append({"loc": ["query", name], "msg": message, "type": "value_error"})
    if problems:
        # A validation error like FastAPI's own: the API answers it as JSON, a page as words.
        raise RequestValidationError(problems)
