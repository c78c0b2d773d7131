"""One module per ``tbgraph`` subcommand; each exposes ``register(subparsers)``.

``register`` adds its subparser, documents it like a manual page (description + examples in the
epilog) and sets ``func`` to a callable taking the parsed ``argparse.Namespace`` and returning the
process exit status: 0 success, 1 the data does not conform / nothing found, 2 usage or input
error, 3 internal error.
"""
