"""The API documentation as a page of the site: every operation rendered on the server from the OpenAPI
document, and Swagger UI, from the project's own npm install, to try them out when the reader asks.

FastAPI's default ``/docs`` and ``/redoc`` pages load their scripts from a CDN, which this server
never does; Swagger UI comes from ``web/node_modules/swagger-ui-dist`` through the vendor route
instead. It is started by one inline script (the page's policy allows it by its hash) when the reader
presses "Try the operations", not on every visit: its 1.7 MB bundle and its reading of an OpenAPI 3.1
document (ApiDOM) kept the page from being ready for 1.6–2.8 s (docs/web.md has the figures). The
operations, their parameters and responses are on the page without it, in the site's language and
layout. The document Swagger UI reads is served from ``/docs/openapi.json``: rendered once per
application and sent gzip-compressed (73 KB → about 12 KB). ReDoc is not offered: its npm release
pulls in a dependency the registry cannot resolve. Without the npm packages the operations are still
listed, and the page says how to install Swagger UI.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from tbgraph.api.deps import SettingsDep
from tbgraph.api.routers.static import vendor_dir
from tbgraph.api.templating import templates

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_BUNDLE = "swagger-ui-dist/swagger-ui-bundle.js"
_METHODS = ("get", "head", "post", "put", "patch", "delete", "options")


@dataclass(frozen=True)
class _Document:
    """The application's OpenAPI document, rendered once: JSON, its gzip, their ETag."""

    body: bytes
    compressed: bytes
    etag: str
    operations: list[dict[str, Any]]


def _document(request: Request) -> _Document:
    app = request.app
    found: _Document | None = getattr(app.state, "tbgraph_openapi_document", None)
    if found is None:
        spec = app.openapi()
        body = json.dumps(spec, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        found = _Document(
            body=body,
            compressed=gzip.compress(body, compresslevel=9, mtime=0),
            etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            operations=_operations(spec),
        )
        app.state.tbgraph_openapi_document = found
    return found


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations grouped by their first tag, in the document's order: (tag, its operations)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            tag = (operation.get("tags") or ["other"])[0]
            description = (operation.get("description") or "").strip()
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary") or "",
                    "description": description.split("\n\n", 1)[0],
                    "parameters": [
                        {
                            "name": p.get("name"),
                            "in": p.get("in"),
                            "required": bool(p.get("required")),
                            "description": p.get("description") or "",
                        }
                        for p in operation.get("parameters", [])
                        if isinstance(p, dict) and "name" in p
                    ],
                    "responses": [
                        (code, (answer or {}).get("description", ""))
                        for code, answer in operation.get("responses", {}).items()
                    ],
                    "anchor": f"{method}-{path.strip('/').replace('/', '-').replace('{', '').replace('}', '')}",
                }
            )
    return [{"tag": tag, "operations": operations} for tag, operations in groups.items()]


@router.get("/docs", response_class=HTMLResponse)
def api_documentation(request: Request, settings: SettingsDep) -> HTMLResponse:
    root = request.scope.get("root_path", "").rstrip("/")
    installed = (vendor_dir(settings.vendor_dir) / _BUNDLE).is_file()
    return templates().TemplateResponse(
        request,
        "api_docs.html",
        {
            "openapi_url": f"{root}{request.app.openapi_url}",
            "document_url": f"{root}/docs/openapi.json",
            "groups": _document(request).operations,
            "installed": installed,
        },
        status_code=200 if installed else 503,
    )


@router.get("/docs/openapi.json")
def openapi_document(request: Request) -> Response:
    """The OpenAPI document as ``/openapi.json`` has it, rendered once and sent compressed when accepted."""
    document = _document(request)
    headers = {"ETag": document.etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
    if document.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", "").lower():
        headers["Content-Encoding"] = "gzip"
        return Response(document.compressed, media_type="application/json", headers=headers)
    return Response(document.body, media_type="application/json", headers=headers)
