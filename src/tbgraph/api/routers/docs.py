"""The interactive API documentation (Swagger UI), served from the project's own npm install.

FastAPI's default ``/docs`` and ``/redoc`` pages load their scripts from a CDN, which this server
never does; Swagger UI comes from ``web/node_modules/swagger-ui-dist`` through the vendor route
instead. ReDoc is not offered: its npm release pulls in a dependency the registry cannot resolve.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "").rstrip("/")
    return get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} — API documentation",
        swagger_js_url=f"{root}/static/vendor/swagger-ui-dist/swagger-ui-bundle.js",
        swagger_css_url=f"{root}/static/vendor/swagger-ui-dist/swagger-ui.css",
        swagger_favicon_url=f"{root}/static/vendor/swagger-ui-dist/favicon-32x32.png",
    )
