"""``tbgraph serve``: the SPARQL endpoint, the REST API and the linked-data pages over HTTP."""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import socket
from pathlib import Path
from typing import Any

from tbgraph.cli.commands._common import EXIT_OK, fail

DESCRIPTION = """\
Serve the dataset over HTTP: one application that a SPARQL client, a browser and a script can
all use. It loads the shipped data (or --store), validates it against the SHACL shapes and
refuses to start if it does not conform. The verdict and the dataset's VoID statistics are kept
by data version under $TBGRAPH_HOME/cache, so a restart on unchanged files skips both
(TBGRAPH_REMEMBER_VALIDATION=0 validates every time). A first validation runs in two processes
while the web application loads (with --workers 1), so even a first start on one letter takes
under two seconds. It makes no outbound network requests.

  /sparql            SPARQL 1.1 Protocol query endpoint (GET, POST form, POST
                     application/sparql-query). SELECT/ASK as SPARQL JSON, XML, CSV, TSV;
                     CONSTRUCT/DESCRIBE as Turtle, JSON-LD, N-Triples, RDF/XML. Without a query:
                     the service description, or a query editor in a browser.
  /api/...           REST API (JSON): agencies, assignments, goals, budget, deadlines (and
                     deadlines.ics, a calendar feed), ask/NAME, validate. Documented at /docs.
  /id/..., /def/..., /ontology, /graph/...
                     every IRI the dataset mints (https://w3id.org/tbgraph/...) resolves here
                     by path, as Turtle, JSON-LD or a page.
  /health            liveness, triple count, data version.

Queries from /sparql run in separate worker processes, each with its own read-only copy of the
data, under a time limit (--query-timeout) and a row cap (--max-rows). A query past the limit is
stopped by killing its worker, which is replaced while the others keep serving. SERVICE, LOAD,
SPARQL Update and FROM graphs outside the dataset are refused.

Every option can also be set as an environment variable TBGRAPH_<OPTION> (TBGRAPH_PORT=9000,
TBGRAPH_QUERY_TIMEOUT=5, TBGRAPH_PUBLIC_BASE_URL=...); command-line options win.
"""

EPILOG = """\
examples:
  tbgraph serve                                   http://127.0.0.1:8000/
  tbgraph serve --host 0.0.0.0 --port 9000 --workers 2
  tbgraph serve --query-timeout 5 --max-rows 1000
  tbgraph serve --base-url https://data.example.org/tbgraph/ --root-path /tbgraph
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
       http://127.0.0.1:8000/sparql
  curl http://127.0.0.1:8000/api/agencies/nhn/assignments
  oxigraph serve --location var/oxigraph --timeout-s 10 &
  tbgraph serve --store-url http://127.0.0.1:7878   queries run in that SPARQL server

deployment under another base URL:
  IRIs in the data keep their canonical base https://w3id.org/tbgraph/; the server answers for
  them by path (/id/assignment/ehelse/TB2023-01), so it works under any host. Links in pages and
  the service description use --base-url, or else the address each request came to (behind a
  proxy that strips a path prefix, give that prefix as --root-path).

exit status: 0 stopped normally, 2 usage error, 3 the server could not start (the data does not
load or conform: the message names the file and line, or the SHACL violations). With --last-good
DIR it starts on the copy kept by the last start whose data conformed instead, and says so.
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the SPARQL endpoint, REST API and linked data over HTTP",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    group = parser.add_argument_group("server")
    group.add_argument("--host", default=None, help="address to listen on (default: 127.0.0.1)")
    group.add_argument("--port", type=int, default=None, help="port to listen on (default: 8000)")
    group.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="HTTP worker processes (default: 1); each has its own query workers",
    )
    group.add_argument(
        "--query-workers",
        type=int,
        default=None,
        metavar="N",
        help="SPARQL worker processes per HTTP worker (default: 2)",
    )
    group.add_argument(
        "--query-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="time limit of one SPARQL query (default: 10)",
    )
    group.add_argument(
        "--query-queue-wait",
        type=float,
        default=None,
        metavar="SECONDS",
        help="how long a SPARQL query may wait for a free worker before the answer is 503, busy "
        "(default: 10; never less than --query-timeout)",
    )
    group.add_argument(
        "--max-rows",
        type=int,
        default=None,
        metavar="N",
        help="most rows or triples in one SPARQL answer (default: 10000)",
    )
    group.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help="public base URL for links (default: taken from each request)",
    )
    group.add_argument(
        "--root-path",
        default=None,
        metavar="PATH",
        help="path prefix a proxy serves the app under (e.g. /tbgraph)",
    )
    group.add_argument(
        "--allow-nonconforming",
        action="store_true",
        default=None,
        help="start even if the data does not conform to the shapes (logged, and reported by /health)",
    )
    group.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    safety = parser.add_argument_group("safety (docs/security.md)")
    safety.add_argument(
        "--allowed-host",
        action="append",
        default=None,
        metavar="NAME",
        help="a host name the server answers to (repeat for more; '*' for any, behind a proxy that checks); "
        "default: the loopback names, --host and --base-url's host",
    )
    safety.add_argument(
        "--max-answer-bytes",
        type=int,
        default=None,
        metavar="N",
        help="most bytes in one SPARQL answer (default: 16 MiB); a longer one is cut at a row and flagged",
    )
    safety.add_argument(
        "--header-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="time a client has to send a request's head before its connection is closed (default: 10)",
    )
    safety.add_argument(
        "--allow-unisolated-queries",
        action="store_true",
        default=None,
        help="run SPARQL queries even where the query workers cannot be cut off from the network (no "
        "seccomp, no network namespace); without it such a server refuses to start",
    )
    safety.add_argument(
        "--access-log-json",
        action="store_true",
        default=None,
        help="write the access log as one JSON object a line (instead of uvicorn's)",
    )
    group.add_argument(
        "--last-good",
        type=Path,
        metavar="DIR",
        default=None,
        help="keep a copy of the data in DIR after every start whose data conforms, and serve that copy "
        "when the data does not load or conform instead of refusing to start (logged loudly; /health "
        "reports data=last-good and the reason)",
    )
    data = parser.add_argument_group("dataset")
    data.add_argument(
        "--data-root",
        type=Path,
        metavar="DIR",
        default=None,
        help="a folder with ontology/, shapes/ and data/ to serve instead of the shipped data, e.g. one "
        "written by tbgraph synthesize (default: $TBGRAPH_DATA_ROOT)",
    )
    data.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        default=None,
        help="persistent Oxigraph store folder, reloaded only when the data changed "
        "(default: in memory, or $TBGRAPH_STORE)",
    )
    data.add_argument(
        "--store-url",
        metavar="URL",
        default=None,
        help="use a SPARQL 1.1 server as the store, e.g. an Oxigraph server at http://127.0.0.1:7878: the "
        "data is loaded into it when it lacks this version, and queries run there; while it is down "
        "requests get 503 and the server recovers by itself (default: $TBGRAPH_STORE_URL)",
    )
    data.add_argument(
        "--query-url",
        metavar="URL",
        default=None,
        help="a SPARQL server's query endpoint when it is not an Oxigraph server's (e.g. Virtuoso's "
        "http://127.0.0.1:8890/sparql); docs/remote-store.md (default: $TBGRAPH_QUERY_URL)",
    )
    data.add_argument("--update-url", metavar="URL", default=None, help="its update endpoint (default: the query URL)")
    data.add_argument(
        "--graph-store-url", metavar="URL", default=None, help="its Graph Store Protocol endpoint, to load the data"
    )
    data.add_argument(
        "--store-read-only",
        action="store_true",
        default=None,
        help="never write to the SPARQL server: its operator loads the data (tbgraph checks the data version)",
    )
    parser.set_defaults(func=run)


_OPTIONS = {
    "host": "HOST",
    "port": "PORT",
    "workers": "WORKERS",
    "query_workers": "QUERY_WORKERS",
    "query_timeout": "QUERY_TIMEOUT",
    "query_queue_wait": "QUERY_QUEUE_WAIT",
    "max_rows": "MAX_ROWS",
    "base_url": "PUBLIC_BASE_URL",
    "root_path": "ROOT_PATH",
    "allow_nonconforming": "ALLOW_NONCONFORMING",
    "last_good": "LAST_GOOD",
    "store": "STORE",
    "store_url": "STORE_URL",
    "data_root": "DATA_ROOT",
    "allowed_host": "ALLOWED_HOSTS",
    "max_answer_bytes": "MAX_ANSWER_BYTES",
    "header_timeout": "HEADER_TIMEOUT",
    "allow_unisolated_queries": "ALLOW_UNISOLATED_QUERIES",
    "access_log_json": "ACCESS_LOG_JSON",
    "query_url": "QUERY_URL",
    "update_url": "UPDATE_URL",
    "graph_store_url": "GRAPH_STORE_URL",
    "store_read_only": "STORE_READ_ONLY",
}


_APP = "tbgraph.api.app:create_app_from_env"
#: ``tbgraph serve``'s exit status when the server could not start; also uvicorn's for a worker
#: whose application failed to start.
EXIT_NOT_STARTED = 3


def run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    # Options go through the environment so that every uvicorn worker process sees the same settings.
    for option, name in _OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            os.environ[f"TBGRAPH_{name}"] = json.dumps(value) if isinstance(value, list) else str(value)
    from tbgraph.api.settings import Settings

    try:
        settings = Settings()
    except ValidationError as error:
        return fail("; ".join(f"--{'-'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()))
    problem = port_problem(settings.host, settings.port)
    if problem:
        return fail(problem)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s: %(name)s: %(message)s")
    if settings.workers == 1:
        # Step 0 of the start-up (tbgraph.api.startup.sequence): validate in a forked process while uvicorn
        # and the application are imported, which take about as long.
        from tbgraph.api.startup import early_validation

        early_validation.start(settings)
    warn_missing_browser_libraries(settings.vendor_dir)
    import uvicorn

    options: dict[str, Any] = {
        "factory": True,
        "host": settings.host,
        "port": settings.port,
        "workers": settings.workers,
        "root_path": settings.root_path,
        "log_level": args.log_level,
        "proxy_headers": True,
        # h11 with a time limit on request heads (tbgraph.api.middleware.http_protocol); its JSON access log
        # replaces uvicorn's when asked for.
        "http": "tbgraph.api.middleware.http_protocol:HeadTimeoutH11",
        "access_log": not settings.access_log_json,
    }
    if settings.workers > 1:
        return _run_workers(uvicorn.Config(_APP, **options))
    try:
        uvicorn.run(_APP, **options)
    except SystemExit as exit_:
        return EXIT_NOT_STARTED if exit_.code else EXIT_OK
    return EXIT_OK


def _run_workers(config: Any) -> int:
    """uvicorn's worker supervisor, noticing what ``uvicorn.run`` does not report: with several
    workers it returns normally when a worker refused to start (and then stops the others)."""
    from uvicorn.supervisors import Multiprocess

    supervisor = Multiprocess(config, sockets=[config.bind_socket()])
    try:
        supervisor.run()
    except KeyboardInterrupt:
        return EXIT_OK
    if any(process.exitcode == EXIT_NOT_STARTED for process in supervisor.processes):
        return EXIT_NOT_STARTED
    return EXIT_OK


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on ``host``:``port``, checked before anything starts (None if
    it can): otherwise uvicorn loads and validates the data, logs "ready", and only then fails to bind.

    The probe binds as uvicorn does (SO_REUSEADDR, every address the host resolves to) and lets go;
    a port taken in the moment between is still reported by uvicorn."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        return f"--host {host}: not an address this machine can listen on ({error.strerror})"
    for family, kind, proto, _, address in addresses:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    return (
                        f"port {port} on {host} is already in use (another tbgraph serve?); "
                        f"stop that server or choose another port, e.g. --port {port + 1}"
                    )
                if error.errno == errno.EACCES:
                    return f"port {port} on {host}: permission denied (ports below 1024 need root); try --port 8000"
                if error.errno == errno.EADDRNOTAVAIL:
                    return f"--host {host}: this machine has no such address to listen on"
                return f"cannot listen on {host}:{port}: {error.strerror}"
    return None


def warn_missing_browser_libraries(configured: Path | None) -> None:
    """Say at start, in the log, when the npm packages the pages load are not installed: /docs and
    /explore would otherwise load without their scripts and no word on the server's side."""
    from tbgraph.api.routers.static import VENDOR_FILES, vendor_dir

    folder = vendor_dir(configured)
    missing = sorted({path.split("/")[0] for path in VENDOR_FILES if not (folder / path).is_file()})
    if missing:
        logging.getLogger("tbgraph.api").warning(
            "the browser libraries are not installed in %s (missing: %s): /docs, /explore and the SPARQL "
            "editor will lack their scripts; run `npm ci --prefix web` to install them",
            folder,
            ", ".join(missing),
        )
