"""A real Oxigraph SPARQL server (the PyPI package ``oxigraph``) on a free loopback port, for tests.

``OxigraphServer(folder)`` starts ``oxigraph serve --location FOLDER --bind 127.0.0.1:PORT``
(``folder=None``: in memory, empty again after each start); it can be stopped and started again on
the same port and folder, which is how the fault tests take the store away and bring it back.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

__all__ = ["OxigraphServer", "oxigraph_binary", "free_port"]


def oxigraph_binary() -> str:
    """The ``oxigraph`` command installed with the test extra (next to this Python, or on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph server is not installed: pip install -e '.[test]' (PyPI package oxigraph)")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class OxigraphServer:
    """One ``oxigraph serve`` process; :meth:`stop` and :meth:`start` keep its port and folder."""

    def __init__(self, folder: Path | None, *, port: int | None = None, timeout_s: int | None = 30) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.timeout_s = timeout_s
        self.process: subprocess.Popen[bytes] | None = None
        self.log: Path | None = folder.parent / f"{folder.name}-oxigraph.log" if folder is not None else None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: float = 20.0) -> None:
        command = [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{self.port}"]
        if self.folder is not None:
            command += ["--location", str(self.folder)]
        if self.timeout_s:
            command += ["--timeout-s", str(self.timeout_s)]
        if self.log is None:
            self.process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
            )
        else:
            with self.log.open("ab") as log:
                self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.log.read_text()[-2000:] if self.log else ""
                raise RuntimeError(f"oxigraph serve exited with {self.process.returncode}: {output}")
            with contextlib.suppress(httpx.HTTPError):
                if (
                    httpx.post(
                        f"{self.url}/query",
                        content=b"ASK {}",
                        timeout=1.0,
                        headers={"Content-Type": "application/sparql-query"},
                    ).status_code
                    == 200
                ):
                    return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on {self.url} within {wait:g} s")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and wait until its port is free again."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def __enter__(self) -> OxigraphServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
