"""Colours and names of node kinds, shared by the static drawings, the exports and the browser.

One palette everywhere means a directorate is the same blue in the report's PNG, in Gephi (GEXF
carries the colour) and on the ``/explore`` page. The colours are the Okabe–Ito set and Paul
Tol's muted scheme, which stay distinguishable for the common forms of colour blindness.
"""

from __future__ import annotations

__all__ = ["KIND_COLOURS", "KIND_NAMES", "FALLBACK_COLOUR", "colour", "kind_name", "rgb"]

#: Kind (actor class local name, or dependency node kind) → colour.
KIND_COLOURS: dict[str, str] = {
    # actors
    "Ministry": "#D55E00",
    "Directorate": "#0072B2",
    "StateEnterprise": "#009E73",
    "RegionalHealthAuthority": "#44AA99",
    "Municipality": "#E69F00",
    "InterestOrganisation": "#CC79A7",
    "ConstitutionalBody": "#882255",
    "InternationalOrganisation": "#999933",
    "SectorGroup": "#C9B458",
    # the assignment side of the bipartite graph
    "Assignment": "#4D4D4D",
    # nodes of the dependency graph
    "assignment": "#0072B2",
    "external-deliverable": "#009E73",
    "external-assignment": "#56B4E9",
    "document": "#E69F00",
    "decision": "#CC79A7",
    "legal-source": "#882255",
    "other": "#999999",
}

#: Kind → English name for legends.
KIND_NAMES: dict[str, str] = {
    "Ministry": "ministry",
    "Directorate": "directorate",
    "StateEnterprise": "state enterprise",
    "RegionalHealthAuthority": "regional health authority",
    "Municipality": "municipality",
    "InterestOrganisation": "interest organisation",
    "ConstitutionalBody": "constitutional body",
    "InternationalOrganisation": "international organisation",
    "SectorGroup": "group of actors",
    "Assignment": "assignment",
    "assignment": "assignment",
    "external-deliverable": "another actor's deliverable",
    "external-assignment": "assignment in another letter",
    "document": "document",
    "decision": "decision",
    "legal-source": "legal source",
    "other": "other",
}

FALLBACK_COLOUR = "#999999"


def colour(kind: str | None) -> str:
    """The colour of a node kind (grey for a kind the palette does not know)."""
    return KIND_COLOURS.get(kind or "", FALLBACK_COLOUR)


def kind_name(kind: str | None) -> str:
    return KIND_NAMES.get(kind or "", kind or "other")


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
