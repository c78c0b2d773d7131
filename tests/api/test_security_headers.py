"""Security headers on every response, a CSP for the pages, and CORS that allows reads only.

That the pages really work under their policy is checked in a browser: tests/browser/test_csp.py.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from project_paths import ROOT, require_web_libraries
from tbgraph.api.middleware.security import CYTOSCAPE_STYLE, OTHER_POLICY, PAGE_POLICY, style_hash

ORIGIN = "https://elsewhere.example"


def _common(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


@pytest.mark.parametrize(
    "path", ["/", "/sparql", "/explore", "/timeline", "/id/org/nhn", "/graph/reference", "/id/org/no-such"]
)
def test_pages_get_the_page_policy(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("text/html")
    _common(response)
    policy = response.headers["content-security-policy"]
    assert policy == PAGE_POLICY
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


def test_the_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    """What the policy forbids is not in the pages (JSON data blocks are not scripts)."""
    for path in ("/", "/sparql", "/explore", "/timeline", "/id/assignment/ehelse/TB2023-01"):
        html = client.get(path, headers={"Accept": "text/html"}).text
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL):
            assert "src=" in attributes or 'type="application/json"' in attributes, (path, body[:80])
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), path


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/api/agencies", "application/json"),
        ("/health", "application/json"),
        ("/id/org/nhn", "text/turtle"),
        ("/sparql?query=ASK%20%7B%7D", "application/sparql-results+json"),
        ("/static/vendor/codemirror/lib/codemirror.js", "*/*"),
        ("/api/agencies/no-such-agency", "application/json"),
    ],
)
def test_other_responses_may_load_nothing(client: TestClient, path: str, accept: str) -> None:
    response = client.get(path, headers={"Accept": accept})
    _common(response)
    assert response.headers["content-security-policy"] == OTHER_POLICY


def test_errors_from_middleware_get_the_headers_too(client: TestClient) -> None:
    response = client.post("/sparql", content=b"x" * 2_000_000, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    _common(response)


def test_docs_load_nothing_from_elsewhere_and_allow_exactly_their_inline_script(client: TestClient) -> None:
    response = client.get("/docs")
    _common(response)
    policy = response.headers["content-security-policy"]
    inline = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    assert len(inline) == 1
    assert style_hash(inline[0]) in policy
    assert "https://" not in policy and "http://" not in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    # Swagger UI comes from the project's own npm install (web/package.json), not from a CDN.
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in response.text
    assert "cdn." not in response.text
    assert client.get("/redoc").status_code == 404


def test_swagger_ui_is_served_from_the_npm_install(client: TestClient) -> None:
    require_web_libraries(ROOT / "web/node_modules/swagger-ui-dist/swagger-ui-bundle.js")
    for path in ("swagger-ui-bundle.js", "swagger-ui.css"):
        response = client.get(f"/static/vendor/swagger-ui-dist/{path}")
        assert response.status_code == 200 and len(response.content) > 10_000


def test_the_cytoscape_hash_matches_the_installed_library() -> None:
    """If an upgrade of Cytoscape.js changes the style it inserts, the allowed hash must change too."""
    library = ROOT / "web/node_modules/cytoscape/dist/cytoscape.min.js"
    require_web_libraries(library)
    text = library.read_text(encoding="utf-8")
    assert '"__________cytoscape_container"' in text
    assert '" { position: relative; }"' in text
    assert CYTOSCAPE_STYLE == ".__________cytoscape_container { position: relative; }"


# -- CORS ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "HEAD"])
def test_cors_preflight_allows_reads(client: TestClient, method: str) -> None:
    response = client.options(
        "/sparql",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert method in response.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in response.headers


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/sparql", "/api/agencies", "/api/validate", "/id/org/nhn"])
def test_cors_preflight_refuses_writes(client: TestClient, method: str, path: str) -> None:
    response = client.options(path, headers={"Origin": ORIGIN, "Access-Control-Request-Method": method})
    assert response.status_code == 400
    assert method not in response.headers.get("access-control-allow-methods", "")
    _common(response)


def test_cors_simple_read_without_credentials(client: TestClient) -> None:
    response = client.get("/api/agencies", headers={"Origin": ORIGIN, "Cookie": "session=1"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    assert "X-SPARQL-MaxRows" in response.headers["access-control-expose-headers"]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_write_methods_are_not_routes(client: TestClient, method: str) -> None:
    assert client.request(method, "/sparql").status_code == 405
