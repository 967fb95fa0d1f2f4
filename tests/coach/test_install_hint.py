"""The camera extra's install hint names both ways in, as the README does."""

from __future__ import annotations

from strongback.coach import INSTALL_HINT


def test_the_install_hint_names_the_make_target_and_the_pip_extra() -> None:
    # The README says `make install-camera` (from a clone); pip's extra is for an installed
    # package. A newcomer told only the other one was left guessing.
    assert "from a clone of strongback, make install-camera" in INSTALL_HINT
    assert "for an installed package, pip install 'strongback[camera]'" in INSTALL_HINT
