"""Where the ontology, shapes and data live, whether installed as a wheel or run from a checkout.

A wheel carries them under ``tbgraph/_resources`` (see ``pyproject.toml``); an editable install or a
plain checkout reads them from the repository's top level, so that editing ``data/`` takes effect
without reinstalling.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["resource_root", "ontology_dir", "shapes_dir", "data_dir", "source_dir"]

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/tbgraph (this file is in model/)


def resource_root() -> Path:
    """The folder holding ``ontology/``, ``shapes/`` and ``data/``."""
    bundled = _PACKAGE_DIR / "_resources"
    if (bundled / "ontology").is_dir():
        return bundled
    checkout = _PACKAGE_DIR.parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(f"tbgraph cannot find its ontology, shapes and data: looked in {bundled} and {checkout}")


def ontology_dir() -> Path:
    return resource_root() / "ontology"


def shapes_dir() -> Path:
    return resource_root() / "shapes"


def data_dir() -> Path:
    return resource_root() / "data"


def source_dir() -> Path:
    """The letters' source texts that provenance pointers quote from."""
    return data_dir() / "source"
