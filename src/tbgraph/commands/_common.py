"""Options and error handling shared by the commands that read the dataset."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..dataset import OpenDataset, open_dataset
from ..loader import DataFileError
from ..render import stderr
from ..store import ENGINES

__all__ = [
    "add_dataset_arguments",
    "dataset_from_args",
    "fail",
    "EXIT_OK",
    "EXIT_FALSE",
    "EXIT_USAGE",
    "EXIT_INTERNAL",
]

EXIT_OK, EXIT_FALSE, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def add_dataset_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("dataset")
    group.add_argument(
        "--engine",
        choices=ENGINES,
        default="oxigraph",
        help="RDF engine (default: oxigraph; rdflib is the slower reference engine)",
    )
    group.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        default=None,
        help="persistent Oxigraph store folder, reloaded only when the data changed "
        "(default: in memory, or $TBGRAPH_STORE)",
    )


def dataset_from_args(args: argparse.Namespace) -> OpenDataset:
    return open_dataset(engine=args.engine, store_path=args.store)


def fail(message: str, status: int = EXIT_USAGE) -> int:
    """Print an error for a person and return the exit status to use."""
    stderr.print(f"[bold red]error:[/] {message}", highlight=False)
    return status


def guard_data_errors(error: Exception) -> int:
    if isinstance(error, DataFileError):
        return fail(str(error))
    raise error
