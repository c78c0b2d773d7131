"""The interactive API documentation (Swagger UI), served from the project's own npm install.

FastAPI's default ``/docs`` and ``/redoc`` pages load their scripts from a CDN, which this server
never does; Swagger UI comes from ``web/node_modules/swagger-ui-dist`` through the vendor route
instead. ReDoc is not offered: its npm release pulls in a dependency the registry cannot resolve.
Without the npm packages the page says how to install them and links the OpenAPI document,
rather than loading blank.
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from ..deps import SettingsDep
from .static import vendor_dir

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_BUNDLE = "swagger-ui-dist/swagger-ui-bundle.js"


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request, settings: SettingsDep) -> HTMLResponse:
    root = request.scope.get("root_path", "").rstrip("/")
    openapi_url = f"{root}{request.app.openapi_url}"
    if not (vendor_dir(settings.vendor_dir) / _BUNDLE).is_file():
        return HTMLResponse(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(request.app.title)} — API documentation</title></head><body><main>"
            "<h1>API documentation</h1>"
            "<p>The interactive documentation needs Swagger UI, which is not installed on this server: "
            "run <code>npm ci --prefix web</code> in the project folder and restart the server.</p>"
            f"<p>The API's OpenAPI document is at <a href=\"{escape(openapi_url)}\">{escape(openapi_url)}</a>.</p>"
            "</main></body></html>",
            status_code=503,
        )
    return get_swagger_ui_html(
        openapi_url=openapi_url,
        title=f"{request.app.title} — API documentation",
        swagger_js_url=f"{root}/static/vendor/swagger-ui-dist/swagger-ui-bundle.js",
        swagger_css_url=f"{root}/static/vendor/swagger-ui-dist/swagger-ui.css",
        swagger_favicon_url=f"{root}/static/vendor/swagger-ui-dist/favicon-32x32.png",
    )
