"""The one filter: a region in the catalog's words or the answers file's."""

from __future__ import annotations

import pytest

from strongback.catalog import Equipment, Position, Region, default_catalog
from strongback.catalog.search import region_named, select


@pytest.mark.parametrize(
    ("word", "region"),
    [("lower", Region.LOWER_BACK), ("Upper ", Region.UPPER_BACK), ("neck", Region.NECK)],
)
def test_the_answers_files_words_filter_like_the_catalogs(word: str, region: Region) -> None:
    catalog = default_catalog()
    assert region_named(word) is region
    assert select(catalog, regions=[word]) == select(catalog, regions=[region])
    assert select(catalog, regions=[word])


def test_an_unknown_region_names_every_accepted_spelling() -> None:
    with pytest.raises(ValueError, match=r"'low'.*hips-glutes.*lower \(lower-back\)"):
        region_named("low")


def test_the_chair_finds_the_seated_stretch() -> None:
    found = select(default_catalog(), equipment=["chair"])
    assert "chin-to-chest-stretch" in [e.id for e in found]
    assert all(Equipment.CHAIR in e.equipment for e in found)


def test_nothing_special_finds_all_that_need_nothing_to_buy() -> None:
    """`none` lists what a person with nothing special can do: the floor exercises (a carpet or
    a folded blanket does for a mat) and the seated stretch among them, nothing that needs a
    band, a barbell, a bar, a cushion or a wall."""
    catalog = default_catalog()
    found = select(catalog, equipment=[Equipment.NONE])
    assert {e.id for e in found} == {e.id for e in catalog if not e.needs}
    assert "bridge" in [e.id for e in found]
    assert "chin-to-chest-stretch" in [e.id for e in found]
    assert not any(e.needs for e in found)
    assert len(found) > len(catalog) // 2
    # Another value still widens the filter: nothing special, or a barbell.
    both = select(catalog, equipment=["none", "barbell"])
    assert {e.id for e in both} == {e.id for e in found} | {"deadlift"}
    assert all(e.position is not Position.SEATED or e in found for e in catalog)
