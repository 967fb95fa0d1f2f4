from strongback.catalog import default_catalog, load_catalog


def test_builtin_catalog_loads_and_every_exercise_cites_an_article() -> None:
    catalog = default_catalog()
    assert len(catalog) >= 2
    for exercise in catalog:
        assert catalog.source_titles(exercise), exercise.id


def test_loading_twice_gives_equal_catalogs() -> None:
    assert load_catalog().exercises == load_catalog().exercises
