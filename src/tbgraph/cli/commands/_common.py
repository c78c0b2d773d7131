"""Options and error handling shared by the commands that read the dataset."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from tbgraph.dataset.loader import DataFileError
from tbgraph.dataset.opening import DatasetCheckError, OpenDataset, RemoteEndpoints, StoreFolderError
from tbgraph.store.base import StoreUnavailableError
from tbgraph.store.engines import ENGINES

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


def add_dataset_arguments(parser: argparse.ArgumentParser, *, check_choices: bool = True) -> None:
    """The options that pick the data and the engine. ``check_choices=False`` lists --engine's
    choices without checking them, for a parser that hands its options on to one that does (``ask``)."""
    group = parser.add_argument_group("dataset")
    group.add_argument(
        "--engine",
        choices=ENGINES if check_choices else None,
        metavar=None if check_choices else "{" + ",".join(ENGINES) + "}",
        default=None,
        help="RDF engine (default: oxigraph, or remote with --store-url; rdflib is the slower reference "
        "engine; remote is a SPARQL server)",
    )
    group.add_argument(
        "--store-url",
        metavar="URL",
        default=None,
        help="SPARQL 1.1 server to use as the store (engine remote), e.g. an Oxigraph server at "
        "http://127.0.0.1:7878; the data is loaded into it when it lacks this version "
        "(default: $TBGRAPH_STORE_URL)",
    )
    for option, variable, text in _ENDPOINT_OPTIONS:
        group.add_argument(option, metavar="URL", default=None, action=_ToEnvironment, env=variable, help=text)
    group.add_argument(
        "--store-read-only",
        nargs=0,
        default=None,
        action=_ToEnvironment,
        env="TBGRAPH_STORE_READ_ONLY",
        help="never write to the SPARQL server: its operator loads the data, with the data version tbgraph "
        "checks (docs/remote-store.md; default: $TBGRAPH_STORE_READ_ONLY)",
    )
    group.add_argument(
        "--data-root",
        type=Path,
        metavar="DIR",
        default=None,
        help="a folder with ontology/, shapes/ and data/ to use instead of the shipped data, e.g. one "
        "written by tbgraph synthesize (default: $TBGRAPH_DATA_ROOT, else the shipped data)",
    )
    group.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        default=None,
        help="persistent Oxigraph store folder, reloaded only when the data changed "
        "(default: in memory, or $TBGRAPH_STORE)",
    )


_ENDPOINT_OPTIONS = [
    (
        "--query-url",
        "TBGRAPH_QUERY_URL",
        "any SPARQL 1.1 server's query endpoint as the store (engine remote), e.g. Virtuoso's "
        "http://127.0.0.1:8890/sparql; its default graph must be the union of its graphs "
        "(default: $TBGRAPH_QUERY_URL)",
    ),
    (
        "--update-url",
        "TBGRAPH_UPDATE_URL",
        "that server's SPARQL Update endpoint (default: the query endpoint, or $TBGRAPH_UPDATE_URL)",
    ),
    (
        "--graph-store-url",
        "TBGRAPH_GRAPH_STORE_URL",
        "that server's Graph Store Protocol endpoint, to load the data into it, e.g. Virtuoso's "
        "http://127.0.0.1:8890/sparql-graph-crud (default: $TBGRAPH_GRAPH_STORE_URL)",
    ),
]


class _ToEnvironment(argparse.Action):
    """An endpoint option, kept in the environment as ``tbgraph serve`` hands its options to its
    workers: a command that parses its options twice (``ask``) or starts processes keeps it, and
    :func:`tbgraph.dataset.opening.open_dataset` reads it there."""

    def __init__(self, *args: Any, env: str, **kwargs: Any) -> None:
        self.env = env
        super().__init__(*args, **kwargs)

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: Any = None
    ) -> None:
        value = "1" if self.nargs == 0 else str(values)
        os.environ[self.env] = value
        setattr(namespace, self.dest, value)


def dataset_from_args(args: argparse.Namespace) -> OpenDataset:
    """The dataset the options name, chosen as :func:`tbgraph.open` chooses it; a wrong option ends the
    command (exit 2), a SPARQL server that cannot be reached too (exit 3)."""
    from tbgraph.notebook import DataChoiceError, open_data

    try:
        return open_data(
            getattr(args, "data_root", None),
            store=args.store,
            # A server given by its endpoints (--query-url …) is found by open_dataset in the environment.
            store_url=getattr(args, "store_url", None) or RemoteEndpoints().completed().name,
            engine=args.engine,
            names=CLI_NAMES,
        )
    except DataChoiceError as error:
        raise SystemExit(fail(str(error))) from None
    except (StoreUnavailableError, DatasetCheckError, StoreFolderError) as error:
        raise SystemExit(fail(str(error), EXIT_INTERNAL)) from None
    except (ValueError, RuntimeError) as error:
        # tbgraph.store.remote's: an address that is not an http(s) URL, a read-only server asked to load,
        # one without a graph store endpoint, an answer that is not SPARQL. Others are not the store's.
        if type(error).__module__ != "tbgraph.store.remote":
            raise
        raise SystemExit(fail(str(error), EXIT_INTERNAL)) from None


#: The options that choose the data, as messages name them (tbgraph.notebook.open_data).
CLI_NAMES = {"data_root": "--data-root ", "store": "--store ", "store_url": "--store-url ", "engine": "--engine "}


def fail(message: str, status: int = EXIT_USAGE) -> int:
    """Print an error for a person and return the exit status to use."""
    from tbgraph.cli.render import stderr  # rich: not imported on the way to serving

    stderr.print(f"[bold red]error:[/] {message}", highlight=False)
    return status


def guard_data_errors(error: Exception) -> int:
    if isinstance(error, DataFileError):
        return fail(str(error))
    raise error
