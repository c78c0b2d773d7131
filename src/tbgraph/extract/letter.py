"""The letter itself: title, recipient, year, issuing ministry, basis, signatories, copy, meetings."""

from __future__ import annotations

import re

from tbgraph.extract.gazetteer import KIND_ACTOR, Entry, Gazetteer, Mention
from tbgraph.extract.legal import find_citations
from tbgraph.extract.model import LetterInfo, Reference, Sourced
from tbgraph.extract.problems import Problem
from tbgraph.extract.sections import Section, section_at
from tbgraph.extract.text import Line, SourceDoc, clean_join
from tbgraph.extract.unknown import unknown_entry

__all__ = ["parse_letter_info", "SUPPLEMENT_TITLE"]

_TITLE = re.compile(
    r"^(?P<supp>Tillegg\s*(?:nr\.?\s*(?P<n1>\d+)\s*)?til\s+)?(?:tildelingsbrev|iverksettingsbrev|oppdragsbrev)"
    r"(?:\s+nr\.?\s*(?P<n2>\d+))?\b.*?"
    r"(?:\btil\s+(?P<recipient>.+?))?\s+(?:for|i)\s+(?:budsjettåret\s+)?(?P<year>20\d\d)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "en": 1,
    "ett": 1,
    "én": 1,
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "sju": 7,
    "syv": 7,
    "åtte": 8,
    "ni": 9,
    "ti": 10,
    "elleve": 11,
    "tolv": 12,
}
#: "to etatsstyringsmøter", "3 etatsstyringsmøter" (never a heading's number: "7.1 Etatsstyringsmøter").
_MEETINGS = re.compile(rf"(?<![\d.])\b(?P<n>\d+|{'|'.join(_NUMBER_WORDS)})\s+etatsstyringsmøter\b", re.IGNORECASE)


#: The letter's own name for itself: "tildelingsbrev", also "iverksettingsbrev" (Forsvarsdepartementet) and
#: "oppdragsbrev" (Nærings- og fiskeridepartementet), and a supplement's "endringsbrev".
_TITLE_WORD = re.compile(r"tildelingsbrev|endringsbrev|iverksettingsbrev|oppdragsbrev", re.IGNORECASE)
#: A supplement under any of its names: "Tillegg nr. 3 til tildelingsbrev", "Supplerende tildelingsbrev nr. 2",
#: "Tilleggstildelingsbrev", "Endringsbrev", "Endringar i tildelingsbrevet", "Revidert tildelingsbrev".
SUPPLEMENT_TITLE = re.compile(
    r"\b(?:Tillegg\s*(?:nr\.?\s*\d+\s*)?til\s+tildelingsbrev|Supplerende\s+tildelingsbrev|Supplerande\s+tildelingsbrev|"
    r"Tilleggstildelingsbrev|Endringsbrev|Endring(?:er|ar)?\s+(?:i|til)\s+tildelingsbrev|Revidert\s+tildelingsbrev)",
    re.IGNORECASE,
)
#: "… tildelingsbrev til Direktoratet for høyere utdanning og kompetanse", "… tildelingsbrev for Miljødirektoratet".
_TITLE_RECIPIENT = re.compile(
    r"(?:tildelingsbrev|iverksettingsbrev|oppdragsbrev)(?:et)?(?:\s+nr\.?\s*\d+)?\s+(?:til|for)\s+"
    r"(?!(?:budsjettåret\s+)?20\d\d\b)(?P<name>.+?)"
    r"(?:\s+(?:for|i)\s+(?:budsjettåret\s+)?20\d\d\b.*)?\s*$",
    re.IGNORECASE,
)
_YEAR_IN_TITLE = re.compile(r"\b(?:for|i|Statsbudsjettet|budsjettåret)\s+(?:budsjettåret\s+)?(?P<year>20\d\d)\b", re.I)
_VISER_TIL = re.compile(r"(?P<name>[A-ZÆØÅ][\wæøå-]*(?:\s+og\s+[\wæøå-]+)?departementet)\s+(?:viser|syner)\s+til\b")
_MINISTRY_WORD = re.compile(r"\b(?P<name>(?:[A-ZÆØÅ][\wæøå]*-\s+og\s+)?[A-ZÆØÅ][\wæøå]*departement(?:et)?)\b")
#: What may follow a copy list and is no part of it: an annex, or a table's row (words in columns).
_AFTER_COPY_LIST = re.compile(r"^\s*(?:Vedlegg|Vedlegg:|Bilag|Bilegg|Utrykte vedlegg)\b", re.IGNORECASE)
_TABLE_ROW = re.compile(r"\S\s{3,}\S.*\S\s{3,}\S")

_ADDRESS_LINE = re.compile(r"^\s*(?:Postboks|Pb\.|Boks|Postadresse|\d{4}\s+[A-ZÆØÅ])", re.IGNORECASE)


def _ministry_in(text: str, gazetteer: Gazetteer, exclude: Entry | None = None) -> Entry | None:
    """A ministry named in ``text``, also in capitals ("DET KONGELIGE KUNNSKAPSDEPARTEMENT")."""
    for mention in gazetteer.find(text, [KIND_ACTOR]):
        if mention.entry.iri in gazetteer.ministries and mention.entry != exclude:
            return mention.entry
    folded = " ".join(text.split()).casefold()
    for iri in gazetteer.ministries:
        entry = gazetteer.by_iri[iri]
        stem = entry.label.casefold()
        stem = stem[:-2] if stem.endswith("et") else stem
        if stem in folded and entry != exclude:
            return entry
    return None


def _title_lines(lines: list, k: int) -> list:  # type: ignore[type-arg]
    """The title line at ``lines[k]`` and the lines its title wraps onto."""
    group = [lines[k]]
    while k + len(group) < len(lines) and len(group) < 3:
        nxt = lines[k + len(group)]
        last = group[-1].stripped
        wraps = nxt.stripped[:1].islower() or re.search(r"\b(?:til|for|og|i|av)\s*$|[–-]\s*$", last)
        if wraps and len(nxt.stripped) <= 90 and not re.match(r"^\d", nxt.stripped):
            group.append(nxt)
            continue
        break
    return group


#: A running header or footer that names the letter and its recipient: "Tildelingsbrev 2024 – <etat>   3".
_RUNNING_TITLE = re.compile(
    r"^\s*(?:Side\s+\d+\s+)?Tildelingsbrev\s+(?:for\s+)?20\d\d\s*[–—-]\s*(?P<name>[A-ZÆØÅ][^\d]*?)(?:\s{2,}.*)?$",
    re.IGNORECASE,
)


def _title_page_recipient(
    doc: SourceDoc, lines: list[Line], after: int, gazetteer: Gazetteer, info: LetterInfo
) -> None:
    """A title page without an address block: "Tildelingsbrev 2024" over the recipient's name on a line of its own;
    else the running header or footer "Tildelingsbrev 2024 – <recipient>"."""

    def organisation(text: str) -> Entry | None:
        for mention in gazetteer.find(text, [KIND_ACTOR]):
            if mention.entry.iri not in gazetteer.ministries and mention.end - mention.start >= len(text) - 1:
                return mention.entry
        return None

    if after < len(lines) and len(lines[after].stripped) <= 80:
        found = organisation(lines[after].stripped)
        if found is not None:
            info.recipient = found
            info.quotes = info.quotes + doc.block([lines[after]]).quotes()
            return
    for number in sorted(doc.markers):
        running = _RUNNING_TITLE.match(doc.line(number))
        if running is None:
            continue
        name = running["name"].strip()
        info.recipient = organisation(name)
        if info.recipient is None:
            info.recipient_name = name
        return


def parse_letter_info(
    doc: SourceDoc,
    sections: list[Section],
    gazetteer: Gazetteer,
    problems: list[Problem],
    fallback_year: int | None = None,
) -> LetterInfo:
    lines = doc.content()
    info = LetterInfo(section="innledning", quotes=[])
    title_at = next((k for k, line in enumerate(lines[:40]) if _TITLE_WORD.search(line.text)), None)
    while (
        title_at is not None
        and title_at > 0
        and lines[title_at - 1].number == lines[title_at].number - 1
        and re.search(r"\b(?:til|for|og|i|av)\s*$|[–-]\s*$", lines[title_at - 1].stripped)
        and re.match(
            r"^(?:Statsbudsjettet|Tildelingsbrev|Tillegg|Supplerende|Supplerande|Endring)",
            lines[title_at - 1].stripped,
            re.I,
        )
    ):
        # "Statsbudsjettet 2024 – kap. 741 Norsk pasientskadeerstatning – tillegg nr. 1 til" / "tildelingsbrev": the
        # title opens on the line above the one that names the letter
        title_at -= 1
    title_group = _title_lines(lines, title_at) if title_at is not None else []
    title_line = title_group[0] if title_group else None
    if title_line is None:
        problems.append(
            Problem(
                1,
                lines[0].number if lines else 1,
                "letter",
                "no title line with 'tildelingsbrev' among the first lines; recipient and year are guessed",
            )
        )
    else:
        block = doc.block(title_group)
        info.title = block.text.strip()
        info.quotes = block.quotes()
        match = _TITLE.search(info.title)
        if match:
            info.year = int(match["year"])
            if match["supp"] or match["n2"]:
                info.supplement = int(match["n1"] or match["n2"] or 0) or None
        year = _YEAR_IN_TITLE.search(info.title)
        if not info.year and year:
            info.year = int(year["year"])
        if not info.year:
            years = re.findall(r"\b(20\d\d)\b", info.title)
            if years:
                info.year = int(years[-1])
        if SUPPLEMENT_TITLE.search(info.title) and info.supplement is None:
            number = re.search(r"\bnr\.?\s*(\d+)", info.title, re.IGNORECASE)
            info.supplement = int(number.group(1)) if number else 1
        named = _TITLE_RECIPIENT.search(info.title)
        if named:
            # the chapters after a dash are no part of the name: "… til Norsk utenrikspolitisk institutt (NUPI) –
            # kap. 115, 118 og 164 og belastningsfullmakt fra Forsvarsdepartementet"
            name = re.split(r"\s+[–—-]\s+(?:kap\.|kapittel\b|kapitla\b|kapitlene\b)", named["name"], maxsplit=1)[0]
            info.recipient_name = name.strip().rstrip(".,")
        actors = [m for m in gazetteer.find(info.title, [KIND_ACTOR])]
        after_til = [m for m in actors if re.search(r"\b(?:til|for)\s+$", info.title[: m.start])]
        # a body named in brackets is a part of the one named before it ("Den høyere påtalemyndighet
        # (Riksadvokatembetet, … og Det nasjonale statsadvokatembetet)"), no recipient of its own
        brackets = [(b.start(), b.end()) for b in re.finditer(r"\([^)]*\)?", info.title)]
        pick = after_til or [
            m
            for m in actors
            if m.entry.iri not in gazetteer.ministries and not any(a <= m.start < b for a, b in brackets)
        ]
        if pick:
            info.recipient = pick[0].entry
    head = lines[: title_at if title_at is not None else 12]
    if info.recipient is None:
        # The address block: the organisation named above its postal address.
        for k, line in enumerate(head):
            if k + 1 < len(head) and _ADDRESS_LINE.match(head[k + 1].text):
                found = [
                    m.entry
                    for m in gazetteer.find(line.stripped, [KIND_ACTOR])
                    if m.entry.iri not in gazetteer.ministries
                ]
                if found:
                    info.recipient = found[0]
                    info.quotes = info.quotes + doc.block([line]).quotes()
                elif not info.recipient_name and not _ADDRESS_LINE.match(line.text):
                    info.recipient_name = line.stripped
                break
    if info.recipient is None and title_at is not None and not info.recipient_name:
        _title_page_recipient(doc, lines, title_at + len(title_group), gazetteer, info)
    if info.recipient is None and info.recipient_name:
        info.recipient = unknown_entry(info.recipient_name)
    if not info.year:
        years = [int(y) for line in lines[:40] for y in re.findall(r"\b(20\d\d)\b", line.text)]
        info.year = fallback_year or (max(set(years), key=years.count) if years else 0)
        problems.append(Problem(1, 1, "letter", f"budget year not in the title; using {info.year or 'none'}"))
    if info.recipient is None or not info.recipient.known:
        problems.append(
            Problem(
                title_line.number if title_line else 1,
                title_group[-1].number if title_group else 1,
                "recipient",
                f"recipient {info.recipient_name or '(unnamed)'!r} is not in the reference data "
                "(data/reference/*.ttl); kept under its own name, add it with its aliases",
            )
        )

    # The opening sentence: issuer and basis ("… har på bakgrunn av Prop. 1 S … utarbeidet tildelingsbrev …").
    after_title = title_at + len(title_group) if title_at is not None else 0
    intro_lines = [
        ln for ln in lines[after_title : after_title + 14] if ln.number not in {s.line_start for s in sections}
    ]
    if intro_lines:
        block = doc.block(intro_lines)
        end = block.text.find(". ", 0)
        for match in re.finditer(r"[.!?](?:\s|$)", block.text):
            if not re.search(r"(?:Prop|Innst|St|nr|kap|jf)\.$", block.text[: match.start() + 1]):
                end = match.start() + 1
                break
        sentence = block.text[: end if end > 0 else len(block.text)]
        for mention in gazetteer.find(sentence, [KIND_ACTOR]):
            if mention.entry.iri in gazetteer.ministries:
                info.issuer = mention.entry
                break
        if info.issuer is None:
            named = _VISER_TIL.search(sentence)
            if named:
                info.issuer = _ministry_in(named["name"], gazetteer) or unknown_entry(named["name"], ministry=True)
        if re.search(r"bakgrunn\s+av|grunnlag\s+av|i\s+henhold\s+til|viser\s+til|syner\s+til", sentence):
            for mention, _name in find_citations(sentence, gazetteer):
                info.based_on.append(
                    Reference(
                        "innledning",
                        block.quotes(mention.start, mention.end),
                        entry=mention.entry,
                        basis=True,
                    )
                )
        if info.issuer is not None and sentence:
            info.quotes = info.quotes + [q for q in block.quotes(0, len(sentence)) if q not in info.quotes]
    if info.issuer is None:
        # The letterhead: the ministry's name printed above the address block, often in capitals.
        for line in head[:8]:
            ministry = _ministry_in(line.text, gazetteer, exclude=info.recipient)
            if ministry is not None:
                info.issuer = ministry
                info.quotes = info.quotes + doc.block([line]).quotes()
                break
    if info.issuer is None:
        for line in lines[:60]:
            ministry = _ministry_in(line.text, gazetteer, exclude=info.recipient)
            if ministry is not None:
                info.issuer = ministry
                break
    if info.issuer is None:
        for line in head[:8] + lines[:20]:
            named = _MINISTRY_WORD.search(line.text)
            if named:
                info.issuer = unknown_entry(named["name"], ministry=True)
                info.quotes = info.quotes + doc.block([line]).quotes()
                break
        if info.issuer is None:
            problems.append(
                Problem(1, 1, "issuer", "no ministry named in the letter's opening; tb:issuedBy is left out")
            )
    if info.issuer is not None and not info.issuer.known:
        problems.append(
            Problem(
                1,
                1,
                "issuer",
                f"issuing ministry {info.issuer.label!r} is not in the reference data; kept under its own name",
            )
        )

    # Signatories after "Med hilsen": a name line, then a title line in lower case.
    greeting = next(
        (
            k
            for k, ln in enumerate(lines)
            if re.match(
                r"^\s*(?:Med\s+(?:vennlig\s+|venleg\s+)?(?:hilsen|helsing)|Vennlig\s+hilsen)", ln.text, re.IGNORECASE
            )
        ),
        None,
    )
    if greeting is not None:
        k = greeting + 1
        while k < len(lines):
            text = lines[k].stripped
            if re.match(r"^(?:Dokumentet|Vedlegg|Kopi|Kopi til|Adresseliste)\b", text):
                break
            if k + 1 < len(lines) and lines[k + 1].stripped[:1].islower() and text[:1].isupper():
                info.signatories.append(f"{text}, {lines[k + 1].stripped}")
                k += 2
                continue
            info.signatories.append(text)
            k += 1
    copy = next((k for k, ln in enumerate(lines) if re.match(r"^\s*Kopi(?:\s+til)?\s*:?", ln.text)), None)
    if copy is not None:
        inline = re.sub(r"^\s*Kopi(?:\s+til)?\s*:?\s*", "", lines[copy].text)
        copy_lines = [Line(lines[copy].number, inline)] if inline.strip() else []
        # The list runs to two blank lines in a row, page furniture or the end (a PDF's text layer may
        # put one blank line between every line).
        line_no = lines[copy].number + 1
        blanks = 0
        while line_no <= len(doc.lines) and line_no not in doc.markers and blanks < 2:
            text = doc.line(line_no)
            if text.strip():
                # An annex or a table after the list ends it ("Vedlegg 1: Styringskalender", its rows
                # "15. mars      Årsrapport for 2023      Kystverket"), whose words are no recipients.
                if _AFTER_COPY_LIST.match(text) or (blanks and _TABLE_ROW.search(text)):
                    break
                copy_lines.append(Line(line_no, text))
                blanks = 0
            else:
                blanks += 1
            line_no += 1
        # An item wrapped over a line end goes on on the next line: one that starts in lower case, or after a
        # line ending in a hyphen or a word that binds ("Statens undersøkelseskommisjon for helse- og" /
        # "omsorgstjenesten", "Direktoratet for forvaltning og" / "økonomistyring (DFØ)").
        items: list[list[Line]] = []
        for line in copy_lines:
            if items and (
                line.stripped[:1].islower() or re.search(r"(?:\s(?:og|for|i|av|til|med|på)|-)$", items[-1][-1].stripped)
            ):
                items[-1].append(line)
            else:
                items.append([line])
        for group in items:
            copied: list[Mention] = []
            if not _ADDRESS_LINE.match(group[0].text):
                joined = clean_join([ln.text for ln in group]) if len(group) > 1 else group[0].stripped
                # "Kopi: Riksrevisjonen, Spesialenheten for politisaker": each item names one organisation;
                # "og" after a hyphen belongs to the name ("Helse- og omsorgsdepartementet"), and so does "og"
                # before a word in lower case ("Kriminalomsorgens høgskole og utdanningssenter KRUS").
                for item in _copy_items(joined.strip(), gazetteer):
                    item = item.strip(" .")
                    # a remark on why a copy goes there, in brackets after the name: "Kystverket (til orientering om
                    # oppdrag 4.4)", "NAV (for kjennskap)"
                    item = re.sub(r"\s*\((?:til|for|jf\.?|vedr\.?|gjeld|gjelder|om)\b[^()]*\)$", "", item)
                    if not re.search(r"[A-Za-zÆØÅæøå]{2}", item) or len(item) > 80:
                        continue  # a page's bare number under the list ("4") names nobody
                    # the name with its abbreviation in brackets after it ("… økonomistyring (DFØ)") is one name
                    name_length = len(re.sub(r"\s*\([A-ZÆØÅ][\wÆØÅæøå-]{0,11}\)$", "", item))
                    known = [m for m in gazetteer.find(item, [KIND_ACTOR]) if m.end - m.start >= name_length - 1]
                    copied += known or [Mention(unknown_entry(item), 0, len(item), item)]
            if not copied:
                problems.append(
                    Problem(
                        group[0].number,
                        group[-1].number,
                        "copy-to",
                        f"copy recipient not in the reference data: {group[0].stripped[:60]!r}",
                    )
                )
            for mention in copied:
                info.copy_to.append(mention.entry)
                info.copy_quotes.append(doc.block([Line(ln.number, doc.line(ln.number)) for ln in group]).quotes())
    for line in lines:
        block = doc.block([line])
        match = _MEETINGS.search(block.text)  # offsets into the block's text, as its quotes are cut (no indent)
        if match:
            word = match["n"].lower()
            info.meetings = int(word) if word.isdigit() else _NUMBER_WORDS[word]
            section = section_at(sections, line.number)
            info.meetings_source = Sourced(
                section.number if section else "innledning", block.quotes(match.start(), match.end())
            )
            break
    return info


def _copy_items(text: str, gazetteer: Gazetteer) -> list[str]:
    """The items of a copy list's line, split at commas, semicolons and "og" before a capital; never inside a known
    name that holds "og" ("Sekretariatet for Markedsrådet og Forbrukerklageutvalget")."""
    known = [(m.start, m.end) for m in gazetteer.find(text, [KIND_ACTOR])]
    items: list[str] = []
    start = 0
    for cut in re.finditer(r"\s*[,;]\s*|(?<![-–])\s+og\s+(?=[A-ZÆØÅ])", text):
        if any(a < cut.start() and cut.end() < b for a, b in known):
            continue
        items.append(text[start : cut.start()])
        start = cut.end()
    items.append(text[start:])
    return items
