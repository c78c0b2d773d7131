"""Browser libraries from ``web/node_modules`` (installed with ``npm ci --prefix web``), by allow-list.

Only the files the pages need are served, each named here: a request for anything else, or a
path with ``..``, is a 404, so the folder's other contents (and the file system around it) stay
private. Nothing is ever loaded from a CDN, so the pages work offline.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from tbgraph.api.deps import SettingsDep
from tbgraph.api.errors import NotFound
from tbgraph.model.resources import resource_root

__all__ = ["router", "VENDOR_FILES", "vendor_dir"]

router = APIRouter(tags=["static"], include_in_schema=False)

#: Served path under /static/vendor/ → media type.
VENDOR_FILES: dict[str, str] = {
    "codemirror/lib/codemirror.js": "text/javascript",
    "codemirror/lib/codemirror.css": "text/css",
    "codemirror/mode/sparql/sparql.js": "text/javascript",
    "codemirror/mode/turtle/turtle.js": "text/javascript",
    "codemirror/addon/edit/matchbrackets.js": "text/javascript",
    "codemirror/LICENSE": "text/plain",
    "cytoscape/dist/cytoscape.min.js": "text/javascript",
    "cytoscape/dist/cytoscape.esm.min.mjs": "text/javascript",
    "cytoscape/LICENSE": "text/plain",
    "swagger-ui-dist/swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-dist/swagger-ui.css": "text/css",
    "swagger-ui-dist/favicon-32x32.png": "image/png",
    "swagger-ui-dist/LICENSE": "text/plain",
    # the accessibility checker the browser tests run on every page (tests/browser/test_site.py)
    "axe-core/axe.min.js": "text/javascript",
    "axe-core/LICENSE": "text/plain",
}


def vendor_dir(configured: Path | None) -> Path:
    if configured is not None:
        return configured
    checkout = Path(__file__).resolve().parents[4] / "web" / "node_modules"
    if checkout.is_dir():
        return checkout
    return resource_root() / "web" / "node_modules"


@router.get("/static/vendor/{path:path}", response_model=None)
def vendor_file(path: str, settings: SettingsDep) -> FileResponse:
    media_type = VENDOR_FILES.get(path)
    if media_type is None:
        raise NotFound(f"/static/vendor/{path} is not one of the browser files this server provides")
    file = vendor_dir(settings.vendor_dir) / path
    if not file.is_file():
        raise NotFound(f"{path} is missing: run `npm ci --prefix web` to install the browser libraries")
    return FileResponse(file, media_type=media_type, headers={"Cache-Control": "public, max-age=86400"})
