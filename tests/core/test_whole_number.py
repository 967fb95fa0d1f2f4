"""`limits.whole_number`: the one reader of a number typed as text. ASCII digits only, since
`str.isdigit` passes characters that `int` refuses ("²") or reads as another digit ("٣", "３")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strongback.limits import MAX_STORED_INTEGER, whole_number


@pytest.mark.parametrize("text", ["²", "٣", "３", "1²", "-1", "+1", " 1", "1.0", "", "1e3", "x"])
def test_anything_but_ascii_digits_is_not_a_number(text: str) -> None:
    assert whole_number(text) is None


def test_numbers_up_to_the_maximum_are_read() -> None:
    assert whole_number("0") == 0
    assert whole_number("007", 10) == 7
    assert whole_number("10", 10) == 10
    assert whole_number("11", 10) is None
    assert whole_number(str(MAX_STORED_INTEGER)) == MAX_STORED_INTEGER
    assert whole_number(str(MAX_STORED_INTEGER + 1)) is None


def test_a_very_long_string_of_digits_is_refused_not_raised() -> None:
    # int() refuses more than 4300 digits by default: the reader must not pass them on.
    assert whole_number("9" * 5000) is None
    assert whole_number("0" * 5000 + "3", 10) == 3


@given(st.text(max_size=12), st.integers(min_value=0, max_value=MAX_STORED_INTEGER))
def test_never_raises_and_never_exceeds_the_maximum(text: str, maximum: int) -> None:
    value = whole_number(text, maximum)
    assert value is None or 0 <= value <= maximum
    if value is not None:
        assert text.isascii()
        assert int(text) == value
