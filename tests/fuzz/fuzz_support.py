"""What the fuzzing tests share: the example budget, the application they fuzz, a listener.

A module of its own rather than the folder's conftest.py: pytest imports every conftest.py as a
module named ``conftest``, so ``from conftest import …`` would find whichever was imported last.
"""

from __future__ import annotations

import os
from typing import Any

from tbgraph.api import Settings, create_app

EXAMPLES = int(os.environ.get("TBGRAPH_FUZZ_EXAMPLES", "25"))
DERANDOMIZE = bool(os.environ.get("CI"))

#: The settings every fuzzed application runs with.
FUZZ_SETTINGS: dict[str, Any] = {
    "query_timeout": 2.0,
    "max_rows": 50,
    "query_workers": 2,
    "validate_on_start": False,
}


def fuzz_app() -> Any:
    return create_app(Settings(**FUZZ_SETTINGS))


class Listener:
    """A TCP listener on loopback that records every connection made to it ("elsewhere")."""

    def __init__(self) -> None:
        import socket
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(1)
            try:
                self.connections.append(conn.recv(4096))
            except OSError:
                self.connections.append(b"")
            conn.close()

    def settle(self) -> list[bytes]:
        """What arrived, after giving a late connection time to show up."""
        import time

        time.sleep(0.3)
        return self.connections

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()
