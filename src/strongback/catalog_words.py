"""The catalog's values in plain words: one source for the exercise cards, the library's filters,
the command line's help and the plan's sentences.

Keyed by the values the YAML, the answers file and the filters use (`supine`, `hips-glutes`), so
the enums in `strongback.catalog` read their `label` from here and the command line can show the
same words in its help without loading the catalog. A module of bare strings, like `limits`.
"""

POSITION_LABELS = {
    "supine": "lying on your back",
    "prone": "lying on your stomach",
    "quadruped": "on all fours",
    "kneeling": "kneeling",
    "standing": "standing",
    "side-lying": "lying on your side",
    "seated": "sitting",
}

REGION_LABELS = {
    "neck": "neck",
    "upper-back": "upper back",
    "middle-back": "middle back",
    "lower-back": "lower back",
    "core": "core",
    "hips-glutes": "hips and buttocks",
}

EQUIPMENT_LABELS = {
    "none": "nothing special",
    "mat": "mat, carpet or blanket",
    "cushion": "cushion or pillow",
    "resistance-band": "resistance band",
    "barbell": "barbell",
    "pull-up-bar": "pull-up bar",
    "chair": "sturdy chair",
    "wall": "clear bit of wall",
}

#: Things every home has, or has something that does their job: a carpet or a folded blanket
#: cushions the floor as well as a mat does, any firm chair seats a seated stretch, a pillow
#: does for a cushion and a door or a wardrobe side for a bit of wall. An exercise lists them so
#: the library finds it by them, but nobody needs to buy or tick them.
EVERYDAY_EQUIPMENT = frozenset({"mat", "chair", "cushion", "wall"})

LEVEL_LABELS = {1: "beginner", 2: "some training", 3: "with a professional"}

#: What a planned day holds, keyed by `strongback.plan.DayKind`: the terminal's plan, the web's
#: Today and week pages, the handout and the calendar reminders all say a day's kind in these
#: words, so a "stretches only" day is never a "stretching day" somewhere else.
DAY_KIND_LABELS = {
    "full": "Stretches and strengthening",
    "stretch": "Stretches only",
    "rest": "Rest day",
}
