"""A stand-in for "elsewhere": a TCP listener on loopback that records every connection made to it.

Shared by the outbound-path tests (tests/api/test_outbound.py) and the fuzzing tests
(tests/fuzz): a request that should never leave the machine must leave it empty-handed.
"""

from __future__ import annotations

import socket
import threading
import time


class Listener:
    def __init__(self) -> None:
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
        time.sleep(0.3)
        return self.connections

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()
