"""What the fuzzing tests share: the example budget, the application they fuzz, a listener.

A module of its own rather than the folder's conftest.py: pytest imports every conftest.py as a
module named ``conftest``, so ``from conftest import …`` would find whichever was imported last.
"""

from __future__ import annotations

import os
from typing import Any

from loopback import Listener  # re-exported: the fuzzing tests import it from here
from tbgraph.api import Settings, create_app

EXAMPLES = int(os.environ.get("TBGRAPH_FUZZ_EXAMPLES", "25"))
#: The same examples on every run where a failure must be reproducible: under $CI, and under the
#: project's test command (scripts/test.sh sets TBGRAPH_FUZZ_DERANDOMIZE=1), whose failing run does
#: not land. A plain `pytest` explores new examples each time, as it should while developing.
DERANDOMIZE = bool(os.environ.get("CI")) or os.environ.get("TBGRAPH_FUZZ_DERANDOMIZE") == "1"

#: The settings every fuzzed application runs with.
FUZZ_SETTINGS: dict[str, Any] = {
    "query_timeout": 2.0,
    "max_rows": 50,
    "query_workers": 2,
    "validate_on_start": False,
}


def fuzz_app() -> Any:
    return create_app(Settings(**FUZZ_SETTINGS))


__all__ = ["EXAMPLES", "DERANDOMIZE", "FUZZ_SETTINGS", "fuzz_app", "Listener"]
