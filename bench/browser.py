"""Debian's Chromium, launched one way by the benchmark and the browser tests.

``LTOAPP_CHROMIUM`` names another executable. The flags keep a headless run
quiet and reproducible: no sandbox (containers lack the namespaces), no GPU,
and none of the background traffic that would count against a measured page.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("LTOAPP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def launch_chromium(playwright):
    """Start a headless Chromium from a running Playwright."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), headless=True
    )
