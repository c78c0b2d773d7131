"""``python -m tbgraph.cli``: the same as the ``tbgraph`` command."""

import sys

from tbgraph.cli.main import main

sys.exit(main())
