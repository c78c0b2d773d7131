"""The README cannot go stale: every command of its tour that shows output is run and its output
compared (scripts/readme_tour.py writes them anew), and every other command must still parse.

A failure here after a change to the data, a query or the output means: run
``.venv/bin/python scripts/readme_tour.py --write`` and read the diff before committing it.
"""

from __future__ import annotations

import shlex

import pytest

from project_paths import ROOT
from terminal import readme_tour

tour = readme_tour()
STEPS = tour.steps(tour.README.read_text(encoding="utf-8"))
SHOWN = [s for s in STEPS if s.output is not None]
#: Shell words after which the rest of a command line is not tbgraph's arguments.
_SHELL = {"|", ">", ">>", "<", "2>&1", "&&", ";"}


def test_the_tour_shows_output_and_the_install_says_how_to_run_tbgraph() -> None:
    text = tour.README.read_text(encoding="utf-8")
    assert len(SHOWN) >= 4 and len(STEPS) >= 20
    assert "source .venv/bin/activate" in text and ".venv/bin/tbgraph" in text
    assert "../shared" not in text  # contributors find everything in the repository
    assert (ROOT / "CONTRIBUTING.md").is_file()


@pytest.mark.parametrize("step", SHOWN, ids=[s.command for s in SHOWN])
def test_each_shown_output_is_what_the_command_prints(step: object) -> None:
    expected = tour.comparable(step.output)  # type: ignore[attr-defined]
    actual = tour.comparable(tour.run(step.command))  # type: ignore[attr-defined]
    assert actual == expected, (
        f"README.md line {step.line + 1}: `{step.command}` prints otherwise now; "  # type: ignore[attr-defined]
        "run .venv/bin/python scripts/readme_tour.py --write"
    )


def _arguments(command: str) -> list[str]:
    words = shlex.split(command, comments=True)
    cut = next((i for i, w in enumerate(words) if w in _SHELL or w.startswith(">")), len(words))
    assert words[0] == "tbgraph", command
    return words[1:cut]


@pytest.mark.parametrize("step", STEPS, ids=[s.command for s in STEPS])
def test_every_command_of_the_tour_parses(step: object, capsys: pytest.CaptureFixture[str]) -> None:
    """Commands shown without output (they write files, need a PDF, or serve) still name an existing
    command, question and options: parsed as `tbgraph` would, without running them."""
    from tbgraph.cli.commands.ask import _question_parser
    from tbgraph.cli.main import build_parser

    argv = _arguments(step.command)  # type: ignore[attr-defined]
    try:
        args, extra = build_parser().parse_known_args(argv)
        if argv and argv[0] == "ask" and args.name:
            _question_parser(args.name).parse_args(extra)
        elif extra:
            pytest.fail(f"`{step.command}`: unrecognised {extra}")  # type: ignore[attr-defined]
    except SystemExit as exit_:
        assert exit_.code in (0, None), capsys.readouterr().err
