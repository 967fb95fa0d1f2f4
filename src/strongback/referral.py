"""A referral as every interface words it: the terminal's panel and the web's referral pages.

Pure: the screening (`safety.screen`) decides who is sent to a clinician and how urgently; this
module says how that reads, so `strongback setup`, every command that withholds exercise, the
referral page and the pages that show a referral in place of their content agree word for word:
the title by the most urgent warning sign (`referral_title`), the safety notice it carries
(`referral_notice`), and what is said under each warning sign (`reason_advice`).
"""

from __future__ import annotations

from strongback import CLINICIAN_NOTICE, SAFETY_NOTICE
from strongback.safety import Reason, Urgency

#: A referral's title, by its most urgent reason.
REFERRAL_TITLES = {
    Urgency.EMERGENCY: "Go to an emergency department now",
    Urgency.URGENT: "See a doctor before you exercise",
    Urgency.SOON: "See a doctor soon",
    Urgency.CONSULT: "Check with your clinician first",
}

#: Said under a milder warning sign in an emergency referral, in place of that sign's own advice.
MENTION_TOO = "Mention this too when you are seen."


def referral_title(urgency: Urgency | None) -> str:
    """The title of a referral whose most urgent reason has this urgency (none: a consultation)."""
    return REFERRAL_TITLES[urgency or Urgency.CONSULT]


def referral_notice(urgency: Urgency | None) -> str:
    """The safety notice as a referral of this urgency carries it.

    An emergency referral says to go now and that strongback is no clinician, and nothing more:
    advice on which exercise to stop, or on the signs that would make it an emergency, would
    only dilute it. Any other referral carries the whole notice.
    """
    if urgency is Urgency.EMERGENCY:
        return CLINICIAN_NOTICE.partition(". ")[0] + "."  # "strongback is not a substitute..."
    return SAFETY_NOTICE


def reason_advice(reason: Reason, urgency: Urgency | None) -> str:
    """What a referral of this (most urgent) `urgency` says under `reason`.

    Its own advice, except in an emergency for a milder sign: "see a doctor today or in the next
    day or two" beside "go to an emergency department now" would read as a choice of when to go,
    so the milder sign is only to be mentioned when the person is seen.
    """
    if urgency is Urgency.EMERGENCY and reason.urgency is not Urgency.EMERGENCY:
        return MENTION_TOO
    return reason.advice


__all__ = [
    "MENTION_TOO",
    "REFERRAL_TITLES",
    "reason_advice",
    "referral_notice",
    "referral_title",
]
