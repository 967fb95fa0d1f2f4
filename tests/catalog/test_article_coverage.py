"""Every exercise the five articles describe is in the catalog and cites its article.

The table is read off the seed texts (`../shared/seeds/*.txt`, ids in knowledge/articles.yaml): one
row per exercise item of an article, in the article's order, with the catalog id it became. Dropping
or renaming an exercise, or losing its citation, fails here.
"""

from __future__ import annotations

import pytest

from strongback.catalog import Level, default_catalog, normalise_name

# article id -> [(the article's item, in short, expected exercise id)]
ARTICLE_EXERCISES: dict[str, list[tuple[str, str]]] = {
    "lets-strengthen": [
        ("on the back 1: arms above the head, stretch and hold 10 s", "overhead-reach-stretch"),
        ("on the back 2: alternately raise and lower straight legs", "alternating-leg-raise"),
        ("on the back 3: raise the head, shoulders down, hold 10 s", "supine-head-lift"),
        ("on the back 4: bent legs to the chin, left then right", "knee-to-chest"),
        ("on the back 4: ...and then both legs together", "double-knee-to-chest"),
        ("on the back 5: heels down, hips up, hold 10 s", "bridge"),
        ("on the back 6: the bicycle, both directions", "bicycle"),
        (
            "on the back 7: knees lowered to one side, head the other",
            "supine-knee-rotation",
        ),
        ("on the back 8: hug the knees and rock left and right", "rocking-knee-hug"),
        ("on the stomach 1: right arm and left leg up, hold 10 s", "prone-opposite-arm-leg-raise"),
        ("on the stomach 1: the 'boat', arms and legs up together", "superman"),
        (
            "on the stomach 2: lift the torso, lean aside",
            "prone-torso-lift-side-lean",
        ),
        ("on the stomach 3: bent leg's toes towards the opposite arm", "prone-scorpion-reach"),
        ("on the knees 1: sit on heels, lean back, palms slide up the legs", "kneeling-back-lean"),
        (
            "on the knees 2: buttocks lowered side to side",
            "kneeling-side-hip-drops",
        ),
    ],
    "five-tips": [
        ("1: on hands and knees, opposite leg and arm stretched, hold 20 s", "bird-dog"),
        ("2: on a cushion, trunk and legs lifted, small beats for 20 s", "superman-flutter"),
        (
            "3: band fixed to a support, pull to the chest",
            "standing-band-row",
        ),
        ("4: the deadlift, with a professional at first", "deadlift"),
        ("4: traction exercises", "pull-up"),
    ],
    "six-exercises": [
        ("1: arms and legs opposite on the knees, hold 4 s, 3x10", "bird-dog"),
        ("2: arms and legs opposite on the belly, hold 4 s, 3x10", "prone-opposite-arm-leg-raise"),
        ("3: leg elevation, held behind the knee for 30 s", "supine-leg-raise-hamstring-hold"),
        ("4: pelvis elevation, hold 10 s, 10 times", "bridge"),
        ("5: hip flexion, standing, knee up to the armpits", "standing-hip-flexion"),
        ("6: lumbar, on the floor, arms in front, raise the torso", "prone-back-extension"),
        ("6: obliques, on your side, feet fixed, lift sideways", "side-lying-oblique-raise"),
    ],
    "best-strengthening": [
        ("1: hip crossover stretch", "hip-crossover-stretch"),
        ("2: back flexion, both knees to the chest, head forward", "double-knee-to-chest"),
        ("3: lumbar extension in prone prop, on the forearms", "sphinx"),
        ("4: lumbar extension in prone press up, elbows straight", "prone-press-up"),
        ("5: abdominal bracing, knee pushes against the hand", "abdominal-bracing"),
        ("6: chin to chest stretch", "chin-to-chest-stretch"),
        ("7: bridge", "bridge"),
    ],
    "best-pain": [
        ("leg raises for the buttocks and abdomen", "alternating-leg-raise"),
        ("crunches for the abdomen", "crunch"),
        ("the pelvic tilt", "pelvic-tilt"),
        ("knee to chest, stretching the entire spine", "knee-to-chest"),
        ("piriformis stretch", "piriformis-stretch"),
        ("a basic twist, for the lower back and buttocks", "supine-knee-rotation"),
    ],
}

ROWS = [
    pytest.param(article, item, exercise_id, id=f"{article}:{exercise_id}")
    for article, items in ARTICLE_EXERCISES.items()
    for item, exercise_id in items
]

# The movements the issue names, as a person would type them; each must be found by name or alias.
NAMED_MOVEMENTS: list[tuple[str, ...]] = [
    ("overhead reach stretch",),
    ("alternating straight-leg raises",),
    ("supine head lift",),
    ("knee to chest",),
    ("bridge", "pelvis elevation"),
    ("bicycle",),
    ("basic twist",),
    ("rocking knee hug",),
    ("prone opposite arm and leg raise",),
    ("superman", "boat"),
    ("prone torso lift with side lean",),
    ("prone scorpion reach",),
    ("kneeling back lean",),
    ("kneeling side hip drops",),
    ("bird-dog",),
    ("standing resistance-band row",),
    ("deadlift",),
    ("pull-up", "traction"),
    ("standing hip flexion",),
    ("prone back extension",),
    ("side-lying oblique raise",),
    ("hip crossover stretch",),
    ("piriformis stretch",),
    ("sphinx",),
    ("prone press-up",),
    ("abdominal bracing",),
    ("chin-to-chest stretch",),
    ("pelvic tilt",),
    ("crunch",),
]


def test_the_table_covers_every_article() -> None:
    assert set(ARTICLE_EXERCISES) == set(default_catalog().articles)


@pytest.mark.parametrize(("article", "item", "exercise_id"), ROWS)
def test_each_article_item_is_an_exercise_that_cites_the_article(
    article: str, item: str, exercise_id: str
) -> None:
    exercise = default_catalog().get(exercise_id)
    assert exercise is not None, f"{article} ({item}) should be exercise '{exercise_id}'"
    cited = [source.article for source in exercise.sources]
    assert article in cited, f"'{exercise_id}' should cite {article} for: {item}"


def _find(name: str) -> str | None:
    """The id of the exercise named `name` by its name, an alias or its id, normalised."""
    catalog = default_catalog()
    wanted = normalise_name(name)
    for exercise in catalog:
        if wanted in {normalise_name(n) for n in (exercise.id, *exercise.names)}:
            return exercise.id
    return None


@pytest.mark.parametrize("names", NAMED_MOVEMENTS, ids=lambda names: names[0])
def test_each_movement_the_issue_names_is_found_by_name_or_alias(names: tuple[str, ...]) -> None:
    found = {name: _find(name) for name in names}
    missing = [name for name, exercise_id in found.items() if exercise_id is None]
    assert not missing, f"no exercise named or aliased {missing}"
    assert len(set(found.values())) == 1, f"these names should be one exercise: {found}"


def test_the_deadlift_is_for_people_with_professional_guidance() -> None:
    deadlift = default_catalog().get("deadlift")
    assert deadlift is not None
    assert deadlift.level is Level.PROFESSIONAL_GUIDANCE


def test_every_exercise_is_in_the_table_or_cites_an_article_anyway() -> None:
    # An exercise outside the table must still come from an article (nothing invented).
    catalog = default_catalog()
    for exercise in catalog:
        assert exercise.sources, exercise.id
        for source in exercise.sources:
            assert source.article in catalog.articles, exercise.id
