"""Fixtures for the browser tests: one JupyterLab server and one Chromium per session.

The lessons are looked for in ``notebooks/``.  For developing the tests
against scratch notebooks, ``MTOLAB_BROWSER_NOTEBOOKS=/some/dir`` points them
elsewhere (development only; ``make test`` never sets it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lab import (
    ARTIFACTS,
    NOTEBOOK_DIR,
    VIEWPORT,
    LabServer,
    launch_chromium,
    server_root_for,
    shutdown_kernels,
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser: drives JupyterLab in a real Chromium (runs by default; needs /usr/bin/chromium)",
    )


@pytest.fixture(scope="session")
def notebook_dir() -> Path:
    return NOTEBOOK_DIR


@pytest.fixture(scope="session")
def lab_server():
    with LabServer(server_root_for(NOTEBOOK_DIR)) as server:
        yield server


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def lab_page(chromium, lab_server):
    """A fresh browser context and page; the server's kernels are shut down afterwards."""
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()
        shutdown_kernels(lab_server)


@pytest.fixture
def screenshot_on_failure(lab_page):
    """Call ``shot(name)`` in an ``except`` block: saves test-artifacts/<name>.png."""

    def shot(name: str) -> Path | None:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        try:
            lab_page.screenshot(path=str(path), full_page=True)
        except Exception:  # noqa: BLE001 - never hide the real failure
            return None
        return path

    return shot
