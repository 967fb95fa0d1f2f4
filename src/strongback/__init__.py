"""strongback: an open, local-first back-care exercise coach.

strongback is not a substitute for a clinician: it does not diagnose, and it refers people with
warning signs to one before giving any plan.
"""

__version__ = "0.1.0"

SAFETY_NOTICE = (
    "strongback is not a substitute for a clinician and does not diagnose. Stop any exercise "
    "that hurts, and see a doctor or physiotherapist if your pain is severe, getting worse, or "
    "comes with numbness, weakness, fever or problems passing water."
)

__all__ = ["SAFETY_NOTICE", "__version__"]
