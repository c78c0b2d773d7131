"""Browser libraries from ``web/node_modules`` (installed with ``npm ci --prefix web``), by allow-list.

Only the files the pages need are served, each named here: a request for anything else, or a
path with ``..``, is a 404, so the folder's other contents (and the file system around it) stay
private. Nothing is ever loaded from a CDN, so the pages work offline.

Each file is read once and kept (:class:`VendorFile`, renewed when the file changes on disk): its
bytes, its gzip (``tbgraph.api.middleware.compression``, sent to a client that accepts it; Swagger
UI's bundle goes 1.7 MB → about 0.5 MB), an ``ETag`` per coding and ``Last-Modified``, so a
revisit is a 304. The pages ask for a file with its npm package's version (:func:`vendor_url`:
``…/swagger-ui-bundle.js?v=5.35.0``); such a request is cacheable for a year (``immutable``): a new
install changes the version and so the URL. Without the version the file is cached for a day.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tbgraph.api.deps import SettingsDep
from tbgraph.api.errors import NotFound
from tbgraph.api.middleware.compression import MIN_BYTES, accepts_gzip, compress, vary
from tbgraph.model.resources import resource_root

__all__ = ["router", "VENDOR_FILES", "vendor_dir", "vendor_url", "vendor_response", "VendorFile"]

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


#: Media types worth compressing (the images are compressed already).
_COMPRESSIBLE = ("text/", "application/json")

#: Cache-Control of a file asked for with its package's version, and without.
VERSIONED = "public, max-age=31536000, immutable"
UNVERSIONED = "public, max-age=86400"


@dataclass(frozen=True)
class VendorFile:
    """One vendor file as it is sent: read and compressed once, kept while the file is unchanged."""

    stamp: tuple[int, int]  # (mtime_ns, size) of the file read
    body: bytes
    compressed: bytes | None  # None: not worth compressing
    etag: str  # of the body as it is; the gzip's is etag with -gzip before the closing quote
    last_modified: str
    mtime: int  # whole seconds, as Last-Modified says
    version: str | None  # of the npm package the file belongs to

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gzip"'


_KEPT: dict[Path, VendorFile] = {}
_LOCK = threading.Lock()


def _kept(file: Path, path: str, media_type: str) -> VendorFile:
    """``file`` as :class:`VendorFile`, read and compressed on its first request (and after a change)."""
    status = file.stat()
    stamp = (status.st_mtime_ns, status.st_size)
    found = _KEPT.get(file)
    if found is not None and found.stamp == stamp:
        return found
    with _LOCK:
        found = _KEPT.get(file)
        if found is not None and found.stamp == stamp:
            return found
        body = file.read_bytes()
        squeezed = compress(body) if media_type.startswith(_COMPRESSIBLE) and len(body) >= MIN_BYTES else None
        found = VendorFile(
            stamp=stamp,
            body=body,
            compressed=squeezed if squeezed is not None and len(squeezed) < len(body) else None,
            etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            last_modified=email.utils.formatdate(int(status.st_mtime), usegmt=True),
            mtime=int(status.st_mtime),
            version=package_version(file.parents[len(Path(path).parts) - 1], path.split("/", 1)[0]),
        )
        _KEPT[file] = found
        return found


@lru_cache(maxsize=64)
def package_version(root: Path, package: str) -> str | None:
    """The ``version`` of ``root/package/package.json`` (an npm package), or None."""
    try:
        manifest = json.loads((root / package / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = manifest.get("version") if isinstance(manifest, dict) else None
    return str(version) if version else None


def vendor_url(base: str, path: str, configured: Path | None = None) -> str:
    """Where a page loads the vendor file ``path`` from: ``{base}static/vendor/{path}?v={version}``."""
    version = package_version(vendor_dir(configured), path.split("/", 1)[0])
    return f"{base}static/vendor/{path}" + (f"?v={version}" if version else "")


def _not_modified(request: Request, kept: VendorFile, etag: str) -> bool:
    """RFC 9110 §13.1: If-None-Match (either coding's tag, or *), else If-Modified-Since."""
    asked = request.headers.get("if-none-match")
    if asked is not None:
        tags = {t.strip().removeprefix("W/") for t in asked.split(",")}
        return "*" in tags or etag in tags or kept.etag in tags or kept.gzip_etag in tags
    since = request.headers.get("if-modified-since")
    if since:
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        return when is not None and kept.mtime <= int(when.timestamp())
    return False


def vendor_response(request: Request, file: Path, path: str, media_type: str) -> Response:
    """The vendor file ``file`` (served as ``path``): gzip when accepted, 304 when the client has it."""
    kept = _kept(file, path, media_type)
    versioned = kept.version is not None and request.query_params.get("v") == kept.version
    gzipped = kept.compressed is not None and accepts_gzip(request.headers.get("accept-encoding"))
    etag = kept.gzip_etag if gzipped else kept.etag
    headers = {
        "Cache-Control": VERSIONED if versioned else UNVERSIONED,
        "ETag": etag,
        "Last-Modified": kept.last_modified,
    }
    if kept.compressed is not None:
        headers["Vary"] = vary(None, "Accept-Encoding")
    if _not_modified(request, kept, etag):
        return Response(status_code=304, headers=headers)
    if gzipped:
        assert kept.compressed is not None
        headers["Content-Encoding"] = "gzip"
        return Response(kept.compressed, media_type=media_type, headers=headers)
    return Response(kept.body, media_type=media_type, headers=headers)


@router.get("/static/vendor/{path:path}", response_model=None)
def vendor_file(path: str, request: Request, settings: SettingsDep) -> Response:
    media_type = VENDOR_FILES.get(path)
    if media_type is None:
        raise NotFound(f"/static/vendor/{path} is not one of the browser files this server provides")
    file = vendor_dir(settings.vendor_dir) / path
    if not file.is_file():
        raise NotFound(f"{path} is missing: run `npm ci --prefix web` to install the browser libraries")
    return vendor_response(request, file, path, media_type)
