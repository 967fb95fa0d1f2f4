"""strongback: an open, local-first back-care exercise coach.

strongback is not a substitute for a clinician: it does not diagnose, and it refers people with
warning signs to one before giving any plan.
"""

__version__ = "0.1.0"

#: The emergency signs the setup screening sends straight to an emergency department. After
#: setup nothing asks about them again, so every safety notice repeats them: they can begin any day.
EMERGENCY_ADVICE = (
    "Go to an emergency department now if you get numbness around your genitals or buttocks, "
    "new trouble controlling your bladder or bowels, or weakness in both legs."
)

#: The notice without the emergency line, for a screen that already shows that line just above
#: (the pain stop shows it in `session_player.STOP_ADVICE`): said once, it is read.
CLINICIAN_NOTICE = (
    "strongback is not a substitute for a clinician and does not diagnose. Stop any exercise "
    "that hurts, and see a doctor or physiotherapist if your pain is severe, getting worse, or "
    "comes with numbness, weakness, fever or problems passing water."
)

SAFETY_NOTICE = f"{CLINICIAN_NOTICE} {EMERGENCY_ADVICE}"

__all__ = ["CLINICIAN_NOTICE", "EMERGENCY_ADVICE", "SAFETY_NOTICE", "__version__"]
