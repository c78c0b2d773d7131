"""Budget tables ("Kap. Post Postnavn Tildeling 2023"), earmarks in the post texts, and fullmakter.

A table starts at its header line and ends at "Sum kap. NNN". Rows may leave out the chapter
(" 21 Spesielle driftsutgifter …" continues the chapter above), wrap their name over lines and put
the amount on a line of its own. Posts are checked against the stated sum; a mismatch, a row
without an amount or a line that is no row is reported, never dropped in silence.
"""

from __future__ import annotations

import re
from decimal import Decimal

from tbgraph.extract.amounts import NUMBER, find_amounts, parse_number
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
#: A chapter on its own line inside a table: "Kap. 271 Direktoratet for …", "1352          Jernbanetilsynet".
_TABLE_CHAPTER = re.compile(
    r"^\s*(?:(?:Kap\.?|Kapittel)\s*)?(?P<chap>\d{3,4})\s+(?P<label>[A-ZÆØÅÉ«][^\d]*?)\s*$", re.I
)
#: Captions and units inside or just above a table: "Utgifter", "Inntekter (i mill. kroner)", "(i 1000 kr)".
_CAPTION = re.compile(
    r"^\s*(?:(?:Utgifter|Inntekter|Utgifter\s+og\s+inntekter)\b[^\d]*|(?:Tabell\s+\d+(?:\.\d+)*\b[^()]*)?"
    r"(?:\([^)]*\bkr[^)]*\)\s*)+|"
    # a line of its own naming the unit: "Alle beløp i kroner.", "Beløp i tusen kroner", "Tal i 1 000 kr"
    r"(?:Alle\s+)?(?:Beløp|Beløpa|Beløpene|Tal|Tall|Tala|Tallene)\s+(?:er\s+|er\s+oppgitt\s+|oppgitt\s+)?i\s+"
    r"(?:hele\s+|heile\s+)?(?:kroner|kr\.?|tusen\s+kroner|tusen\s+kr\.?|1\s?000\s+kr(?:oner)?|mill\.?\s+kr(?:oner)?|"
    r"millioner\s+kroner)\s*\.?\s*)$",
    re.IGNORECASE,
)
_CHAPTER_HEADING = re.compile(r"^\s*(?:Kap\.?|Kapittel)\s*(?P<chap>\d{3,4})\s+(?P<label>[^\d,].*?)\s*$", re.IGNORECASE)
#: "Sum kap. 744   391 621"; with several amount columns ("Saldert 2023", "Tildeling 2024") the last one.
_SUM = re.compile(
    rf"^\s*(?:\d{{3,4}}\s+)?Sum\s+(?:kap\.?|kapittel)\s*(?P<chap>\d{{3,4}})(?:\s+[A-Za-zÆØÅæøå][^\d]*?)?"
    rf"(?:\s+(?:{NUMBER})(?=\s{{2,}}))*\s+(?P<amount>{NUMBER})\s*$",
    re.IGNORECASE,
)
#: A post: "01 Driftsutgifter", "1352  01 Driftsutgifter", or chapter and post in one column, "1115.01".
_ROW = re.compile(
    r"^\s*(?:(?P<chap>\d{3,4})(?:\s+|\.(?=\d{2}\s)))?(?P<post>\d{2})\s+(?P<name>[A-Za-zÆØÅæøåÉé«].*?)\s*$"
)
_AMOUNT_ONLY = re.compile(rf"^\s*(?P<amount>{NUMBER})\s*$")
_TRAILING_AMOUNT = re.compile(rf"^(?P<name>.*?)\s+(?P<amount>{NUMBER})\s*$")
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


#: A post written out in a table without a header line: "Post 01   Driftsutgifter   905 630".
_POST_ROW = re.compile(rf"^\s*Post\s+(?P<post>\d{{2}})\s+(?P<name>\S.*?)\s{{2,}}(?P<amount>{NUMBER})\s*$", re.I)
#: Its sum: "Sum   1 362 330", "Sum kap. 1820   1 362 330".
_BARE_SUM = re.compile(
    rf"^\s*Sum(?:\s+(?:kap\.?|kapittel)\s*(?P<chap>\d{{3,4}})[^\d]*?)?\s{{2,}}(?P<amount>{NUMBER})\s*$", re.I
)


def _headerless_tables(
    doc: SourceDoc,
    lines: list[Line],
    sections: list[Section],
    chapters: dict[str, BudgetChapter],
    labels: dict[str, tuple[str, Line]],
) -> None:
    """Tables without a header line: a chapter's line ("Kap. 1820 Norges vassdrags- og …") over rows
    "Post 01   Driftsutgifter   905 630" and a "Sum" row; the unit from a caption above the first
    chapter ("Tabell 1 … (beløp i 1 000 kroner)") or the chapter's line, else thousands."""
    unit: str | None = None
    for k, line in enumerate(lines):
        heading = _CHAPTER_HEADING.match(line.text)
        if not heading or heading["chap"] in chapters or _POST_TEXT.match(line.text):
            continue
        rows = []
        j = k + 1
        while j < len(lines) and _POST_ROW.match(lines[j].text):
            rows.append(lines[j])
            j += 1
        if not rows:
            continue
        above = [ln.text for ln in lines[max(0, k - 4) : k + 1] if re.search(r"\bkr\b|kroner|mill\.", ln.text, re.I)]
        if above:
            unit = _unit_of(" ".join(above))
        number = heading["chap"]
        chapter = chapters[number] = BudgetChapter(
            section=_section_number(sections, line.number),
            quotes=doc.block([line]).quotes(),
            chapter=number,
            label=f"Kap. {number} {heading['label'].strip()}",
            unit=unit or "thousand-NOK",
        )
        labels.setdefault(number, (chapter.label, line))
        for row in rows:
            match = _POST_ROW.match(row.text)
            assert match is not None
            value = parse_number(match["amount"])
            if value is None:
                continue
            label, transferable, used_under = _post_fields(match["name"].strip())
            chapter.posts.append(
                BudgetPost(
                    section=_section_number(sections, row.number),
                    quotes=doc.block([row]).quotes(),
                    chapter=number,
                    post=match["post"],
                    name=label,
                    amount=value,
                    unit=chapter.unit,
                    transferable=transferable,
                    may_be_used_under=used_under,
                )
            )
        total = _BARE_SUM.match(lines[j].text) if j < len(lines) else None
        if total and (total["chap"] in (None, number)):
            chapter.total = parse_number(total["amount"])
            chapter.quotes = chapter.quotes + doc.block([lines[j]]).quotes()


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


def parse_budget(
    doc: SourceDoc, sections: list[Section], gazetteer: Gazetteer, problems: list[Problem]
) -> tuple[list[BudgetChapter], list[Earmark], list[Authorisation]]:
    lines = doc.content()
    chapters: dict[str, BudgetChapter] = {}
    labels: dict[str, tuple[str, Line]] = {}
    for line in lines:
        heading = _CHAPTER_HEADING.match(line.text)
        if heading and not _POST_TEXT.match(line.text) and not _HEADER.match(line.text):
            labels.setdefault(heading["chap"], (f"Kap. {heading['chap']} {heading['label'].strip()}", line))

    carried: str | None = None  # a chapter whose posts run on past a header repeated after a page break
    i = 0
    while i < len(lines):
        header = _HEADER.match(lines[i].text)
        if not header or re.search(r"\bEndring\b", header["rest"], re.IGNORECASE):
            i += 1  # no table, or a supplement's before / change / after table (read by .supplement)
            continue
        around = " ".join(ln.text for ln in lines[max(0, i - 2) : i + 2] if _CAPTION.match(ln.text) or ln is lines[i])
        unit = _unit_of(header["rest"] + " " + around)
        header_line = lines[i]
        i += 1
        after_sum = False
        start_chapter: str | None = None
        if not header["kap"]:
            # "Kap. 1320 Statens vegvesen" on its own line above a table headed "Post / Nemning".
            above = [ln for ln in lines[max(0, i - 4) : i - 1] if _CHAPTER_HEADING.match(ln.text)]
            if not above:
                continue
            heading = _CHAPTER_HEADING.match(above[-1].text)
            assert heading is not None
            start_chapter = heading["chap"]
            unit = _unit_of(header["rest"] + " " + above[-1].text + " " + around)
        chapter: BudgetChapter | None = None
        row: list[Line] = []
        row_match: re.Match[str] | None = None
        name_parts: list[str] = []

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

        def close_row(amount_text: str, last: Line) -> None:
            nonlocal row, row_match, name_parts, chapter
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
            else:
                chapter = get_chapter(number, row[0])
                # Other amount columns ("Saldert 2023") stand between the name and the allocation.
                name = " ".join(" ".join(re.split(r"\s{2,}(?=[\d-])", part)[0] for part in name_parts).split())
                label, transferable, used_under = _post_fields(name)
                value = parse_number(amount_text)
                assert value is not None
                block = doc.block(row + ([last] if last is not row[-1] else []))
                chapter.posts.append(
                    BudgetPost(
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
                )
            row, row_match, name_parts = [], None, []

        while i < len(lines):
            line = lines[i]
            text = line.text
            total = _SUM.match(text)
            if total:
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
                chapter = get_chapter(total["chap"], line)
                chapter.total = parse_number(total["amount"])
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
            if after_sum and row_match is None and not _ROW.match(text):
                break  # the text after the table's last sum
            if _CHAPTER_HEADING.match(text) and row_match is None and chapter is not None:
                break
            if row_match is not None:
                only = _AMOUNT_ONLY.match(text)
                if only:
                    close_row(only["amount"], line)
                    i += 1
                    continue
                trailing = _TRAILING_AMOUNT.match(text)
                if trailing and not _ends_in_reference(text) and not _ROW.match(text):
                    row.append(line)
                    name_parts.append(trailing["name"])
                    close_row(trailing["amount"], line)
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
                trailing = _TRAILING_AMOUNT.match(start["name"])
                if trailing and not _ends_in_reference(start["name"]):
                    name_parts = [trailing["name"]]
                    close_row(trailing["amount"], line)
                else:
                    name_parts = [start["name"]]
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

    _headerless_tables(doc, lines, sections, chapters, labels)
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
