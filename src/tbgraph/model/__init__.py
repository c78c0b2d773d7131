"""The model: the project's namespaces and prefixes, where the shipped files are, the package version,
and the one safe reader for RDF people hand in. Imports nothing else of tbgraph."""
