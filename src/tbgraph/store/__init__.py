"""The store: one small interface to an RDF engine (Oxigraph, rdflib or a SPARQL server), chosen by name
in one place, and parameter values written safely into trusted query text."""
