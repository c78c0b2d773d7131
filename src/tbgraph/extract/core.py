"""``extract_letter``: read a letter, run each parser, and emit one named graph with provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from tbgraph.extract.annual_cycle import parse_annual_cycle
from tbgraph.extract.assignments import parse_assignments
from tbgraph.extract.budget import parse_budget
from tbgraph.extract.coverage import find_channel_dates, letter_mentions, unread_text
from tbgraph.extract.gazetteer import Entry, Gazetteer, load_gazetteer
from tbgraph.extract.goal_tables import read_goal_tables
from tbgraph.extract.goals import parse_goal_parameters, parse_lists, parse_main_goals, parse_mission
from tbgraph.extract.letter import parse_letter_info
from tbgraph.extract.markings import RawAssignment
from tbgraph.extract.model import Assignment, Authorisation, BudgetChapter, LetterInfo, ListItem, MainGoal
from tbgraph.extract.problems import Problem
from tbgraph.extract.rdf import Emitter, _slug, graph_iri_for, letter_iri_for, source_text_iri_for
from tbgraph.extract.sections import find_sections
from tbgraph.extract.text import Quote, SourceDoc, read_source
from tbgraph.model.namespaces import TB
from tbgraph.model.resources import resource_root

__all__ = ["Extraction", "extract_letter", "extract_source"]


@dataclass
class Extraction:
    """The result of extracting one letter."""

    graph: Graph
    graph_iri: str
    letter_iri: str
    problems: list[Problem] = field(default_factory=list)
    source: SourceDoc | None = None
    source_text_iri: str = ""
    #: What the parsers found, before it became RDF (for measurement against a hand-written truth).
    info: LetterInfo | None = None
    assignments: list[Assignment] = field(default_factory=list)
    goals: list[MainGoal] = field(default_factory=list)
    steering: list[ListItem] = field(default_factory=list)
    chapters: list[BudgetChapter] = field(default_factory=list)
    #: Organisations named outside the assignments: (entry, quotes, section).
    mentions: list[tuple[Entry, list[Quote], str]] = field(default_factory=list)
    #: Stretches of text that became no fact and are no page furniture, with their section.
    unread: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many of each kind of thing were extracted (for summaries)."""
        from rdflib import RDF

        from tbgraph.model.namespaces import TB

        kinds = {
            "assignments": TB.Assignment,
            "deliverables": TB.Deliverable,
            "deadlines": TB.Deadline,
            "involvements": TB.Involvement,
            "main goals": TB.MainGoal,
            "steering parameters": TB.SteeringParameter,
            "priority areas": TB.PriorityArea,
            "budget posts": TB.BudgetPost,
            "budget chapters": TB.BudgetChapter,
            "earmarks": TB.Earmark,
            "annual-cycle rows": TB.AnnualCycleItem,
        }
        out = {}
        for name, cls in kinds.items():
            if name == "budget chapters":
                out[name] = len(
                    {s for c in (TB.ExpenditureChapter, TB.RevenueChapter) for s in self.graph.subjects(RDF.type, c)}
                )
            else:
                out[name] = len(set(self.graph.subjects(RDF.type, cls)))
        return out

    def not_a_letter(self) -> str | None:
        """Why the text is no allocation letter (to refuse it, naming the lines read), or None.

        A letter has a title with "tildelingsbrev" near its start, or else a ministry that issues it
        together with assignments or a budget table."""
        info = self.info
        if info is not None and info.title:
            return None
        if info is not None and info.issuer is not None and (self.assignments or self.chapters):
            return None
        lines = self.source.content() if self.source is not None else []
        read = f"lines {lines[0].number}-{lines[min(39, len(lines) - 1)].number}" if lines else "no text"
        found = []
        if info is None or info.issuer is None:
            found.append("no issuing ministry")
        if not self.assignments:
            found.append("no assignments")
        if not self.chapters:
            found.append("no budget table")
        first = lines[0].stripped[:60] if lines else ""
        return (
            f"not an allocation letter: no title with 'tildelingsbrev' in {read} (it starts {first!r}); "
            + (", ".join(found) or "only")
            + " found"
        )

    def save_source_text(self, path: Path, identifier: str | None = None) -> None:
        """Write the text the line numbers refer to (for a PDF: its text layer) and point the graph at it."""
        from rdflib import Literal
        from rdflib.namespace import DCTERMS

        if self.source is None:
            raise ValueError("no source to save")
        path.write_text("\n".join(self.source.lines) + "\n", encoding="utf-8")
        subject = URIRef(self.source_text_iri)
        self.graph.set((subject, DCTERMS.identifier, Literal(identifier or _identifier_for(path))))
        self.graph.set((subject, DCTERMS.format, Literal("text/plain; charset=utf-8")))


def _identifier_for(path: Path) -> str:
    """The path provenance checks resolve: relative to the project root when the file is inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(resource_root().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def extract_letter(
    path: Path,
    *,
    letter_iri: str | None = None,
    gazetteer: Gazetteer | None = None,
    source_identifier: str | None = None,
) -> Extraction:
    """Extract one allocation letter (``.txt`` or ``.pdf``) into its own named graph.

    Raises :class:`~tbgraph.extract.problems.SourceError` when the file cannot be read at all; any
    part of the letter that cannot be parsed is listed in ``Extraction.problems`` instead.
    """
    doc = read_source(Path(path))
    return extract_source(doc, letter_iri=letter_iri, gazetteer=gazetteer, source_identifier=source_identifier)


def extract_source(
    doc: SourceDoc,
    *,
    letter_iri: str | None = None,
    gazetteer: Gazetteer | None = None,
    source_identifier: str | None = None,
) -> Extraction:
    gazetteer = gazetteer or load_gazetteer()
    problems: list[Problem] = []
    sections = find_sections(doc, problems)
    file_year = re.search(r"(20\d\d)", doc.path.name)
    info = parse_letter_info(doc, sections, gazetteer, problems, int(file_year.group(1)) if file_year else None)
    year = info.year or 0
    if info.recipient is not None:
        key = info.recipient.key
    else:
        key = _slug(info.recipient_name) if info.recipient_name else _slug(doc.path.stem)
    letter = URIRef(letter_iri) if letter_iri else letter_iri_for(key, year, info.supplement)
    graph_iri = graph_iri_for(str(letter))
    graph = Graph(identifier=graph_iri)
    source_text = source_text_iri_for(doc.path)
    emit = Emitter(graph, doc, letter, source_text, year, key, gazetteer)
    emit.letter_info(info, source_identifier or _identifier_for(doc.path))

    goal_tables = read_goal_tables(doc, sections)
    goals = parse_main_goals(doc, sections, problems, goal_tables)
    for goal in goals:
        emit.main_goal(goal)
    government, priorities, steering = parse_lists(doc, sections, problems)
    steering += parse_goal_parameters(doc, sections, goals, problems, goal_tables)
    for n, item in enumerate(steering, 1):
        item.sequence = n
    for item in government:
        emit.list_item(item, "government", info.issuer.key if info.issuer else None)
    for item in priorities:
        emit.list_item(item, "priority")
    for item in steering:
        emit.list_item(item, "steering")
    mission = parse_mission(doc, sections)
    if mission is not None:
        emit.mission(*mission)

    chapters, earmarks, authorisations = parse_budget(doc, sections, gazetteer, problems)
    for chapter in chapters:
        emit.budget_chapter(chapter)
    for earmark in earmarks:
        emit.earmark(earmark)
    supplement_authorisations: list[Authorisation] = []
    for n, auth in enumerate(authorisations, 1):
        if info.supplement:
            # a fullmakt in a supplement is over the amended letter's posts: restated it changes nothing, new it is
            # the supplement's change (tb:AuthorisationAddition), both decided in _supplement
            supplement_authorisations.append(auth)
            continue
        emit.authorisation(auth, n)

    issuer_key = info.issuer.key if info.issuer else None
    channel_dates = find_channel_dates(doc, sections, year)

    def assignments_of(raws: list[RawAssignment] | None = None) -> list[Assignment]:
        """The assignments of the text (or of the given raw markings), read with the letter's parties."""
        return parse_assignments(
            doc,
            sections,
            gazetteer,
            year,
            key if info.recipient else None,
            issuer_key,
            problems,
            recipient=info.recipient,
            issuer=info.issuer,
            channel_dates=channel_dates,
            raws=raws,
        )

    assignments = assignments_of()
    for assignment in assignments:
        if assignment.scheme not in ("tb-id", "other-id"):  # the letter's own ID stays the identifier
            assignment.identifier = f"{year}-{assignment.key}"
    if info.supplement:
        from tbgraph.extract.supplement import new_assignment_headings

        # a paragraph read as an assignment by its opening words is no claim on the lines under a heading of the
        # supplement's own ("4.11 Tittel" / "UNE skal …"): the heading's assignment takes them
        claimed = {
            n
            for a in assignments
            if a.scheme not in ("paragraph", "bullet")
            for q in a.quotes
            for n in range(q.line_start, q.line_end + 1)
        }
        own = assignments_of(new_assignment_headings(doc, sections, claimed))
        under_own = {n for a in own for q in a.quotes for n in range(q.line_start, q.line_end + 1)}
        assignments = [
            a
            for a in assignments
            if a.scheme not in ("paragraph", "bullet")
            or not all(n in under_own for q in a.quotes for n in range(q.line_start, q.line_end + 1))
        ]
        assignments = _supplement(
            doc,
            sections,
            emit,
            info,
            assignments + own,
            year,
            problems,
            {id(a) for a in own},
            supplement_authorisations,
        )
    identifiers = {a.identifier for a in assignments}
    goal_numbers = {g.number for g in goals}
    has_goals = bool(goals)
    apart = [a for a in assignments if a.goal is None] if has_goals else []
    if apart:
        # one note for the letter, not one per assignment: its goals (a table, a section of their own) stand apart
        # from its assignments, which name none
        problems.append(
            Problem(
                apart[0].line_start,
                apart[-1].line_start,
                "goal",
                f"{len(apart)} assignment(s) are under no goal's section (hovedmål, virksomhetsmål, mål), "
                f"{', '.join(a.identifier for a in apart[:3])}{' …' if len(apart) > 3 else ''}: the letter states "
                "its goals apart from its assignments",
            )
        )
    for assignment in assignments:
        if assignment.goal is None:
            pass  # a letter without goals, or goals apart from the assignments (noted once above)
        elif assignment.goal not in goal_numbers and not info.supplement:
            problems.append(
                Problem(
                    assignment.line_start,
                    assignment.line_start,
                    "goal",
                    f"{assignment.identifier} is under main goal {assignment.goal}, which was not read",
                )
            )
        base = letter_iri_for(key, year) if info.supplement else None
        emit.assignment(assignment, identifiers, part_of=base)
    if not info.supplement:
        _check_sequence(assignments, problems)

    cycle = parse_annual_cycle(doc, sections, year, problems)
    for row in cycle:
        emit.cycle_row(row, info.recipient, info.issuer)
    meetings = sum(1 for row in cycle if row.meeting)
    if info.meetings is not None and meetings < info.meetings and info.supplement:
        graph.remove((letter, TB.announcedMeetings, None))  # a supplement's count is a change (FactChange)
    elif info.meetings is not None and meetings < info.meetings:
        # The shapes ask for every announced meeting to be dated in the letter; say so, keep the rest.
        where = info.meetings_source.line_start if info.meetings_source else 1
        problems.append(
            Problem(
                where,
                where,
                "meetings",
                f"the letter announces {info.meetings} steering meetings but dates {meetings} "
                "(no annual cycle row for the others); tb:announcedMeetings is left out",
            )
        )
        graph.remove((letter, TB.announcedMeetings, None))
    # Every organisation the letter names that no assignment involves is named by the letter itself.
    involved = {str(i.entry.iri) for a in assignments for i in a.involvements if i.entry is not None}
    in_tables = {  # lines of tables laid out in columns: a line mixes cells, names are read per cell
        n
        for a in assignments
        if a.scheme == "table-row"
        for q in a.quotes + [q for d in a.deadlines for q in d.quotes]
        # only the row's own lines: a deadline read from a channel's date elsewhere ("årsrapporten … innen 15. mars")
        # quotes prose, whose names are read as prose
        if a.line_start <= q.line_start and q.line_end <= a.line_end
        for n in range(q.line_start, q.line_end + 1)
    }
    mentions = [m for m in letter_mentions(doc, sections, gazetteer, in_tables, info) if str(m[0].iri) not in involved]
    emit.mentions(mentions)
    problems.sort()
    result = Extraction(
        graph=graph,
        graph_iri=str(graph_iri),
        letter_iri=str(letter),
        problems=problems,
        source=doc,
        source_text_iri=str(source_text),
        info=info,
        assignments=assignments,
        goals=goals,
        steering=steering,
        chapters=chapters,
        mentions=mentions,
    )
    result.unread = unread_text(doc, sections, graph)
    return result


def _check_sequence(assignments: list, problems: list[Problem]) -> None:  # type: ignore[type-arg]
    by_year: dict[str, list[int]] = {}
    for a in assignments:
        if a.scheme != "tb-id":
            continue
        year, number = a.identifier[2:6], int(a.identifier[7:])
        by_year.setdefault(year, []).append(number)
    for year, numbers in by_year.items():
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        if missing:
            listed = ", ".join(f"TB{year}-{n:02d}" for n in missing)
            problems.append(
                Problem(
                    1,
                    1,
                    "assignment-id",
                    f"assignment IDs missing from the sequence (not found as 'ID:' lines): {listed}",
                )
            )


def _meeting_that_goes(graph: Graph, letter: URIRef, which: str) -> URIRef | None:
    """The amended letter's steering meeting a supplement cancels: the one in a month, or the first or last."""
    from rdflib import RDF
    from rdflib.namespace import DCTERMS, TIME

    from tbgraph.extract.dates import MONTHS

    meetings = []
    for item in graph.subjects(RDF.type, TB.SteeringMeeting):
        if (item, DCTERMS.isPartOf, letter) not in graph or not isinstance(item, URIRef):
            continue
        for deadline in graph.objects(item, TB.deadline):
            day = graph.value(deadline, TIME.inXSDDate)
            if day is not None:
                meetings.append((str(day), item))
    meetings.sort()
    if not meetings:
        return None
    if which in ("siste",):
        return meetings[-1][1]
    if which in ("første", "fyrste"):
        return meetings[0][1]
    month = MONTHS.get(which)
    found = [item for day, item in meetings if month is not None and int(day[5:7]) == month]
    return found[0] if len(found) == 1 else None


def _supplement(
    doc: SourceDoc,
    sections: list,  # type: ignore[type-arg]
    emit: Emitter,
    info: LetterInfo,
    assignments: list[Assignment],
    year: int,
    problems: list[Problem],
    headed: set[int] | None = None,
    authorisations: list[Authorisation] | None = None,
) -> list[Assignment]:
    """A supplement's changes, in the amendment model; returns the assignments it adds (``headed``: the ids of
    those under a heading "Nytt oppdrag: …" of the supplement's own; ``authorisations``: the fullmakter it
    states, new ones its changes)."""
    from rdflib import RDF, Literal
    from rdflib.namespace import DCTERMS, SKOS, XSD

    from tbgraph.extract.rdf import AmendmentEmitter
    from tbgraph.extract.supplement import base_graph, deadline_on, find_changes, resolve_assignment
    from tbgraph.model.namespaces import ID_BASE

    key = emit.key
    base = letter_iri_for(key, year)
    changes = find_changes(doc, sections, year, problems)
    g = emit.g
    g.add((emit.letter, URIRef("http://data.europa.eu/eli/ontology#amends"), base))
    g.add((emit.letter, SKOS.notation, Literal(str(info.supplement))))
    if changes.issued is not None:
        g.add((emit.letter, DCTERMS.issued, Literal(changes.issued.isoformat(), datatype=XSD.date)))
    else:
        problems.append(
            Problem(1, 1, "supplement", "no date in the letterhead; changes without a date of their own have none")
        )
    amend = AmendmentEmitter(emit, base, changes.issued.isoformat() if changes.issued else None)
    referred = (
        {w.identifier for w in changes.withdrawals}
        | {m.identifier for m in changes.moves}
        | {r.identifier for r in changes.revisions}
    )
    # IDs a withdrawal, a moved deadline or a revision names are no assignments of the supplement's own ("Oppdrag
    # O-3 Landstrøm får følgende nye ordlyd:" read as assignment O-3): what was said of them as such goes.
    problems[:] = [
        p
        for p in problems
        if not (p.kind in ("assignment-text", "deadline") and re.split(r"[\s:]", p.message, maxsplit=1)[0] in referred)
    ]
    if info.issuer is None:
        # "Vi viser til tildelingsbrev for 2023 …": the supplement comes from the amended letter's issuer.
        issuer = base_graph().value(base, TB.issuedBy)
        if issuer is not None:
            g.add((emit.letter, TB.issuedBy, issuer))
            problems[:] = [p for p in problems if p.kind != "issuer"]
    new_numbers = [s.number for s in changes.new_sections]
    # Led in by "Departementet gir følgende nye oppdrag:": the assignments of the list or table just below it.
    led_in: set[int] = set()
    for line in changes.lead_ins:
        after = sorted((a for a in assignments if a.line_start > line), key=lambda a: a.line_start)
        if after and after[0].line_start <= line + 4:
            prefix = after[0].key.rsplit("-", 1)[0]
            led_in |= {id(a) for a in after if a.key.rsplit("-", 1)[0] == prefix}
    added = [
        a
        for a in assignments
        if any(a.section == n or a.section.startswith(n + ".") for n in new_numbers)
        or id(a) in led_in
        or id(a) in (headed or set())
        or (
            a.identifier not in referred
            and a.marking not in referred
            and a.text
            and a.scheme == "tb-id"
            # an assignment of the amended letter, under its ID over what the supplement says of it ("TB2024-03
            # Klager på … / Oppdraget videreføres uendret"), is no new one
            and (emit.assignment_iri(a.identifier), RDF.type, TB.Assignment) not in base_graph()
        )
    ]
    for a in added:
        if a.scheme != "tb-id":  # a key of the supplement's own, never one of the amended letter's
            a.key = f"tillegg-{info.supplement}-{a.key}"
            a.identifier = f"{year}-{a.key}"
        note = next((v for n, v in changes.goal_notes.items() if a.section == n or a.section.startswith(n + ".")), None)
        if a.goal is None and note is not None:
            a.goal = note[0]
            a.quotes = a.quotes + [q for q in note[1] if q not in a.quotes]
    steps: list[tuple[int, object]] = []
    for row in changes.budget:
        # a post the amended letter does not have, from 0 ("Tidligere tildelt 0"), under a chapter it has
        chapter_iri = URIRef(f"{base}/budget/kap-{row.chapter}")
        new_post = (
            row.post is not None
            and row.before == 0
            and (URIRef(f"{chapter_iri}/post-{row.post}"), RDF.type, TB.BudgetPost) not in base_graph()
            and any(True for _ in base_graph().triples((chapter_iri, SKOS.notation, None)))
        )
        steps.append((row.quotes[0].line_start, lambda row=row, new_post=new_post: amend.budget(row, new_post)))
    for a in added:
        iri = (
            emit.assignment_iri(a.identifier)
            if a.scheme == "tb-id"
            else URIRef(f"{ID_BASE}assignment/{key}/{year}/{a.key}")
        )
        quotes = a.title_quotes or a.quotes[:1]
        steps.append(
            (
                a.line_start,
                lambda a=a, iri=iri, quotes=quotes: amend.addition(
                    iri, a.identifier, quotes, a.section, changes.effective_for(a.section, a.line_start)
                ),
            )
        )
    graph = base_graph() if changes.moves or changes.withdrawals else None
    for w in changes.withdrawals:
        target = resolve_assignment(graph, base, w.identifier, key, year)
        steps.append(
            (
                w.quotes[0].line_start,
                lambda w=w, target=target: amend.withdrawal(target, w.identifier, w.effective, w.quotes, w.section),
            )
        )
    for m in changes.moves:
        assignment = resolve_assignment(graph, base, m.identifier, key, year)
        found = deadline_on(graph, assignment, m.old) if graph is not None else None
        if found is None:
            problems.append(
                Problem(
                    m.quotes[0].line_start,
                    m.quotes[-1].line_end,
                    "supplement",
                    f"{m.identifier}: no deadline on {m.old} in the amended letter (is it loaded?); "
                    "the new deadline is kept without the one it replaces",
                )
            )
            owner, old, new = assignment, None, URIRef(f"{assignment}/deadline/tillegg-{info.supplement}")
        else:
            owner, old, count = found
            new = URIRef(f"{owner}/deadline/{count + 1}")
        steps.append(
            (
                m.quotes[0].line_start,
                lambda m=m, owner=owner, old=old, new=new: amend.deadline_move(
                    owner, old, new, m.new.isoformat(), m.identifier, m.quotes, m.section, m.effective
                ),
            )
        )
    for f in changes.facts:
        ends = _meeting_that_goes(base_graph(), base, f.ends) if f.ends else None
        if f.ends and ends is None:
            problems.append(
                Problem(
                    f.quotes[0].line_start,
                    f.quotes[-1].line_end,
                    "supplement",
                    f"a steering meeting ({f.ends}) is cancelled, but the amended letter has no such meeting in its "
                    "annual cycle (is it loaded?); only the announced number changes",
                )
            )
        steps.append(
            (
                f.quotes[0].line_start,
                lambda f=f, ends=ends: amend.fact(f.prop, f.before, f.after, f.quotes, f.section, ends),
            )
        )
    for r in changes.revisions:
        graph = graph if graph is not None else base_graph()
        revised = resolve_assignment(graph, base, r.identifier, key, year)
        owners = [revised, *graph.objects(revised, TB.hasDeliverable), *graph.subjects(TB.deliverableOf, revised)]
        replaced = sorted(
            {d for o in dict.fromkeys(owners) for d in graph.objects(o, TB.deadline) if isinstance(d, URIRef)}
        )
        given = [
            (URIRef(f"{revised}/deadline/tillegg-{info.supplement}-{n}"), d.kind or "final", d.date)
            for n, d in enumerate(r.deadlines, start=1)
            if d.date is not None or d.kind in ("continuous", "to-be-agreed")
        ]
        steps.append(
            (
                r.quotes[0].line_start,
                lambda r=r, revised=revised, replaced=replaced, given=given: amend.revision(
                    revised, r.identifier, r.text, replaced, given, r.quotes, r.section, r.effective
                ),
            )
        )
    for auth in authorisations or []:
        granted, day = _granted(auth, base, changes, problems)
        if granted:
            steps.append((auth.line_start, lambda auth=auth, day=day: amend.authorisation_addition(auth, day)))
    for _line, step in sorted(steps, key=lambda s: s[0]):
        step()  # type: ignore[operator]
    return added


#: A fullmakt a supplement only restates: "gjelder fortsatt", "gjelder som før", "gjeld framleis", "videreføres".
_RESTATED = re.compile(
    r"\b(?:gjelder|gjeld)\s+(?:fortsatt|framleis|fremdeles|som\s+før|uendret|uendra|også)\b|\bvidereføres\b|"
    r"\bvidareførast\b|\bstår\s+ved\s+lag\b|\bligg\s+fast\b|\bligger\s+fast\b",
    re.IGNORECASE,
)


def _granted(auth: Authorisation, base: URIRef, changes: object, problems: list[Problem]) -> tuple[bool, object]:
    """Whether a fullmakt stated in a supplement is new (the supplement's own change) and the day it takes effect
    (its own, or a statement for its section; None for the supplement's date). Not new when restated (its
    wording says so, or the amended letter has the same fullmakt): it changes nothing; over posts the amended
    letter does not have it cannot be modelled. Either is reported."""
    from rdflib import RDF

    from tbgraph.extract.dates import DATE_RE, parse_date
    from tbgraph.extract.supplement import SupplementChanges, base_graph
    from tbgraph.extract.supplement_prose import effective_in

    assert isinstance(changes, SupplementChanges)
    (c1, p1), (c2, p2) = auth.exceed, auth.revenue
    what = f"the fullmakt to exceed kap. {c1} post {p1} against revenue on kap. {c2} post {p2}"
    text = " ".join(q.text for q in auth.quotes)
    graph = base_graph()
    exceed = URIRef(f"{base}/budget/kap-{c1}/post-{p1}")
    revenue = URIRef(f"{base}/budget/kap-{c2}/post-{p2}")
    in_letter = any(
        (other, TB.againstRevenueOn, revenue) in graph for other in graph.subjects(TB.authorisesExceeding, exceed)
    )
    if _RESTATED.search(text) or in_letter:
        problems.append(
            Problem(auth.line_start, auth.line_end, "authorisation", f"{what} is restated by the supplement: no change")
        )
        return False, None
    if (exceed, RDF.type, TB.BudgetPost) not in graph or (revenue, RDF.type, TB.BudgetPost) not in graph:
        problems.append(
            Problem(
                auth.line_start,
                auth.line_end,
                "authorisation",
                f"{what} is granted by the supplement, but the amended letter has not both posts (is it loaded?); "
                "not modelled",
            )
        )
        return False, None
    at = effective_in(text)
    match = DATE_RE.match(text, at) if at is not None else None
    own = parse_date(match, changes.issued.year if changes.issued else 0) if match else None
    return True, own or changes.effective_for(auth.section, auth.line_start)
