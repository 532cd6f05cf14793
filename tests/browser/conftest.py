"""Browser tests: Playwright for Python driving Debian's Chromium.

They skip, saying why, where Chromium is missing; with
``LTOAPP_REQUIRE_BROWSER=1`` (as in CI) a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from bench.browser import CHROMIUM, launch_chromium
from ltoapp.accounts.models import Role
from tests.live import serving

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(os.environ.get("LTOAPP_SCREENSHOTS", "screenshots"))


def _browser_missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    if not AXE.exists():
        return f"axe-core not found at {AXE} (npm ci)"
    return None


def require_command(command: str, package: str) -> None:
    """Skip (or, where browser tests are required, fail) without a command."""
    if shutil.which(command):
        return
    missing = f"{command} not found (apt-get install -y {package})"
    if os.environ.get("LTOAPP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Browser tests are required but cannot run: {missing}")
    pytest.skip(missing)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    missing = _browser_missing()
    if missing:
        if os.environ.get("LTOAPP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Browser tests are required but cannot run: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def app_config(app_config: dict) -> dict:
    # The browser submits real forms, so CSRF protection stays on.
    return app_config | {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    with serving(app) as base:
        yield base


def _new_page(browser, viewport: dict):
    # The app's Content-Security-Policy stays in force: a violation is logged
    # to the console, which every visit checks.
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.console_errors = []

    def record(message) -> None:
        # Chromium logs a page answered with 4xx (a form shown again with its
        # errors, a link that no longer works) as a failed load of the page
        # itself; that is the app working as meant. Failures of anything the
        # page loads still count.
        if message.type != "error":
            return
        document_status = (
            message.text.startswith("Failed to load resource")
            and message.location.get("url") == page.url
        )
        if not document_status:
            page.console_errors.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return context, page


@pytest.fixture
def phone(browser) -> Iterator:
    """A page in a phone-sized window (390 × 844)."""
    context, page = _new_page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop(browser) -> Iterator:
    """A page in a desktop-sized window."""
    context, page = _new_page(browser, DESKTOP)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Run axe-core on the page and fail on any violation, naming each."""
    # Evaluated through the DevTools protocol, which the page's CSP does not
    # govern, so the policy need not allow inline scripts for the test.
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations.map("
        "v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)"
    )
    assert violations == [], f"{page.url}: " + "; ".join(violations)


def assert_fits_the_screen(page) -> None:
    """Fail when the page scrolls sideways."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def screenshot(page, name: str) -> None:
    """Keep a full-page screenshot for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_in_as(
    page, base_url: str, email: str, password: str = "correct horse battery"
):
    """Sign in through the sign-in page, as a person would."""
    page.goto(f"{base_url}/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


#: The facilitator the browser tests sign in as (password as ``sign_in_as``).
FACILITATOR_EMAIL = "rep@example.org"


@pytest.fixture
def sign_in_facilitator(live_server: str, make_person):
    """Make the facilitator of a relationship and sign them in on a page."""

    def sign_in(page, relationship, **fields):
        person = make_person(
            role=Role.FACILITATOR,
            email=FACILITATOR_EMAIL,
            facilitates=(relationship,),
            **fields,
        )
        sign_in_as(page, live_server, FACILITATOR_EMAIL)
        return person

    return sign_in


def sign_out(page) -> None:
    """Press the sign-out button in the header."""
    page.get_by_role("button", name="Sign out").click()
