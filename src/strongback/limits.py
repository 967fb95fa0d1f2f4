"""The most one set can hold: reps per set (counted per side), seconds a rep is held, and the
longest reason and largest number the store takes.

The catalog's doses, `strongback log` and the API's sets are all bounded by these. A module of
bare numbers, so the command line can read them at start-up without loading the catalog.
"""

MAX_SETS = 10
MAX_REPS = 50
MAX_HOLD_SECONDS = 120
# A reason given for a skipped or stopped set: a sentence, not a document.
MAX_REASON_CHARACTERS = 1000
# The largest id, step or count the store's integer columns hold (PostgreSQL's INTEGER).
MAX_STORED_INTEGER = 2**31 - 1


def whole_number(text: str, maximum: int = MAX_STORED_INTEGER) -> int | None:
    """`text` as a whole number from 0 to `maximum`, or None when it is anything else.

    ASCII digits only: `str.isdigit` also passes "²", which `int` refuses, and "٣" or "３", which
    `int` reads as 3, so a guard made of it lets a crash through or takes a number no form
    offered. The length is checked before `int`, which refuses very long strings of digits.
    """
    if not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(maximum)):
        return None
    value = int(digits)
    return value if value <= maximum else None
