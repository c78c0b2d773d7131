"""Generate ``src/tbgraph/model/namespaces.py`` from the ontology, so Python never spells tb: IRIs by hand.

Run ``python scripts/generate_namespaces.py`` after changing ``ontology/tbgraph.ttl``; the test
``tests/test_namespaces.py`` fails while the generated module and the ontology disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "tbgraph" / "model" / "namespaces.py"

NAMESPACES = {
    "TB": "https://w3id.org/tbgraph/ontology#",
    "TBROLE": "https://w3id.org/tbgraph/def/role/",
    "TBDK": "https://w3id.org/tbgraph/def/deadline-kind/",
    "TBDEP": "https://w3id.org/tbgraph/def/dependency-kind/",
    "TBUNIT": "https://w3id.org/tbgraph/def/unit/",
}

HEADER = '''"""The project's own namespaces, generated from ``ontology/tbgraph.ttl``: do not edit by hand.

Each class is an rdflib ``DefinedNamespace`` with ``_fail = True``, so a misspelt term raises
``AttributeError`` at import time instead of silently minting an IRI no shape or query knows.
Regenerate with ``python scripts/generate_namespaces.py``.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = [{all_names}]

#: Base of every IRI the dataset mints (letters, assignments, organisations, ...).
ID_BASE = "https://w3id.org/tbgraph/id/"
#: Base of named-graph IRIs.
GRAPH_BASE = "https://w3id.org/tbgraph/graph/"
#: The ontology's own IRI (also the name of the graph holding it).
ONTOLOGY_IRI = "https://w3id.org/tbgraph/ontology"
#: Namespace of the SHACL shapes.
SHAPES_NS = "https://w3id.org/tbgraph/shapes#"
'''


def local_names(graph: rdflib.Graph, namespace: str) -> list[str]:
    names = set()
    for term in graph.all_nodes():
        if isinstance(term, rdflib.URIRef) and str(term).startswith(namespace):
            local = str(term)[len(namespace) :]
            if local:
                names.add(local)
    return sorted(names)


def render(graph: rdflib.Graph) -> str:
    out = [
        HEADER.format(
            all_names=", ".join(f'"{n}"' for n in [*NAMESPACES, "ID_BASE", "GRAPH_BASE", "ONTOLOGY_IRI", "SHAPES_NS"])
        )
    ]
    for cls, ns in NAMESPACES.items():
        out.append(f"\nclass {cls}(DefinedNamespace):")
        out.append(f'    """Terms of <{ns}>."""\n')
        out.append("    _fail = True")
        out.append(f'    _NS = Namespace("{ns}")\n')
        for name in local_names(graph, ns):
            if name.isidentifier():
                out.append(f"    {name}: URIRef")
            else:
                # Hyphenated concept names (tbrole:providing-input) are reached with TBROLE["providing-input"].
                pass
        extras = [n for n in local_names(graph, ns) if not n.isidentifier()]
        if extras:
            # double quotes, as the formatter writes them (`ruff format` leaves the generated module as it is)
            out.append(f"    _extras = [{', '.join(json.dumps(n) for n in extras)}]")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    graph = rdflib.Graph().parse(ROOT / "ontology" / "tbgraph.ttl")
    TARGET.write_text(render(graph), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
