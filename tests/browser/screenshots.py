"""Screenshots of the site's main pages at desktop and phone width, for docs/screenshots and the README.

    .venv/bin/python tests/browser/screenshots.py [output folder, default docs/screenshots]

Starts the application on the shipped data as the browser tests do (tests/browser/test_explore.py:
uvicorn on a free loopback port, Debian's Chromium through Playwright), waits for the pages' own
drawing (graph, timeline, editor) and writes <page>-desktop.png (1440 × 900) and <page>-phone.png
(390 × 844), in Bokmål, the site's default language. The pages that tell what a supplement changed
(:data:`AMENDED`) are taken from a second application on the shipped letter with the two hand-modelled
supplements (tests/fixtures/supplements/*.ttl), as tests/browser/test_as_of_pages.py loads them.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from test_explore import ARGS, CHROMIUM, _application, _free_port  # noqa: E402

from project_paths import amended_data_root  # noqa: E402

#: name → (path, selector the page is ready at, or None for the load event)
PAGES: dict[str, tuple[str, str | None]] = {
    "home": ("/", None),
    "assignments": ("/assignments?agency=nhn", None),
    "assignment": ("/id/assignment/ehelse/TB2023-07", None),
    "actor": ("/id/org/nhn", None),
    "deadlines": ("/deadlines?month=2023-06", None),
    "graph": ("/explore?actor=hdir", '#graph[data-state="ready"]'),
    "timeline": ("/timeline", '#timeline[data-state="ready"]'),
    "sparql": ("/sparql?example=assignments-involving", ".CodeMirror"),
    "api": ("/docs", "li.operation"),
}

#: Pages of the letter with its supplements: what Tillegg nr. 3 changed (TB2023-15's deadline moved,
#: lines 61-63; TB2023-17 withdrawn, lines 55-56), and the budget's changes.
AMENDED: dict[str, tuple[str, str | None]] = {
    "supplement-history": ("/id/assignment/ehelse/TB2023-15#assignment-deadlines", None),
    "withdrawn": ("/id/assignment/ehelse/TB2023-17", None),
    "budget-changes": ("/budget#changes", None),
    "home-as-of": ("/?as_of=2023-10-25", None),
}
SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


def _amended_application(root: Path) -> Any:
    from tbgraph.api import Settings, create_app

    amended_data_root(root)
    return create_app(Settings(data_root=root, validate_on_start=False, query_workers=1))


@contextmanager
def _serving(app: Any) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/"):  # noqa: S310  (starts tbgraph.web.warm)
        pass
    warming = getattr(app.state, "tbgraph_web_warm", None)
    if warming is not None:
        warming.join(timeout=60)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _shoot(chromium: Any, base: str, pages: dict[str, tuple[str, str | None]], folder: Path) -> None:
    for size, viewport in SIZES.items():
        context = chromium.new_context(viewport=viewport, locale="nb-NO", device_scale_factor=1)
        page = context.new_page()
        for name, (path, ready) in pages.items():
            page.goto(base + path)
            page.wait_for_load_state("load")
            if ready:
                page.wait_for_selector(ready, state="attached", timeout=30_000)
            page.wait_for_timeout(400)  # the graph's layout settles
            target = folder / f"{name}-{size}.png"
            page.screenshot(path=str(target))
            print(target)
        context.close()


def main(folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        with _serving(_application()) as base:
            _shoot(chromium, base, PAGES, folder)
        with _serving(_amended_application(Path(scratch))) as base:
            _shoot(chromium, base, AMENDED, folder)
        chromium.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "screenshots")
