"""The exercise knowledge base: one YAML file per exercise, validated on load.

The camera checks, key poses and filters an exercise carries have their own public modules
(`camera`, `poses`, `search`); the two names every exercise's schema uses are also here.
"""

from strongback.catalog._catalog import Catalog, normalise_name
from strongback.catalog._loader import (
    CatalogError,
    CatalogProblem,
    default_catalog,
    load_catalog,
)
from strongback.catalog._models import (
    Advice,
    Article,
    ArticleDosage,
    Breathing,
    BreathingRule,
    Contraindication,
    Dosage,
    Equipment,
    Exercise,
    Kind,
    Level,
    Position,
    Prompts,
    Region,
    Role,
    SidePrompts,
    Sides,
    Source,
    Sport,
)
from strongback.catalog.camera import CameraCheck, Measure
from strongback.catalog.poses import KeyPose

__all__ = [
    "Advice",
    "Article",
    "ArticleDosage",
    "Breathing",
    "BreathingRule",
    "CameraCheck",
    "Catalog",
    "CatalogError",
    "CatalogProblem",
    "Contraindication",
    "Dosage",
    "Equipment",
    "Exercise",
    "KeyPose",
    "Kind",
    "Level",
    "Measure",
    "Position",
    "Prompts",
    "Region",
    "Role",
    "SidePrompts",
    "Sides",
    "Source",
    "Sport",
    "default_catalog",
    "load_catalog",
    "normalise_name",
]
