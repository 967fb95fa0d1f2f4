"""The knowledge-base commands: exercises, show, advice, sports and catalog check/schema.

Output tests run on `tests/catalog/fixtures/mini`, a small frozen catalog, so they stay stable while
the built-in content is edited; the acceptance tests at the end run on the built-in catalog.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import strongback.catalog
from strongback import SAFETY_NOTICE
from strongback.catalog import (
    Catalog,
    Equipment,
    Kind,
    Position,
    Region,
    load_catalog,
)
from strongback.cli import catalog_commands
from strongback.cli.app import app

FIXTURES = Path(__file__).parents[1] / "catalog" / "fixtures"
BROKEN = [
    ("bad-yaml", "wall-sit.yaml: line 7, column 6: is not valid YAML"),
    ("unknown-field", "wall-sit.yaml: difficulty: unknown field (allowed: id, name"),
    ("unknown-equipment", "wall-sit.yaml: equipment[1]: unknown value 'kettlebell' (allowed:"),
    ("missing-dosage", "wall-sit.yaml: dosage: is required but missing"),
    ("dangling-link", "wall-sit.yaml: harder[0]: links to 'wall-sit-on-one-leg', which is not"),
    ("duplicate-id", "bridge.yaml: id: duplicate id 'bridge' (also in "),
    ("duplicate-alias", "wall-sit.yaml: aliases[0]: duplicate name or alias 'Pelvis elevation'"),
]


def run(*args: str, width: int = 100) -> Any:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width), "NO_COLOR": "1"})
    # A user mistake ends in a message and an exit code, never in an exception.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def mini(monkeypatch: pytest.MonkeyPatch) -> Catalog:
    catalog = load_catalog(FIXTURES / "mini")
    monkeypatch.setattr(strongback.catalog, "default_catalog", lambda: catalog)
    return catalog


@pytest.mark.parametrize(
    ("spelled_out", "enum"),
    [
        (catalog_commands.REGIONS, Region),
        (catalog_commands.POSITIONS, Position),
        (catalog_commands.KINDS, Kind),
        (catalog_commands.EQUIPMENT, Equipment),
    ],
)
def test_filter_choices_match_the_catalog_enums(
    spelled_out: tuple[str, ...], enum: type[Region | Position | Kind | Equipment]
) -> None:
    assert spelled_out == tuple(member.value for member in enum)


def test_region_aliases_match_the_catalog_mapping_and_the_answers_file() -> None:
    from strongback._plan_select import PAIN_REGIONS
    from strongback.catalog.search import REGION_ALIASES, region_named

    assert tuple(REGION_ALIASES) == catalog_commands.REGION_ALIASES
    # Every pain area an answers file may name filters the region the planner targets for it.
    for area, region in PAIN_REGIONS.items():
        assert region_named(area.value) is region
    help_words = " ".join(run("exercises", "--help").stdout.replace("│", " ").split())
    assert (
        "hips-glutes (hips and buttocks); or as in the answers file: upper, middle, lower."
        in help_words
    )


def test_version_is_a_flag_and_help_shows_no_bool_placeholder() -> None:
    assert run("--version").stdout.startswith("strongback ")
    help_text = run("--help").stdout
    assert "--version" in help_text
    assert "<bool>" not in help_text
    assert "<bool>" not in run("exercises", "--help").stdout


@pytest.mark.usefixtures("mini")
def test_exercises_prints_a_table_of_every_exercise() -> None:
    result = run("exercises", width=130)
    assert result.exit_code == 0
    header = next(line for line in result.stdout.splitlines() if "position" in line)
    for column in ("id", "name", "position", "kind", "level", "regions", "equipment"):
        assert column in header
    for exercise_id in ("bird-dog", "bridge", "pelvic-tilt"):
        assert exercise_id in result.stdout
    assert "3 exercises" in result.stdout
    # Rich would print Markdown's backticks as they are: the caption's command is in bold instead.
    assert "strongback show ID" in result.stdout
    assert "`" not in result.stdout


def test_the_help_and_the_table_use_the_cards_words_for_the_values() -> None:
    help_words = " ".join(run("exercises", "--help").stdout.replace("│", " ").split())
    assert "supine (lying on your back), prone (lying on your stomach)" in help_words
    assert "quadruped (on all fours)" in help_words
    assert "pull-up-bar (pull-up bar), chair (sturdy chair)" in help_words
    assert "mat (mat, carpet or blanket)" in help_words
    table = run("exercises", "--position", "quadruped", width=130).stdout
    assert "on all fours" in table
    assert "quadruped" not in table.replace("Quadruped", "")
    assert "hips and buttocks" in table


def test_the_chair_and_nothing_special_find_the_seated_stretch() -> None:
    chair = json.loads(run("exercises", "--json", "--equipment", "chair").stdout)["exercises"]
    assert [e["id"] for e in chair] == ["chin-to-chest-stretch"]
    nothing = json.loads(run("exercises", "--json", "--equipment", "none").stdout)["exercises"]
    ids = [e["id"] for e in nothing]
    assert {"chin-to-chest-stretch", "bridge", "bird-dog"} <= set(ids)
    assert "standing-band-row" not in ids
    assert "Equipment    sturdy chair" in [
        line.strip("│ ").rstrip()
        for line in run("show", "chin-to-chest-stretch").stdout.splitlines()
    ]


def test_the_exercise_table_fits_a_narrow_terminal() -> None:
    # The built-in catalog, for its longest ids; the name gives way below 120 columns.
    lines = run("exercises", width=80).stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert lines[0].split() == ["id", "position", "kind", "lvl", "regions", "equipment"]


@pytest.mark.usefixtures("mini")
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--region", "hips-glutes"], ["bird-dog", "bridge"]),
        (["--region", "neck", "--region", "core"], ["bird-dog", "bridge", "pelvic-tilt"]),
        # The answers file's words for the regions work too, in any case.
        (["--region", "lower"], ["bird-dog", "bridge", "pelvic-tilt"]),
        (["--region", "Lower", "--region", "hips-glutes"], ["bird-dog", "bridge", "pelvic-tilt"]),
        (["--position", "quadruped"], ["bird-dog"]),
        (["--kind", "mobility"], ["pelvic-tilt"]),
        (["--equipment", "mat", "--kind", "strength"], ["bird-dog", "bridge"]),
        (["--equipment", "barbell"], []),
        (["--level", "1", "--position", "supine"], ["bridge", "pelvic-tilt"]),
        (["--search", "glute bridges"], ["bridge"]),
        (["--search", "PELVI"], ["bridge", "pelvic-tilt"]),
        (["--search", "all fours", "--kind", "strength"], ["bird-dog"]),
    ],
)
def test_exercises_filters_combine(args: list[str], expected: list[str]) -> None:
    result = run("exercises", "--json", *args)
    assert result.exit_code == 0
    assert [item["id"] for item in json.loads(result.stdout)["exercises"]] == expected


@pytest.mark.usefixtures("mini")
def test_no_match_says_so_instead_of_printing_an_empty_table() -> None:
    result = run("exercises", "--equipment", "barbell")
    assert result.exit_code == 0
    assert "No exercises match those filters." in result.stdout


@pytest.mark.usefixtures("mini")
@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["--region", "foo"], "neck, upper-back, middle-back, lower-back, core, hips-glutes"),
        (["--region", "foo"], "as in the answers file: upper (upper-back), middle (middle-back)"),
        (["--position", "upside-down"], "supine, prone, quadruped"),
        (["--kind", "cardio"], "strength, stretch, mobility, isometric"),
        (["--equipment", "kettlebell"], "none, mat, cushion, resistance-band"),
        (["--level", "5"], "1 (beginner), 2 (some training), 3 (with a professional)"),
    ],
)
def test_a_bad_filter_value_lists_the_allowed_ones(args: list[str], allowed: str) -> None:
    result = run("exercises", *args)
    assert result.exit_code == 1
    assert f"error: {args[0]}: unknown value" in result.stderr
    assert allowed in result.stderr
    assert result.stdout == ""


def test_exercises_json_holds_every_field(mini: Catalog) -> None:
    data = json.loads(run("exercises", "--json").stdout)["exercises"]
    assert data == [exercise.model_dump(mode="json") for exercise in mini]
    assert set(data[0]) == set(strongback.catalog.Exercise.model_fields)


@pytest.mark.usefixtures("mini")
def test_show_prints_the_whole_card() -> None:
    result = run("show", "bird-dog", width=100)
    assert result.exit_code == 0
    lines = [line.strip("│ ").rstrip() for line in result.stdout.splitlines()]
    assert lines[0].startswith("╭─ Bird-dog (bird-dog)")
    for expected in [
        "Also called  Opposite arm and leg raise on all fours, Quadruped arm and leg raise",
        "Position     on all fours",
        "Level        1 (beginner)",
        "Equipment    mat, carpet or blanket",
        "Dosage       3 sets of 10, hold 4 s, each side; rest 30 s between sets",
        "Steps",
        "1. Kneel on all fours, hands under your shoulders and knees under your hips.",
        "Cues",
        "• Keep the lifted leg no higher than your hips.",
        "Cautions",
        "• Keep your back flat; stop if the lower back starts to sag.",
        "Easier: Pelvic tilt (pelvic-tilt)",
        "Harder: Bridge (bridge)",
        "Sources",
        "• 6 Back Strengthening Exercises (No. 1, arms and legs opposite on the knees)",
        "• 5 Tips to Strengthen Your Back (1. On hands and knees)",
    ]:
        assert expected in lines, expected


@pytest.mark.usefixtures("mini")
def test_show_lists_what_each_article_prescribes() -> None:
    lines = [line.strip("│ ").rstrip() for line in run("show", "bridge").stdout.splitlines()]
    assert "Dosage       1 set of 10, hold 10 s" in lines
    assert "What the articles prescribe" in lines
    assert any(
        line.startswith("• Let's Strengthen Those Back Muscles!: 1 set: hold 10 s")
        for line in lines
    )


@pytest.mark.usefixtures("mini")
def test_show_finds_an_exercise_by_name_or_alias() -> None:
    assert "(bridge)" in run("show", "Pelvis elevation").stdout
    assert "(bird-dog)" in run("show", "bird dogs").stdout


def test_show_json_is_the_exercise_object(mini: Catalog) -> None:
    result = run("show", "bridge", "--json")
    assert json.loads(result.stdout) == {
        **mini.exercises["bridge"].model_dump(mode="json"),
        "safety_notice": SAFETY_NOTICE,
    }


@pytest.mark.usefixtures("mini")
def test_show_suggests_the_closest_ids_for_an_unknown_one() -> None:
    result = run("show", "brige")
    assert result.exit_code == 1
    assert "error: no exercise 'brige'; did you mean bridge (Bridge)?" in result.stderr
    assert result.stdout == ""


@pytest.mark.usefixtures("mini")
def test_show_matches_aliases_when_suggesting() -> None:
    result = run("show", "glute brige")
    assert result.exit_code == 1
    assert "did you mean bridge (Bridge)?" in result.stderr


@pytest.mark.usefixtures("mini")
def test_advice_and_sports_cite_their_articles() -> None:
    advice = run("advice")
    assert "Stop when it hurts" in advice.stdout
    assert "Source: Best Back Pain Exercises (Closing paragraphs)" in advice.stdout
    sports = run("sports", width=200)
    assert sports.stdout.splitlines()[0] == "Swimming"
    assert "  The water carries your weight" in sports.stdout
    assert "Source: 5 Tips to Strengthen Your Back (5. Sports to strengthen the back)" in (
        sports.stdout
    )
    assert json.loads(run("sports", "--json").stdout)["sports"][0]["id"] == "swimming"
    assert json.loads(run("advice", "--json").stdout)["advice"][0]["id"] == "stop-when-it-hurts"


@pytest.mark.usefixtures("mini")
@pytest.mark.parametrize("command", [["show", "bridge"], ["exercises"], ["advice"], ["sports"]])
def test_what_tells_how_to_exercise_carries_the_safety_notice(command: list[str]) -> None:
    text = run(*command)
    assert text.exit_code == 0, text.output
    assert SAFETY_NOTICE in " ".join(text.stdout.split())

    data = json.loads(run(*command, "--json").stdout)
    assert data["safety_notice"] == SAFETY_NOTICE


def test_catalog_schema_prints_the_exercise_json_schema() -> None:
    schema = json.loads(run("catalog", "schema").stdout)
    assert schema["title"] == "Exercise"
    assert {"id", "dosage", "sources"} <= set(schema["required"])
    sports = json.loads(run("catalog", "schema", "sport").stdout)
    assert sports["type"] == "array"


def test_catalog_schema_rejects_an_unknown_file_kind() -> None:
    result = run("catalog", "schema", "recipes")
    assert result.exit_code == 1
    assert "choose from exercise, article, sport" in result.stderr


def test_catalog_check_accepts_a_whole_catalog_root() -> None:
    result = run("catalog", "check", str(FIXTURES / "mini"))
    assert result.exit_code == 0
    assert result.stdout.startswith("3 exercises OK")


def test_catalog_check_names_a_missing_folder() -> None:
    result = run("catalog", "check", str(FIXTURES / "nowhere"))
    assert result.exit_code == 1
    assert "nowhere: not a directory" in result.stderr


# Acceptance tests on the built-in catalog.


def test_catalog_check_validates_the_built_in_catalog() -> None:
    result = run("catalog", "check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{len(load_catalog())} exercises OK")


def test_catalog_check_accepts_an_extension_linking_to_built_in_exercises() -> None:
    result = run("catalog", "check", str(FIXTURES / "good"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1 exercise OK in ")
    assert "(checked with the " in result.stdout


@pytest.mark.parametrize(("folder", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_catalog_check_reports_a_broken_file_and_fails(folder: str, message: str) -> None:
    result = run("catalog", "check", str(FIXTURES / folder), width=60)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ")
    assert "problem" in lines[0]
    assert any(folder in line and message in line for line in lines[1:]), result.stderr


def test_exercises_json_is_the_complete_linked_catalog() -> None:
    data = json.loads(run("exercises", "--json").stdout)["exercises"]
    ids = {item["id"] for item in data}
    assert len(ids) == len(data) >= 32
    articles = set(load_catalog().articles)
    for item in data:
        assert item["sources"], item["id"]
        assert {s["article"] for s in item["sources"]} <= articles, item["id"]
        for link in (*item["easier"], *item["harder"]):
            assert link in ids, f"{item['id']} links to unknown '{link}'"


def test_show_writes_the_exercise_figure(tmp_path: Path) -> None:
    figure = tmp_path / "bridge.svg"
    result = run("show", "bridge", "--figure", str(figure))
    assert result.exit_code == 0, result.output
    svg = figure.read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert "<title" in svg
    assert "Bridge" in svg


@pytest.mark.parametrize(
    ("target", "says"), [("bridge.png", "must end in .svg"), ("missing/dir/x.svg", "cannot write")]
)
def test_show_figure_mistakes_are_clear(tmp_path: Path, target: str, says: str) -> None:
    result = run("show", "bridge", "--figure", str(tmp_path / target))
    assert result.exit_code == 1
    assert says in result.output


def test_the_card_says_whether_the_camera_can_check_the_exercise() -> None:
    checked = run("show", "bridge", width=140).stdout
    assert "strongback coach --exercise bridge" in checked
    assert "the camera cannot check this one" in run("show", "pelvic-tilt", width=140).stdout
