"""Safety screening: who must see a clinician before exercising, and how urgently.

Pure: `screen(profile, rules)` takes the person's answers and the rules (data, each with its
source) and returns a `Screening`. A red flag always blocks the plan; clinician clearance lifts
only the articles' contraindications, never a red flag.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Status(StrEnum):
    CLEAR = "clear"  # go ahead
    ADVISE = "advise"  # go ahead, and talk to a clinician
    BLOCKED = "blocked"  # no plan until a clinician has seen the person


class Urgency(StrEnum):
    EMERGENCY = "emergency"  # go to an emergency department now
    URGENT = "urgent"  # see a doctor before exercising
    SOON = "soon"  # see a doctor soon
    CONSULT = "consult"  # a contraindication awaiting clearance, or advice to consult


class Reason(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    urgency: Urgency
    source: str


class Screening(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: Status
    urgency: Urgency | None = None
    reasons: list[Reason] = Field(default_factory=list)
    what_to_do: str = ""

    @property
    def blocks_plan(self) -> bool:
        return self.status is Status.BLOCKED
