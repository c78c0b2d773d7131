"""The package version: the ontology's ``owl:versionInfo``, where the build reads it too
(``[tool.hatch.version]`` in pyproject.toml).

Read from the file rather than through ``importlib.metadata``, which costs every process (the
server, each query worker, the validation) a slow import on the way to start-up.
"""

from __future__ import annotations

import re

from tbgraph.model.resources import ontology_dir

__all__ = ["__version__"]


def _version() -> str:
    try:
        text = (ontology_dir() / "tbgraph.ttl").read_text(encoding="utf-8")
    except OSError:
        text = ""
    match = re.search(r'owl:versionInfo "(?P<version>[^"]+)"', text)
    return match["version"] if match else "0+unknown"


__version__ = _version()
