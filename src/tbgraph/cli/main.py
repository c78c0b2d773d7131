"""The ``tbgraph`` command line: validate, query and serve allocation letters as a knowledge graph."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from tbgraph.model.version import __version__

__all__ = ["main", "build_parser"]

#: Subcommand modules under tbgraph.cli.commands, in the order ``--help`` lists them.
COMMANDS = ("validate", "query", "ask", "serve", "graph", "extract", "load", "synthesize")

DESCRIPTION = """\
tbgraph turns Norwegian allocation letters (tildelingsbrev) into a validated knowledge graph
and answers questions about them: who owns which assignment, who works with whom, what is due
when, what depends on what, which laws and solutions an assignment touches, and whether the
budget adds up.

The shipped data is the Ministry of Health and Care Services' 2023 letter to Direktoratet for
e-helse. Every command works on it unless told otherwise.
"""

EPILOG = """\
exit status:
  0  success (the data conforms, the query ran)
  1  the data does not conform to the shapes, or nothing matched
  2  usage or input error (unknown agency, malformed SPARQL, unreadable file)
  3  internal error

examples:
  tbgraph validate                      check the shipped data against the SHACL shapes
  tbgraph ask --list                    the named questions and their parameters
  tbgraph ask assignments-involving --agency nhn
  tbgraph ask deadlines --from 2023-06-01 --to 2023-06-30
  tbgraph query my-question.rq --format csv
  tbgraph serve --port 8000             SPARQL endpoint, REST API and browser pages

Run "tbgraph COMMAND --help" for the manual of one command.
"""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with ``only`` just that command, so that a command (``tbgraph
    serve`` above all) does not pay for importing the others' modules (networkx, the extractor, …)."""
    parser = argparse.ArgumentParser(
        prog="tbgraph",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tbgraph {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMANDS if only is None else (only,):
        try:
            module = importlib.import_module(f".commands.{name}", __package__)
        except ModuleNotFoundError as error:
            if error.name and error.name.endswith(f"commands.{name}"):
                continue  # command not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    command = next((w for w in words if not w.startswith("-")), None)
    parser = build_parser(command if command in COMMANDS and words[0] == command else None)
    args, extra = parser.parse_known_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    if extra and not getattr(args, "accepts_extra", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return int(func(args, extra) if getattr(args, "accepts_extra", False) else func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head and friends
        return 0
    except Exception as error:  # a bug, not bad input: say so, keep the traceback for debugging
        if os.environ.get("TBGRAPH_DEBUG"):
            raise
        print(
            f"tbgraph: internal error: {type(error).__name__}: {error}\n"
            "This is a bug; run again with TBGRAPH_DEBUG=1 for the traceback.",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
