"""Imported by the validation fork server (:mod:`tbgraph.api.validation_process`) before it forks.

Everything a validation needs that does not depend on the upload is made here once: pySHACL
imported and tuned, the shapes, the ontology and the external axioms parsed, and one empty graph
validated so that the validator's caches are filled. Each validation process is forked with all of
it in memory instead of making it again. ``gc.freeze()``, usual before forking, is left out: it
made a small validation slower (docs/decisions/0006-start-up.md).
"""

from __future__ import annotations

import pyshacl  # noqa: F401  (imported for the forks)
from rdflib import Graph

from tbgraph.validation.shacl import _default_ontology, _default_shapes, _external_axioms, validate
from tbgraph.validation.tuning import tune_pyshacl

tune_pyshacl()
_default_shapes()
_default_ontology()
_external_axioms()
validate(Graph())  # once, so that the validator's own caches (prepared queries …) are filled too
