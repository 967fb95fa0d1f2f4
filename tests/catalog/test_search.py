"""The one filter: a region in the catalog's words or the answers file's."""

from __future__ import annotations

import pytest

from strongback.catalog import Region, default_catalog
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
