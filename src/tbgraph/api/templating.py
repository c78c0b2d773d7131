"""The site's templates and assets, for the API's routers: the one set under ``tbgraph/web``.

The API's HTML pages (the query editor, resource pages, the documentation) are rendered from
the same templates as every other page of the site (:mod:`tbgraph.web.templating`).
"""

from __future__ import annotations

from tbgraph.web.templating import STATIC_DIR, TEMPLATE_DIR, SiteTemplates, site_templates

__all__ = ["templates", "TEMPLATE_DIR", "STATIC_DIR"]


def templates() -> SiteTemplates:
    return site_templates()
