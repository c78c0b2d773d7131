"""Finding actors, solutions and legal sources by name, from the reference data.

The gazetteer is data, not code: it reads every ``data/reference/*.ttl`` file and takes each
resource's ``rdfs:label`` in Bokmål, Nynorsk or without a language ("Utenriksdepartementet"@nb and
"Utanriksdepartementet"@nn name the same ministry; the Bokmål one is the entry's label) and every
``skos:altLabel`` (aliases and inflected forms: "Norsk helsenett SFs", "RHFenes"). To those it
adds the forms Norwegian grammar makes predictable: the genitive ("-s", or an apostrophe after s), a
lower-case first letter mid-sentence, a capital at a sentence start, and a name without its
parenthesised part ("KS (Kommunesektorens organisasjon)" → "KS"). Matching is
case-sensitive, longest form first, on word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from tbgraph.model.namespaces import TB
from tbgraph.model.resources import data_dir, ontology_dir

__all__ = [
    "Entry",
    "Mention",
    "Gazetteer",
    "KIND_ACTOR",
    "KIND_SOLUTION",
    "KIND_LEGAL",
    "KIND_DOCUMENT",
    "load_gazetteer",
]

KIND_ACTOR = "actor"
KIND_SOLUTION = "solution"
KIND_LEGAL = "legal"
KIND_DOCUMENT = "document"
_KIND_PRIORITY = {KIND_ACTOR: 0, KIND_SOLUTION: 1, KIND_LEGAL: 2, KIND_DOCUMENT: 3}

_ORG = "http://www.w3.org/ns/org#"
_ELI = "http://data.europa.eu/eli/ontology#"
_ROOTS = {
    URIRef(_ORG + "Organization"): KIND_ACTOR,
    URIRef(_ORG + "FormalOrganization"): KIND_ACTOR,
    URIRef(_ORG + "OrganizationalCollaboration"): KIND_ACTOR,
    URIRef(_ORG + "OrganizationalUnit"): KIND_ACTOR,
    TB.Solution: KIND_SOLUTION,
    TB.LegalSource: KIND_LEGAL,
    URIRef(_ELI + "LegalResource"): KIND_LEGAL,
    TB.LegalProvision: KIND_LEGAL,
    TB.PolicyDocument: KIND_DOCUMENT,
}
_LANGS = {None, "nb", "nn", "no"}
#: Which name becomes an entry's label: Bokmål first, then Norwegian without a written standard, then Nynorsk.
_LABEL_ORDER = {"nb": 0, "no": 1, None: 2, "nn": 3}
_WORD = r"[\wÆØÅæøåÉé]"


@dataclass(frozen=True)
class Entry:
    iri: URIRef
    key: str  # tb:key, or the IRI's last segment
    kind: str
    label: str
    types: frozenset[URIRef] = frozenset()
    #: False for a name the reference data does not know, kept from the letter's own words.
    known: bool = True

    @property
    def is_group(self) -> bool:
        """A group or body named collectively ("sektoren", "regjeringen"), not one organisation."""
        return bool(self.types & {TB.SectorGroup, TB.ConstitutionalBody})


@dataclass(frozen=True)
class Mention:
    entry: Entry
    start: int
    end: int
    form: str


def _class_kinds(ontology: Graph) -> dict[URIRef, str]:
    kinds: dict[URIRef, str] = dict(_ROOTS)
    changed = True
    while changed:
        changed = False
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and sup in kinds and sub not in kinds:
                kinds[sub] = kinds[sup]  # type: ignore[index]
                changed = True
    return kinds


def _variants(form: str, kind: str = KIND_ACTOR) -> set[str]:
    forms = {form}
    base = re.sub(r"\s*\([^)]*\)\s*", " ", form).strip()
    if kind == KIND_ACTOR and base and base != form:
        # "KS (Kommunesektorens organisasjon)" → "KS" and "Kommunesektorens organisasjon"; a
        # citation's "(2021–2022)" is part of its name and stays.
        forms.add(base)
        inner = re.findall(r"\(([^)]*)\)", form)
        forms.update(i.strip() for i in inner if len(i.strip()) > 1 and re.match(r"[^\W\d]", i.strip()))
    out = set()
    for f in forms:
        out.add(f)
        if f.endswith(("s", "x", "z")):
            out.update({f + "’", f + "'"})
        elif not f.endswith(("’", "'")):
            out.add(f + "s")
    cased = set()
    for f in out:
        first_word = f.split()[0]
        if f[:1].islower():
            cased.add(f[:1].upper() + f[1:])
        elif (
            len(first_word) >= 2
            and not any(c.isupper() for c in first_word[1:])
            and not any(c.isdigit() for c in first_word)
        ):
            cased.add(f[:1].lower() + f[1:])
    return {f for f in out | cased if len(f) >= 2}


class Gazetteer:
    """Names of known resources and a matcher over clean text."""

    def __init__(self, entries: dict[str, Entry], ministries: set[URIRef] | None = None):
        self.forms = entries
        #: Actors typed tb:Ministry: the candidates for a letter's issuer and for "departementet".
        self.ministries: set[URIRef] = ministries or set()
        self.by_iri: dict[URIRef, Entry] = {e.iri: e for e in entries.values()}
        self._patterns: dict[str | None, re.Pattern[str]] = {}
        for kind in [None, *sorted({e.kind for e in entries.values()})]:
            forms = [f for f, e in entries.items() if kind is None or e.kind == kind]
            if forms:
                alternation = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
                self._patterns[kind] = re.compile(rf"(?<!{_WORD})(?:{alternation})(?!{_WORD})")

    @classmethod
    def from_graph(cls, graph: Graph, ontology: Graph | None = None) -> Gazetteer:
        kinds = _class_kinds(ontology if ontology is not None else Graph())
        entries: dict[str, Entry] = {}
        for subject in set(graph.subjects(RDF.type, None)):
            if not isinstance(subject, URIRef):
                continue
            kind = None
            for cls_ in graph.objects(subject, RDF.type):
                k = kinds.get(cls_)  # type: ignore[call-overload]
                if k is not None and (kind is None or _KIND_PRIORITY[k] < _KIND_PRIORITY[kind]):
                    kind = k
            if kind is None:
                continue
            key_literal = graph.value(subject, TB.key)
            key = str(key_literal) if key_literal is not None else str(subject).rstrip("/").rsplit("/", 1)[-1]
            names: list[str] = []
            pref = None
            # Bokmål, Nynorsk and untagged names are all matched; the entry's own label is the
            # Bokmål one where there is one (a Nynorsk letter still names the same organisation).
            labels = sorted(
                (named for named in graph.objects(subject, RDFS.label) if isinstance(named, Literal)),
                key=lambda named: (_LABEL_ORDER.get(named.language, len(_LABEL_ORDER)), str(named)),
            )
            for named in labels:
                if named.language in _LANGS:
                    names.append(str(named))
                    pref = pref or str(named)
            for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
                for label in graph.objects(subject, prop):
                    if isinstance(label, Literal):
                        names.append(str(label))
            if not names:
                continue
            types = frozenset(t for t in graph.objects(subject, RDF.type) if isinstance(t, URIRef))
            entry = Entry(subject, key, kind, pref or names[0], types)
            for name in names:
                for form in _variants(" ".join(name.split()), kind):
                    existing = entries.get(form)
                    if existing is None or _KIND_PRIORITY[kind] < _KIND_PRIORITY[existing.kind]:
                        entries[form] = entry
        ministry_classes = set((ontology or Graph()).transitive_subjects(RDFS.subClassOf, TB.Ministry)) | {TB.Ministry}
        ministries = {
            s
            for s in graph.subjects(RDF.type, None)
            if isinstance(s, URIRef) and any(c in ministry_classes for c in graph.objects(s, RDF.type))
        }
        return cls(entries, ministries)

    def find(self, text: str, kinds: Iterable[str] | None = None, nested: bool = False) -> Iterator[Mention]:
        """Known names in ``text``, left to right, longest first, never overlapping.

        Each kind is matched on its own, so "Helseplattformen i Helse Midt-Norge" (a solution)
        still yields the actor "Helse Midt-Norge" when actors are asked for.
        """
        wanted = [None] if kinds is None else sorted(set(kinds))
        found: list[Mention] = []
        for kind in wanted:
            pattern = self._patterns.get(kind)
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                if _in_address(text, match.start(), match.end()):
                    continue  # "www.regjeringen.no/fin", "postmottak@fin.dep.no": an address, no mention
                if _before_its_law(text, match.group(0), match.end()):
                    continue  # "EUs tollreform", "EUs designreform": the union's law or reform, no body acting
                if _abbreviation_naming_no_body(text, match.group(0), match.start(), match.end()):
                    continue  # "EU/EØS", "(EU) 2023/1114", "EU-regelverk": an area, an act, a thing of the body
                entry = self.forms[match.group(0)]
                if entry.kind == KIND_ACTOR and _abbreviation_of_other(text, match.start(), match.end()):
                    continue  # "EUs forordning om digitale tjenester (DSA)": the regulation's abbreviation, no body's
                found.append(Mention(self.forms[match.group(0)], match.start(), match.end(), match.group(0)))
                if nested:  # names inside a longer name ("Veikart for … nasjonale e-helseløsninger")
                    for inner in pattern.finditer(text, match.start() + 1, match.end()):
                        found.append(Mention(self.forms[inner.group(0)], inner.start(), inner.end(), inner.group(0)))
        found.sort(key=lambda m: (m.start, -m.end))
        yield from found

    def entry(self, key_or_iri: str) -> Entry | None:
        for entry in self.by_iri.values():
            if entry.key == key_or_iri or str(entry.iri) == key_or_iri:
                return entry
        return None


#: What a genitive names when it names an area of the union's policy, not the body: "EUs tollreform", "EUs tollunion",
#: "EUs designreform" (as "EU/EØS" an area). An act the union adopted ("EUs forordning om …", "EUs
#: moderniseringsdirektiv", "EUs pakt") names it as the lawgiver, and it counts (docs/extraction.md, tenth round).
_LAW_OR_REFORM = re.compile(
    r"\s+\w*(?:reform|union)(?:en|et|a|er|ene)?\b",
    re.IGNORECASE,
)
#: The name of a law, a regulation, a plan or a programme just before a bracket: an abbreviation in the bracket is
#: that name's ("EUs forordning om digitale tjenester (DSA)", "direktivet om … (CSRD)").
_DOCUMENT_BEFORE_BRACKET = re.compile(
    r"\b(?:forordning|direktiv|lov|regelverk|forskrift|konvensjon|strategi|program|rammeverk|avtale|ordning|"
    r"prosjekt|handlingsplan)\w*\b[^().;:]{0,60}\(\s*$",
    re.IGNORECASE,
)


def _before_its_law(text: str, form: str, end: int) -> bool:
    """True when ``form`` is a genitive ("EUs") right before the name of a reform or a union (an area of policy)."""
    return form.endswith(("s", "'")) and bool(_LAW_OR_REFORM.match(text, end))


def _abbreviation_naming_no_body(text: str, form: str, start: int, end: int) -> bool:
    """True when a bare abbreviation of capitals ("EU", "FN") names no body where it stands: an area joined to
    another by a slash ("EU/EØS"), an act's citation ("(EU) 2023/1114"), the first part of a compound
    ("EU-regelverk", "EU-byrået for asyl": the thing, or another body)."""
    if not (form.isupper() and len(form) <= 4):
        return False
    after = text[end : end + 8]
    if re.match(r"/\s*[A-ZÆØÅ]", after):
        return True
    if re.match(r"-[^\W\d_]", after) and not re.match(r"[\w-]", text[start - 1 : start]):
        return True  # "EU-regelverk", not "TB2025-DMP-01" (a code with the abbreviation inside)
    return text[start - 1 : start] == "(" and bool(re.match(r"\)\s*(?:nr\.?\s*)?\d", after))


def _abbreviation_of_other(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is an abbreviation in brackets that a law's, a regulation's or a plan's name just
    before it defines ("forordning om digitale tjenester (DSA)"): it names that, not the body known by it."""
    name = text[start:end]
    if not (name.isupper() and re.match(r"\s*\)", text[end : end + 3])):
        return False
    return bool(_DOCUMENT_BEFORE_BRACKET.search(text[max(0, start - 90) : start]))


def _in_address(text: str, start: int, end: int) -> bool:
    """True when text[start:end] stands inside a web or mail address ("www.regjeringen.no")."""
    return text[start - 1 : start] in (".", "/", "@") or bool(re.match(r"\.[a-z]{2,}\b", text[end : end + 6]))


def reference_graph(folder: Path | None = None) -> Graph:
    graph = Graph()
    for path in sorted((folder or data_dir() / "reference").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@cache
def _ontology() -> Graph:
    graph = Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        graph.parse(path, format="turtle")
    # The ontology declares its own classes; keep OWL's top for completeness.
    graph.add((OWL.Thing, RDF.type, OWL.Class))
    return graph


def load_gazetteer(folder: Path | None = None) -> Gazetteer:
    """The gazetteer from ``folder`` (default: the shipped ``data/reference``), read afresh each call."""
    return Gazetteer.from_graph(reference_graph(folder), _ontology())
