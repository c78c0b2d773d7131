"""The browser side of the graphs: the ``/explore`` graph explorer, the ``/timeline`` page and the
JSON endpoints behind them (:mod:`tbgraph.web.routes`), included by the API application."""
