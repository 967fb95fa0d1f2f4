"""Accessibility in real Chromium: axe-core on every page at desktop and phone widths, keyboard use
of the player, Tab reachability with a visible focus ring, and no sideways scrolling on a phone.

axe-core is a test asset (tests/e2e/assets/, see VERSIONS there), injected into the page by the
test; the app never serves it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect

from strongback.settings import Settings
from strongback.web import create_app
from tests.e2e.conftest import _free_port

AXE = Path(__file__).parent / "assets" / "axe.min.js"
API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
RED_FLAG = {**PROFILE, "red_flags": ["bladder-bowel-change"]}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 375, "height": 740}}
PAGES = ["/onboarding", "/today", "/week", "/session", "/library", "/library/bridge", "/progress"]
PAGES += ["/settings", "/coach/bridge", "/coach/pelvic-tilt", "/log", "/advice", "/sports"]
# Moderate findings are listed beside the serious ones when there are this few; more are noise.
FEW = 5
# WCAG 1.4.11: a focus indicator needs 3:1 against what surrounds it.
FOCUS_CONTRAST = 3.0
# Problems found by these tests whose fix belongs to the page templates and styles, with the fix.
# Each must still occur (so these lists shrink as they are fixed); any other problem fails.
KNOWN_WIDE: dict[str, str] = {}
KNOWN_FOCUS: dict[str, str] = {}


@dataclass
class Servers:
    """Two running apps: one with a person mid-way through their plan, one with a red flag."""

    planned: str
    referred: str


def _serve(home: Path) -> tuple[str, uvicorn.Server, threading.Thread]:
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'strongback.db'}")
    # Real-time clock: the keyboard test needs steps that do not move on by themselves.
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 10 s")
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}", server, thread


def _seed(browser: Browser, planned: str, referred: str) -> None:
    """Through the API: a finished session (so progress has data) and one in progress (so the
    player shows its stage), and a red-flag profile on the other server."""
    context = browser.new_context()
    api = context.request
    try:
        assert api.put(f"{planned}{API}/profile", data=PROFILE).ok
        started = api.post(f"{planned}{API}/sessions", data={"pain_before": 4}).json()
        session_id = started["session"]["id"]
        step = next(s for s in started["timeline"]["steps"] if s["records_set"])
        record = {
            "exercise_id": step["exercise_id"],
            "set_number": step["set_number"],
            "side": step["set_side"],
            "reps_done": step["reps"],
            "ended_at": started["session"]["started_at"],  # a set ends during its session
        }
        assert api.post(f"{planned}{API}/sessions/{session_id}/sets", data=record).ok
        finish = {"status": "ended-early", "pain_after": 3, "difficulty": "right"}
        assert api.post(f"{planned}{API}/sessions/{session_id}/finish", data=finish).ok
        assert api.post(f"{planned}{API}/sessions", data={"pain_before": 3}).ok
        assert api.put(f"{referred}{API}/profile", data=RED_FLAG).ok
    finally:
        context.close()


@pytest.fixture(scope="module")
def servers(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    planned, first, first_thread = _serve(tmp_path_factory.mktemp("planned"))
    referred, second, second_thread = _serve(tmp_path_factory.mktemp("referred"))
    _seed(browser, planned, referred)
    yield Servers(planned=planned, referred=referred)
    for server, thread in ((first, first_thread), (second, second_thread)):
        server.should_exit = True
        thread.join(timeout=10)


def _pages(servers: Servers) -> list[str]:
    # The referred person's progress page carries the referral instead of targets, and their log
    # page the referral instead of the form.
    referred = [
        f"{servers.referred}/{path}" for path in ("referral", "progress", "log", "advice", "sports")
    ]
    return [f"{servers.planned}{path}" for path in PAGES] + referred


def _open(browser: Browser, viewport: str) -> Page:
    return browser.new_context(viewport=VIEWPORTS[viewport]).new_page()  # type: ignore[arg-type]


def _settle(page: Page) -> None:
    """Wait until the page shows what a person would see; the player first asks for its session."""
    page.wait_for_load_state("load")
    if page.locator("#player").count():
        page.wait_for_selector("#stage:not([hidden]), #start:not([hidden])")


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _only_known(problems: set[str], known: dict[str, str]) -> None:
    """Fail on any problem not known, and on a known one that is now fixed."""
    new = sorted(problems - set(known))
    fixed = sorted(set(known) - problems)
    message = [*new, *(f"fixed, remove it from the known problems: {k}" for k in fixed)]
    assert not message, "\n".join(message)


def _axe(page: Page) -> list[dict[str, Any]]:
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return violations


def _describe(url: str, violation: dict[str, Any]) -> str:
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
    more = len(violation["nodes"]) - 3
    suffix = f" (+{more} more)" if more > 0 else ""
    return (
        f"{url}: [{violation['impact']}] {violation['id']}: {violation['help']} "
        f"at {targets}{suffix}"
    )


def test_no_serious_axe_violations_on_desktop_or_phone(browser: Browser, servers: Servers) -> None:
    page = _open(browser, "desktop")
    # Given to every page before its own scripts: sent to the browser once, not per page.
    page.context.add_init_script(path=str(AXE))
    serious: list[str] = []
    moderate: list[str] = []
    try:
        for url in _pages(servers):
            response = page.goto(url)
            assert response is not None
            assert response.ok, f"{url} answered {response.status}"
            assert response.url == url, f"{url} redirected to {response.url}: seed is wrong"
            _settle(page)
            # One load, both widths: the layout follows the viewport without a reload.
            for name, size in VIEWPORTS.items():
                page.set_viewport_size(size)  # type: ignore[arg-type]
                for violation in _axe(page):
                    found = f"{name} {_describe(url, violation)}"
                    is_serious = violation["impact"] in {"serious", "critical"}
                    (serious if is_serious else moderate).append(found)
    finally:
        page.context.close()
    listed = moderate if len(moderate) <= FEW else [f"and {len(moderate)} moderate or minor"]
    assert not serious, "\n".join(serious + listed)


def test_no_sideways_scrolling_on_a_phone(browser: Browser, servers: Servers) -> None:
    page = _open(browser, "mobile")
    wide: set[str] = set()
    try:
        for url in _pages(servers):
            page.goto(url)
            _settle(page)
            # The outermost elements that stick out past the right edge name the culprit.
            culprits: list[str] = page.evaluate(
                """() => {
                  const width = document.documentElement.clientWidth;
                  if (document.documentElement.scrollWidth <= width) return [];
                  const out = (el) => el.getBoundingClientRect().right > width + 1;
                  return [...document.querySelectorAll('body *')]
                    .filter((el) => out(el) && !out(el.parentElement))
                    .map((el) => el.tagName.toLowerCase()
                      + (el.id ? '#' + el.id : '')
                      + [...el.classList].map((c) => '.' + c).join(''));
                }"""
            )
            wide.update(f"{_path(url)}: {c} is wider than the screen" for c in culprits)
    finally:
        page.context.close()
    _only_known(wide, KNOWN_WIDE)


# Marks every control a person could use, then walks the page with Tab and reports which were
# never reached and which were reached without a visible focus indicator. Radio buttons share
# one Tab stop per group (arrows move within it), so a group counts once.
_MARK_CONTROLS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  const usable = (el) => !el.disabled && !el.closest('[inert]')
    && el.checkVisibility({visibilityProperty: true});
  const controls = [...document.querySelectorAll(selector)].filter(usable);
  const stops = new Map();
  controls.forEach((el, i) => {
    const key = el.type === 'radio' && el.name ? 'radio:' + el.name : 'control:' + i;
    el.dataset.a11yStop = key;
    if (!stops.has(key)) {
      const label = (el.getAttribute('aria-label') || el.labels?.[0]?.textContent
        || el.textContent || el.name || el.id || el.tagName).trim().replace(/\\s+/g, ' ');
      stops.set(key, el.tagName.toLowerCase() + ' "' + label.slice(0, 40) + '"');
    }
  });
  return Object.fromEntries(stops);
}"""

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none';
  return {stop: el.dataset.a11yStop || null, visible: ring || shadow,
          outline: ring ? style.outlineColor : null};
}"""


def _luminance(rgb: str) -> float:
    parts = [float(p) for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [
        c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in parts
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_control_is_reached_by_tab_with_a_visible_focus(
    browser: Browser, servers: Servers
) -> None:
    page = _open(browser, "desktop")
    problems: set[str] = set()
    try:
        for url in _pages(servers):
            page.goto(url)
            _settle(page)
            stops: dict[str, str] = page.evaluate(_MARK_CONTROLS)
            background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
            reached: set[str] = set()
            for _ in range(len(stops) + 10):
                page.keyboard.press("Tab")
                focused = page.evaluate(_FOCUSED)
                if focused is None or focused["stop"] is None:
                    continue
                reached.add(focused["stop"])
                where = f"{_path(url)}: {stops[focused['stop']]}"
                if not focused["visible"]:
                    problems.add(f"{where} shows no focus indicator")
                elif focused["outline"]:
                    ratio = _contrast(focused["outline"], background)
                    if ratio < FOCUS_CONTRAST:
                        problems.add(
                            f"focus ring {focused['outline']} on {background} "
                            f"is below {FOCUS_CONTRAST}:1"
                        )
            problems.update(
                f"{_path(url)}: {stops[stop]} is never reached with Tab"
                for stop in set(stops) - reached
            )
    finally:
        page.context.close()
    _only_known(problems, KNOWN_FOCUS)


def test_the_player_is_driven_by_its_keys(browser: Browser, servers: Servers) -> None:
    page = _open(browser, "desktop")
    try:
        page.goto(f"{servers.planned}/session")
        stage = page.locator("#stage")
        expect(stage).to_be_visible()
        progress = page.locator("#session-progress")
        pause = page.locator("#pause")

        page.keyboard.press(" ")
        expect(pause).to_have_text("Resume")
        expect(page.locator("#status")).to_have_text("Paused")
        page.keyboard.press(" ")
        expect(pause).to_have_text("Pause")

        before = int(progress.evaluate("el => el.value"))
        page.keyboard.press("n")
        expect(progress).not_to_have_js_property("value", before)
        after = int(progress.evaluate("el => el.value"))
        assert after > before
        page.keyboard.press("b")
        expect(progress).to_have_js_property("value", after - 1)

        page.keyboard.press("p")
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        # The dialog takes the focus, so a person can answer without the mouse.
        assert page.evaluate("() => document.activeElement.closest('dialog') !== null")
        # Answer with the keyboard: Tab to Cancel, Enter.
        for _ in range(6):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.textContent.trim() === 'Cancel'"):
                break
        page.keyboard.press("Enter")
        expect(dialog).to_be_hidden()
        expect(pause).to_have_text("Pause")  # Cancel resumes the session

        page.keyboard.press("q")
        expect(page.locator("#finish")).to_be_visible()
        expect(stage).to_be_hidden()
    finally:
        page.context.close()


def test_escape_closes_the_pain_dialog_and_gives_the_keys_back(
    browser: Browser, servers: Servers
) -> None:
    page = _open(browser, "desktop")
    try:
        page.goto(f"{servers.planned}/session")
        expect(page.locator("#stage")).to_be_visible()
        page.keyboard.press("p")
        expect(page.get_by_role("dialog")).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_be_hidden()
        expect(page.locator("#pause")).to_have_text("Pause", timeout=1000)
        page.keyboard.press("q")
        expect(page.locator("#finish")).to_be_visible(timeout=1000)
    finally:
        page.context.close()
