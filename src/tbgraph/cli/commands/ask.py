"""``tbgraph ask``: answer one of the named competency questions."""

from __future__ import annotations

import argparse
import os
import textwrap
from pathlib import Path

from tbgraph.cli.commands._common import EXIT_FALSE, EXIT_OK, add_dataset_arguments, dataset_from_args, fail
from tbgraph.cli.render import TABLE_FORMATS, print_table, render_table
from tbgraph.notebook import Spelling, as_day, question_values
from tbgraph.questions.kept import KeptAnswers, keepable, keeping_answers
from tbgraph.questions.named import (
    QueryParameterError,
    UnknownQueryError,
    get_query,
    named_queries,
    run_named,
)
from tbgraph.questions.resolve import UnknownValueError
from tbgraph.questions.scope import UnknownScopeError, letter_scope

DESCRIPTION = """\
Answer one of the named questions users ask of the letters. Each question is a SPARQL query kept
as a .rq file in the package; its parameters are bound safely by the engine, never pasted into
the query text. Actors are given by key (nhn) or by name ("Norsk helsenett SF"), assignments by
their letter ID (TB2023-15), dates as YYYY-MM-DD.

With many letters loaded (tbgraph load, or a data root of synthetic letters), --recipient and
--year ask the question of those letters only: "which assignments involve NHN in the 2023 letter
to e-helse" rather than in every letter, and as fast at a thousand letters as at one.

"tbgraph ask --list" lists the questions with their parameters; "tbgraph ask NAME --help" shows
one question's parameters.
"""

EPILOG = """\
examples:
  tbgraph ask --list
  tbgraph ask assignments
  tbgraph ask assignments-involving --agency nhn
  tbgraph ask assignments-involving --agency "Norsk helsenett SF" --role lead
  tbgraph ask owners
  tbgraph ask deadlines --from 2023-06-01 --to 2023-06-30
  tbgraph ask dependencies --assignment TB2023-15
  tbgraph ask collaborators --agency hdir --format json
  tbgraph ask legal-basis --assignment TB2023-14
  tbgraph ask solutions --assignment TB2023-14
  tbgraph ask budget --format csv
  tbgraph ask owners --recipient ehelse --year 2023       one letter of many

output:
  --format table (default) prints a table; json prints an array of row objects, where an
  assignment is identified by "id" (e.g. "TB2023-01") and an actor by "agency" (its name) and
  "agency_key"; csv/tsv print a header row and one line per row.

exit status: 0 rows found, 1 no rows, 2 unknown question, parameter, agency, assignment or
letter (the message lists the nearest matches, or the letters loaded).
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "ask",
        help="answer a named competency question",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    parser.add_argument("name", nargs="?", help="the question to answer (see --list)")
    parser.add_argument("--list", action="store_true", help="list the questions and their parameters")
    # Checked by the question's own parser (below), so that a wrong value prints that question's usage.
    parser.add_argument(
        "--format", default="table", metavar="{" + ",".join(TABLE_FORMATS) + "}", help="output format (default: table)"
    )
    parser.add_argument("-h", "--help", action="store_true", help="show this help (or a question's parameters)")
    add_dataset_arguments(parser, check_choices=False)
    parser.set_defaults(func=run, parser=parser, accepts_extra=True)


def _list() -> int:
    rows = []
    for query in named_queries().values():
        params = " ".join(
            (f"--{p.name} {p.kind.upper()}" if p.required else f"[--{p.name} {p.kind.upper()}]")
            for p in query.parameters
        )
        rows.append([query.name, params, query.question_en])
    print_table(["question", "parameters", "asks"], rows, title="Named questions (tbgraph ask NAME …)")
    return EXIT_OK


def _question_parser(name: str) -> argparse.ArgumentParser:
    query = get_query(name)
    parser = argparse.ArgumentParser(
        prog=f"tbgraph ask {name}",
        description=textwrap.dedent(f"""\
            {query.title_en} ({query.title_nb})

            {query.question_en}
            {query.question_nb}

            """)
        + textwrap.fill(query.description, 96),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for parameter in query.parameters:
        parser.add_argument(
            f"--{parameter.name}",
            metavar=parameter.kind.upper(),
            required=parameter.required,
            help=parameter.description,
        )
    scope = parser.add_argument_group("scope", "ask the question of some letters only (default: every letter loaded)")
    scope.add_argument("--recipient", metavar="AGENCY", help="only the letters to this agency, by key (ehelse) or name")
    scope.add_argument("--year", metavar="YYYY", help="only the letters for this budget year")
    scope.add_argument(
        "--as-of",
        metavar="DATE",
        help="the state on this day (YYYY-MM-DD): supplements' changes in effect then (default: every change loaded)",
    )
    parser.add_argument("--format", choices=TABLE_FORMATS, default="table", help="output format (default: table)")
    add_dataset_arguments(parser)
    return parser


#: Messages name a question's parameters as this command's options (--from 2023-06-31).
CLI_SPELLING = Spelling(
    option=lambda name: f"--{name}",
    given=lambda name, value: f"--{name} {value}",
    required=lambda name: f"--{name}",
)


def run(args: argparse.Namespace, extra: list[str] | None = None) -> int:
    # With a question, its own parser says so, with its usage (below).
    if args.format not in TABLE_FORMATS and (args.list or not args.name):
        return fail(f"--format {args.format}: choose one of {', '.join(TABLE_FORMATS)}")
    if args.list:
        return _list()
    if not args.name:
        if args.help:
            args.parser.print_help()
            return EXIT_OK
        return fail("name a question to ask, or use --list to see them")
    try:
        parser = _question_parser(args.name)
    except UnknownQueryError as error:
        return fail(str(error))
    argv = list(extra or [])
    if args.help:
        parser.print_help()
        return EXIT_OK
    try:
        parsed = parser.parse_args(
            argv
            + ["--format", args.format]
            + (["--engine", args.engine] if args.engine else [])
            + (["--store", str(args.store)] if args.store else [])
            + (["--data-root", str(args.data_root)] if args.data_root else [])
            + (["--store-url", args.store_url] if args.store_url else [])
        )
    except SystemExit as exit_:
        return int(exit_.code or 0)
    query = get_query(args.name)
    given = {p.name: getattr(parsed, p.name.replace("-", "_")) for p in query.parameters}
    try:  # checked as tbgraph.open(...).ask checks them, before the data is opened
        values = question_values(query, given, CLI_SPELLING)
        as_of = as_day("as-of", parsed.as_of, CLI_SPELLING) if parsed.as_of else None
    except QueryParameterError as error:
        return fail(str(error))
    whole = not any(values.values()) and as_of is None and not parsed.recipient and not parsed.year
    kept = _kept_answers(parsed) if whole and keepable(args.name) else None
    found = kept.get(args.name) if kept is not None else None
    if found is not None:  # this data version's answer, kept: the store is not even opened
        render_table(found.table(), parsed.format, title=query.title_en, hide_iris=True)
        return EXIT_OK if len(found) else EXIT_FALSE
    dataset = dataset_from_args(parsed)
    try:
        scope = letter_scope(dataset.store, parsed.recipient, parsed.year)
        table = run_named(dataset.store, args.name, values, scope, as_of)
    except (UnknownValueError, QueryParameterError, UnknownScopeError) as error:
        return fail(str(error))
    if kept is not None and dataset.store.engine == "oxigraph" and dataset.report.data_version == kept.data_version:
        kept.keep(args.name, table)
    render_table(table, parsed.format, title=query.title_en, hide_iris=True)
    return EXIT_OK if table.rows else EXIT_FALSE


def _kept_answers(parsed: argparse.Namespace) -> KeptAnswers | None:
    """The kept answers of the data the options name, when it is the files' (Oxigraph, in memory or in a
    store folder: its data version is the files' hash, found without opening the store); None for a
    SPARQL server or the rdflib engine, or when ``TBGRAPH_KEEP_ANSWERS=0``."""
    from tbgraph.dataset.loader import data_version, default_sources
    from tbgraph.dataset.opening import RemoteEndpoints

    if not keeping_answers() or (parsed.engine or "oxigraph") != "oxigraph":
        return None
    if parsed.store_url or os.environ.get("TBGRAPH_STORE_URL") or RemoteEndpoints().completed().name:
        return None
    env_root = os.environ.get("TBGRAPH_DATA_ROOT")
    root = parsed.data_root if parsed.data_root is not None else (Path(env_root) if env_root else None)
    if root is not None and not (root / "ontology").is_dir():
        return None  # the dataset's own message says what is wrong
    try:
        return KeptAnswers(data_version(default_sources(root=root) if root is not None else default_sources()))
    except OSError:
        return None
