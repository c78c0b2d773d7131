"""The command line, ``tbgraph``: one module per subcommand under ``commands/``, tables that fit the
terminal in ``render``. The top of the house: nothing else imports it."""
