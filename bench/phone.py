"""A guest's journey on a cheap phone over a slow connection, in Chromium.

Playwright drives Debian's Chromium at 390 by 844 through the Chrome DevTools
Protocol's network and CPU throttling: 400 kbit/s each way, 400 ms round trip,
the processor slowed four times (the issue's "slow 3G" profile). The journey:
open the join page, type the code, give a name and side, answer every
question, send. For each step: the bytes that crossed the network (compressed,
headers included) and the seconds until the next page was usable (loaded,
its form ready). The second visit is the same phone coming back another day:
its cache holds the bundles, its cookies are gone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bench.browser import launch_chromium

SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * 1000 / 8,
    "uploadThroughput": 400 * 1000 / 8,
}
CPU_SLOWDOWN = 4


@dataclass(frozen=True)
class Step:
    name: str
    bytes: int
    seconds: float


def journey(page, received: list[int], base: str, join_code: str, visit: int):
    """Walk the guest's journey once; return each step's bytes and seconds.

    ``received`` is a one-item list the network listener adds bytes to.
    """
    steps: list[Step] = []

    def step(name: str, act) -> None:
        received[0] = 0
        started = time.perf_counter()
        act()
        page.wait_for_load_state("load")
        seconds = time.perf_counter() - started
        # Late requests (a favicon) belong to the step that caused them.
        page.wait_for_load_state("networkidle")
        steps.append(Step(name, received[0], seconds))

    def open_join() -> None:
        page.goto(f"{base}/join", wait_until="load")
        page.get_by_label("Code", exact=False).first.wait_for()

    def type_code() -> None:
        page.get_by_label("Code", exact=False).first.fill(join_code)
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Join").click()
        page.locator("input[name=display_name]").wait_for()

    def name_and_side() -> None:
        page.locator("input[name=display_name]").fill(f"Phone guest {visit}")
        page.locator("input[name=side][value=partnership]").check(force=True)
        with page.expect_navigation(wait_until="load"):
            page.locator("form:has(input[name=display_name]) [type=submit]").click()
        page.locator("form input[type=radio]").first.wait_for(state="attached")

    def answer_and_send() -> None:
        # Every question in every column: the middle of the scale.
        page.evaluate(
            """() => {
              document.querySelectorAll('input[type=radio][value="5"]')
                .forEach((radio) => { radio.checked = true; });
              const form = document.querySelector('input[type=radio]').form;
              form.requestSubmit();
            }"""
        )
        page.wait_for_url("**/thanks", wait_until="load")

    step("join page", open_join)
    step("code", type_code)
    step("name and side", name_and_side)
    step("questionnaire sent", answer_and_send)
    return steps


def guest_journeys(base: str, join_code: str) -> dict[str, list[Step]]:
    """The first and second visit of one phone; each a list of steps."""
    from playwright.sync_api import sync_playwright

    visits = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        )
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        received = [0]

        def count(event: dict) -> None:
            received[0] += event["encodedDataLength"]

        cdp.on("Network.loadingFinished", count)
        for visit, name in enumerate(("first visit", "second visit"), start=1):
            if visit > 1:
                context.clear_cookies()
            visits[name] = journey(page, received, base, join_code, visit)
        browser.close()
    return visits
