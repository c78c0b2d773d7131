"""The interactive API documentation (Swagger UI) as a page of the site, from the project's own npm install.

FastAPI's default ``/docs`` and ``/redoc`` pages load their scripts from a CDN, which this server
never does; Swagger UI comes from ``web/node_modules/swagger-ui-dist`` through the vendor route
instead, started in the site's layout by one inline script that the page's policy allows by its hash.
ReDoc is not offered: its npm release pulls in a dependency the registry cannot resolve. Without
the npm packages the page says how to install them and links the OpenAPI document (503), rather
than loading blank.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from tbgraph.api.deps import SettingsDep
from tbgraph.api.routers.static import vendor_dir
from tbgraph.api.templating import templates

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_BUNDLE = "swagger-ui-dist/swagger-ui-bundle.js"


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request, settings: SettingsDep) -> HTMLResponse:
    root = request.scope.get("root_path", "").rstrip("/")
    openapi_url = f"{root}{request.app.openapi_url}"
    installed = (vendor_dir(settings.vendor_dir) / _BUNDLE).is_file()
    return templates().TemplateResponse(
        request,
        "api_docs.html",
        {"openapi_url": openapi_url, "installed": installed},
        status_code=200 if installed else 503,
    )
