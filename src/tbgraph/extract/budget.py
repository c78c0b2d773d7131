"""Budget tables ("Kap. Post Postnavn Tildeling 2023"), earmarks in the post texts, and fullmakter.

A table starts at its header line and ends at "Sum kap. NNN". Rows may leave out the chapter
(" 21 Spesielle driftsutgifter …" continues the chapter above), wrap their name over lines and put
the amount on a line of its own. Posts are checked against the stated sum; a mismatch, a row
without an amount or a line that is no row is reported, never dropped in silence.
"""

from __future__ import annotations

import re
from decimal import Decimal

from tbgraph.extract.amounts import (
    NUMBER,
    SIGNED,
    AmountRun,
    Reading,
    amount_run,
    comparable,
    consistent_readings,
    find_amounts,
    parse_number,
    parse_signed,
    readings,
)
from tbgraph.extract.gazetteer import KIND_SOLUTION, Gazetteer
from tbgraph.extract.model import Authorisation, BudgetChapter, BudgetPost, Earmark
from tbgraph.extract.problems import Problem
from tbgraph.extract.sections import Section, section_at
from tbgraph.extract.text import Line, SourceDoc

__all__ = ["parse_budget", "BUDGET_HEADER", "BUDGET_CAPTION"]

_HEADER = re.compile(
    r"^\s*(?P<kap>Kap\.?\s+|Kap\.?\s*/\s*)?Post\s+(?:(?:Post)?navn|Betegnelse|Nemning|Namn|Benevnelse|Formål|Tekst)\b"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
#: A chapter on its own line inside a table: "Kap. 271 Direktoratet for …", "1352          Jernbanetilsynet",
#: "1840   CO2-håndtering" (a digit inside a word, never an amount).
_TABLE_CHAPTER = re.compile(
    r"^\s*(?:(?:Kap\.?|Kapittel)\s*)?(?P<chap>\d{3,4})\s+(?P<label>[A-ZÆØÅÉ«](?:[^\d]|(?<=[A-Za-z])\d)*?)\s*$", re.I
)
#: Captions and units inside or just above a table: "Utgifter", "Inntekter (i mill. kroner)", "(i 1000 kr)".
_CAPTION = re.compile(
    r"^\s*(?:(?:Utgifter|Inntekter|Utgifter\s+og\s+inntekter|Belastningsfullmakt\w*|Belastningsfullmakter)\b[^\d]*|(?:Tabell\s+\d+(?:\.\d+)*\b[^()]*)?"
    r"(?:\([^)]*\bkr[^)]*\)\s*)+|"
    # a line of its own naming the unit: "Alle beløp i kroner.", "Beløp i tusen kroner", "Tal i 1 000 kr"
    r"(?:Alle\s+)?(?:Beløp|Beløpa|Beløpene|Tal|Tall|Tala|Tallene)\s+(?:er\s+|er\s+oppgitt\s+|oppgitt\s+)?i\s+"
    r"(?:hele\s+|heile\s+)?(?:kroner|kr\.?|tusen\s+kroner|tusen\s+kr\.?|1\s?000\s+kr(?:oner)?|mill\.?\s+kr(?:oner)?|"
    r"millioner\s+kroner)\s*\.?\s*)$",
    re.IGNORECASE,
)
_CHAPTER_HEADING = re.compile(r"^\s*(?:Kap\.?|Kapittel)\s*(?P<chap>\d{3,4})\s+(?P<label>[^\d,].*?)\s*$", re.IGNORECASE)
#: What may stand between "Sum" and the chapter: "Sum utgifter kap. 322", "Sum inntekter kap. 3322".
_SUM_WORD = r"(?:(?:utgifter|inntekter|inntekt|utgift)\s+)?"
#: "Sum kap. 744   391 621"; with several amount columns ("Saldert 2023", "Tildeling 2024") the last one.
_SUM = re.compile(
    rf"^\s*(?:\d{{3,4}}\s+)?Sum\s+{_SUM_WORD}(?:kap\.?|kapittel)\s*(?P<chap>\d{{3,4}})(?:\s+[(A-Za-zÆØÅæøå][^\d]*?)?"
    rf"(?:\s+(?:{SIGNED})(?=\s{{2,}}))*\s+(?P<amount>{SIGNED})\s*$",
    re.IGNORECASE,
)
#: A post: "01 Driftsutgifter", "1352  01 Driftsutgifter", or chapter and post in one column, "1115.01".
_ROW = re.compile(
    r"^\s*(?:(?P<chap>\d{3,4})(?:\s+|\.(?=\d{2}\s)))?(?P<post>\d{2})\s+(?P<name>[A-Za-zÆØÅæøåÉé«].*?)\s*$"
)
#: A sum line however its amounts are spaced: "Sum kap. 451 1 147 475 1 195 350 1 231 450".
_SUM_START = re.compile(
    rf"^\s*(?:\d{{3,4}}\s+)?Sum\s+{_SUM_WORD}(?:kap\.?|kapittel)\s*(?P<chap>\d{{3,4}})\b", re.IGNORECASE
)
#: A total over the chapters, not of one: "Sum løyvingar til disposisjon for Norec   184 115 000", "Sum utgifter
#: 1 234", "Totalt   9 095", "Samlet tildeling utgifter   2 279 290"; a bare "Sum" with its amount is a chapter's
#: (headerless tables, read apart).
_GRAND_SUM = re.compile(
    rf"^\s*(?:Sum(?!\s+{_SUM_WORD}(?:kap\.?|kapittel)\s*\d)\s+[A-Za-zÆØÅæøå]|Totalt\b|I\s+alt\b|Samlet\s|Samla\s)[^\d]*\s"
    rf"(?:{SIGNED}\s*)+$",
    re.IGNORECASE,
)
_ENDS_IN_AMOUNT = re.compile(rf"\s{SIGNED}\s*$")
#: A line under the header that only continues it: "2024 (i 1000 kr)   2025 (i 1000 kr)".
_HEADER_MORE = re.compile(r"^\s*(?:(?:19|20)\d{2}\s*)?(?:\([^)]*\)\s*)?(?:(?:19|20)\d{2}\s*(?:\([^)]*\)\s*)?)+$")
#: Words that open an amount column in a header: "Regnskap 2023", "Saldert budsjett 2024", "Tildeling 2025", "Av
#: dette til STAF" (the recipient's share beside the chapter's whole).
_COLUMN_WORD = re.compile(
    r"\b(?:Regnskap|Rekneskap|Saldert|Vedtatt|Vedteke|Forslag|Tildeling|Tildelt|Løyving|Løyvd|Bevilgning|Bevilget|"
    r"Beløp|Ramme|Gjeldende|Gjeldande|Revidert|Av\s+dette|Herav)\b",
    re.IGNORECASE,
)
_AMOUNT_ONLY = re.compile(rf"^\s*(?P<amount>{SIGNED})\s*$")
_TRAILING_AMOUNT = re.compile(rf"^(?P<name>.*?)\s+(?P<amount>{SIGNED})\s*$")
_POST_TEXT = re.compile(r"^\s*Kap\.?\s*(?P<chap>\d{3,4})\s*,?\s*post\s*(?P<post>\d{2})\s*$", re.IGNORECASE)
_AUTH = re.compile(
    r"(?:kan|til\s+å)\s+overskride\s+(?:bevilgningen|løyvinga|løyvingen)\s+(?:over|på|under)\s+kap\.?\s*"
    r"(?P<c1>\d{3,4})\s*,?\s*post\s*(?P<p1>\d{2})"
    r"\s+mot\s+(?:tilsvarende\s+|tilsvarande\s+)?(?:merinntekter|meirinntekter)\s+(?:over|på|under)\s+kap\.?\s*"
    r"(?P<c2>\d{3,4})\s*,?\s*post\s*(?P<p2>\d{2})",
    re.IGNORECASE,
)


#: A post's allocation given in prose: "Det stilles 412,6 mill. kroner til disposisjon over kap. 910 post 01
#: Driftsutgifter", "budsjettert med 221,4 mill. kroner på kap. 3910 post 01 og 15,2 mill. kroner på post 02".
_PROSE_POST = re.compile(
    rf"(?P<amount>{NUMBER})\s*(?P<unit>mrd\.?|milliarder|mill\.?|millioner|kroner|kr\.?)(?:\s*kroner)?"
    r"\s+(?:(?:til\s+disposisjon|stilt\s+til\s+disposisjon)\s+)?(?:over|på|under)\s+"
    r"(?:kap(?:\.|ittel)?\s*(?P<chap>\d{3,4})\s*,?\s*)?post\s*(?P<post>\d{2})"
    r"(?:\s+(?P<name>(?-i:[A-ZÆØÅ])[^.,;()]*?))?(?=\s*[.,;]|\s+og\s|\s*$)",
    re.IGNORECASE,
)
#: The sentence must allocate or budget the amount, not set part of it aside ("… satt av til …").
_ALLOCATES = re.compile(
    r"\b(?:stilles|stiller|stilt|tildeles|tildeler|tildelt|bevilges|bevilget|løyvd|løyvast|løyvinga\s+er|"
    r"budsjettert\s+med|budsjetterer\s+med)\b",
    re.IGNORECASE,
)


def _prose_posts(
    doc: SourceDoc, lines: list[Line], sections: list[Section], chapters: dict[str, BudgetChapter]
) -> None:
    """Posts whose allocation the letter gives in prose only, where no table lists them."""
    if not lines:
        return
    block = doc.block(lines)
    text = block.text
    listed = {(c.chapter, p.post) for c in chapters.values() for p in c.posts}
    chapter_number: str | None = None
    ends = [m.end() for m in re.finditer(r"[.!?;]\s+(?=[A-ZÆØÅ])", text)]  # not "mill. kroner", "kap. 910"
    for match in _PROSE_POST.finditer(text):
        sentence_start = max((e for e in ends if e <= match.start()), default=0)
        if not _ALLOCATES.search(text, sentence_start, match.start()):
            continue
        if match["chap"]:
            chapter_number = match["chap"]
        elif sentence_start > text.rfind("kap", 0, match.start()):
            chapter_number = None  # "post 02" without a chapter in the same sentence
        if chapter_number is None or (chapter_number, match["post"]) in listed:
            continue
        value = parse_number(match["amount"])
        if value is None:
            continue
        word = match["unit"].lower().rstrip(".")
        unit = {"mill": "million-NOK", "millioner": "million-NOK", "mrd": "billion-NOK", "milliarder": "billion-NOK"}
        quotes = block.quotes(match.start(), match.end())
        if not quotes:
            continue
        first_line = quotes[0].line_start
        chapter = chapters.get(chapter_number)
        if chapter is None:
            chapter = chapters[chapter_number] = BudgetChapter(
                section=_section_number(sections, first_line),
                quotes=quotes,
                chapter=chapter_number,
                label=f"Kap. {chapter_number}",
                unit=unit.get(word, "NOK"),
            )
        listed.add((chapter_number, match["post"]))
        label, transferable, used_under = _post_fields((match["name"] or f"Post {match['post']}").strip())
        chapter.posts.append(
            BudgetPost(
                section=_section_number(sections, first_line),
                quotes=quotes,
                chapter=chapter_number,
                post=match["post"],
                name=label,
                amount=value,
                unit=unit.get(word, "NOK"),
                transferable=transferable,
                may_be_used_under=used_under,
            )
        )


#: A post written out in a table without a header line: "Post 01   Driftsutgifter   905 630",
#: "post 01   Driftsutgifter   kr   214 736 000".
_POST_ROW = re.compile(r"^\s*Post\s+(?P<post>\d{2})\s+(?P<name>\S.*?)\s*$", re.I)
#: Its sum: "Sum   1 362 330", "Sum kap. 1820   1 362 330", "Sum kap. 1429   kr   750 893 000".
_BARE_SUM = re.compile(rf"^\s*Sum(?:\s+{_SUM_WORD}(?:kap\.?|kapittel)\s*(?P<chap>\d{{3,4}})\b)?(?P<rest>.*)$", re.I)
#: The one amount at the end of a row laid out in columns, "kr" before it or not.
_LAID_OUT_AMOUNT = re.compile(rf"^(?P<name>.*?)\s{{2,}}(?P<kr>kr\.?\s+)?(?P<amount>{SIGNED})\s*$", re.I)


def _one_amount(text: str) -> tuple[str, Decimal | None, bool] | None:
    """The name, the amount and whether "kr" stood before it, of a line ending in one amount; None without an
    amount. With one space between name and amount (a letter copied from a PDF viewer) the digit groups
    after the name are the amount, a post number after "post" left out; the amount is None where they
    make no number ("2025 386 500")."""
    if _flat(text):
        run = amount_run(text)
        if run is None:
            return None
        values = readings(run, 1)
        return run.name, (values[0][0] if len(values) == 1 else None), run.kroner
    match = _LAID_OUT_AMOUNT.match(text)
    if match is None or _ends_in_reference(text):
        return None
    return match["name"], parse_signed(match["amount"]), bool(match["kr"])


def _headerless_tables(
    doc: SourceDoc,
    lines: list[Line],
    sections: list[Section],
    chapters: dict[str, BudgetChapter],
    labels: dict[str, tuple[str, Line]],
    problems: list[Problem],
) -> None:
    """Tables without a header line: a chapter's line ("Kap. 1820 Norges vassdrags- og …") over rows
    "Post 01   Driftsutgifter   905 630" (a name may wrap, its amount on the last line) and a "Sum" row;
    the unit from a caption above the first chapter ("Tabell 1 … (beløp i 1 000 kroner)") or the chapter's
    line, else kroner where "kr" stands before the amounts ("post 01   Driftsutgifter   kr   214 736 000"),
    else thousands."""
    unit: str | None = None
    for k, line in enumerate(lines):
        heading = _CHAPTER_HEADING.match(line.text)
        if not heading or heading["chap"] in chapters or _POST_TEXT.match(line.text):
            continue
        rows: list[tuple[str, list[Line], str, Decimal | None, bool]] = []
        j = k + 1
        while j < len(lines) and (start := _POST_ROW.match(lines[j].text)):
            row = [lines[j]]
            found = _one_amount(start["name"])
            # A name wrapped over lines: the amount stands on the last of them.
            while found is None and j + len(row) < len(lines) and len(row) < 4:
                more = lines[j + len(row)].text
                if _POST_ROW.match(more) or _BARE_SUM.match(more) or _CHAPTER_HEADING.match(more):
                    break
                row.append(lines[j + len(row)])
                found = _one_amount(more)
            if found is None:
                break
            names = [start["name"]] + [ln.text.strip() for ln in row[1:]]
            names[-1] = found[0] if len(row) > 1 else found[0]
            rows.append((start["post"], row, " ".join(" ".join(names).split()), found[1], found[2]))
            j += len(row)
        if not rows:
            continue
        # The caption above (not the sum line of the table before it, "Sum kap. 1429   kr   750 893 000").
        above = [
            ln.text
            for ln in lines[max(0, k - 4) : k + 1]
            if re.search(r"\bkr\b|kroner|mill\.", ln.text, re.I)
            and not _BARE_SUM.match(ln.text)
            and not _POST_ROW.match(ln.text)
            and not _SUM_START.match(ln.text)
        ]
        if above:
            unit = _unit_of(" ".join(above))
        number = heading["chap"]
        kroner = any(r[4] for r in rows)
        chapter = chapters[number] = BudgetChapter(
            section=_section_number(sections, line.number),
            quotes=doc.block([line]).quotes(),
            chapter=number,
            label=f"Kap. {number} {heading['label'].strip()}",
            unit=unit or ("NOK" if kroner else "thousand-NOK"),
        )
        labels.setdefault(number, (chapter.label, line))
        for post, row, name, value, _ in rows:
            if value is None:
                problems.append(
                    Problem(row[0].number, row[-1].number, "budget-row", "the amount of the row makes no number")
                )
                continue
            label, transferable, used_under = _post_fields(_without_kroner(name))
            chapter.posts.append(
                BudgetPost(
                    section=_section_number(sections, row[0].number),
                    quotes=doc.block(row).quotes(),
                    chapter=number,
                    post=post,
                    name=label,
                    amount=value,
                    unit=chapter.unit,
                    transferable=transferable,
                    may_be_used_under=used_under,
                )
            )
        total = _BARE_SUM.match(lines[j].text) if j < len(lines) else None
        stated = _one_amount(total["rest"]) if total and total["chap"] in (None, number) else None
        if total and stated is not None and stated[1] is not None and not re.search(r"\d", stated[0]):
            chapter.total = stated[1]
            chapter.quotes = chapter.quotes + doc.block([lines[j]]).quotes()


def _amount_columns(header: str) -> int:
    """How many amount columns a header names: its column words ("Saldert budsjett", "Tildeling") or its years,
    whichever are more, and at least one."""
    years = len(re.findall(r"(?<![\d,])(?:19|20)\d{2}(?![\d,])", header))
    return max(years, len(_COLUMN_WORD.findall(header)), 1)


def _flat(text: str) -> bool:
    """True when ``text`` separates its columns by one space, as a letter copied out of a PDF viewer does."""
    return not re.search(r"\S\s{2,}\S", text.strip())


def _without_kroner(name: str) -> str:
    """A post's name without the "kr" that stands before its amount ("Driftsutgifter   kr")."""
    return re.sub(r"\s+kr\.?$", "", name.strip(), flags=re.IGNORECASE)


#: A word that names the unit of amounts; a header without one has the unit of the table it runs on from.
_UNIT_WORD = re.compile(r"mill|\b1\s?000\b|\btusen\b|\bkroner\b|\bkr\b", re.IGNORECASE)


def _unit_of(header: str) -> str:
    text = header.lower()
    if "mill" in text:
        return "million-NOK"
    thousands = re.search(r"\b1\s?000\b|\btusen\b", text)
    if re.search(r"\bi\s+kroner\b|\(\s*(?:i|beløp\s+i)?\s*kr\.?\s*\)|\bi\s+kr\b|\bkroner\b", text) and not thousands:
        return "NOK"
    return "thousand-NOK"


def _ends_in_reference(name: str) -> bool:
    """True when the trailing number of ``name`` is a post or chapter number ("kan nyttes under post 73")."""
    return bool(re.search(r"(?:post|poster|kap\.?|kapittel)\s+\d+\s*$", name, re.IGNORECASE))


def _post_fields(name: str) -> tuple[str, bool, list[str]]:
    transferable = bool(re.search(r"kan\s+overføres", name, re.IGNORECASE))
    used_under = re.findall(
        r"kan\s+nyttes\s+under\s+(?:kap\.?\s*\d+\s*,?\s*)?post(?:ene)?\s+(\d{2})", name, re.IGNORECASE
    )
    label = re.split(r",\s*kan\s+", name, maxsplit=1, flags=re.IGNORECASE)[0].strip().rstrip(",")
    return label, transferable, used_under


def _section_number(sections: list[Section], line: int) -> str:
    section = section_at(sections, line)
    return section.number if section else "innledning"


#: A table's first column naming the ministry whose chapter a row charges, before "Kap.": "Departement   Kap.   Post
#: Betegnelse   Beløp" over "HOD   761   21   Omsorgstjeneste …" (authorisations to charge other ministries' budgets).
_LEAD_COLUMN = re.compile(r"^\s*(?:Departement(?:et)?|Dep\.?|Fagdepartement)\s+(?=Kap\.?\s)", re.IGNORECASE)
_LEAD_CELL = re.compile(r"^\s*(?:(?-i:[A-ZÆØÅ]{2,6})\s*)?$")
#: A row's ministry before its chapter, however the columns are spaced: "HOD   761   21 …", "HOD 761 21 …" (copied
#: flat).
_LEAD_ROW = re.compile(r"^\s*(?-i:[A-ZÆØÅ]{2,6})\s+(?=\d{3,4}\s+\d{2}\s)")


def _without_lead_column(lines: list[Line]) -> list[Line]:
    """``lines`` with a ministry column left of "Kap." blanked out, in the header and in each row under it, so that the
    table reads as any other (the columns of what is left stay where they were)."""
    out = list(lines)
    k = 0
    while k < len(out):
        lead = _LEAD_COLUMN.match(out[k].text)
        if lead is None:
            k += 1
            continue
        column = lead.end()
        out[k] = Line(out[k].number, " " * column + out[k].text[column:])
        j = k + 1
        while j < len(out):
            text = out[j].text
            row = _LEAD_ROW.match(text)
            if row is not None:  # "HOD   761   21 …"
                out[j] = Line(out[j].number, " " * row.end() + text[row.end() :])
            elif not (_LEAD_CELL.match(text[:column]) and text[column:].strip()):
                break
            j += 1  # a name wrapped in its cell goes on as it stands
        k = j
    return out


def parse_budget(
    doc: SourceDoc, sections: list[Section], gazetteer: Gazetteer, problems: list[Problem]
) -> tuple[list[BudgetChapter], list[Earmark], list[Authorisation]]:
    lines = _without_lead_column(doc.content())
    chapters: dict[str, BudgetChapter] = {}
    labels: dict[str, tuple[str, Line]] = {}
    for line in lines:
        heading = _CHAPTER_HEADING.match(line.text)
        if heading and not _POST_TEXT.match(line.text) and not _HEADER.match(line.text):
            labels.setdefault(heading["chap"], (f"Kap. {heading['chap']} {heading['label'].strip()}", line))

    headings = {s.line_start for s in sections}
    carried: str | None = None  # a chapter whose posts run on past a header repeated after a page break
    run_on: tuple[int, str] | None = None  # a header met right where a table ended, and that table's unit
    # Rows read from amounts written with one space between columns, by chapter, with every reading of them;
    # chapters that also had rows laid out in columns; posts whose reading the sum line has yet to settle.
    flat_rows: dict[str, list[tuple[BudgetPost, list[Reading]]]] = {}
    laid_out: set[str] = set()
    unsettled: list[tuple[BudgetChapter, BudgetPost, list[Reading]]] = []

    def settle(chapter: BudgetChapter, totals: list[Reading], line: Line) -> Decimal | None:
        """The chapter's sum, its posts' readings settled by it where the columns alone leave several."""
        rows = flat_rows.pop(chapter.chapter, [])
        unsure = [(post, values) for post, values in rows if len(values) > 1]
        if not unsure and len(totals) == 1:
            return totals[0][-1]
        if rows and chapter.chapter not in laid_out and len(rows) == len(chapter.posts):
            solutions = consistent_readings([values for _, values in rows], totals) or []
            allocations = {(tuple(r[-1] for r in choice), total[-1]) for choice, total in solutions}
            if len(allocations) > 1 and len(totals[0]) > 1:
                # The sum leaves several readings ("50 Statstilskudd 133 250 139 684" over "Sum kap. 643 133 250
                # 139 684"): the one whose every row keeps its years' amounts comparable, if only one does.
                plausible = [(c, t) for c, t in solutions if all(comparable(r) for r in (*c, t))]
                allocations = {(tuple(r[-1] for r in choice), total[-1]) for choice, total in plausible} or allocations
            if len(allocations) == 1 and all(v is not None for v in next(iter(allocations))[0]):
                ((chosen, total),) = allocations
                for (post, _), value in zip(rows, chosen, strict=True):
                    assert value is not None
                    post.amount = value
                unsettled[:] = [u for u in unsettled if u[0] is not chapter]
                return total
        for post, values in unsure:
            shown = " or ".join(" | ".join(str(v) if v is not None else "–" for v in r) for r in values[:3])
            problems.append(
                Problem(
                    post.line_start,
                    post.line_end,
                    "budget-row",
                    f"the amounts of kap. {chapter.chapter} post {post.post} read as {shown}"
                    f"{' or more' if len(values) > 3 else ''}, and the sum line does not settle which; left out",
                )
            )
            chapter.posts.remove(post)
        unsettled[:] = [u for u in unsettled if u[0] is not chapter]
        if len(totals) == 1:
            return totals[0][-1]
        problems.append(
            Problem(
                line.number,
                line.number,
                "budget-sum",
                f"the sum of kap. {chapter.chapter} reads in {len(totals)} ways and the posts do not settle which",
            )
        )
        return None

    i = 0
    while i < len(lines):
        header = _HEADER.match(lines[i].text)
        if not header or re.search(r"\bEndring\b", header["rest"], re.IGNORECASE):
            i += 1  # no table, or a supplement's before / change / after table (read by .supplement)
            continue
        around = " ".join(ln.text for ln in lines[max(0, i - 2) : i + 2] if _CAPTION.match(ln.text) or ln is lines[i])
        unit = _unit_of(header["rest"] + " " + around)
        if run_on is not None and run_on[0] == i and not _UNIT_WORD.search(header["rest"] + " " + around):
            unit = run_on[1]  # the header again right after the table (a page break between): the table's unit
        run_on = None
        header_line = lines[i]
        i += 1
        header_more = ""
        if i < len(lines) and _HEADER_MORE.match(lines[i].text):
            header_more = lines[i].text  # "2024 (i 1000 kr)   2025 (i 1000 kr)" under "Saldert budsjett   Løyving"
            unit = _unit_of(header["rest"] + " " + header_more + " " + around)
            i += 1
        columns = _amount_columns(header["rest"] + " " + header_more)
        table_flat = _flat(header_line.text)

        def flat_line(text: str, columns: int = columns, table_flat: bool = table_flat) -> bool:
            """A line whose amounts stand one space apart: split by the header's number of amount columns."""
            return _flat(text) and (columns == 1 or table_flat)

        after_sum = False
        start_chapter: str | None = None
        if not header["kap"]:
            # "Kap. 1320 Statens vegvesen" on its own line above a table headed "Post / Nemning".
            above = [ln for ln in lines[max(0, i - 4) : i - 1] if _CHAPTER_HEADING.match(ln.text)]
            if above:
                heading = _CHAPTER_HEADING.match(above[-1].text)
                assert heading is not None
                start_chapter = heading["chap"]
                unit = _unit_of(header["rest"] + " " + above[-1].text + " " + around)
            elif carried is None:
                continue
            else:  # "Post   Betegnelse" again at the top of the next page: the chapter runs on, in its unit
                unit = chapters[carried].unit
        chapter: BudgetChapter | None = None
        row: list[Line] = []
        row_match: re.Match[str] | None = None
        name_parts: list[str] = []
        last_row: tuple[BudgetPost, list[Line]] | None = None  # the post read last, and its lines

        def get_chapter(number: str, at: Line, unit: str = unit) -> BudgetChapter:
            if number not in chapters:
                label, label_line = labels.get(number, (f"Kap. {number}", at))
                chapters[number] = BudgetChapter(
                    section=_section_number(sections, at.number),
                    quotes=[],
                    chapter=number,
                    label=label,
                    unit=unit,
                )
            return chapters[number]

        if start_chapter is None and carried is not None:
            start_chapter = carried  # "Kap. Post Betegnelse" again on the next page, then "22 …" of the same chapter
        carried = None
        if start_chapter:
            chapter = get_chapter(start_chapter, header_line)

        def close_row(values: list[Reading], last: Line, flat: bool, columns: int = columns) -> None:
            nonlocal row, row_match, name_parts, chapter, last_row
            assert row_match is not None
            number = row_match["chap"] or (chapter.chapter if chapter else None)
            if number is None:
                problems.append(
                    Problem(
                        row[0].number,
                        last.number,
                        "budget-row",
                        "budget row without a chapter number before it",
                    )
                )
            elif not values or values[0][-1] is None:
                problems.append(
                    Problem(
                        row[0].number,
                        last.number,
                        "budget-row",
                        f"the amounts of the row cannot be read as {columns} column(s) of the header"
                        if not values
                        else "budget row has no amount in the allocation column",
                    )
                )
            else:
                chapter = get_chapter(number, row[0])
                # Other amount columns ("Saldert 2023") stand between the name and the allocation.
                name = " ".join(" ".join(re.split(r"\s{2,}(?=[\d-])", part)[0] for part in name_parts).split())
                label, transferable, used_under = _post_fields(_without_kroner(name))
                value = values[0][-1]
                block = doc.block(row + ([last] if last is not row[-1] else []))
                post = BudgetPost(
                    section=_section_number(sections, row[0].number),
                    quotes=block.quotes(),
                    chapter=number,
                    post=row_match["post"],
                    name=label,
                    amount=value,
                    unit=chapter.unit,
                    transferable=transferable,
                    may_be_used_under=used_under,
                )
                chapter.posts.append(post)
                last_row = (post, row + ([last] if last is not row[-1] else []))
                if flat:
                    flat_rows.setdefault(number, []).append((post, values))
                    if len(values) > 1:
                        unsettled.append((chapter, post, values))
                else:
                    laid_out.add(number)
            row, row_match, name_parts = [], None, []

        def flat_amounts(text: str, columns: int = columns) -> tuple[AmountRun, list[Reading]] | None:
            run = amount_run(text)
            return (run, readings(run, columns)) if run is not None else None

        while i < len(lines):
            line = lines[i]
            text = line.text
            total = _SUM.match(text)
            loose_sum = _SUM_START.match(text)
            flat_total = flat_amounts(text) if loose_sum and flat_line(text) else None
            if total or flat_total:
                if row_match is not None:
                    problems.append(
                        Problem(
                            row[0].number,
                            row[-1].number,
                            "budget-row",
                            "budget row has no amount before the sum line",
                        )
                    )
                    row, row_match, name_parts = [], None, []
                number = loose_sum["chap"] if flat_total and loose_sum else (total["chap"] if total else "")
                chapter = get_chapter(number, line)
                if flat_total:
                    chapter.total = settle(chapter, flat_total[1], line)
                else:
                    assert total is not None
                    chapter.total = parse_signed(total["amount"])
                chapter.quotes = doc.block([line]).quotes()
                posts_sum = sum((p.amount for p in chapter.posts), Decimal(0))
                if chapter.total is not None and chapter.posts and posts_sum != chapter.total:
                    problems.append(
                        Problem(
                            header_line.number,
                            line.number,
                            "budget-sum",
                            f"posts of kap. {chapter.chapter} add up to {posts_sum}, the letter states {chapter.total}",
                        )
                    )
                i += 1
                after_sum, chapter = True, None
                continue
            if _HEADER.match(text):
                if chapter is not None and not after_sum and row_match is None:
                    carried = chapter.chapter
                run_on = (i, unit)
                break
            if _CAPTION.match(text) and row_match is None:
                i += 1
                continue
            in_table = _TABLE_CHAPTER.match(text)
            if in_table and row_match is None and not _POST_TEXT.match(text):
                chapter = get_chapter(in_table["chap"], line)
                if chapter.label == f"Kap. {in_table['chap']}":
                    chapter.label = f"Kap. {in_table['chap']} {in_table['label'].strip()}"
                    labels.setdefault(in_table["chap"], (chapter.label, line))
                after_sum = False
                i += 1
                continue
            if row_match is None and _GRAND_SUM.match(text):
                # "Sum løyvingar til disposisjon for Norec   184 115 000": the total over the chapters, no figure
                # of any chapter; what follows it is the text under the table unless a chapter or row opens.
                i += 1
                after_sum, chapter = True, None
                continue
            if after_sum and row_match is None and not _ROW.match(text):
                break  # the text after the table's last sum
            heading_here = line.number in headings and not _ROW.match(text) and not _ENDS_IN_AMOUNT.search(text)
            if row_match is None and heading_here:
                break  # a heading of the letter ("5.2 Fullmakter"), not a numbered line with its amount: the end
            if _CHAPTER_HEADING.match(text) and row_match is None and chapter is not None:
                break
            if row_match is not None:
                if flat_line(text) and not _ROW.match(text):
                    found = flat_amounts(text)
                    row.append(line)
                    name_parts.append(found[0].name if found else text.strip())
                    if found:
                        close_row(found[1], line, True)
                    i += 1
                    continue
                only = _AMOUNT_ONLY.match(text)
                if only:
                    close_row([(parse_signed(only["amount"]),)], line, False)
                    i += 1
                    continue
                trailing = _TRAILING_AMOUNT.match(text)
                if trailing and not _ends_in_reference(text) and not _ROW.match(text):
                    row.append(line)
                    name_parts.append(trailing["name"])
                    close_row([(parse_signed(trailing["amount"]),)], line, False)
                    i += 1
                    continue
                if not _ROW.match(text):
                    row.append(line)
                    name_parts.append(text.strip())
                    i += 1
                    continue
                problems.append(Problem(row[0].number, row[-1].number, "budget-row", "budget row has no amount"))
                row, row_match, name_parts = [], None, []
            start = _ROW.match(text)
            if start:
                row, row_match = [line], start
                if start["chap"]:
                    chapter = get_chapter(start["chap"], line)
                    after_sum = False  # "226  21  Kvalitetsutvikling …" after "Sum kap. 260": the next chapter's rows
                if flat_line(text):
                    found = flat_amounts(start["name"])
                    name_parts = [found[0].name if found else start["name"]]
                    if found:
                        close_row(found[1], line, True)
                    i += 1
                    continue
                trailing = _TRAILING_AMOUNT.match(start["name"])
                if trailing and not _ends_in_reference(start["name"]):
                    name_parts = [trailing["name"]]
                    close_row([(parse_signed(trailing["amount"]),)], line, False)
                else:
                    name_parts = [start["name"]]
                i += 1
                continue
            if last_row and last_row[1][-1] is lines[i - 1] and not re.search(r"\d{3}\s*$", text):
                # The rest of a name wrapped below its amount ("21  Spesielle driftsutgifter, kan nyttes  38 770"
                # over "under post 01").
                post, post_lines = last_row
                post_lines.append(line)
                post.name, post.transferable, post.may_be_used_under = _post_fields(
                    post.name + " " + " ".join(text.split())
                )
                post.quotes = doc.block(post_lines).quotes()
                i += 1
                continue
            problems.append(
                Problem(
                    line.number,
                    line.number,
                    "budget-row",
                    f"line in a budget table that is no row: {text.strip()[:60]!r}",
                )
            )
            i += 1
        else:
            if row_match is not None:
                problems.append(Problem(row[0].number, row[-1].number, "budget-row", "budget row has no amount"))
            if after_sum:
                continue
            problems.append(
                Problem(
                    header_line.number,
                    header_line.number,
                    "budget-table",
                    "budget table has no 'Sum kap.' line",
                )
            )
    for chapter_left, post, values in list(unsettled):
        # A table without a sum line to settle a row whose amounts read in several ways: never a guess.
        shown = " or ".join(" | ".join(str(v) if v is not None else "–" for v in r) for r in values[:3])
        problems.append(
            Problem(
                post.line_start,
                post.line_end,
                "budget-row",
                f"the amounts of kap. {chapter_left.chapter} post {post.post} read as {shown}, "
                "and no sum line settles which; left out",
            )
        )
        chapter_left.posts.remove(post)

    _headerless_tables(doc, lines, sections, chapters, labels, problems)
    _prose_posts(doc, lines, sections, chapters)
    for chapter in chapters.values():
        listed = {post.post for post in chapter.posts}
        for post in chapter.posts:
            for other in post.may_be_used_under:
                if other not in listed:
                    problems.append(
                        Problem(
                            post.line_start,
                            post.line_end,
                            "budget-row",
                            f"kap. {chapter.chapter} post {post.post} may be used under post {other}, "
                            "which the table does not list; the link is left out",
                        )
                    )
        if chapter.chapter in labels:
            # The chapter's own line ("Kap. 744 Direktoratet for e-helse", "1352   Jernbanetilsynet").
            named = doc.block([labels[chapter.chapter][1]]).quotes()
            chapter.quotes = named + [q for q in chapter.quotes if q not in named]
        if not chapter.quotes and chapter.posts:
            chapter.quotes = chapter.posts[0].quotes
        if chapter.total is None and chapter.posts:
            problems.append(
                Problem(
                    chapter.line_start,
                    chapter.line_end,
                    "budget-sum",
                    f"kap. {chapter.chapter} has no stated sum",
                )
            )

    earmarks = _earmarks(doc, lines, sections, gazetteer, problems)
    authorisations = _authorisations(doc, lines, sections)
    return list(chapters.values()), earmarks, authorisations


def _slug(text: str, words: int = 5) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "Æ": "ae", "Ø": "o", "Å": "a"})
    tokens = re.findall(r"[a-z0-9]+", text.lower().translate(table))
    return "-".join(tokens[:words])


def _earmarks(
    doc: SourceDoc, lines: list[Line], sections: list[Section], gazetteer: Gazetteer, problems: list[Problem]
) -> list[Earmark]:
    earmarks: list[Earmark] = []
    starts = [(k, m) for k, line in enumerate(lines) if (m := _POST_TEXT.match(line.text))]
    for n, (k, match) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        body: list[Line] = []
        for line in lines[k + 1 : stop]:
            if _HEADER.match(line.text) or _CHAPTER_HEADING.match(line.text) or _SUM.match(line.text):
                break
            if any(s.line_start == line.number for s in sections):
                break
            body.append(line)
        if not body:
            continue
        block = doc.block(body)
        for amount in find_amounts(block.text):
            if amount.unit == "NOK" and amount.value < 1000:
                continue
            sentence_start = max(block.text.rfind(". ", 0, amount.start) + 2, 0)
            after = re.match(
                r"\s*til\s+(?P<label>.*?)(?=\s+og\s+\d|[.;](?:\s|$)|,\s*inkludert|$)",
                block.text[amount.end :],
            )
            label = after["label"].strip() if after else ""
            end = amount.end + (after.end() if after else 0)
            sentence_end = block.text.find(". ", end)
            sentence_end = len(block.text) if sentence_end < 0 else sentence_end + 1
            concerns = [m.entry for m in gazetteer.find(label, [KIND_SOLUTION])]
            slug = concerns[-1].key if concerns else _slug(label or "belop")
            earmarks.append(
                Earmark(
                    section=_section_number(sections, body[0].number),
                    quotes=block.quotes(sentence_start, sentence_end),
                    chapter=match["chap"],
                    post=match["post"],
                    label=label[:1].upper() + label[1:] if label else f"{amount.value} {amount.unit}",
                    amount=amount.value,
                    unit=amount.unit,
                    slug=f"{match['chap']}-{match['post']}-{slug}",
                    concerns=concerns,
                )
            )
    seen: dict[str, int] = {}
    for earmark in earmarks:
        seen[earmark.slug] = seen.get(earmark.slug, 0) + 1
        if seen[earmark.slug] > 1:
            earmark.slug = f"{earmark.slug}-{seen[earmark.slug]}"
    return earmarks


def _authorisations(doc: SourceDoc, lines: list[Line], sections: list[Section]) -> list[Authorisation]:
    found = []
    for section in sections:
        body = [ln for ln in lines if section.title_end < ln.number <= section.line_end]
        if not body or not any("overskride" in ln.text for ln in body):
            continue
        block = doc.block(body)
        for match in _AUTH.finditer(block.text):
            stop = block.text.rfind(". ", 0, match.start())  # the sentence before, if any
            start = stop + 2 if stop >= 0 else 0
            end = block.text.find(". ", match.end())
            end = len(block.text) if end < 0 else end + 1
            found.append(
                Authorisation(
                    section=section.number,
                    quotes=block.quotes(start, end),
                    exceed=(match["c1"], match["p1"]),
                    revenue=(match["c2"], match["p2"]),
                )
            )
    # Deepest sections repeat what their parents hold: keep each stated authorisation once.
    unique: dict[tuple[tuple[str, str], tuple[str, str]], Authorisation] = {}
    for auth in found:
        key = (auth.exceed, auth.revenue)
        if key not in unique or auth.section.count(".") > unique[key].section.count("."):
            unique[key] = auth
    return list(unique.values())


BUDGET_HEADER = _HEADER
BUDGET_CAPTION = _CAPTION
