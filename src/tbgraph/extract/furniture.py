"""Page furniture: the parts of a printed letter that belong to the page, not to the letter's content.

``pdftotext -layout`` (and any PDF text layer) repeats on every page what the page template prints:
page numbers ("Side 3 av 14", "- 3 -"), running headers and footers (the ministry's name, the
letter's short title, the postal address and organisation number), and the table of contents near
the start ("3 Oppdrag ........ 4"). Read as content they become false headings, break sentences in
two and end assignments early. Each such line is found here, with the kind of furniture it is, so
that parsers skip it and ``extract`` can say why the line was not read.

Rules, each generic to the genre:

* a line that is only a page number, or that carries "Side N av M" / "Side N" at its end;
* a line in the first or last two content lines of a page whose text (digits masked) recurs at
  that place on another page: a running header or footer;
* a line beside a page footer that holds postal or organisation data ("Postadresse", "Org.nr.");
* a line of a table of contents: a title followed by a dotted leader and a page number, and the
  "Innhold" line that heads them; a disposition without page numbers ("Brevet er disponert i følgende
  deler:" over one short line per part);
* the address block at the foot of a page (often the first only): a line naming two or more of its
  fields ("Postadresse   Kontoradresse   Telefon") among the page's last lines, and the lines below it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

__all__ = ["find_furniture", "is_page_marker", "PAGE_NUMBER", "RUNNING", "CONTENTS", "FOOTER_DATA", "FLAT_TABLE_HEADER"]

PAGE_NUMBER = "page number"
RUNNING = "running header or footer"
CONTENTS = "table of contents"
FOOTER_DATA = "page footer (address, organisation number)"

_PAGE_MARKER = re.compile(
    r"^\s*(?:(?:side|page|sida)\s+\d{1,4}(?:\s*(?:av|of|/)\s*\d{1,4})?|-\s*\d{1,4}\s*-|\d{1,4}\s*/\s*\d{1,4})\s*$",
    re.IGNORECASE,
)
#: "Statsbudsjettet 2024 – tildelingsbrev til HK-dir      Side 2 av 8" and "Side 1 av 4   Postadresse: …".
_PAGE_IN_LINE = re.compile(r"(?:^|\s{2,})(?:Side|Sida|Page)\s+\d{1,4}\s+(?:av|of)\s+\d{1,4}(?:\s{2,}|\s*$)")
_PAGE_AT_END = re.compile(r"\s{3,}(?:Side|Sida|Page)\s+\d{1,4}\s*$")
_FOOTER_DATA = re.compile(
    r"\b(?:Postadresse|Postadr\.|Besøksadresse|Kontoradresse|Org\.?\s*nr\.?|Organisasjonsnummer|"
    r"Telefon|Telefaks|Sentralbord|postmottak@|www\.)",
    re.IGNORECASE,
)
_TOC_HEAD = re.compile(r"^\s*(?:Innhold|Innhald|Innholdsfortegnelse|Innhaldsliste|Contents)\s*:?\s*$", re.IGNORECASE)
_TOC_LINE = re.compile(r"(?:\.\s?){4,}\s*\d{1,3}\s*$|…{2,}\s*\d{1,3}\s*$")
#: "Brevet er disponert i følgende deler:", "Tildelingsbrevet er delt inn i følgjande kapittel:".
_DISPOSITION = re.compile(
    r"^\s*(?:Tildelings)?[Bb]revet\s+(?:er\s+(?:disponert|delt\s+inn|inndelt|bygd\s+opp|bygget\s+opp|organisert)|"
    r"har\s+(?:følgende|følgjande))\b[^.]*:\s*$"
)
#: A later page's header: the letter's kind and year, and a dash before whom it is to (a title alone).
_PAGE_TITLE = re.compile(
    r"^\s*(?:Statsbudsjettet\s+\d{4}\s+[–-]\s+)?(?:Tildelingsbrev|Tildelingsbrevet|Tillegg|Supplerende|Supplerande|"
    r"Endring|Endringar)\b[^.:;]{0,60}\d{4}\s+[–-]\s+[^:;]{2,80}(?<![.,])$",
    re.IGNORECASE,
)
_FOOTER_FIELD = re.compile(
    r"\b(?:Postadresse|Besøksadresse|Kontoradresse|Org\.?\s*nr\.?|Organisasjonsnummer|Telefon|Telefaks|"
    r"Sentralbord|E-post|Nettstad|Nettsted)\b",
    re.IGNORECASE,
)


#: The header of a table of assignments, repeated at the top of each page the table runs over ("Nr.   Oppdrag
#: Beskrivelse   Frist"): the table's, no page furniture.
_TABLE_HEAD = re.compile(
    r"^\s*(?:\S+\s{2,}){0,2}(?:Oppdrag|Oppgåve|Oppgave|Tiltak)\s{2,}(?:\S.*?\s{2,})?"
    r"(?:\S+\s)?(?:Tids|Svar|Leveranse)?(?:frist|Frist|Dato)\w*\b",
)


#: The header of an assignment table copied out of a PDF viewer, its columns one space apart: "Nr. Oppdrag Frist",
#: "ID Kort omtale Frist", "Nr. Oppdrag Ansvar Frist", "Nr. Oppdrag Frist Rapporteres til/i".
FLAT_TABLE_HEADER = re.compile(
    r"^\s*(?:Nr\.?|Nummer|ID) (?:Oppdrag|Oppgåve|Oppgave|Tiltak|Kort omtale|Beskrivelse|Skildring)(?: \S+){0,3}? "
    r"(?:(?:Ny|Revidert|Gjeldende|Gjeldande) )?(?:Tids)?[Ff]rist(?: \S+){0,3}?\s*$"
)


def is_page_marker(text: str) -> bool:
    """True for a line that is only a page number ("Side 5", "Side 5 av 12", "- 5 -", "5/12")."""
    return bool(_PAGE_MARKER.match(text.replace("\f", "")))


def _mask(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text.replace("\f", "")).split()).casefold()


#: A numbered line of a table of contents without page numbers: "3.  Oppdrag og prioriteringer for 2024".
_NUMBERED_TITLE = re.compile(r"^\s*(?P<n>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<title>\S[^.:;]{1,80}?)\s*$")


def _bare_contents(lines: Sequence[str], head: int) -> list[int]:
    """The "Innhold" line at ``head`` and the numbered titles under it, where the list has no page numbers: each
    title stands again elsewhere as a heading with its number ("1.  INNLEDNING", in any case). Empty where they do
    not."""
    k = head + 1
    while k <= len(lines) and not lines[k - 1].strip() and k <= head + 2:
        k += 1
    items: list[tuple[int, re.Match[str]]] = []
    while k <= len(lines) and (match := _NUMBERED_TITLE.match(lines[k - 1].replace("\f", ""))) is not None:
        items.append((k, match))
        k += 1
        if k < len(lines) and not lines[k - 1].strip() and _NUMBERED_TITLE.match(lines[k].replace("\f", "")):
            k += 1  # a text layer with a blank line after every line
    if len(items) < 2:
        return []
    # (a heading may stand before the list too: "1 Innledning" opens the letter, the list follows in it)
    later = [" ".join(text.split()).casefold() for text in [*lines[: head - 1], *lines[k:]]]
    for _n, match in items:
        wanted = f"{match['n']}. {' '.join(match['title'].split())}".casefold()
        bare = f"{match['n']} {' '.join(match['title'].split())}".casefold()
        if wanted not in later and bare not in later:
            return []
    return [head] + [n for n, _match in items]


def find_furniture(lines: Sequence[str]) -> dict[int, str]:
    """Line number (from 1) → kind of furniture, for every furniture line of ``lines``."""
    found: dict[int, str] = {}
    for n, line in enumerate(lines, 1):
        text = line.replace("\f", "")
        if is_page_marker(text) or _PAGE_IN_LINE.search(text) or _PAGE_AT_END.search(text):
            found[n] = PAGE_NUMBER
        elif _TOC_LINE.search(text) and len(text.strip()) > 8:
            found[n] = CONTENTS
    for n, line in enumerate(lines, 1):
        if _TOC_HEAD.match(line.replace("\f", "")):
            following = [k for k in range(n + 1, min(n + 4, len(lines)) + 1) if lines[k - 1].strip()]
            if following and found.get(following[0]) == CONTENTS:
                found[n] = CONTENTS
            else:
                for m in _bare_contents(lines, n):
                    found[m] = CONTENTS

    for n, line in enumerate(lines, 1):
        if _DISPOSITION.match(line.replace("\f", "")):
            # the lead-in, then one short line per part up to the first blank line after them
            k, items = n + 1, list[int]()
            while k <= len(lines) and not lines[k - 1].strip() and k <= n + 2:
                k += 1
            while k <= len(lines) and lines[k - 1].strip() and len(lines[k - 1].strip()) <= 80:
                if lines[k - 1].rstrip().endswith("."):
                    items = []
                    break
                items.append(k)
                k += 1
            if len(items) >= 2:
                for m in range(n, items[-1] + 1):
                    found[m] = CONTENTS

    # A bare number alone at a page's foot is its page number where it is that page's number
    # ("                2" as the last line before the third page's form feed is page 2's).
    page = 1
    for n, line in enumerate(lines, 1):
        if line.startswith("\f"):
            page += 1
        bare = re.fullmatch(r"\s{8,}(\d{1,3})\s*", line.replace("\f", ""))
        if bare and int(bare.group(1)) == page and n not in found:
            after = next((k for k in range(n + 1, len(lines) + 1) if lines[k - 1].strip()), None)
            if after is None or lines[after - 1].startswith("\f"):
                found[n] = PAGE_NUMBER
    # Page boundaries: a form feed starts a page; a page-number line ends one.
    starts = {1} | {n for n, line in enumerate(lines, 1) if line.startswith("\f")}
    starts |= {n + 1 for n, kind in found.items() if kind == PAGE_NUMBER}
    boundaries = sorted(starts)
    edges: list[tuple[list[int], list[int]]] = []  # per page: its first two lines, its last two from the foot up
    for k, start in enumerate(boundaries):
        end = boundaries[k + 1] - 1 if k + 1 < len(boundaries) else len(lines)
        content = [n for n in range(start, end + 1) if lines[n - 1].strip() and n not in found]
        edges.append((content[:2], content[-2:][::-1]) if len(content) > 4 else (content, []))
    if len(edges) > 1:
        places: dict[str, set[int]] = defaultdict(set)
        for page, (top, foot) in enumerate(edges):
            for n in top + foot:
                places[_mask(lines[n - 1])].add(page)

        def repeated(n: int) -> bool:
            text = _mask(lines[n - 1])
            return (
                len(places[text]) >= 2
                and len(text) >= 4
                and not re.fullmatch(r"[#\W]*", text)
                and not _TABLE_HEAD.match(lines[n - 1].replace("\f", ""))
                and not FLAT_TABLE_HEADER.match(lines[n - 1].replace("\f", ""))
            )

        # furniture stands at the page's edge: from the top down (from the foot up) up to the first line that is
        # not repeated, so that a label below a heading ("3.1 Mål 1" over "Styringsparametrar") stays content
        for edge in [e for pair in edges for e in pair]:
            for n in edge:
                if not repeated(n):
                    break
                found[n] = RUNNING
    # The address block at a page's foot: a line naming two or more of its fields, and the lines below it.
    page_numbers = {n for n, kind in found.items() if kind == PAGE_NUMBER}
    for k, start in enumerate(boundaries):
        end = boundaries[k + 1] - 1 if k + 1 < len(boundaries) else len(lines)
        content = [n for n in range(start, end + 1) if lines[n - 1].strip() and n not in found]
        # A page-number line ends a page; what stands between it and the next page's form feed is the
        # foot of the same page ("Side 1 av 5" over "Postadresse   Kontoradresse   Telefon" and its rows).
        foot_only = start - 1 in page_numbers and (end + 1 > len(lines) or lines[end].startswith("\f"))
        for position, n in enumerate(content[-6:]):
            fields = {m.group().lower() for m in _FOOTER_FIELD.finditer(lines[n - 1])}
            if len(fields) >= 2 and (len(content) > 6 or foot_only):
                for m in content[-6:][position:]:
                    found[m] = FOOTER_DATA
                break
    # The letter's short title heading a later page ("Tildelingsbrev 2025 – Bufdir – tillegg nr. 1" after
    # the form feed), even where it stands once: a letter of two pages has one page to head.
    for n, line in enumerate(lines, 1):
        if line.startswith("\f") and n not in found and _PAGE_TITLE.match(line.replace("\f", "")):
            next_line = lines[n] if n < len(lines) else ""
            if not next_line.strip():
                found[n] = RUNNING
    # Address and organisation data printed beside a page footer.
    for n in [n for n, kind in found.items() if kind in (PAGE_NUMBER, RUNNING)]:
        for near in (n - 1, n + 1):
            if 1 <= near <= len(lines) and near not in found and _FOOTER_DATA.search(lines[near - 1]):
                found[near] = FOOTER_DATA
    return dict(sorted(found.items()))
