"""The Jinja2 environment shared by all pages."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from strongback import EMERGENCY_ADVICE, SAFETY_NOTICE, __version__
from strongback.referral import reason_advice, referral_title

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
# The emergency signs are worded once, in the core, for the terminal and every page alike.
emergency_lead, _, emergency_rest = EMERGENCY_ADVICE.partition(" if ")
templates.env.globals.update(
    safety_notice=SAFETY_NOTICE,
    emergency_lead=emergency_lead,
    emergency_rest=f"if {emergency_rest}",
    version=__version__,
    # A referral reads as the terminal's: its title and what is said under each warning sign.
    referral_title=referral_title,
    reason_advice=reason_advice,
)
