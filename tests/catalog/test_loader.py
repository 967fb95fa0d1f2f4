"""The loader reports every broken file as (file, field, reason) and never loads half a catalog.

Broken-file cases run against `fixtures/mini`, a small frozen catalog root, so that they do not
depend on the built-in content, which is still being written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from strongback import catalog_words
from strongback.catalog import (
    CatalogError,
    CatalogProblem,
    Equipment,
    Level,
    Position,
    Region,
    default_catalog,
    load_catalog,
    normalise_name,
)

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"

# (fixture folder, file, field, words the reason must contain)
BROKEN = [
    ("bad-yaml", "wall-sit.yaml", "line 7, column 6", "is not valid YAML"),
    ("unknown-field", "wall-sit.yaml", "difficulty", "unknown field (allowed: id, name"),
    ("unknown-equipment", "wall-sit.yaml", "equipment[1]", "unknown value 'kettlebell'"),
    ("missing-dosage", "wall-sit.yaml", "dosage", "is required but missing"),
    ("dangling-link", "wall-sit.yaml", "harder[0]", "links to 'wall-sit-on-one-leg'"),
    ("duplicate-id", "bridge.yaml", "id", "duplicate id 'bridge'"),
    ("duplicate-alias", "wall-sit.yaml", "aliases[0]", "duplicate name or alias"),
]


def problems_of(error: pytest.ExceptionInfo[CatalogError]) -> list[CatalogProblem]:
    return list(error.value.problems)


def test_builtin_catalog_loads_and_every_exercise_cites_an_article() -> None:
    catalog = default_catalog()
    assert len(catalog) >= 2
    for exercise in catalog:
        assert catalog.source_titles(exercise), exercise.id


def test_loading_twice_gives_equal_catalogs() -> None:
    assert load_catalog().exercises == load_catalog().exercises


def test_a_catalog_root_loads_on_its_own() -> None:
    catalog = load_catalog(MINI)
    assert sorted(catalog.exercises) == ["bird-dog", "bridge", "pelvic-tilt"]
    assert catalog.source_titles(catalog.exercises["bird-dog"]) == [
        "6 Back Strengthening Exercises",
        "5 Tips to Strengthen Your Back",
    ]


def test_an_extension_may_link_to_the_catalog_it_extends() -> None:
    catalog = load_catalog(MINI, extra_exercise_dirs=[FIXTURES / "good"])
    assert catalog.exercises["wall-sit"].easier == ["bridge"]


@pytest.mark.parametrize(("folder", "file", "field", "reason"), BROKEN)
def test_a_broken_file_gives_one_message_naming_file_field_and_reason(
    folder: str, file: str, field: str, reason: str
) -> None:
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[FIXTURES / folder])
    [problem] = problems_of(error)
    assert Path(problem.file).parts[-2:] == (folder, file)
    assert problem.field == field
    assert reason in problem.reason
    assert str(problem) == f"{problem.file}: {field}: {problem.reason}"
    assert str(problem) in str(error.value)


def test_a_clash_is_blamed_on_the_extension_not_on_the_built_in_file() -> None:
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[FIXTURES / "duplicate-id"])
    [problem] = problems_of(error)
    assert "duplicate-id" in problem.file
    assert problem.reason.endswith("(also in " + problem.reason.split("(also in ")[1])
    assert "mini" in problem.reason


def test_every_problem_of_a_folder_is_reported_at_once(tmp_path: Path) -> None:
    for folder in ("unknown-field", "missing-dosage"):
        text = (FIXTURES / folder / "wall-sit.yaml").read_text()
        name = f"wall-sit-{folder}"
        (tmp_path / f"{name}.yaml").write_text(text.replace("id: wall-sit", f"id: {name}"))
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[tmp_path])
    assert {p.field for p in problems_of(error)} == {"difficulty", "dosage"}
    assert str(error.value).startswith("2 problems in the exercise catalog")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the file is empty"),
        ("null\n", "the file is empty"),
        ("- just\n- a list\n", "must be a mapping, not list"),
    ],
)
def test_files_that_hold_no_exercise_are_named(tmp_path: Path, text: str, reason: str) -> None:
    (tmp_path / "odd.yaml").write_text(text)
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[tmp_path])
    [problem] = problems_of(error)
    assert problem.file.endswith("odd.yaml")
    assert reason in problem.reason


def test_an_id_must_match_its_file_name(tmp_path: Path) -> None:
    (tmp_path / "wall-squat.yaml").write_text((FIXTURES / "good" / "wall-sit.yaml").read_text())
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[tmp_path])
    [problem] = problems_of(error)
    assert (problem.field, problem.reason) == (
        "id",
        "'wall-sit' must match the file name 'wall-squat'",
    )


def test_an_unknown_article_is_named_with_the_known_ones(tmp_path: Path) -> None:
    text = (FIXTURES / "good" / "wall-sit.yaml").read_text()
    (tmp_path / "wall-sit.yaml").write_text(text.replace("article: six-exercises", "article: blog"))
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[tmp_path])
    [problem] = problems_of(error)
    assert problem.field == "sources[0].article"
    assert "unknown article 'blog' (known: lets-strengthen" in problem.reason


def test_names_that_differ_only_in_spelling_are_duplicates(tmp_path: Path) -> None:
    text = (FIXTURES / "good" / "wall-sit.yaml").read_text()
    (tmp_path / "wall-sit.yaml").write_text(text.replace("name: Wall sit", "name: Bird dogs"))
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[tmp_path])
    [problem] = problems_of(error)
    assert problem.field == "name"
    assert "also used by 'bird-dog'" in problem.reason


def test_a_missing_extension_folder_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[tmp_path / "nowhere"])
    [problem] = problems_of(error)
    assert (problem.field, problem.reason) == ("(directory)", "is not a directory")


def test_a_root_without_knowledge_names_each_missing_file(tmp_path: Path) -> None:
    (tmp_path / "exercises").mkdir()
    with pytest.raises(CatalogError) as error:
        load_catalog(tmp_path)
    files = {Path(p.file).name for p in problems_of(error)}
    assert {"articles.yaml", "sports.yaml", "advice.yaml", "breathing.yaml"} <= files
    assert all("cannot be read" in p.reason for p in problems_of(error))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Knee-to-chest", "knee to chest"),
        ("Alternating straight-leg raises", "alternating straight leg raise"),
        ("BIRD_DOG", "bird-dog"),
        ("Prone press-ups", "prone press-up"),
    ],
)
def test_names_normalise_the_way_people_type_them(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


def test_press_keeps_its_double_s() -> None:
    assert normalise_name("Press") == "press"


def test_find_accepts_ids_names_and_aliases() -> None:
    catalog = load_catalog(MINI)
    for name in ("bridge", "Bridge", "pelvis elevation", "Glute bridges", "BIRD DOG"):
        found = catalog.find(name)
        assert found is not None, name
    assert catalog.find("pelvis elevation") == catalog.exercises["bridge"]
    assert catalog.find("plank") is None


def test_search_matches_part_of_a_name_or_alias() -> None:
    catalog = load_catalog(MINI)
    assert [e.id for e in catalog.search("glute")] == ["bridge"]
    assert [e.id for e in catalog.search("all fours")] == ["bird-dog"]
    assert [e.id for e in catalog.search("PELVI")] == ["bridge", "pelvic-tilt"]


def test_suggest_offers_the_closest_exercises_for_a_typo() -> None:
    catalog = load_catalog(MINI)
    assert [e.id for e in catalog.suggest("brige")][:1] == ["bridge"]
    assert [e.id for e in catalog.suggest("pelvic tlt")][:1] == ["pelvic-tilt"]
    assert catalog.suggest("zzzz") == []


def test_knowledge_entries_are_checked_for_articles_and_duplicate_ids(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    (root / "exercises").mkdir(parents=True)
    (root / "knowledge").mkdir()
    for path in (MINI / "knowledge").iterdir():
        (root / "knowledge" / path.name).write_text(path.read_text())
    sport = (MINI / "knowledge" / "sports.yaml").read_text()
    (root / "knowledge" / "sports.yaml").write_text(
        sport + sport.replace("article: five-tips", "article: magazine")
    )
    with pytest.raises(CatalogError) as error:
        load_catalog(root)
    assert [(p.field, p.reason.split(" (")[0]) for p in problems_of(error)] == [
        ("swimming.id", "duplicate id 'swimming'"),
        ("swimming.sources[0].article", "unknown article 'magazine'"),
    ]
    assert all(p.file.endswith("sports.yaml") for p in problems_of(error))


# --- Rules the data must keep -------------------------------------------------------------------


def _wall_sit_with(tmp_path: Path, extra: str, replace: tuple[str, str] = ("", "")) -> Path:
    text = (FIXTURES / "good" / "wall-sit.yaml").read_text()
    if replace[0]:
        assert replace[0] in text
        text = text.replace(*replace)
    (tmp_path / "wall-sit.yaml").write_text(text + extra)
    return tmp_path


@pytest.mark.parametrize(
    ("breathing", "words"),
    [
        (
            "{inhale_seconds: 3, exhale_seconds: 2}",
            "2 s is shorter than twice inhale_seconds (3 s)",
        ),
        ("{inhale_seconds: 2, exhale_seconds: 3}", "make it at least 4"),
        # An out-breath left at its default of 4 s is checked too.
        ("{inhale_seconds: 3}", "4 s is shorter than twice inhale_seconds (3 s)"),
    ],
)
def test_an_out_breath_shorter_than_twice_the_in_breath_is_named_by_file_and_field(
    tmp_path: Path, breathing: str, words: str
) -> None:
    folder = _wall_sit_with(tmp_path, f"breathing: {breathing}\n")
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[folder])
    [problem] = problems_of(error)
    assert problem.file.endswith("wall-sit.yaml")
    assert problem.field == "breathing.exhale_seconds"
    assert words in problem.reason
    assert not problem.reason.startswith("Value error")


def test_every_exercise_breathes_out_at_least_twice_as_long_as_in() -> None:
    for exercise in default_catalog():
        rhythm = exercise.breathing
        assert rhythm.exhale_seconds >= 2 * rhythm.inhale_seconds, exercise.id


def test_leave_out_for_names_only_known_screening_conditions(tmp_path: Path) -> None:
    folder = _wall_sit_with(
        tmp_path, "contraindications: [Pregnancy.]\nleave_out_for: [pregnancy, pregnant]\n"
    )
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[folder])
    [problem] = problems_of(error)
    assert problem.file.endswith("wall-sit.yaml")
    assert problem.field == "leave_out_for[1]"
    assert problem.reason.startswith("unknown condition 'pregnant' (known: spinal-injury")


def test_leave_out_for_needs_contraindications_that_say_why(tmp_path: Path) -> None:
    folder = _wall_sit_with(tmp_path, "leave_out_for: [pregnancy]\n")
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[folder])
    [problem] = problems_of(error)
    assert "leave_out_for needs contraindications" in problem.reason


@pytest.mark.parametrize(
    ("prompts", "words"),
    [
        ("{sides: {left: left leg, right: right leg}}", "for exercises done on each side"),
        ("{reps: [a, b]}", "do not divide the 1 reps"),
        ("{parts: [a, b]}", "more than the 1 reps"),
    ],
)
def test_prompts_must_fit_the_exercise(tmp_path: Path, prompts: str, words: str) -> None:
    folder = _wall_sit_with(tmp_path, f"prompts: {prompts}\n")
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[folder])
    [problem] = problems_of(error)
    assert words in problem.reason


def test_what_the_articles_leave_out_in_pregnancy_is_marked_for_the_planner() -> None:
    catalog = default_catalog()
    marked = {e.id for e in catalog if "pregnancy" in e.leave_out_for}
    assert {
        "pull-up",
        "deadlift",
        "rocking-knee-hug",
        "double-knee-to-chest",
        "side-lying-oblique-raise",
    } <= marked
    # Every exercise whose contraindications name pregnancy is marked, and vice versa.
    named = {e.id for e in catalog if any(c.startswith("Pregnancy") for c in e.contraindications)}
    assert named == marked


def test_what_a_card_says_to_wait_for_after_surgery_is_marked_for_the_planner() -> None:
    catalog = default_catalog()
    marked = {e.id for e in catalog if "recent-surgery" in e.leave_out_for}
    # Lifting on the stomach and work for the stomach muscles wait after an operation.
    assert marked == {
        "pull-up",
        "deadlift",
        "prone-opposite-arm-leg-raise",
        "prone-back-extension",
        "superman",
        "superman-flutter",
        "prone-scorpion-reach",
        "prone-torso-lift-side-lean",
        "crunch",
        "bicycle",
        "alternating-leg-raise",
        "abdominal-bracing",
    }
    for exercise_id in marked:
        words = " ".join(catalog.exercises[exercise_id].contraindications)
        assert "surgery" in words, exercise_id


def test_what_may_irritate_a_nerve_root_is_marked_for_leg_pain() -> None:
    catalog = default_catalog()
    marked = {e.id for e in catalog if "leg-pain" in e.leave_out_for}
    assert marked == {
        "deadlift",
        "superman-flutter",
        "prone-scorpion-reach",
        "prone-torso-lift-side-lean",
    }
    for exercise_id in marked:
        words = " ".join(catalog.exercises[exercise_id].contraindications)
        assert "leg" in words, exercise_id


def test_the_side_lying_oblique_raise_names_pregnancy_and_a_separated_stomach() -> None:
    text = " ".join(default_catalog().exercises["side-lying-oblique-raise"].contraindications)
    assert "Pregnancy" in text
    assert "separation of the stomach muscles" in text


def test_the_chin_to_chest_stretch_needs_no_equipment() -> None:
    exercise = default_catalog().exercises["chin-to-chest-stretch"]
    assert exercise.needs == frozenset()


def test_a_seated_exercise_lists_the_chair_it_is_done_on(tmp_path: Path) -> None:
    folder = _wall_sit_with(tmp_path, "", replace=("position: standing", "position: seated"))
    with pytest.raises(CatalogError) as error:
        load_catalog(MINI, extra_exercise_dirs=[folder])
    [problem] = problems_of(error)
    assert problem.file.endswith("wall-sit.yaml")
    assert "a seated exercise is done on a chair: list 'chair' under equipment" in problem.reason


def test_every_seated_exercise_lists_a_chair_and_needs_no_purchase_for_it() -> None:
    seated = [e for e in default_catalog() if e.position is Position.SEATED]
    assert seated
    for exercise in seated:
        assert Equipment.CHAIR in exercise.equipment, exercise.id
        assert Equipment.CHAIR not in exercise.needs, exercise.id


def test_what_every_home_has_is_everyday_and_the_rest_are_needed() -> None:
    everyday = {Equipment.MAT, Equipment.CHAIR, Equipment.CUSHION, Equipment.WALL}
    assert {e for e in Equipment if e.everyday} == everyday
    bridge = default_catalog().exercises["bridge"]
    assert bridge.equipment == [Equipment.MAT]
    assert bridge.needs == frozenset()
    # A pillow does for the flutter's cushion, and any wall for the oblique raise's.
    assert default_catalog().exercises["superman-flutter"].needs == frozenset()
    assert default_catalog().exercises["side-lying-oblique-raise"].needs == frozenset()
    assert default_catalog().exercises["standing-band-row"].needs == {Equipment.RESISTANCE_BAND}


@pytest.mark.parametrize("enum", [Position, Region, Equipment, Level])
def test_every_value_has_plain_words_from_the_one_list(
    enum: type[Position | Region | Equipment | Level],
) -> None:
    # The cards, the library, the command line's help and the plan read these labels.
    words = {
        Position: catalog_words.POSITION_LABELS,
        Region: catalog_words.REGION_LABELS,
        Equipment: catalog_words.EQUIPMENT_LABELS,
        Level: catalog_words.LEVEL_LABELS,
    }[enum]
    assert list(words) == [member.value for member in enum]
    assert [member.label for member in enum] == list(words.values())
    assert Position.QUADRUPED.label == "on all fours"
    assert Region.HIPS_GLUTES.label == "hips and buttocks"
