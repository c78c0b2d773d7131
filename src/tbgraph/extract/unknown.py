"""Organisations the reference data does not know, found by the shape of their names.

Actors are an open list: a letter may name an agency, a company or a foreign body that
``data/reference`` has never heard of. Such a name is kept (with the words that named it and a low
confidence), never dropped. A name is recognised by what Norwegian organisation names look like:

* a noun that names a kind of body ("…direktoratet", "…tilsynet", "…departementet", "…rådet",
  "…verket", "…etaten", "…byrået", "…kommisjonen", "…instituttet", "…senteret", "…ombudet", "…nemnda",
  "…vesenet", "…forvaltningen") with the capitalised words that lead up to it
  ("Statens havarikommisjon", "Det europeiske miljøbyrået");
* a company or enterprise suffix: "… SF", "… AS", "… ASA", "… HF", "… RHF", "… KF", "… IKS";
* "Statsforvalteren i X", "Universitetet i X", "Høgskolen/Høgskulen i/på X", "X kommune", "X fylkeskommune";
* a name with its abbreviation in brackets: "Norsk institutt for naturforskning (NINA)";
* two or more capitalised words in a row that do not start a sentence ("Norsk Industri").

Known names are matched first; what is found here never overlaps them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import URIRef

from tbgraph.extract.gazetteer import KIND_ACTOR, Entry, Gazetteer, Mention
from tbgraph.model.namespaces import ID_BASE, TB

__all__ = ["find_unknown_actors", "unknown_entry", "UNKNOWN_CONFIDENCE"]

UNKNOWN_CONFIDENCE = 0.2

_CAP = r"[A-ZÆØÅ][\wæøåÆØÅé-]*"
_LOW = r"(?:for|og|i|på|av|til|med|under)"
_SUFFIX = r"(?:et|en|n|a|ene|ane|er|ar)?s?"
#: Nouns that name a kind of body, ending an organisation's name ("…direktoratet", "Statens …verk").
_BODY = (
    r"(?:direktorat|tilsyn|departement|råd|verk|etat|byrå|kommisjon|institutt|senter|senteret|sentret|ombud|"
    r"nemnd|vesen|forvaltning|organ|agentur|byråd|tjeneste|tjenesteleverandør|universitet|høgskole|høgskule|"
    r"politidistrikt|domstol|fond|selskap|forbund|forening|akademi|bibliotek|arkiv|museum|kontor|"
    r"statsforvalter|fylkeskommune|kommune|vakt|panel|enhet|distrikt)" + _SUFFIX
)
#: The same for a name of one word, where common nouns ("kodeverk", "kompetansesenter", "helsetjeneste",
#: "regelverk") would otherwise pass for organisations.
_BODY_ONE_WORD = (
    r"(?:direktorat|tilsyn|departement|byrå|etat|kommisjon|institutt|ombud|universitet|høgskole|høgskule|"
    r"politidistrikt|vakt|panel|enhet)" + _SUFFIX
)
#: Words that start a body's name of several words: "Statens", "Norges", "Det europeiske", a genitive.
_STARTER = (
    r"(?:Statens|Norges|Norsk|Norske|Nasjonalt?|Nasjonale|Det|Den|Regionalt?|Regionale|Felles|[A-ZÆØÅ][\wæøå-]*s)"
)
_ADJ = r"(?:[a-zæøå][\wæøå]*(?:e|s)|[a-zæøå][\wæøå]*s-\s+og|og)"
_PATTERNS = [
    # "Statens havarikommisjon", "Det europeiske jernbanebyrået", "Norges vassdrags- og energidirektorat"
    re.compile(rf"(?<![\wæøå]){_STARTER}(?:\s+{_ADJ}){{0,3}}\s+[a-zæøå][\wæøå-]*{_BODY}(?![\wæøå])"),
    # a place and a body bound to it: "Oslo politidistrikt", "Bergen kommune", "Oslo tingrett"
    re.compile(rf"(?<![\wæøå]){_CAP}\s+(?:politidistrikt|kommune|fylkeskommune|tingrett|lagmannsrett|havn)(?![\wæøå])"),
    # one word: "Jernbanedirektoratet", "Luftfartstilsynet" (not "Direktoratet" alone)
    re.compile(rf"(?<![\wæøå-])[A-ZÆØÅ][a-zæøå]{{2,}}-?{_BODY_ONE_WORD}(?![\wæøå])"),
    # one word in its definite form, not opening a sentence: "Digitaliseringsrådet", "Kompetansesenteret"
    re.compile(
        r"(?<![\wæøå-])[A-ZÆØÅ][a-zæøå]{3,}(?:rådet|senteret|sentret|kontoret|verket|nemnda|fondet|forbundet|"
        r"biblioteket|arkivet|museet|byrået|organet)s?(?![\wæøå])"
    ),
    # "Bane NOR SF", "Norsk rikskringkasting AS": capitalised, at most two lower-case words before the suffix
    re.compile(
        rf"(?<![\wæøå]){_CAP}(?:\s+(?!(?:og|i|med|for|til|av|på|skal|som)\b)[\wæøåÆØÅ-]+){{0,3}}?"
        rf"\s+(?:SF|AS|ASA|HF|RHF|KF|IKS)(?![\wæøå])"
    ),
    re.compile(
        rf"(?<![\wæøå])(?:Statsforvalteren|Universitetet|Høgskolen|Høgskulen|Fylkesmannen)\s+(?:i|på)\s+"
        rf"{_CAP}"
    ),
    # words joined by "og" before the body's noun: "Arbeids- og velferdsdirektoratet", "Barne-, ungdoms- og
    # familiedirektoratet", "Integrerings- og mangfaldsdirektoratet"
    re.compile(
        rf"(?<![\wæøå-])[A-ZÆØÅ][a-zæøå]{{2,}}-(?:,\s+[a-zæøå]{{2,}}-)*\s+og\s+[a-zæøå]{{2,}}{_BODY_ONE_WORD}(?![\wæøå])"
    ),
    re.compile(rf"(?<![\wæøå]){_CAP}(?:\s+{_CAP})+"),
]
_ABBR = re.compile(r"\((?P<abbr>[A-ZÆØÅ][A-ZÆØÅa-zæøå-]{1,9})\)")
#: Capitalised words that start many sentences or name no organisation.
_STOP_FIRST = {
    "Dette",
    "Denne",
    "Disse",
    "Departementet",
    "Direktoratet",
    "Tilsynet",
    "Etaten",
    "Etatene",
    "Vi",
    "I",
    "Med",
    "For",
    "Som",
    "Ved",
    "Etter",
    "Frist",
    "Oppdrag",
    "Arbeidet",
    "Oppdraget",
    "Hovedmål",
    "Mål",
    "Delmål",
    "Kap",
    "Post",
    "Sum",
    "Side",
    "Styringsparameter",
    "Virksomhetsmål",
    "Innan",
    "Innen",
    "Kopi",
    "Dato",
    "Vår",
    "Deres",
    "Dykkar",
    "Statsbudsjettet",
    "Tildelingsbrev",
    "Nr",
    "Rapportering",
}
_NOT_ORGS = re.compile(
    r"^(?:Prop|Innst|Meld|St|Dokument|Norge|Noreg|Norges?\s+klimamål|Klimatiltak|Side|Kap)\b|"
    r"(?:strategi|plan|program|meldinga?|meldingen|avtale|forskrift|lov|utvalg|forordning|direktiv|vedtak|"
    r"rettsakt|instruks|regelverk)(?:en|et|a)?$",
    re.IGNORECASE,
)


def unknown_entry(name: str, ministry: bool = False) -> Entry:
    """An actor entry for a name the reference data does not know (``id/org/{slug}``)."""
    name = " ".join(name.split())
    if ministry and name.lower().endswith("departement"):
        name += "et"
    if ministry:
        name = name[:1].upper() + name[1:].lower()
    key = _slug(name)
    types = frozenset({TB.Ministry}) if ministry else frozenset()
    return Entry(URIRef(f"{ID_BASE}org/{key}"), key, KIND_ACTOR, name, types, known=False)


def _slug(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "Æ": "ae", "Ø": "o", "Å": "a"})
    return "-".join(re.findall(r"[a-z0-9]+", text.lower().translate(table)))[:60] or "ukjent"


def _trim(name: str) -> str:
    words = name.split()
    while words and words[0] in _STOP_FIRST:
        words.pop(0)
    while words and re.fullmatch(_LOW, words[-1]):
        words.pop()
    return " ".join(words)


def _base_form(name: str) -> str:
    """The name without a genitive -s ("Havpanelets" → "Havpanelet", "Kystvaktens" → "Kystvakten")."""
    return re.sub(r"(?<=[a-zæøå](?:et|en|ne|ta))s$", "", name)


def find_unknown_actors(
    text: str, gazetteer: Gazetteer, taken: Iterable[tuple[int, int]] = (), strict: bool = False
) -> list[Mention]:
    """Organisation-like names in ``text`` that the gazetteer does not know, left to right.

    Names the gazetteer knows as anything (a solution, a law) are never taken for organisations.
    ``strict`` leaves out the weakest rule (capitalised words in a row), for text outside assignments
    where table headers and titles are written that way."""
    spans = list(taken) + [(m.start, m.end) for m in gazetteer.find(text)]
    found: list[Mention] = []
    for match in _ABBR.finditer(text):
        # "Norsk institutt for naturforskning (NINA)": the shortest run of words before the bracket
        # that starts with a capital, within the sentence.
        before = text[max(0, match.start() - 120) : match.start()]
        words = list(re.finditer(r"\S+", before))
        start_word = None
        for k in range(len(words) - 1, -1, -1):
            word = words[k].group(0)
            if word[-1] in ".:;,":
                break
            if word[:1].isupper():
                start_word = k
                break
        if start_word is None:
            continue
        start = match.start() - len(before) + words[start_word].start()
        name = " ".join(text[start : match.start()].split())
        if len(name) < 4 or name.split()[0] in _STOP_FIRST or _NOT_ORGS.search(name):
            continue
        if gazetteer.forms.get(match["abbr"]) is not None or any(start < b and a < match.end() for a, b in spans):
            continue
        spans.append((start, match.end()))
        found.append(Mention(unknown_entry(name), start, match.end(), text[start : match.end()]))
    for pattern in _PATTERNS[:-1] if strict else _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            raw = match.group(0)
            name = _trim(raw)
            if not name:
                continue
            start += raw.find(name)
            end = start + len(name)
            if len(name) < 4 or _NOT_ORGS.search(name) or len(name.split()) > 9:
                continue
            if pattern is _PATTERNS[-1]:
                # a word that opens sentences ends the run: the next sentence starts there, after a title line
                # without a full stop ("Modernisering av Folkeregisteret / Etaten skal …")
                run = name.split()
                while len(run) > 1 and run[-1] in _STOP_FIRST:
                    run.pop()
                name = " ".join(run)
                end = start + len(name)
                if _sentence_start(text, start) or len(run) < 2:
                    continue
            if pattern is _PATTERNS[3] and _sentence_start(text, start):
                continue  # "Regelverket skal …": a common noun opening a sentence
            if any(start < b and a < end for a, b in spans):
                continue
            spans.append((start, end))
            found.append(Mention(unknown_entry(_base_form(name)), start, end, text[start:end]))
    found.sort(key=lambda m: m.start)
    return found


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".:!?•–-" or bool(re.search(r"(?:^|[.:!?]\s)[\d.]+$", before))
