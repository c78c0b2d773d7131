"""Screenshots of the site's main pages at desktop and phone width, for docs/screenshots and the README.

    .venv/bin/python tests/browser/screenshots.py [output folder, default docs/screenshots]

Starts the application on the shipped data as the browser tests do (tests/browser/test_explore.py:
uvicorn on a free loopback port, Debian's Chromium through Playwright), waits for the pages' own
drawing (graph, timeline, editor) and writes <page>-desktop.png (1440 × 900) and <page>-phone.png
(390 × 844), in Bokmål, the site's default language.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from test_explore import ARGS, CHROMIUM, _application, _free_port  # noqa: E402

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
}
SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


def main(folder: Path) -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    app = _application()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/"):  # noqa: S310  (starts tbgraph.web.warm)
        pass
    warming = getattr(app.state, "tbgraph_web_warm", None)
    if warming is not None:
        warming.join(timeout=60)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            for size, viewport in SIZES.items():
                context = chromium.new_context(viewport=viewport, locale="nb-NO", device_scale_factor=1)
                page = context.new_page()
                for name, (path, ready) in PAGES.items():
                    page.goto(base + path)
                    page.wait_for_load_state("load")
                    if ready:
                        page.wait_for_selector(ready, state="attached", timeout=30_000)
                    page.wait_for_timeout(400)  # the graph's layout settles
                    target = folder / f"{name}-{size}.png"
                    page.screenshot(path=str(target))
                    print(target)
                context.close()
            chromium.close()
    finally:
        server.should_exit = True
        thread.join(timeout=30)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "screenshots")
