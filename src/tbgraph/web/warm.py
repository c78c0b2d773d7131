"""Work the pages would otherwise do for their readers, done in the background once a reader comes.

The site's answers are memoised (the data does not change while serving), so only a page's first
visit computes them: the front page's glance at the letters, the search index, every assignment's
and actor's page data, the explorer's first graphs, the templates. :func:`start`, called by the
first page rendered (:class:`tbgraph.web.templating.SiteTemplates`), computes them all in a daemon
thread at low priority, so the pages a reader opens next are ready at once. It starts on the first
page, not at start-up: a server used only through its API (and the test suites, which start many)
never pays for it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from typing import Any

from tbgraph.web.templating import TEMPLATE_DIR, site_templates

__all__ = ["start", "warm"]

log = logging.getLogger("tbgraph.web")


def warm(app: Any) -> float:
    """Compute and memoise what the pages show; returns the seconds it took."""
    from types import SimpleNamespace

    from tbgraph.api.linked import describe
    from tbgraph.web import routes
    from tbgraph.web.search import build_index
    from tbgraph.web.site import Site
    from tbgraph.web.vocabulary import load_vocabulary

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


def start(app: Any) -> None:
    """Start warming ``app``'s pages, once (the thread is ``app.state.tbgraph_web_warm``)."""
    state = getattr(app.state, "tbgraph", None)
    if state is None or getattr(state, "memo", None) is None:
        return
    with _starting:
        if getattr(app.state, "tbgraph_web_warm", None) is not None:
            return

        def run() -> None:
            with contextlib.suppress(OSError, AttributeError):  # Linux: this thread only, behind requests
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
            try:
                log.info("tbgraph pages warmed in %.2f s", warm(app))
            except Exception:  # the pages compute the same on demand and report their own problems
                log.exception("warming the pages failed; they compute on demand")

        thread = threading.Thread(target=run, name="tbgraph-web-warm", daemon=True)
        app.state.tbgraph_web_warm = thread  # a test can wait for it (tests/browser/test_site.py)
        thread.start()


_starting = threading.Lock()
