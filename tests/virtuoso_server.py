"""A real Virtuoso Open Source 7 server (Debian's ``virtuoso-opensource``) on free loopback ports, for tests.

``VirtuosoServer(folder)`` writes its own ``virtuoso.ini`` into ``folder`` (database, logs and both
ports there: SQL on one free port for ``isql``, HTTP on another for ``/sparql``), starts
``virtuoso-t -f`` and waits until ``/sparql`` answers. :meth:`bulk_load` loads files as an operator
would, with Virtuoso's own bulk loader (``ld_add`` per file and graph, ``rdf_loader_run()``,
``checkpoint``, through ``isql``). Virtuoso needs nothing configured for the union default graph:
a query that names no graph matches every graph it holds. :meth:`allow_updates` lets the ``SPARQL``
account run SPARQL Update and the Graph Store Protocol (``/sparql-graph-crud``), which Virtuoso
refuses by default.

``scripts/install-virtuoso.sh`` installs the package; where it is missing the tests that need it
skip, naming the reason (:func:`virtuoso_missing`).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

import httpx

from oxigraph_server import free_port

__all__ = ["VirtuosoServer", "virtuoso_missing"]

_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {dirs}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 8
ServerThreads = 8
KeepAliveTimeout = 10

[SPARQL]
; no cut at 10,000 rows (the Debian default): tbgraph asks for whole answers
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {timeout_s}
MaxQueryCostEstimationTime = 0
"""


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot be started here, or None."""
    for command in ("virtuoso-t", "isql-vt"):
        if shutil.which(command) is None:
            return f"{command} is not installed (Debian package virtuoso-opensource; bash scripts/install-virtuoso.sh)"
    return None


class VirtuosoServer:
    """One ``virtuoso-t`` process with its database in ``folder``; ``dirs`` are the folders it may bulk-load from."""

    def __init__(self, folder: Path, *, dirs: Iterable[Path] = (), timeout_s: int = 60) -> None:
        self.folder = folder.resolve()
        self.sql_port = free_port()
        self.http_port = free_port()
        self.timeout_s = timeout_s
        self.dirs = {self.folder, *(Path(d).resolve() for d in dirs)}
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The SPARQL endpoint (Query and Update)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def graph_store_url(self) -> str:
        """The Graph Store Protocol endpoint for the anonymous SPARQL account."""
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"

    def start(self, wait: float = 90.0) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(
            _INI.format(
                folder=self.folder,
                sql_port=self.sql_port,
                http_port=self.http_port,
                dirs=", ".join(["."] + sorted(str(d) for d in self.dirs)),
                timeout_s=self.timeout_s,
            ),
            encoding="utf-8",
        )
        with (self.folder / "console.log").open("ab") as log:
            self.process = subprocess.Popen(
                ["virtuoso-t", "-f", "-c", str(ini)],
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {self._log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                answer = httpx.post(
                    self.url,
                    data={"query": "ASK {}"},
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=1.0,
                )
                if answer.status_code == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Virtuoso did not answer on {self.url} within {wait:g} s: {self._log_tail()}")

    def _log_tail(self) -> str:
        log = self.folder / "virtuoso.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def isql(self, script: str, timeout: float = 300.0) -> str:
        """Run SQL statements (each ending with ``;``) as ``dba``; RuntimeError with isql's output on an error."""
        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba"],
            input=script.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        output = (done.stdout + done.stderr).decode("utf-8", errors="replace")
        if done.returncode != 0 or "*** Error" in output:
            raise RuntimeError(f"isql failed ({done.returncode}): {output[-2000:]}")
        return output

    def bulk_load(self, files: Iterable[tuple[Path, str]]) -> None:
        """Load each (file, graph) with Virtuoso's bulk loader, then checkpoint; raise if a file failed."""
        lines = ["DELETE FROM DB.DBA.load_list;"]
        for path, graph in files:
            real = Path(path).resolve()  # Virtuoso checks the file's own folder (a symlink's target's)
            if real.parent not in self.dirs:
                raise ValueError(f"{real} is not in a folder Virtuoso may read (dirs): {sorted(map(str, self.dirs))}")
            lines.append(f"ld_add('{_sql_text(str(real))}', '{_sql_text(graph)}');")
        lines += ["rdf_loader_run();", "checkpoint;"]
        self.isql("\n".join(lines) + "\n")
        failed = self.isql("SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;\n")
        if "0 Rows." not in failed:
            raise RuntimeError(f"Virtuoso's bulk loader failed on some files: {failed[-2000:]}")

    def allow_updates(self) -> None:
        """Let the anonymous ``SPARQL`` account run SPARQL Update and the Graph Store Protocol."""
        self.isql("GRANT SPARQL_UPDATE TO \"SPARQL\";\nDB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7);\n")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def __enter__(self) -> VirtuosoServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _sql_text(text: str) -> str:
    if "\n" in text or "\\" in text:
        raise ValueError(f"cannot pass {text!r} to isql")
    return text.replace("'", "''")
