"""Cut a query worker process off from the network, with what the kernel offers this user.

Two walls, each enforced by the kernel, applied to the worker before it reads any query:

* **seccomp** (no privileges needed, only ``PR_SET_NO_NEW_PRIVS``, which libseccomp sets): the
  ``socket`` system call fails with ``EACCES`` for every address family but ``AF_UNIX`` (the
  worker's pipe to the server is a Unix socket pair made before the filter), and ``io_uring``,
  which can open sockets without that call, is refused outright. Oxigraph's HTTP client, its DNS
  lookups and anything else in the process then cannot reach any host. It needs libseccomp
  (Debian's ``libseccomp2``), read through the ``pyseccomp`` bindings.
* **a network namespace of its own** (``unshare(CLONE_NEWNET)``), where the process has
  ``CAP_SYS_ADMIN`` (root, outside a restricted container): no interface but a down loopback.

:func:`isolate` applies what it can and says which took effect; the server refuses to run
queries in a worker with neither unless its operator allows it explicitly
(``allow_unisolated_queries``), and ``/health`` and the log say which walls stand.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import socket

__all__ = ["isolate", "block_sockets", "enter_network_namespace", "describe"]

_CLONE_NEWNET = 0x40000000


def block_sockets() -> bool:
    """Install the seccomp filter; False where seccomp or libseccomp is not available."""
    try:
        import pyseccomp as seccomp  # type: ignore[import-untyped]
    except (ImportError, OSError, RuntimeError):
        return False
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "socketcall")  # 32-bit x86's multiplexer, where it exists
        for name in ("io_uring_setup", "io_uring_enter", "io_uring_register"):
            rules.add_rule(seccomp.ERRNO(errno.ENOSYS), name)
        rules.load()
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def enter_network_namespace() -> bool:
    """Move this process into a network namespace of its own; False where not permitted."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    return bool(libc.unshare(_CLONE_NEWNET) == 0)


def isolate(*, namespace: bool = True, seccomp: bool = True) -> dict[str, bool]:
    """Apply the walls asked for; which of them stand."""
    return {
        "namespace": enter_network_namespace() if namespace else False,
        "seccomp": block_sockets() if seccomp else False,
    }


def describe(walls: dict[str, bool] | None) -> str:
    """``seccomp+namespace``, ``seccomp``, ``namespace`` or ``none``: for /health and the log."""
    if not walls:
        return "none"
    standing = [name for name in ("seccomp", "namespace") if walls.get(name)]
    return "+".join(standing) or "none"
