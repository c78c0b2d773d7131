"""Read RDF people hand us — files, uploads — through one safe parser with useful errors.

Everything goes through Oxigraph's parsers: they report the line and column of a syntax error,
never load a remote JSON-LD ``@context`` and never resolve XML external entities, so reading an
upload cannot make the process reach the network or the file system. The triples are then handed
to rdflib for pySHACL.

Two things Oxigraph's parsers do not bound are checked before parsing, since an upload is parsed
in the server process:

* JSON nesting. The JSON-LD parser recurses (and needs time and memory growing with the square of
  the depth: 1.7 GB at 3 000 levels); at about 5 000 levels it overflows the stack and takes the
  process with it. JSON-LD deeper than :data:`MAX_JSON_DEPTH` is refused.
* Internal XML entities. The RDF/XML parser expands ``<!ENTITY a "&b;&b;…">`` — nine levels of
  ten ("billion laughs") make a 3 GB string. A document whose entities would add more than
  :data:`MAX_ENTITY_EXPANSION` characters is refused, and so are external and parameter
  entities (which Oxigraph never loads anyway) with a message saying so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import rdflib

from tbgraph.model.terms import from_oxigraph

__all__ = [
    "RdfSyntaxError",
    "RdfInputRefused",
    "MEDIA_TYPES",
    "MAX_JSON_DEPTH",
    "MAX_ENTITY_EXPANSION",
    "media_type_for",
    "parse_graph",
]

#: Deepest nesting of JSON objects and arrays accepted in JSON-LD input.
MAX_JSON_DEPTH = 256

#: Most characters the internal entities of an RDF/XML document may add when expanded.
MAX_ENTITY_EXPANSION = 1_000_000

#: Media types accepted for RDF input, with the file suffixes that imply them.
MEDIA_TYPES: dict[str, tuple[str, ...]] = {
    "text/turtle": (".ttl",),
    "application/n-triples": (".nt",),
    "application/ld+json": (".jsonld", ".json"),
    "application/rdf+xml": (".rdf", ".owl", ".xml"),
    "application/n-quads": (".nq",),
    "application/trig": (".trig",),
}


class RdfSyntaxError(ValueError):
    """The input is not valid RDF in the stated syntax; the message names the line."""


class RdfInputRefused(RdfSyntaxError):
    """The input may be valid, but parsing it would cost too much (nesting, entity expansion)."""


_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_ENTITY_DECLARATION = re.compile(
    rb"""<!ENTITY\s+(?P<parameter>%\s+)?(?P<name>[^\s"'>%]+)\s+"""
    rb"""(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<external>(?:SYSTEM|PUBLIC)\b[^>]*))\s*>"""
)
_ENTITY_REFERENCE = re.compile(rb"&([^\s&;#<>\"']+);")


def _check_json(data: bytes, label: str) -> None:
    """A JSON object or array (Oxigraph reads a bare string or number as no triples), not too deep."""
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start not in (b"{", b"["):
        raise RdfSyntaxError(f"{label}: a JSON-LD document is a JSON object or array, not {data[:20]!r}")
    depth = 0
    for match in _JSON_TOKEN.finditer(data):
        token = match.group()
        if token in (b"{", b"["):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise RdfInputRefused(
                    f"{label}: JSON nested deeper than {MAX_JSON_DEPTH} levels (at byte {match.start()}); "
                    "the JSON-LD parser cannot read such input safely"
                )
        elif token in (b"}", b"]"):
            depth -= 1


def _check_xml_entities(data: bytes, label: str) -> None:
    """Refuse external and parameter entities, and internal ones that expand too far."""
    values: dict[bytes, bytes] = {}
    for match in _ENTITY_DECLARATION.finditer(data):
        name = match["name"].decode(errors="replace")
        if match["external"] is not None:
            raise RdfInputRefused(
                f"{label}: the external XML entity {name!r} is refused: nothing is ever loaded from a "
                "file or URL named in the input"
            )
        if match["parameter"] is not None:
            raise RdfInputRefused(f"{label}: XML parameter entities (%{name};) are not accepted")
        values.setdefault(match["name"], match["double"] if match["double"] is not None else match["single"])
    if not values:
        return
    sizes: dict[bytes, int] = {}
    for start in values:  # the expanded length of each entity, depth first without recursion
        stack = [start]
        on_path = {start}
        while stack:
            name = stack[-1]
            pending = [r for r in _ENTITY_REFERENCE.findall(values[name]) if r in values and r not in sizes]
            if pending:
                if any(r in on_path for r in pending):
                    raise RdfInputRefused(f"{label}: the XML entity {name.decode(errors='replace')!r} refers to itself")
                stack.append(pending[0])
                on_path.add(pending[0])
                continue
            stack.pop()
            on_path.discard(name)
            refs = _ENTITY_REFERENCE.findall(values[name])
            sizes[name] = len(values[name]) + sum(sizes.get(r, 0) - len(r) - 2 for r in refs)
    document = _ENTITY_DECLARATION.sub(b"", data)
    added = sum(sizes[r] for r in _ENTITY_REFERENCE.findall(document) if r in sizes)
    if added > MAX_ENTITY_EXPANSION:
        raise RdfInputRefused(
            f"{label}: the XML entities would expand to {added:,} characters, more than the limit of "
            f"{MAX_ENTITY_EXPANSION:,} (an entity expansion attack such as 'billion laughs'?)"
        )


def media_type_for(path: Path) -> str:
    suffix = path.suffix.lower()
    for media_type, suffixes in MEDIA_TYPES.items():
        if suffix in suffixes:
            return media_type
    raise RdfSyntaxError(f"{path}: cannot tell the RDF syntax from the suffix {suffix!r}")


def _term(term: object) -> rdflib.term.Node:
    try:
        return from_oxigraph(term)
    except TypeError:
        raise RdfSyntaxError(f"unsupported RDF term {term!r} (RDF-star is not accepted)") from None


def parse_graph(
    source: bytes | str | Path,
    media_type: str | None = None,
    *,
    base_iri: str | None = None,
    name: str | None = None,
    into: rdflib.Graph | None = None,
) -> rdflib.Graph:
    """Parse RDF into an rdflib graph (quads from dataset syntaxes are merged into one graph).

    With ``into`` the triples are added to that graph (and it is returned): reading several files
    into one graph without copying each (validation reads every letter this way).
    """
    label = name or (str(source) if isinstance(source, Path) else "input")
    if isinstance(source, Path):
        media_type = media_type or media_type_for(source)
        data: bytes | str = source.read_bytes()
    else:
        data = source
    if media_type is None:
        raise RdfSyntaxError(f"{label}: no RDF media type given")
    fmt = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())
    if fmt is None:
        raise RdfSyntaxError(f"{label}: unsupported RDF media type {media_type!r}; use one of {', '.join(MEDIA_TYPES)}")
    raw = data.encode() if isinstance(data, str) else data
    if fmt == ox.RdfFormat.JSON_LD:
        _check_json(raw, label)
    elif fmt == ox.RdfFormat.RDF_XML and b"<!ENTITY" in raw:
        _check_xml_entities(raw, label)
    graph = rdflib.Graph() if into is None else into
    try:
        for quad in ox.parse(data, format=fmt, base_iri=base_iri):
            graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    except SyntaxError as error:
        raise RdfSyntaxError(f"{label}: {error}") from None
    except UnicodeDecodeError as error:
        raise RdfSyntaxError(f"{label}: not valid UTF-8 at byte {error.start}") from None
    return graph
