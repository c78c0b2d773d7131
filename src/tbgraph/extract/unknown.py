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

__all__ = ["find_unknown_actors", "unknown_entry", "UNKNOWN_CONFIDENCE", "inside"]

UNKNOWN_CONFIDENCE = 0.2

_CAP = r"[A-ZÆØÅ][\wæøåÆØÅé-]*"
_LOW = r"(?:for|og|i|på|av|til|med|under)"
_SUFFIX = r"(?:et|en|n|a|ene|ane|er|ar)?s?"
#: Nouns that name a kind of body, ending an organisation's name ("…direktoratet", "Statens …verk").
_BODY = (
    r"(?:direktorat|tilsyn|departement|råd|verk|etat|byrå|kommisjon|institutt|senter|senteret|sentret|sentral|ombud|"
    r"nemnd|vesen|forvaltning|organ|agentur|byråd|tjeneste|tjenesteleverandør|universitet|høgskole|høgskule|"
    r"politidistrikt|domstol|fond|selskap|forbund|forening|akademi|bibliotek|arkiv|museum|kontor|"
    r"statsforvalter|fylkeskommune|kommune|vakt|panel|enhet|distrikt|samskipnad)" + _SUFFIX
)
#: The same for a name of one word, where common nouns ("kodeverk", "kompetansesenter", "helsetjeneste",
#: "regelverk") would otherwise pass for organisations.
_BODY_ONE_WORD = (
    # "tilsyn" only definite: "Marknadstilsyn med byggjevarer" is the work (market surveillance), "Luftfartstilsynet"
    # the body
    r"(?:direktorat|tilsyn(?=et)|departement|byrå|etat|kommisjon|institutt|ombud|universitet|høgskole|høgskule|"
    # a committee or board in one word, definite: "Husleietvistutvalget", "Forbrukarklageutvalet" ("utvalg" alone, a
    # selection, never: the name has a word before it)
    r"politidistrikt|vakt|panel|enhet|utvalg(?=et)|utval(?=et))" + _SUFFIX
)
#: Words that start a body's name of several words: "Statens", "Norges", "Det europeiske", a genitive; not the genitive
#: of a time ("Årets nynorskkommune", "Dagens ordning": a prize, a state of things).
_TIME_GENITIVE = r"(?:Årets|Fjorårets|Neste|Dagens|Ukens|Vekas|Månedens|Månadens|Tidens|Framtidens|Fremtidens)\b"
_STARTER = (
    r"(?:Statens|Norges|Noregs|Norsk|Norske|Nasjonalt?|Nasjonale|Internasjonalt?|Internasjonale|Det|Den|Regionalt?|"
    r"Regionale|Felles|"
    rf"(?!{_TIME_GENITIVE})[A-ZÆØÅ][\wæøå-]*s)"
)
_ADJ = r"(?:[a-zæøå][\wæøå]*(?:-[a-zæøå][\wæøå]*)?(?:e|s|isk)|[a-zæøå][\wæøå]*s-\s+og|og)"
#: The noun of a body whose name goes on with "for …": "Nasjonalt råd for …", "Beslutningsforum for …".
_BODY_FOR = (
    r"(?:" + _BODY[3 : -len(_SUFFIX) - 1] + r"|forum|utvalg|utval|stiftelse|sekretariat|myndighet|klageorgan)" + _SUFFIX
)
#: The same for a name of one word before "for" ("Samarbeidsrådet for …"), where common nouns ("Kodeverk for
#: diagnoser", "Regelverk for …") would otherwise pass.
_BODY_FOR_ONE_WORD = (
    r"(?:direktorat|tilsyn|råd|forum|kommisjon|institutt|senter|ombud|nemnd|forening|forbund|utvalg|utval|stiftelse|"
    r"sekretariat|myndighet|klageorgan|akademi|byrå|etat)" + _SUFFIX
)
#: What such a body is for: "legemiddelberedskap", "nye metoder", "helse- og omsorgstjenesten", "forvaltning og
#: økonomistyring" (after "og" a noun, not a verb: "… for Fartøyvern og gi …" ends at "Fartøyvern").
_FUNCTION = r"(?:og|i|for|til|med|om|av|på|å|at|skal|som|kan|vil|må|er|har|blir|det|den|de|en|et|ei|sin|sitt|sine|seg)"
_NOT_DOMAIN = r"(?:eksempel|øvrig|øvrige|egen|eget|egne|del|tiden|året|perioden|\d)"
_NOUN_END = (
    r"[\wæøå-]*(?:ing|ingen|het|heten|else|elsen|skap|skapet|tjenesten?|tjenestene|vern|vernet|sikkerhet|"
    r"beredskap|forskning|politikk|arbeid|arbeidet|tilsyn|kvalitet|utvikling|omsorg)"
)
_DOMAIN = (
    rf"(?!{_NOT_DOMAIN})(?:[a-zæøå][\wæøå]*e\s+){{0,2}}(?!{_FUNCTION}\b|{_NOT_DOMAIN})[\wæøåÆØÅ][\wæøåÆØÅ-]*"
    rf"(?:(?<=-)\s+og\s+[a-zæøå][\wæøå-]*|\s+og\s+(?-i:[a-zæøå]){_NOUN_END}(?![\wæøå]))?"
)
#: A place after "i": "Oslo", "Troms og Finnmark", "Oslo kommune" (not "… og Helsedirektoratet").
_PLACE = (
    rf"{_CAP}(?:\s+og\s+(?![\wæøå]*(?:direktoratet|tilsynet|departementet|etaten|verket)\b){_CAP})?"
    r"(?:\s+(?:kommune|fylkeskommune))?"
)
#: "Bransjeforeningen Melanor": a description, then the body's name, which alone is kept.
_APPOSITION = re.compile(
    r"(?<![\wæøå-])[A-ZÆØÅa-zæøå][a-zæøå]+(?:foreningen|organisasjonen|forbundet)\s+"
    r"(?P<name>[A-ZÆØÅ][\wæøåÆØÅ-]+(?:\s+[A-ZÆØÅ][\wæøåÆØÅ-]+)*)"
)
#: A body and what it is for: "Nasjonalt råd for legemiddelberedskap", "Norsk Forening for Fartøyvern",
#: "Samarbeidsrådet for offentlige tjenestepensjoner", "Direktoratet for forvaltning og økonomistyring".
_FOR_NAME = re.compile(
    rf"(?<![\wæøå-])(?!(?:Departementet|Tilsynet)\b)(?:{_STARTER}(?:\s+{_ADJ}){{0,2}}\s+[\wæøåÆØÅ-]*?(?i:{_BODY_FOR})"
    rf"|(?=[A-ZÆØÅ])[\wæøå-]*?(?i:{_BODY_FOR_ONE_WORD}))\s+for\s+(?!å\b){_DOMAIN}"
)
#: An office bound to a place: "Byantikvaren i Oslo", "Helseetaten i Oslo kommune", "Statsforvalteren i Troms og
#: Finnmark", "Universitetet i Bergen".
_PLACED = re.compile(
    r"(?<![\wæøå])(?:Statsforvalteren|Universitetet|Høgskolen|Høgskulen|Fylkesmannen|"
    r"[A-ZÆØÅ][a-zæøå]+(?:antikvaren|etaten|ombudet|kontoret|sykehuset|politiet|vesenet))"
    rf"\s+(?:i|på)\s+{_PLACE}"
)
#: One word in its definite form, not opening a sentence: "Digitaliseringsrådet", "Apotekforeningen"; a research
#: institute named after its region ("Telemarksforsking", "Nordlandsforskning").
_DEFINITE = re.compile(
    r"(?<![\wæøå-])[A-ZÆØÅ][a-zæøå]{3,}(?:rådet|senteret|sentret|kontoret|verket|nemnda|fondet|forbundet|"
    r"foreningen|biblioteket|arkivet|museet|byrået|organet|forsking|forskning)s?(?![\wæøå])"
)
#: "Bane NOR SF", "Norsk rikskringkasting AS", "Avinor Flysikring AS": capitalised, at most two lower-case words
#: before the suffix.
_COMPANY = re.compile(
    rf"(?<![\wæøå]){_CAP}(?:\s+(?!(?:og|i|med|for|til|av|på|skal|som)\b)[\wæøåÆØÅ-]+){{0,3}}?"
    rf"\s+(?:SF|AS|ASA|HF|RHF|KF|IKS)(?![\wæøå])"
)
#: A body's noun alone, without a word before it or an ending: "Sekretariat for …" names a task, not a body.
_BARE_BODY = re.compile(r"(?i)" + _BODY_FOR[: -len(_SUFFIX)])
#: One body under two names joined by a dash, the second a body's noun: "Kainun institutti – Kvensk institutt",
#: "Sámi allaskuvla – Samisk høgskole" (a name in a minority language and in Norwegian).
_TWO_NAMES = re.compile(
    rf"(?<![\wæøå-]){_CAP}\s+[a-zæøåáčđŋšŧž]+\s+[–—-]\s+{_CAP}\s+"
    r"(?:institutt|høgskole|høgskule|senter|senteret|museum|museet|arkiv|bibliotek|skole|skule|teater|råd)"
    r"(?![\wæøå])"
)
_PATTERNS = [
    _APPOSITION,
    _TWO_NAMES,
    _FOR_NAME,
    _PLACED,
    # "Statens havarikommisjon", "Det europeiske jernbanebyrået", "Norges vassdrags- og energidirektorat"
    re.compile(rf"(?<![\wæøå]){_STARTER}(?:\s+{_ADJ}){{0,3}}\s+[a-zæøå][\wæøå-]*{_BODY}(?![\wæøå])"),
    # the body's noun alone after a describing word: "Den rettsmedisinske kommisjon", "Barnesakkyndig kommisjon",
    # "Den nasjonale forskningsetiske komité" is of the same kind
    re.compile(
        rf"(?<![\wæøå])(?:(?:Den|Det)\s+{_ADJ}(?:\s+{_ADJ})?|[A-ZÆØÅ][a-zæøå]{{4,}}(?:ig|lig|isk|sk))\s+"
        r"(?:kommisjon|komité|komite|nemnd|utvalg|utval|institutt)(?:en|et|a)?(?![\wæøå])"
    ),
    # the body's noun capitalised: "Norges Luftsportforbund", "Norsk Forening", Nynorsk "Noregs Mållag" (an
    # association, "…lag", named so only after the country: "Norges Bondelag"); with its article, "Den Norske
    # Advokatforening", "Det Norske Teatret"
    re.compile(
        rf"(?<![\wæøå])(?:(?:Den|Det)\s+(?=Norske\b))?(?:Norges|Noregs|Norsk|Norske|Statens|Nasjonalt?)\s+[A-ZÆØÅ][\wæøå-]*?"
        rf"(?i:{_BODY}|lag(?:et)?s?)(?![\wæøå])"
    ),
    # a place and a body bound to it: "Oslo politidistrikt", "Bergen kommune", "Oslo tingrett"
    # a place or a name and a school: "Diamanten skole", "Hamar katedralskole" is one word ("… skole" alone)
    re.compile(
        rf"(?<![\wæøå])(?!{_TIME_GENITIVE}){_CAP}\s+"
        r"(?:politidistrikt|kommune|fylkeskommune|tingrett|lagmannsrett|havn|skole|skule)(?![\wæøå])"
    ),
    # one word: "Jernbanedirektoratet", "Luftfartstilsynet" (not "Direktoratet" alone)
    re.compile(rf"(?<![\wæøå-])[A-ZÆØÅ][a-zæøå]{{2,}}-?{_BODY_ONE_WORD}(?![\wæøå])"),
    _DEFINITE,
    _COMPANY,
    re.compile(
        rf"(?<![\wæøå])(?:Statsforvalteren|Universitetet|Høgskolen|Høgskulen|Fylkesmannen)\s+(?:i|på)\s+"
        rf"{_CAP}"
    ),
    # words joined by "og" before the body's noun: "Arbeids- og velferdsdirektoratet", "Barne-, ungdoms- og
    # familiedirektoratet", "Integrerings- og mangfaldsdirektoratet"
    re.compile(
        rf"(?<![\wæøå-])[A-ZÆØÅ][a-zæøå]{{2,}}-(?:,\s+[a-zæøå]{{2,}}-)*\s+og\s+[a-zæøå]{{2,}}{_BODY_ONE_WORD}(?![\wæøå])"
    ),
    # an international body's Norwegian branch: "ICOM Norge", "WWF Norge", "Amnesty International Norge"
    re.compile(r"(?<![\wæøå-])(?:[A-ZÆØÅ]{2,6}|[A-ZÆØÅ][a-zæøå]+\s+International)\s+(?:Norge|Noreg)(?![\wæøå])"),
    # an ampersand joins the words of one name: "Film & Kino", "Nordisk Film & TV Fond"
    re.compile(rf"(?<![\wæøå]){_CAP}(?:\s+(?:&\s+)?{_CAP})+"),
]
_ABBR = re.compile(r"\((?P<abbr>[A-ZÆØÅ][A-ZÆØÅa-zæøå-]{1,9})\)")
#: After a known body's name in the genitive, a body of its own: "(Den europeiske union)s jernbanebyrå",
#: "(Stortinget)s utvalg for rettferdsvederlag" (a unit, "…s avdeling", "…s sekretariat", is not a body).
_SUB_BODY = re.compile(
    rf"s?\s+(?:{_ADJ}\s+)?[a-zæøå]*?(?:byrå|kommisjon|nemnd|utvalg|utval|institutt|råd|fond|ombud|tilsyn|komité|komite)"
    rf"(?:et|en|a)?(?![\wæøå])(?:\s+for\s+(?!å\b){_DOMAIN})?"
)
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
    # the words a deadline column opens with, beside a task's line in a table ("… Svinesund   Første halvår 2025")
    "Første",
    "Fyrste",
    "Senest",
    "Seinast",
    "Snarest",
    "Løpende",
    "Løpande",
    "Fortløpende",
    "Fortløpande",
}
_NOT_ORGS = re.compile(
    r"^(?:Prop|Innst|Meld|St|Dokument|Norge|Noreg|Norges?\s+klimamål|Klimatiltak|Side|Kap)\b|"
    # a body's act or framework named by it: "FNs rammeverk for klassifisering av ressurser (UNFC)"
    r"^[A-ZÆØÅ][\wæøå]*s\s+(?:rammeverk|forordning|direktiv|konvensjon|strategi|program|handlingsplan|avtale|"
    r"regelverk|standard|retningslinje)\w*\b|"
    # a measure, as a steering parameter names one: "Antall avlagte studiepoeng i etter- og videreutdanning (EVU)"
    r"^(?:Antall|Andel|Talet|Delen|Prosentdel|Gjennomsnittlig|Gjennomsnittleg)\b|"
    # a system, register or tool named by what it is for: "Varslingssystem for digital infrastruktur (VDI)"
    r"^(?:(?:Nasjonalt?|Nasjonale|Felles|Statens|Det|Den)\s+(?:[a-zæøå]+e\s+)?)?[\wæøå-]*(?:system|register|"
    r"løsning|løysing|portal|database|katalog|verktøy|plattform)(?:et|en|a)?(?:\s+for\b|$)|"
    r"(?:strategi|plan|program|meldinga?|meldingen|avtale|forskrift|lov|forordning|direktiv|vedtak|"
    r"rettsakt|instruks|regelverk)(?:en|et|a)?$|"
    # a fund named in the indefinite ("Norsk kulturfond": money a body manages under a post, no body; a fund that is
    # a body of its own, "Norsk kulturminnefond", is known to the reference data); "Fond" as a capitalised word of
    # a name ("Nordisk Film & TV Fond") is the body's own name
    r"(?-i:[a-zæøå])fond$",
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
        # "Norges Luftsportforbund (NLF)": the words that start a body's name go with it
        while (
            start_word > 0
            and re.fullmatch(_STARTER, words[start_word - 1].group(0))
            and words[start_word - 1].group(0) not in _STOP_FIRST
        ):
            start_word -= 1
        # "International Regulators' Forum (IRF)": a name of several capitalised words, back to the one the
        # abbreviation starts with
        # ("European Network of Health Authorities (ENHA)": small linking words inside)
        back = start_word
        while (
            back > 0
            and start_word - back < 8
            and words[back].group(0)[:1].lower() != match["abbr"][:1].lower()
            and (words[back - 1].group(0)[:1].isupper() or words[back - 1].group(0) in _LINKS)
            and words[back - 1].group(0)[-1] not in ".:;,"
            and words[back - 1].group(0) not in _STOP_FIRST
        ):
            back -= 1
        if words[back].group(0)[:1].lower() == match["abbr"][:1].lower() and words[back].group(0)[:1].isupper():
            start_word = back
            # "European Association for Quality Assurance in Higher Education (ENQA)": the nearest word with the
            # abbreviation's letter ("Education") leaves fewer capitalised words than the abbreviation has
            # letters; the name goes on back to the next such word of the run
            start_word = _back_to_the_abbreviations_start(words, start_word, match["abbr"])
        start = match.start() - len(before) + words[start_word].start()
        name = " ".join(text[start : match.start()].split())
        if not _abbreviates(match["abbr"], name):
            continue  # "Greie ut korleis luftrom for dronetrafikk (U-space)": the bracket names no body
        if len(name) < 4 or name.split()[0] in _STOP_FIRST or _NOT_ORGS.search(name):
            continue
        if gazetteer.forms.get(match["abbr"]) is not None or any(start < b and a < match.end() for a, b in spans):
            continue
        spans.append((start, match.end()))
        # "Det internasjonale atomenergibyråets (IAEA) generalkonferanse": the body, not its genitive
        found.append(Mention(unknown_entry(_base_form(name)), start, match.end(), text[start : match.end()]))
    for known in gazetteer.find(text, [KIND_ACTOR]):
        # "Den europeiske unions jernbanebyrå", "Stortingets utvalg for rettferdsvederlag": a body of a known body's
        sub = _SUB_BODY.match(text, known.end)
        if sub is None or not (known.form.endswith("s") or text[known.end : known.end + 1] == "s"):
            continue
        name = " ".join(text[known.start : sub.end()].split())
        if _not_a_for_name(name, text[sub.end() :]) or any(
            known.start < b and a < sub.end() and (a, b) != (known.start, known.end) for a, b in spans
        ):
            continue
        spans.append((known.start, sub.end()))
        found.append(Mention(unknown_entry(name), known.start, sub.end(), text[known.start : sub.end()]))
    for pattern in _PATTERNS[:-1] if strict else _PATTERNS:
        for match in pattern.finditer(text):
            if pattern is _APPOSITION:
                # "Bransjeforeningen Melanor": the name alone, the description taken with it
                if any(match.start() < b and a < match.end() for a, b in spans):
                    continue
                spans.append((match.start(), match.end()))
                found.append(
                    Mention(unknown_entry(match["name"]), match.start("name"), match.end("name"), match["name"])
                )
                continue
            start, end = match.start(), match.end()
            raw = match.group(0)
            name = raw if pattern is _FOR_NAME else _trim(raw)  # "Direktoratet for …" is a name of its own
            if not name:
                continue
            if pattern is _FOR_NAME and _not_a_for_name(name, text[start + len(name) :]):
                continue
            start += raw.find(name)
            end = start + len(name)
            if _after_known_name(text, start, spans):
                # "Riksantikvaren – Direktoratet for kulturminneforvaltning": the known body's long name
                spans.append((start, end))
                continue
            if len(name) < 4 or _NOT_ORGS.search(name) or len(name.split()) > 9:
                continue
            if pattern is _PATTERNS[-1]:
                # a word that opens sentences ends the run: the next sentence starts there, after a title line
                # without a full stop ("Modernisering av Folkeregisteret / Etaten skal …")
                run = name.split()
                # "Sveriges NATO-medlemskap": an abbreviation before a hyphen names a thing of the body, the run ends
                cut = next((k for k, word in enumerate(run) if re.match(r"^[A-ZÆØÅ]{2,6}-[a-zæøå]", word)), None)
                if cut is not None:
                    run = run[:cut]
                while len(run) > 1 and run[-1] in _STOP_FIRST:
                    run.pop()
                # a definite noun before a verb is the next sentence's subject: "… i Barentshavet / Vurderingen skal
                # leveres …" (a list item without a full stop, then the paragraph under it)
                if len(run) > 1 and _SUBJECT_NOUN.match(run[-1]) and _FINITE.match(text, start + len(" ".join(run))):
                    run.pop()
                name = " ".join(run)
                end = start + len(name)
                if _sentence_start(text, start) or len(run) < 2:
                    continue
                if _no_body_run(text, start, end):
                    continue
            if pattern is _DEFINITE and _sentence_start(text, start):
                continue  # "Regelverket skal …": a common noun opening a sentence
            if _PROGRAMME_BEFORE.search(text[max(0, start - 40) : start]):
                continue  # "programmet Kreativt Europa": a programme or scheme named, no body
            overlapping = [(a, b) for a, b in spans if start < b and a < end]
            if overlapping and not (
                # "Avinor Flysikring AS": a company whose name starts with a known body's is a body of its own
                pattern is _COMPANY and all(a == start and b < end for a, b in overlapping)
            ):
                continue
            spans.append((start, end))
            found.append(Mention(unknown_entry(_base_form(name)), start, end, text[start:end]))
    found.sort(key=lambda m: m.start)
    return [_without_genitive(m, text) for m in found]


def _without_genitive(mention: Mention, text: str) -> Mention:
    """A name in the genitive whose base form the text writes too ("Hafslund Celsios reviderte prosjektplan" beside
    "Hafslund Celsio"): the body by its base form."""
    name = mention.entry.label
    if len(name) < 5 or not name.endswith("s") or name.endswith("ss"):
        return mention
    base = name[:-1]
    if re.search(rf"(?<![\wæøå-]){re.escape(base)}(?![\wæøå-])", text) is None:
        return mention
    return Mention(unknown_entry(base), mention.start, mention.end, mention.form)


#: The last word of an act's English name: "Gigabit Infrastructure Act", "Cyber Resilience Act", "Data Governance Act".
_ACT_NAME = re.compile(r"\s(?:Act|Directive|Regulation)$")


#: A place after a place: "på Svalbard og Jan Mayen", "i Tromsø og Ny-Ålesund".
_PLACE_AND = re.compile(r"\b(?:på|i|til|fra|frå|om)\s+[A-ZÆØÅ][\wæøå-]+\s+og\s+$")


def _no_body_run(text: str, start: int, end: int) -> bool:
    """Capitalised words in a row that name no body: a title in guillemets (a vessel, a publication: «Kronprins
    Haakon»), an abbreviation of capitals alone in brackets (a standard: "(SEEA EA)"), a place joined to a place
    ("på Svalbard og Jan Mayen"), an act's English name ("Gigabit Infrastructure Act")."""
    before, after = text[:start].rstrip(" "), text[end:].lstrip(" ")
    if _ACT_NAME.search(text[start:end]):
        return True  # "Digital Networks Act", "Gigabit Infrastructure Act": an act named in English, a law
    if before.endswith("«") and after.startswith("»"):
        return True
    if before.endswith("(") and after.startswith(")") and text[start:end].replace(" ", "").isupper():
        return True
    return bool(_PLACE_AND.search(text[max(0, start - 60) : start]))


#: A Norwegian word whose English counterpart starts a body's English abbreviation: "Verdens tollorganisasjon (WCO)",
#: "Verdas meteorologiorganisasjon (WMO)" (World), "De forente nasjoners … (UN…)" (United).
_ENGLISH_INITIAL = {"verdens": "w", "verdas": "w", "forente": "u", "sameinte": "u"}

#: Small words that link the capitalised words of a foreign body's name: "European Network of Health Authorities".
_LINKS = frozenset({"of", "for", "and", "on", "in", "to", "the", "de", "du", "la", "des", "og"})

#: A word naming a programme, project or scheme just before a name: the name is the programme's ("for programmet
#: Kreativt Europa", "ordninga Den kulturelle skulesekken").
_PROGRAMME_BEFORE = re.compile(
    r"\b(?:programmet|programma|programmene|prosjektet|prosjekta|prosjektene|ordningen|ordninga|satsingen|satsinga|"
    r"kampanjen|initiativet)\s+$",
    re.IGNORECASE,
)

#: Words a body's name never holds: particles, question words, modal verbs ("Greie ut korleis luftrom for …").
_NOT_IN_NAMES = frozenset(
    {
        *("ut", "inn", "opp", "ned", "om", "korleis", "hvordan", "kva", "hva", "kvifor", "hvorfor", "når", "der"),
        *("her", "skal", "kan", "vil", "må", "bør", "at", "som", "ikkje", "ikke", "også", "blant", "anna", "annet"),
    }
)


def _back_to_the_abbreviations_start(words: list[re.Match[str]], start: int, abbr: str) -> int:
    letters = [c for c in abbr.lower() if c.isalpha()]
    while sum(w.group(0)[:1].isupper() for w in words[start:]) < len(letters):
        k = start - 1
        while k >= 0 and start - k < 8:
            word = words[k].group(0)
            if word[-1] in ".:;," or word in _STOP_FIRST or not (word[:1].isupper() or word in _LINKS):
                return start
            if word == "og" and words[k + 1].group(0)[:1].isupper():
                # "Den Norske Advokatforening og Norsk organisasjon for asylsøkere (NOAS)": a Norwegian name
                # capitalises its first word only, so a capital after "og" opens a name of its own
                return start
            if word[:1].lower() == letters[0] and word[:1].isupper():
                break
            k -= 1
        else:
            return start
        start = k
    return start


def _not_a_for_name(name: str, after: str) -> bool:
    """True when "<body> for <what>" names no body: "Sekretariat for …" (a task), "… for samfunnssikkerhet og"
    (the name goes on past the text)."""
    head, _, what = name.partition(" for ")
    if _BARE_BODY.fullmatch(head) or re.match(r"\s+(?:og|for|i)\s*$", after):
        return True
    # "Rådet for Norsk kulturfond": what it is for is a name of its own, cut after its first word. ("Kulturrådet
    # for kunstnere", a known agency and whom it serves, is left to the known name, which this one would overlap;
    # an unknown one, "Innstillingsrådet for dommere", is the body's whole name.)
    return bool(re.fullmatch(_STARTER, what.strip()) and re.match(r"\s+[a-zæøå]", after))


def inside(start: int, end: int, unknown: Iterable[Mention]) -> bool:
    """True when the span lies inside a longer unknown name ("Avinor" in "Avinor Flysikring AS"): no mention."""
    return any(u.start <= start and end <= u.end and (u.start, u.end) != (start, end) for u in unknown)


def _abbreviates(abbr: str, name: str) -> bool:
    """True when ``name`` may be what ``abbr`` abbreviates: a word of it starts with the abbreviation's first
    letter ("ICAO" for "Den internasjonale organisasjonen for sivil luftfart") and it holds no word that a
    body's name never holds ("Greie ut korleis luftrom for dronetrafikk (U-space)" names a task)."""
    letters = [c for c in abbr.lower() if c.isalpha()]
    words = name.split()
    # "Verdsorganisasjonen for dyrehelse (WOAH)": a compound of "verds-"/"verdens-" is "world" in the English letters
    english = {_ENGLISH_INITIAL.get(w.lower(), "") for w in words} | {
        "w" for w in words if re.match(r"(?i)verd(?:en)?s\w", w)
    }
    initials = {w[:1].lower() for w in words} | english
    if not letters or letters[0] not in initials:
        return False
    # nor a verb in the passive ("Det holdes etatsstyringsmøter (ESM)", "Årsregnskapet avlegges etter … (SRS)"): a
    # sentence, no name
    return not any(w.lower().strip(",.") in _NOT_IN_NAMES or _PASSIVE.fullmatch(w.strip(",.")) for w in words)


_PASSIVE = re.compile(r"[a-zæøå]{3,}(?:es|ast)")


def _after_known_name(text: str, pos: int, spans: list[tuple[int, int]]) -> bool:
    """True when a name at ``pos`` follows a named body and a dash ("Riksantikvaren – Direktoratet for …")."""
    dash = re.search(r"\S(\s*[–—-]\s+)$", text[:pos])
    return bool(dash) and any(b == dash.start(1) for _, b in spans)  # type: ignore[union-attr]


_SUBJECT_NOUN = re.compile(r"[A-ZÆØÅ][a-zæøå]{3,}(?:en|et|ene|ane|a)$")
_FINITE = re.compile(r"\s+(?:skal|må|vil|kan|bør|er|blir|vert|har)\b")


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".:!?•–-" or bool(re.search(r"(?:^|[.:!?]\s)[\d.]+$", before))
