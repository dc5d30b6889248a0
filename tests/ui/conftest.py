"""Fixtures of the inspector's browser tests: headless Chromium driven by selenium, and the real servers of
tests/server.

The browser is the system's (Debian ``chromium`` and ``chromium-driver``), found on PATH; nothing is downloaded at
run time (selenium is given both paths, so Selenium Manager never runs). Without them the browser tests skip,
unless ``GENESYS_BROWSER_REQUIRED=1`` (.ci/run, which installs them), which makes that a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import pytest

from tests.server.conftest import default_server, serving, start_server  # noqa: F401 (fixtures)

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
DRIVERS = ("chromedriver",)
REQUIRED = os.environ.get("GENESYS_BROWSER_REQUIRED") == "1"

T = TypeVar("T")


def _first_on_path(names: tuple[str, ...]) -> str | None:
    return next((found for found in map(shutil.which, names) if found), None)


@pytest.fixture(scope="session")
def browser_paths() -> tuple[str, str]:
    """The Chromium binary and its driver, or a skip (a failure under GENESYS_BROWSER_REQUIRED=1)."""
    browser, driver = _first_on_path(BROWSERS), _first_on_path(DRIVERS)
    if browser is None or driver is None:
        message = (
            "no headless browser: install Debian's chromium and chromium-driver "
            f"(found browser={browser}, driver={driver})"
        )
        if REQUIRED:
            pytest.fail(f"{message}, and GENESYS_BROWSER_REQUIRED=1")
        pytest.skip(message)
    return browser, driver


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(browser_paths: tuple[str, str], downloads: Path) -> Iterator[object]:
    """One headless Chromium per module (starting one takes about two seconds), downloads going to ``downloads``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = browser_paths
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield driver
    finally:
        driver.quit()


def poll(driver: object, check: Callable[[], T | None], deadline: float, what: str) -> T:
    """``check()`` until it gives something truthy, for at most ``deadline`` seconds (selenium's wait: a deadline,
    never a fixed sleep)."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, deadline, poll_frequency=0.05).until(lambda _: check(), message=what)
