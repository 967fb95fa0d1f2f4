"""The exercise knowledge base as validated data.

One `Exercise` per YAML file under `catalog/exercises/`; the articles, sports, everyday advice,
breathing rule and contraindications live under `catalog/knowledge/`. Every model forbids unknown
fields so that a typo in a contributor's YAML is reported instead of silently ignored.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from strongback.catalog.camera import CameraCheck
from strongback.catalog.poses import KeyPose
from strongback.catalog_words import (
    EQUIPMENT_LABELS,
    EVERYDAY_EQUIPMENT,
    LEVEL_LABELS,
    POSITION_LABELS,
    REGION_LABELS,
)
from strongback.limits import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Kind(StrEnum):
    STRENGTH = "strength"
    STRETCH = "stretch"
    MOBILITY = "mobility"
    ISOMETRIC = "isometric"

    @property
    def stretches(self) -> bool:
        """Stretches and mobility moves: the stretch phase of a session, before strengthening."""
        return self in (Kind.STRETCH, Kind.MOBILITY)


class Position(StrEnum):
    SUPINE = "supine"
    PRONE = "prone"
    QUADRUPED = "quadruped"
    KNEELING = "kneeling"
    STANDING = "standing"
    SIDE_LYING = "side-lying"
    SEATED = "seated"

    @property
    def on_floor(self) -> bool:
        return self not in (Position.STANDING, Position.SEATED)

    @property
    def label(self) -> str:
        """In plain words, as the cards, the library and the players say it: "on all fours"."""
        return POSITION_LABELS[self.value]


class Region(StrEnum):
    NECK = "neck"
    UPPER_BACK = "upper-back"
    MIDDLE_BACK = "middle-back"
    LOWER_BACK = "lower-back"
    CORE = "core"
    HIPS_GLUTES = "hips-glutes"

    @property
    def label(self) -> str:
        """In plain words: "hips and buttocks"."""
        return REGION_LABELS[self.value]


class Equipment(StrEnum):
    NONE = "none"
    MAT = "mat"
    CUSHION = "cushion"
    RESISTANCE_BAND = "resistance-band"  # fixed to a door handle or rail: a door anchor
    BARBELL = "barbell"
    PULL_UP_BAR = "pull-up-bar"
    CHAIR = "chair"
    WALL = "wall"

    @property
    def label(self) -> str:
        """In plain words: "mat, carpet or blanket"."""
        return EQUIPMENT_LABELS[self.value]

    @property
    def everyday(self) -> bool:
        """Every home has it or something that does its job (a mat: a carpet or a folded
        blanket; a chair): listed by the exercises that use it, never needed to plan them."""
        return self.value in EVERYDAY_EQUIPMENT


class Level(IntEnum):
    BEGINNER = 1
    SOME_TRAINING = 2
    PROFESSIONAL_GUIDANCE = 3

    @property
    def label(self) -> str:
        """Who it suits: "beginner", "some training", "with a professional"."""
        return LEVEL_LABELS[self.value]


class Sides(StrEnum):
    BOTH = "both"  # both sides at once, or a symmetric movement
    EACH = "each"  # all reps on one side, then all on the other
    ALTERNATING = "alternating"  # left, right, left, right within a set


class Role(StrEnum):
    """What a strengthening exercise contributes to a balanced session."""

    CORE = "core"
    BACK_EXTENSOR = "back-extensor"
    HIP_GLUTE = "hip-glute"
    UPPER_BACK = "upper-back"
    OBLIQUES = "obliques"


class Dosage(_Strict):
    """How much of an exercise: the counts a player times and the planner progresses."""

    sets: int = Field(ge=1, le=MAX_SETS)
    reps: int = Field(
        ge=1,
        le=MAX_REPS,
        description=(
            "Repetitions per set, counted per side when sides is each or alternating, as the "
            "articles count them ('ten reps on each side')."
        ),
    )
    hold_seconds: int | None = Field(
        default=None,
        ge=1,
        le=MAX_HOLD_SECONDS,
        description="Seconds each repetition is held; none for moves.",
    )
    rest_seconds: int = Field(default=30, ge=0, le=300, description="Rest between sets.")
    tempo_seconds: float | None = Field(
        default=None,
        gt=0,
        le=30,
        description=(
            "Seconds one moving repetition takes when the coach paces it; none means the person "
            "counts the reps at their own pace (an 'until done' step)."
        ),
    )


class Source(_Strict):
    article: Slug = Field(description="Id of an article in knowledge/articles.yaml.")
    where: Text = Field(description="Where in the article, e.g. 'On the back, no. 5'.")


class ArticleDosage(_Strict):
    article: Slug
    dosage: Dosage
    note: str | None = None


#: The articles' breathing rule: the out-breath lasts (at least) twice as long as the in-breath.
EXHALE_TO_INHALE = 2


class Breathing(_Strict):
    inhale_seconds: float = Field(default=2, gt=0, le=10)
    exhale_seconds: float = Field(
        default=4,
        gt=0,
        le=20,
        validate_default=True,
        description="At least twice inhale_seconds: the articles' rule, out twice as long as in.",
    )
    cue: Text = "Breathe in through your nose, then out slowly through your mouth."

    @field_validator("exhale_seconds")
    @classmethod
    def _out_twice_as_long_as_in(cls, exhale: float, info: ValidationInfo) -> float:
        inhale = info.data.get("inhale_seconds")
        if inhale is not None and exhale < EXHALE_TO_INHALE * inhale:
            raise ValueError(
                f"{exhale:g} s is shorter than twice inhale_seconds ({inhale:g} s): the breath out "
                f"lasts twice as long as the breath in, so make it at least "
                f"{EXHALE_TO_INHALE * inhale:g}"
            )
        return exhale


class SidePrompts(_Strict):
    """What 'left' and 'right' mean for an exercise, said with each side's steps."""

    left: Text = Field(description="What the left side works, e.g. 'left leg and right arm'.")
    right: Text = Field(description="What the right side works, e.g. 'right leg and left arm'.")


class Prompts(_Strict):
    """What the session players say besides the counts, so a session that is only heard leaves
    out none of the steps' instructions: which arm and leg, which arm this time, which way."""

    sides: SidePrompts | None = Field(
        default=None, description="For exercises done on each side or alternating."
    )
    reps: list[Text] = Field(
        default_factory=list,
        description=(
            "Said with each repetition in turn, starting again after the last: e.g. both arms, "
            "then the right arm, then the left arm."
        ),
    )
    parts: list[Text] = Field(
        default_factory=list,
        description=(
            "A set split into equal parts in this order, each said as it starts: e.g. pedal "
            "forwards, then pedal backwards."
        ),
    )


class Exercise(_Strict):
    id: Slug
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    summary: Text = Field(description="One sentence: what it is and what it does.")
    kind: Kind
    position: Position
    regions: list[Region] = Field(min_length=1)
    roles: list[Role] = Field(
        default_factory=list, description="For strengthening exercises: what they build."
    )
    muscles: list[Text] = Field(min_length=1)
    equipment: list[Equipment] = Field(
        default_factory=lambda: [Equipment.MAT],
        description=(
            "What the exercise uses, so the library finds it by it: `none`, or every item. A mat, "
            "a chair, a cushion and a bit of wall are everyday things (a carpet or folded "
            "blanket does for a mat, a pillow for a cushion) that nobody needs to own to have "
            "the exercise planned; the others are needed."
        ),
    )
    level: Level
    sides: Sides
    dosage: Dosage
    article_dosages: list[ArticleDosage] = Field(default_factory=list)
    steps: list[Text] = Field(min_length=2)
    cues: list[Text] = Field(min_length=1)
    mistakes: list[Text] = Field(default_factory=list)
    cautions: list[Text] = Field(default_factory=list)
    contraindications: list[Text] = Field(default_factory=list)
    leave_out_for: list[Slug] = Field(
        default_factory=list,
        description=(
            "Screening conditions (ids in knowledge/contraindications.yaml, e.g. pregnancy) for "
            "which the planner leaves this exercise out even after a clinician has cleared the "
            "person to exercise; the contraindications say why in words."
        ),
    )
    prompts: Prompts | None = Field(
        default=None, description="What the players say with each side, rep or part of a set."
    )
    breathing: Breathing = Field(default_factory=Breathing)
    easier: list[Slug] = Field(default_factory=list)
    harder: list[Slug] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    camera: CameraCheck | None = Field(
        default=None, description="What the camera coach checks; absent when it cannot."
    )
    poses: list[KeyPose] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Exercise:
        if Equipment.NONE in self.equipment and len(self.equipment) > 1:
            raise ValueError("equipment 'none' cannot be combined with other equipment")
        if self.position is Position.SEATED and Equipment.CHAIR not in self.equipment:
            raise ValueError("a seated exercise is done on a chair: list 'chair' under equipment")
        if self.id in self.easier or self.id in self.harder:
            raise ValueError("an exercise cannot be its own easier or harder variant")
        if self.kind is Kind.STRETCH and self.roles:
            raise ValueError("roles are for strengthening exercises, not stretches")
        if self.leave_out_for and not self.contraindications:
            raise ValueError("leave_out_for needs contraindications that say why, in words")
        if len(set(self.leave_out_for)) != len(self.leave_out_for):
            raise ValueError("leave_out_for names a condition twice")
        if self.prompts is not None:
            self._check_prompts(self.prompts)
        return self

    def _check_prompts(self, prompts: Prompts) -> None:
        if prompts.sides is not None and self.sides is Sides.BOTH:
            raise ValueError("prompts.sides is for exercises done on each side or alternating")
        if prompts.reps and prompts.parts:
            raise ValueError("prompts: give reps or parts, not both")
        if prompts.reps and self.dosage.reps % len(prompts.reps):
            raise ValueError(
                f"prompts.reps has {len(prompts.reps)} entries, which do not divide the "
                f"{self.dosage.reps} reps of the dosage into whole rounds"
            )
        if len(prompts.parts) > self.dosage.reps:
            raise ValueError(
                f"prompts.parts has {len(prompts.parts)} parts, more than the "
                f"{self.dosage.reps} reps of the dosage"
            )

    @property
    def needs(self) -> frozenset[Equipment]:
        """Equipment the person must have: what it lists, less `none` and the everyday things
        every home has (`Equipment.everyday`: something soft to lie on, a chair, a cushion, a
        bit of wall)."""
        return frozenset(e for e in self.equipment if e is not Equipment.NONE and not e.everyday)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def strengthens(self) -> bool:
        return self.kind in (Kind.STRENGTH, Kind.ISOMETRIC)


class Article(_Strict):
    id: Slug
    title: Text
    seed: Text = Field(description="File name of the seed text in the project's shared seeds.")


class Sport(_Strict):
    id: Slug
    name: Text
    why: Text
    note: str | None = None
    sources: list[Source] = Field(min_length=1)


class Advice(_Strict):
    id: Slug
    topic: Text
    text: Text
    sources: list[Source] = Field(min_length=1)


class Contraindication(_Strict):
    id: Slug
    condition: Text
    what_to_do: Text
    sources: list[Source] = Field(min_length=1)


class BreathingRule(_Strict):
    inhale_seconds: float = Field(gt=0)
    exhale_seconds: float = Field(gt=0)
    text: Text
    sources: list[Source] = Field(min_length=1)
