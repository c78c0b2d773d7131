"""Work the pages would otherwise do for their first reader, done while the server waits for its first.

The site's answers are memoised (the data does not change while serving), so only a page's
first visit computes them: the front page's glance at the letters, the search index, every
assignment's and actor's page data, the explorer's first graphs, the templates. :func:`lifespan`,
the web router's lifespan (FastAPI runs it after the application's own, so the data is loaded),
starts this in a daemon thread and does not wait for it: the server answers at once, and a page
asked for meanwhile computes what it needs.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from .templating import TEMPLATE_DIR, site_templates

__all__ = ["lifespan", "warm"]

log = logging.getLogger("tbgraph.web")


def warm(app: Any) -> float:
    """Compute and memoise what the pages show; returns the seconds it took."""
    from types import SimpleNamespace

    from ..api.linked import describe
    from . import routes
    from .search import build_index
    from .site import Site
    from .vocabulary import load_vocabulary

    started = time.perf_counter()
    state = app.state.tbgraph
    memo = state.memo
    memo.get(("tbgraph.web", "vocabulary"), lambda: load_vocabulary(state.store))
    data = Site(state.store, memo)
    data.letters()
    data.owner_check()
    data.budget_check()
    data.roles_per_actor()
    data.steering_parameters()
    memo.get(("tbgraph.web", "search-index"), lambda: build_index(data.answers))
    for assignment in data.answers.assignments():
        data.answers.assignment(assignment.id)
        data.needed_by(assignment.id)
        memo.get(("describe", assignment.iri), lambda iri=assignment.iri: describe(state.store, iri))
    for actor in data.answers.agencies():
        data.actor_assignments(actor.key)
        data.actor_duties(actor.iri)
    # the explorer's first drawing: its views as they open, and its filter options
    request = SimpleNamespace(app=app)
    routes.filter_options(request)  # type: ignore[arg-type]
    routes.collaboration(request, None, None, None, "include")  # type: ignore[arg-type]
    routes.bipartite(request, None, None, None, "include")  # type: ignore[arg-type]
    routes.timeline(request, None)  # type: ignore[arg-type]
    templates = site_templates()
    for path in TEMPLATE_DIR.glob("*.html"):
        templates.get_template(path.name)
    return time.perf_counter() - started


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    state = getattr(app.state, "tbgraph", None)
    if state is not None and getattr(state, "memo", None) is not None:

        def run() -> None:
            try:
                log.info("tbgraph pages warmed in %.2f s", warm(app))
            except Exception:  # the pages compute the same on demand and report their own problems
                log.exception("warming the pages failed; they compute on demand")

        thread = threading.Thread(target=run, name="tbgraph-web-warm", daemon=True)
        app.state.tbgraph_web_warm = thread  # a test can wait for it (tests/browser/test_site.py)
        thread.start()
    yield
