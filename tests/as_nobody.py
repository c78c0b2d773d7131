"""Run Python as the ordinary user ``nobody``, for the tests of what depends on privileges.

The tests run as root here, and root passes every file mode and may enter namespaces an ordinary
user cannot; the tests that speak of "an ordinary user" start a process as ``nobody`` (uid 65534)
with ``setpriv``. Root's interpreter may lie where ``nobody`` may not enter (under /root), so the
system's interpreter of the same version is used then, with tbgraph and its packages on its path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import tbgraph

__all__ = ["AS_NOBODY", "NOBODY", "NOBODY_PYTHON"]

NOBODY = 65534
AS_NOBODY = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
#: tbgraph and its packages, for an interpreter that does not find them through a virtual environment
_PATH = os.pathsep.join([sysconfig.get_paths()["purelib"], str(Path(tbgraph.__file__).parents[1])])


def _nobody_python() -> tuple[str, dict[str, str]] | None:
    """An interpreter ``nobody`` can run *and start again* (the server starts its workers with
    ``sys.executable``): this one, or the system's of the same version with tbgraph on its path;
    None where this process is not root or has no ``setpriv``."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return None
    probe = (
        "import subprocess, sys; subprocess.run([sys.executable, '-c', 'import tbgraph.sandbox.worker'], check=True)"
    )
    system = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
    for python, env in ((sys.executable, {}), (system, {"PYTHONPATH": _PATH})):
        if Path(python).exists():
            done = subprocess.run([*AS_NOBODY, python, "-c", probe], capture_output=True, env={**os.environ, **env})
            if done.returncode == 0:
                return python, env
    return None


#: (interpreter, extra environment) for ``nobody``, or None where this cannot be done
NOBODY_PYTHON = _nobody_python()
