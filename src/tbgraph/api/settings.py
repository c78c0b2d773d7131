"""Server settings: constructor arguments, or ``TBGRAPH_*`` environment variables.

Every field can be set as an environment variable named ``TBGRAPH_`` + the field name in capitals
(``TBGRAPH_QUERY_TIMEOUT=5``), which is how ``tbgraph serve --workers N`` hands its options to
each uvicorn worker process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """How the server loads its data, runs queries and names itself."""

    model_config = SettingsConfigDict(env_prefix="TBGRAPH_", extra="ignore", frozen=True)

    host: str = Field(default="127.0.0.1", description="Address uvicorn listens on.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port uvicorn listens on.")
    workers: int = Field(
        default=1, ge=1, description="HTTP worker processes (uvicorn workers), each with its own query pool."
    )
    query_workers: int = Field(
        default=2,
        ge=1,
        description="Sandboxed SPARQL worker processes per HTTP worker; a query that exceeds the "
        "time limit kills its worker, which is replaced while the others keep serving.",
    )
    query_timeout: float = Field(default=10.0, gt=0, description="Time limit for one /sparql query, in seconds.")
    query_queue_wait: float = Field(
        default=10.0,
        gt=0,
        description="How long a /sparql query may wait for a free query worker before it is answered 503 "
        "(busy), in seconds; never less than query_timeout. Waiting never shortens a query's run.",
    )
    max_rows: int = Field(
        default=10_000,
        ge=1,
        description="Most result rows (SELECT) or triples (CONSTRUCT/DESCRIBE) one /sparql answer "
        "carries; a longer result is cut and flagged with the X-SPARQL-MaxRows header.",
    )
    max_answer_bytes: int = Field(
        default=16 * 1024 * 1024,
        ge=1024,
        description="Most bytes one /sparql answer carries (about, counted as rows are read); a longer answer is "
        "cut at a row and flagged with the X-SPARQL-MaxBytes header, one whose first row alone is larger is "
        "refused with 413.",
    )
    max_query_bytes: int = Field(
        default=128 * 1024,
        ge=1024,
        description="Longest /sparql query accepted, in bytes of UTF-8 (400 above): every query is parsed in full "
        "before it runs, which takes about 30 ms per KiB.",
    )
    max_query_depth: int = Field(
        default=600,
        ge=50,
        description="Deepest parse tree of a /sparql query, in grammar levels (400 above): the engine recurses "
        "on the tree and a deep enough one would overflow its stack. Shipped queries measure under 60.",
    )
    check_queries: bool = Field(
        default=True,
        description="Check every /sparql query on a full parse before it runs (SERVICE, Update, depth). Switch "
        "off only to test that the query workers' network isolation holds on its own.",
    )
    allow_unisolated_queries: bool = Field(
        default=False,
        description="Run /sparql queries even where the query workers cannot be cut off from the network (no "
        "seccomp and no network namespace). Off by default: such a server does not start.",
    )
    header_timeout: float = Field(
        default=10.0,
        gt=0,
        description="Seconds a client has to send a request's head (line and headers); slower connections are closed.",
    )
    allowed_hosts: list[str] = Field(
        default=[],
        description="Host names the server answers to (the Host header); others get 400. Empty: localhost "
        "names, the --host address and public_base_url's host; '*' allows any (behind a proxy that checks).",
    )
    metrics: bool = Field(
        default=True, description="Answer GET /metrics in the Prometheus text format (requests, latency, pool, caches)."
    )
    access_log_json: bool = Field(
        default=False, description="Write the access log as one JSON object a line (to standard error)."
    )
    max_body_bytes: int = Field(default=1_048_576, ge=1024, description="Largest request body accepted (413 above).")
    validations_at_once: int = Field(
        default=1,
        ge=1,
        description="Uploads validated at once by POST /api/validate in each server process. Validation "
        "is CPU-bound (about half a second per letter), so more would only slow every request; the "
        "others wait their turn up to query_timeout seconds, then get 503 with Retry-After.",
    )
    store: Path | None = Field(default=None, description="Persistent Oxigraph store folder (default: in memory).")
    store_url: str | None = Field(
        default=None,
        description="Address of a SPARQL 1.1 server to use as the store, e.g. an Oxigraph server's "
        "http://127.0.0.1:7878 (default: none, the data is held in this process); see docs/remote-store.md.",
    )
    query_url: str | None = Field(
        default=None,
        description="Any SPARQL 1.1 server's query endpoint to use as the store, e.g. Virtuoso's "
        "http://127.0.0.1:8890/sparql (its default graph must be the union of its graphs); see docs/remote-store.md.",
    )
    update_url: str | None = Field(
        default=None, description="That server's SPARQL Update endpoint (default: the query endpoint)."
    )
    graph_store_url: str | None = Field(
        default=None,
        description="That server's Graph Store Protocol endpoint, to load the data into it (Virtuoso: "
        "http://127.0.0.1:8890/sparql-graph-crud).",
    )
    store_read_only: bool = Field(
        default=False,
        description="Never write to the SPARQL server: its operator loads the data, and tbgraph checks that it "
        "holds this data version (docs/remote-store.md).",
    )
    data_root: Path | None = Field(
        default=None, description="Folder holding ontology/, shapes/ and data/ (default: the shipped files)."
    )
    public_base_url: str | None = Field(
        default=None,
        description="Base URL links are written with, e.g. https://example.org/tbgraph/ "
        "(default: derived from each request, including a proxy's root_path).",
    )
    root_path: str = Field(default="", description="Path prefix the app is mounted under behind a proxy.")
    allow_nonconforming: bool = Field(
        default=False,
        description="Start even if the data does not conform to the SHACL shapes (the problems are "
        "logged and /health reports conforms=false). Off by default: the server refuses to start.",
    )
    last_good: Path | None = Field(
        default=None,
        description="Folder for the last good data: every start whose data conforms keeps a copy of it "
        "there, and a start whose data does not load or conform serves that copy instead of refusing "
        "(logged loudly, and /health reports data=last-good with the reason).",
    )
    validate_on_start: bool = Field(default=True, description="Validate the data against the shapes when starting.")
    remember_validation: bool = Field(
        default=True,
        description="Keep the validation verdict by data version under $TBGRAPH_HOME/cache, so that a "
        "restart on unchanged files, shapes and tbgraph skips pySHACL (about 2 s a letter).",
    )
    cors_origins: list[str] = Field(default=["*"], description="Origins allowed to call the API from a browser.")
    result_cache_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=0,
        description="Memory for cached /sparql answers (0 disables the cache).",
    )
    api_cache_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=0,
        description="Memory for kept /api answers as sent (JSON, gzip-compressed when large; 0 disables).",
    )
    worker_memory_mb: int = Field(
        default=4096, ge=0, description="Address-space limit of each query worker in MiB (0: no limit)."
    )
    isolate_query_workers: bool = Field(
        default=True,
        description="Cut the query workers off from the network: a seccomp filter on socket() (any user) and a "
        "network namespace of their own (where permitted), so that not even a bug in the query checks can make "
        "them reach the network.",
    )
    vendor_dir: Path | None = Field(
        default=None, description="The npm packages folder (default: web/node_modules beside the data)."
    )

    @field_validator("public_base_url")
    @classmethod
    def _slash(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="before")
    @classmethod
    def _server_by_its_endpoints(cls, values: Any) -> Any:
        """A server given by its query endpoint alone is served from as one given by --store-url is."""
        if isinstance(values, dict) and values.get("query_url") and not values.get("store_url"):
            values = {**values, "store_url": values["query_url"]}
        return values
