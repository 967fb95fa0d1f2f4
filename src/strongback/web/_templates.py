"""The Jinja2 environment shared by all pages, with every global a template may use.

The globals are registered here and nowhere else, so a template renders the same whichever page
modules happen to be imported (tests/test_architecture.py checks that no other module adds one).
"""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from strongback import EMERGENCY_ADVICE, SAFETY_NOTICE, __version__
from strongback.coach import INSTALL_HINT
from strongback.referral import reason_advice, referral_title

#: What the camera coach needs beyond strongback itself: the `camera` extra.
CAMERA_MODULES = ("cv2", "mediapipe")


def camera_coach_installed() -> bool:
    """Whether the camera extra is installed, looked up without loading it (MediaPipe is slow to
    load, and the app must start without it). Asked on each page, so installing the extra while
    the server runs shows the camera button at the next page."""
    from importlib.util import find_spec

    for module in CAMERA_MODULES:
        try:
            if find_spec(module) is None:
                return False
        except (ImportError, ValueError):
            return False
    return True


templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
# `{% do list.append(...) %}`: a form lists its fields for the error summary (_form_errors.html).
templates.env.add_extension("jinja2.ext.do")
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
    # Every page that offers the camera (the exercise page, the coach page) asks the same
    # question, so a missing extra is said where the button would be, not after pressing it.
    camera_coach_installed=camera_coach_installed,
    camera_install_hint=INSTALL_HINT,
)
