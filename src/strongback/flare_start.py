"""A flare at the start of a session, in the words both players say it.

Pure: the flare level is the person's (`services.flare_level`: above their usual pain, or the
progression rules' level while it is not known), and which exercises are left is
`plan.stretches_only`'s to decide; this module only says how it reads when the pain given before
a session reaches that level, so `strongback start` and the session page agree word for word, as
`referral` keeps a referral's words once. Each view adds the emergency signs (`EMERGENCY_ADVICE`)
after `FLARE_START_CARE` in its own way: the terminal in one line, the page with the lead in bold.
"""

from __future__ import annotations


def flare_start_reason(pain: int, flare_pain: int, usual: int | None = None) -> str:
    """Why no strengthening is played today: the pain given before the session, `pain`, is at
    or above the person's flare level, `flare_pain`, which comes from their usual pain `usual`
    once it is known (None: not yet, and the level is the rules' alone)."""
    above = ""
    if usual is not None:
        rise = pain - usual
        above = f", {rise} point{'' if rise == 1 else 's'} above your usual {usual}/10"
    return (
        f"Your back is at {pain}/10 before you start{above}: at {flare_pain} or more we count "
        "that as a flare, so no strengthening today."
    )


#: The care that goes with it, before the emergency signs.
FLARE_START_CARE = (
    "See a doctor or physiotherapist if the pain is severe, getting worse, or spreads down a leg."
)
#: When the day's plan has no stretches to play instead.
NO_STRETCHES_TODAY = "Today's plan has no stretches, so stop here for today."

__all__ = ["FLARE_START_CARE", "NO_STRETCHES_TODAY", "flare_start_reason"]
