"""One router per resource: the SPARQL endpoint, the REST resources, linked data, health, static files."""
