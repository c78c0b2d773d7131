"""What a person sees in a terminal: scripts/readme_tour.py's pseudo-terminal runner, for tests.

Output to a pipe is not what a terminal shows (tables size themselves to the terminal, spinners
rewrite their line), so the tests that speak of "at 80 columns" run the command in one.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from types import ModuleType

from project_paths import ROOT

__all__ = ["in_terminal", "readme_tour"]


@cache
def readme_tour() -> ModuleType:
    """scripts/readme_tour.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("readme_tour", ROOT / "scripts" / "readme_tour.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["readme_tour"] = module
    spec.loader.exec_module(module)
    return module


def in_terminal(argv: list[str], columns: int) -> tuple[int, str]:
    """``argv``'s exit status and the screen it leaves in a terminal ``columns`` wide."""
    status, screen = readme_tour().in_terminal(argv, columns)
    return int(status), str(screen)
