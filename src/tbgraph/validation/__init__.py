"""Validation: the dataset checked against the SHACL shapes (pySHACL, its SPARQL answered by Oxigraph),
shared out over processes for a first start, and what it found as a report."""
