"""A restart on unchanged data reuses the validation verdict and the VoID statistics.

Both are kept by data version (the files' content hash), tbgraph's and pySHACL's versions
(tbgraph.dataset.kept); changed data is validated again, and a remembered violation still refuses the
start. The violation used is TB2023-01 without its owner (section 2.1.2, line 364: "ID: TB2023-01";
the shapes require exactly one owner).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from test_startup_faults import break_conformance, copy_root

from as_nobody import AS_NOBODY, NOBODY_PYTHON
from tbgraph.api.startup import sequence as startup_module
from tbgraph.api.state import StartupRefused
from tbgraph.dataset.kept import keep, kept_key, recall


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("TBGRAPH_HOME", str(folder))
    return folder


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the pySHACL runs a start makes."""
    calls: list[int] = []
    real = startup_module.validate_sources

    def counting(*args: Any, **kwargs: Any) -> tuple[bool, list[str]]:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(startup_module, "validate_sources", counting)
    return calls


def test_a_value_is_kept_and_read_back(home: Path) -> None:
    key = kept_key("0123456789abcdef")
    assert recall("validation", key) is None
    keep("validation", key, {"conforms": False, "problems": ["TB2023-01 has no owner"]})
    assert recall("validation", key) == {"conforms": False, "problems": ["TB2023-01 has no owner"]}
    assert kept_key("0123456789abcdef") == key != kept_key("0123456789abcdee")


def test_an_unreadable_value_counts_as_none(home: Path) -> None:
    key = kept_key("fedcba9876543210")
    keep("void", key, {"triples": 1})
    (home / "cache" / "void" / f"{key}.json").write_text("{not json", encoding="utf-8")
    assert recall("void", key) is None


def test_a_restart_on_the_same_data_does_not_validate_again(
    client_with: Any, home: Path, tmp_path: Path, validations: list[int]
) -> None:
    root = copy_root(tmp_path / "root")
    with client_with(data_root=root, query_workers=1) as client:
        assert client.get("/health").status_code == 200
    assert len(validations) == 1
    with client_with(data_root=root, query_workers=1) as client:
        health = client.get("/health").json()
    assert len(validations) == 1, "the second start validated again"
    # The VoID statistics kept from the first start are the store's: /health's triple count is
    # what SPARQL counts (the letter's graph and the meta graph included).
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    with client_with(data_root=root, query_workers=1) as client:
        counted = client.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"]
    assert health["triples"] == int(counted) > 9000
    assert len(list((home / "cache" / "void").glob("*.json"))) == 1
    with client_with(data_root=root, query_workers=1, remember_validation=False):
        pass
    assert len(validations) == 2


def test_changed_data_is_validated_again_and_a_remembered_violation_still_refuses(
    client_with: Any, home: Path, tmp_path: Path, validations: list[int]
) -> None:
    root = copy_root(tmp_path / "root")
    with client_with(data_root=root, query_workers=1):
        pass
    break_conformance(root)
    for start in (1, 2):
        with pytest.raises(StartupRefused) as refused, client_with(data_root=root, query_workers=1):
            pass
        assert "does not conform" in str(refused.value) and "TB2023-01" in str(refused.value), start
    assert len(validations) == 2  # the good data once, the broken data once: its verdict is kept


@pytest.mark.skipif(NOBODY_PYTHON is None, reason="needs root to switch to the user nobody")
def test_a_verdict_kept_by_one_user_is_read_by_another(monkeypatch: pytest.MonkeyPatch) -> None:
    """A home written by the account that loaded the data (root here) and read by the server's own
    account (``nobody``), with real file modes: the kept verdict is read, not computed again."""
    assert NOBODY_PYTHON is not None
    python, env = NOBODY_PYTHON
    home = Path(tempfile.mkdtemp(prefix="tbgraph-home-"))  # pytest's tmp_path is root's alone (0700)
    try:
        home.chmod(0o755)
        # the session's home is given back afterwards (conftest.py sets one for the whole run)
        with monkeypatch.context() as patch:
            patch.setenv("TBGRAPH_HOME", str(home))
            keep("validation", "k1", {"conforms": True, "findings": ["TB2023-01"]})
        script = "import json; from tbgraph.dataset.kept import recall; print(json.dumps(recall('validation', 'k1')))"
        done = subprocess.run(
            [*AS_NOBODY, python, "-c", script],
            capture_output=True,
            text=True,
            env={**os.environ, **env, "TBGRAPH_HOME": str(home), "HOME": str(home)},
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == {"conforms": True, "findings": ["TB2023-01"]}
    finally:
        shutil.rmtree(home)


def test_the_session_home_is_still_the_tests_own() -> None:
    """Tests above change TBGRAPH_HOME for a while; a home left unset would send every later test's
    kept answers, verdicts and statistics into the user's own ~/.local/share/tbgraph."""
    assert os.environ.get("TBGRAPH_HOME", "").startswith(tempfile.gettempdir())
