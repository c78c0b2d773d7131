"""The dataset: the ontology, shapes, reference data and letters loaded as named graphs into a store,
opened in memory or reused from disk, the user's own letters, and results kept by data version."""
