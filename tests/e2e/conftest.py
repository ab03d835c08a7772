"""Browser tests: Debian's chromium driven by Playwright against the emulator's pages.

`make test` installs chromium when it is missing (CI runs as root). Playwright's own
browser downloads are never used: the tests launch /usr/bin/chromium.
"""

from __future__ import annotations

import os
import pathlib
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags that keep chromium from reaching out to Google's services at start.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, emulator):
    """A fresh browser page (its own cookies); ``sign_in(page, email)`` picks who is signed in."""
    context = browser.new_context(base_url=emulator.url)
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


@pytest.fixture(scope="session")
def screenshots():
    """The folder the page tests photograph each page into, at desktop and phone
    width, for a person to look through (not committed): CAS_SCREENSHOTS or
    /tmp/cas-page-screenshots."""
    folder = pathlib.Path(os.environ.get("CAS_SCREENSHOTS", "/tmp/cas-page-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nScreenshots of the pages: {folder}")
    return folder
