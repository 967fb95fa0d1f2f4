"""The most one set can hold: reps per set (counted per side) and seconds a rep is held.

The catalog's doses, `strongback log` and the API's sets are all bounded by these. A module of
bare numbers, so the command line can read them at start-up without loading the catalog.
"""

MAX_SETS = 10
MAX_REPS = 50
MAX_HOLD_SECONDS = 120
