"""The window's picture: the skeleton drawn over the frame, with the count and the feedback.

Thin on purpose: it only draws what `LiveCoach` already decided, so the `--headless` tests cover
the coaching; tests/coach/test_window.py checks on a virtual screen (Xvfb) that the skeleton shows.
"""

from __future__ import annotations

import cv2

from strongback.coach._landmarks import SKELETON, PoseFrame
from strongback.coach.pose import Image

GREEN = (80, 200, 80)
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)


def _text(image: Image, text: str, y: int, scale: float = 0.8) -> None:
    for colour, width in ((BLACK, 4), (WHITE, 2)):
        cv2.putText(image, text, (16, y), cv2.FONT_HERSHEY_SIMPLEX, scale, colour, width)


def draw(image: Image, frame: PoseFrame, lines: list[str]) -> Image:
    height = image.shape[0]
    if frame.found:
        for a, b in SKELETON:
            p, q = frame[a], frame[b]
            if p.seen and q.seen:
                start = (int(p.x * height), int(p.y * height))
                end = (int(q.x * height), int(q.y * height))
                cv2.line(image, start, end, GREEN, 3, cv2.LINE_AA)
    for i, line in enumerate(lines):
        _text(image, line, 36 + 34 * i, 0.9 if i == 0 else 0.7)
    return image
