"""`tbgraph serve` validates the data while it imports the web stack (tbgraph.api.startup.early_validation).

The verdict must be the one a validation in the lifespan would give: the shipped letter conforms;
TB2023-01 without its owner (section 2.1.2, line 364: "ID: TB2023-01"; the shapes require exactly
one owner) is refused with exit status 3, naming the violation. An early verdict for files that
changed since is thrown away, and so is one from a process that failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_startup_faults import break_conformance, copy_root

from tbgraph.api.settings import Settings
from tbgraph.api.startup import early_validation
from tbgraph.dataset.kept import kept_key, recall
from tbgraph.dataset.loader import data_version, default_sources


def _serve_until_ready(root: Path, home: Path) -> tuple[int, str]:
    """Start `tbgraph serve` (info log), wait for "startup complete" or the exit; stop it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tbgraph.cli", "serve", "--port", "0", "--log-level", "info"],
        env={**os.environ, "TBGRAPH_DATA_ROOT": str(root), "TBGRAPH_HOME": str(home), "TBGRAPH_QUERY_WORKERS": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if "Application startup complete" in line:
            process.terminate()
    process.wait(timeout=60)
    return process.returncode, "".join(lines)


@pytest.mark.slow
def test_a_first_start_takes_the_early_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root(tmp_path / "root")
    status, output = _serve_until_ready(root, tmp_path / "home")
    assert "validated while the server started: conforms" in output, output
    assert "Application startup complete" in output
    # ... and it is kept for the next start, by the data version of these files.
    monkeypatch.setenv("TBGRAPH_HOME", str(tmp_path / "home"))
    version = data_version(default_sources(root=root))
    assert recall("validation", kept_key(version)) == {"conforms": True, "problems": []}
    _, again = _serve_until_ready(root, tmp_path / "home")
    assert "was validated before: conforms" in again
    assert "validated while the server started" not in again


@pytest.mark.slow
def test_an_early_violation_refuses_the_start(tmp_path: Path) -> None:
    root = copy_root(tmp_path / "root")
    break_conformance(root)
    status, output = _serve_until_ready(root, tmp_path / "home")
    assert status == 3, output
    assert "validated while the server started: violations" in output
    assert "does not conform" in output and "TB2023-01" in output


def test_a_verdict_for_other_files_is_thrown_away(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBGRAPH_HOME", str(tmp_path / "home"))
    root = copy_root(tmp_path / "root")
    settings = Settings(data_root=root, remember_validation=False)
    assert early_validation.start(settings) is True
    assert early_validation.start(settings) is False  # one at a time
    pending = early_validation._pending
    assert pending is not None
    process = pending[2]
    assert early_validation.take("another-version") is None
    assert not process.is_alive()
    assert early_validation.take(data_version(default_sources(root=root))) is None  # nothing pending now


def test_the_verdict_of_the_early_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBGRAPH_HOME", str(tmp_path / "home"))
    root = copy_root(tmp_path / "root")
    break_conformance(root)
    settings = Settings(data_root=root, remember_validation=False)
    assert early_validation.start(settings) is True
    verdict = early_validation.take(data_version(default_sources(root=root)))
    assert verdict is not None
    conforms, problems = verdict
    assert conforms is False
    assert any("TB2023-01" in problem for problem in problems)


def test_nothing_starts_when_validation_is_off(tmp_path: Path) -> None:
    root = copy_root(tmp_path / "root")
    assert early_validation.start(Settings(data_root=root, validate_on_start=False)) is False
    assert early_validation._pending is None


def test_large_data_is_validated_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each validating process holds the whole data graph: above the limit only one does."""
    from tbgraph.api.startup import verdict
    from tbgraph.validation import shacl as validation

    root = copy_root(tmp_path / "root")
    sources = default_sources(root=root)
    asked: list[int] = []
    real = validation.validate_read

    def recording(read: object, *, processes: int = 1) -> object:
        asked.append(processes)
        return real(read, processes=processes)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "validate_read", recording)
    settings = Settings(data_root=root)
    assert verdict.validate_sources(settings, sources)[0] is True  # the shipped letter conforms
    monkeypatch.setattr(verdict, "SPLIT_LIMIT_BYTES", 1000)  # the shipped letter alone is larger
    assert verdict.validate_sources(settings, sources)[0] is True
    assert asked == [min(2, os.cpu_count() or 1), 1]
