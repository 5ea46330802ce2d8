"""The live-page status of each state in Chromium at 390 and 1280 px: readable, no foreign request, screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import CHROMIUM_ARGS, Watch, chromium_path, serve
from .test_browser import ARTIFACTS
from .test_watch_site import HOSTILE, site  # noqa: F401 - the fixture project, built once

pytestmark = pytest.mark.browser

PAGES = ["watch/", "sources/clinic-sci/", "claims/clinic-sci/rate/", "claims/clinic-sci/safe/",
         "claims/clinic-sci/who/", "claims/clinic-gone/rate/", "claims/clinic-none/rate/"]


@pytest.mark.parametrize("width", [390, 1280])
def test_every_state_reads_well_and_stays_on_this_host(site: Path, width: int) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        watch = Watch(page)
        for path in PAGES:
            page.goto(base + path)
            status = page.locator(".fc-watch").first
            assert status.is_visible()
            box = status.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width  # no sideways scrolling
            name = "watch-" + path.strip("/").replace("/", "-")
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        page.goto(base + "claims/clinic-sci/rate/")
        assert page.locator(".fc-now-says blockquote").inner_text() == HOSTILE
        browser.close()
    assert watch.errors == [] and watch.foreign == [] and watch.dialogs == []
