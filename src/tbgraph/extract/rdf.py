"""Emit what the parsers found as RDF in the project's ontology, with the curated data's IRI scheme.

IRIs are those a curator would mint, so that extracted and curated facts about the same thing
meet: ``assignment/{recipient}/TB2023-01``, ``letter/{recipient}/{year}``, deadlines, parts and
involvements under the assignment, budget under ``letter/…/budget/kap-744/post-01``. Every
resource carries ``tb:source`` locations (section, exact quote, line span); involvements carry
``tb:confidence`` and ``tb:curated false``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS, TIME

from tbgraph.extract.amounts import UNIT_MULTIPLIER
from tbgraph.extract.dates import DATE_RE
from tbgraph.extract.gazetteer import KIND_DOCUMENT, KIND_LEGAL, KIND_SOLUTION, Entry, Gazetteer
from tbgraph.extract.legal import CITATION_CLASS
from tbgraph.extract.model import (
    Assignment,
    Authorisation,
    BudgetChapter,
    CycleRow,
    Deadline,
    Earmark,
    Involvement,
    LetterInfo,
    ListItem,
    MainGoal,
    Reference,
    Sourced,
)
from tbgraph.extract.text import Quote, SourceDoc
from tbgraph.model.namespaces import GRAPH_BASE, ID_BASE, TB, TBDEP, TBDK, TBROLE, TBUNIT
from tbgraph.model.version import __version__

__all__ = ["Emitter", "letter_iri_for", "graph_iri_for", "source_text_iri_for"]

ID = Namespace(ID_BASE)
#: The ontology's namespace as a plain Namespace, for the amendment terms (tb:Amendment and its
#: kinds) that the generated tbgraph.model.namespaces.TB does not list yet.
TBA = Namespace("https://w3id.org/tbgraph/ontology#")
NB = "nb"
_UNITS = {"NOK": TBUNIT.NOK, "thousand-NOK": TBUNIT["thousand-NOK"], "million-NOK": TBUNIT["million-NOK"]}
_KINDS = {
    "final": TBDK.final,
    "preliminary": TBDK.preliminary,
    "continuous": TBDK.continuous,
    "to-be-agreed": TBDK["to-be-agreed"],
    "reporting-channel": TBDK["reporting-channel"],
}
_ROLES = {
    name: TBROLE[name]
    for name in (
        "owner",
        "lead",
        "assisting",
        "collaborating",
        "coordinating",
        "providing-input",
        "consulted",
        "receiving-delivery",
    )
}


def _slug(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "Æ": "ae", "Ø": "o", "Å": "a"})
    return "-".join(re.findall(r"[a-z0-9]+", text.lower().translate(table))) or "letter"


def letter_iri_for(key: str, year: int, supplement: int | None = None) -> URIRef:
    base = f"{ID_BASE}letter/{key}/{year}"
    return URIRef(f"{base}/supplement/{supplement}" if supplement else base)


def graph_iri_for(letter_iri: str) -> URIRef:
    """``…/id/letter/ehelse/2023`` → ``…/graph/letter/ehelse/2023``; other IRIs get a slug of themselves."""
    if letter_iri.startswith(ID_BASE):
        return URIRef(GRAPH_BASE + letter_iri[len(ID_BASE) :])
    return URIRef(f"{GRAPH_BASE}letter/{_slug(letter_iri)}")


def source_text_iri_for(path: Path) -> URIRef:
    return URIRef(f"{ID_BASE}source/{_slug(path.stem)}")


def _kind_of_unknown(entry: Entry) -> URIRef:
    """The kind a name says of itself ("…departementet", "…direktoratet", "… SF", "… RHF", "… kommune")."""
    name = entry.label.lower()
    if TB.Ministry in entry.types or name.endswith(("departementet", "departement")):
        return TB.Ministry
    if name.endswith(" rhf"):
        return TB.RegionalHealthAuthority
    if name.endswith(" sf"):
        return TB.StateEnterprise
    if name.endswith(" kommune"):
        return TB.Municipality
    if re.search(r"(?:direktorat|tilsyn|etat|verk)(?:et|en)?$", name):
        return TB.Directorate
    return ORG.Organization


def _decimal(value: Decimal) -> Literal:
    value = value.normalize()
    if value == value.to_integral_value():
        return Literal(int(value), datatype=XSD.integer)
    return Literal(value, datatype=XSD.decimal)


class Emitter:
    """Builds the letter's graph; one instance per extraction."""

    def __init__(
        self,
        graph: Graph,
        doc: SourceDoc,
        letter: URIRef,
        source_text: URIRef,
        year: int,
        recipient_key: str,
        gazetteer: Gazetteer,
    ):
        self.g = graph
        self.doc = doc
        self.letter = letter
        self.source_text = source_text
        self.year = year
        self.key = recipient_key
        self.gazetteer = gazetteer
        self._steering: dict[str, int] = {}
        self._unknown_quotes: dict[URIRef, list[Quote]] = {}
        for prefix, ns in (
            ("tb", TB),
            ("tbrole", TBROLE),
            ("tbdk", TBDK),
            ("tbdep", TBDEP),
            ("tbunit", TBUNIT),
            ("dcterms", DCTERMS),
            ("prov", PROV),
            ("skos", SKOS),
            ("time", TIME),
            ("id", ID),
        ):
            graph.bind(prefix, ns)

    # -- helpers -------------------------------------------------------------------------------------

    def source(
        self,
        subject: URIRef,
        item: Sourced | None = None,
        quotes: list[Quote] | None = None,
        section: str | None = None,
    ) -> None:
        for quote in quotes if quotes is not None else (item.quotes if item else []):
            node = BNode()
            self.g.add((subject, TB.source, node))
            self.g.add((node, RDF.type, TB.SourceLocation))
            self.g.add((node, TB.inSourceText, self.source_text))
            self.g.add((node, TB.section, Literal(section or (item.section if item else "innledning"))))
            self.g.add((node, TB.quote, Literal(quote.text)))
            self.g.add((node, TB.lineStart, Literal(quote.line_start, datatype=XSD.positiveInteger)))
            self.g.add((node, TB.lineEnd, Literal(quote.line_end, datatype=XSD.positiveInteger)))

    def amount(
        self,
        subject: URIRef,
        value: Decimal,
        unit: str,
        stated: URIRef = TB.statedAmount,
        nok: URIRef = TB.amountNOK,
    ) -> None:
        self.g.add((subject, stated, _decimal(value)))
        self.g.add((subject, TB.statedUnit, _UNITS.get(unit, TBUNIT.NOK)))
        self.g.add((subject, nok, _decimal(value * UNIT_MULTIPLIER[unit])))

    def reference_resource(self, ref: Reference) -> URIRef | None:
        entry = ref.entry
        if entry is None:
            return None
        if entry.iri not in self.gazetteer.by_iri:
            # A citation the reference data does not know yet: say what it is, in this letter's graph.
            kind = entry.key.split("-")[0] if not entry.key.startswith("meld-st") else "meld-st"
            cls = getattr(TB, CITATION_CLASS.get(kind, "LegalSource"))
            self.g.add((entry.iri, RDF.type, cls))
            self.g.add((entry.iri, RDFS.label, Literal(entry.label, lang=NB)))
            self.source(entry.iri, ref)
        return entry.iri

    def describe_unknown(self, entry: Entry, quotes: list[Quote], section: str) -> None:
        """A name the reference data does not know, kept as an organisation of this letter's graph."""
        if entry.known or not quotes:
            return
        g, iri = self.g, entry.iri
        if (iri, TB.key, None) not in g:
            g.add((iri, RDF.type, _kind_of_unknown(entry)))
            g.add((iri, TB.key, Literal(entry.key)))
            g.add((iri, RDFS.label, Literal(entry.label, lang=NB)))
            g.add((iri, RDFS.label, Literal(entry.label, lang="en")))
            g.add((iri, TB.curated, Literal(False)))
            g.add(
                (
                    iri,
                    SKOS.editorialNote,
                    Literal(
                        "Name taken from the letter's own words; not in the reference data (data/reference). "
                        "The English label repeats the name as written.",
                        lang="en",
                    ),
                )
            )
        known = {(str(q.line_start), q.text) for q in self._unknown_quotes.setdefault(iri, [])}
        fresh = [q for q in quotes if (str(q.line_start), q.text) not in known]
        self._unknown_quotes[iri].extend(fresh)
        self.source(iri, quotes=fresh, section=section)

    def mentions(self, mentions: list[tuple[Entry, list[Quote], str]]) -> None:
        """Organisations the letter names outside its assignments (``dcterms:references``)."""
        for entry, quotes, section in mentions:
            self.describe_unknown(entry, quotes, section)
            self.g.add((self.letter, DCTERMS.references, entry.iri))

    # -- the letter ----------------------------------------------------------------------------------

    def letter_info(self, info: LetterInfo, identifier: str) -> None:
        g, letter = self.g, self.letter
        g.add((self.source_text, RDF.type, TB.SourceText))
        g.add((self.source_text, RDFS.label, Literal(f"Tekst fra {self.doc.path.name}", lang=NB)))
        g.add((self.source_text, DCTERMS.identifier, Literal(identifier)))
        g.add(
            (
                self.source_text,
                DCTERMS.format,
                Literal("text/plain; charset=utf-8" if self.doc.media_type == "text/plain" else self.doc.media_type),
            )
        )
        g.add((self.source_text, TB.sha256, Literal(self.doc.sha256, datatype=XSD.hexBinary)))
        g.add((self.source_text, TB.textOf, letter))
        g.add((letter, RDF.type, TB.LetterSupplement if info.supplement else TB.AllocationLetter))
        if info.title:
            g.add((letter, DCTERMS.title, Literal(info.title, lang=NB)))
            g.add((letter, RDFS.label, Literal(info.title, lang=NB)))
        if info.issuer is not None:
            g.add((letter, TB.issuedBy, info.issuer.iri))
            self.describe_unknown(info.issuer, info.quotes, "innledning")
        if info.recipient is not None:
            g.add((letter, TB.recipient, info.recipient.iri))
            self.describe_unknown(info.recipient, info.quotes, "innledning")
        if info.year:
            g.add((letter, TB.budgetYear, Literal(str(info.year), datatype=XSD.gYear)))
        for ref in info.based_on:
            iri = self.reference_resource(ref)
            if iri is not None:
                g.add((letter, TB.basedOn, iri))
        for entry, quotes in zip(info.copy_to, info.copy_quotes or [[]] * len(info.copy_to), strict=False):
            g.add((letter, TB.copyTo, entry.iri))
            self.describe_unknown(entry, quotes, "innledning")
        for name in info.signatories:
            g.add((letter, TB.signatory, Literal(name)))
        if info.meetings is not None:
            g.add((letter, TB.announcedMeetings, Literal(info.meetings, datatype=XSD.integer)))
        self.source(letter, info)
        if info.meetings_source is not None:
            self.source(letter, info.meetings_source)
        graph_iri = self.g.identifier
        if isinstance(graph_iri, URIRef):
            g.add((graph_iri, RDF.type, PROV.Entity))
            g.add((graph_iri, PROV.wasDerivedFrom, self.source_text))
            g.add(
                (
                    graph_iri,
                    DCTERMS.description,
                    Literal(
                        f"Maskinelt uttrukket av tbgraph extract {__version__}; ikke gjennomgått av en redaktør.",
                        lang=NB,
                    ),
                )
            )

    def main_goal(self, goal: MainGoal) -> URIRef:
        iri = URIRef(f"{self.letter}/main-goal/{goal.number}")
        if goal.parent is not None:
            # A sub-goal ("Delmål 1.2"): a goal under its main goal, not a main goal of its own.
            iri = URIRef(f"{self.letter}/goal/{goal.number}")
            self.g.add((iri, RDF.type, TB.Goal))
            self.g.add((iri, SKOS.broader, URIRef(f"{self.letter}/main-goal/{goal.parent}")))
            self.g.add((iri, SKOS.notation, Literal(goal.number)))
            self.g.add((iri, DCTERMS.isPartOf, self.letter))
            self.g.add((iri, RDFS.label, Literal(goal.label, lang=NB)))
            self.source(iri, goal)
            return iri
        self.g.add((iri, RDF.type, TB.MainGoal))
        self.g.add((iri, SKOS.notation, Literal(goal.number)))
        self.g.add((iri, DCTERMS.isPartOf, self.letter))
        self.g.add((iri, RDFS.label, Literal(goal.label, lang=NB)))
        self.source(iri, goal)
        return iri

    def list_item(self, item: ListItem, kind: str, issuer_key: str | None = None) -> URIRef:
        if kind == "government":
            # The government's goals are the ministry's for the year, shared by all its letters.
            cls = TB.GovernmentGoal
            iri = URIRef(f"{ID_BASE}government-goal/{issuer_key or self.key}/{self.year}/{item.sequence}")
        elif kind == "priority":
            cls, iri = TB.PriorityArea, URIRef(f"{self.letter}/priority-area/{item.sequence}")
        else:
            cls = TB.SteeringParameter
            goal_section = item.section.rsplit(".", 1)[0] if "." in item.section else item.section
            self._steering[goal_section] = self._steering.get(goal_section, 0) + 1
            iri = URIRef(f"{self.letter}/steering-parameter/{goal_section}-{self._steering[goal_section]}")
        self.g.add((iri, RDF.type, cls))
        self.g.add((iri, RDFS.label, Literal(item.label, lang=NB)))
        self.g.add((iri, TB.sequence, Literal(item.sequence, datatype=XSD.integer)))
        if kind != "government":
            self.g.add((iri, DCTERMS.isPartOf, self.letter))
        if kind == "government":
            self.g.add((iri, SKOS.notation, Literal(str(item.sequence))))
            self.g.add((self.letter, TB.governmentGoal, iri))
        if item.goal is not None:
            self.g.add((iri, TB.mainGoal, URIRef(f"{self.letter}/main-goal/{item.goal}")))
        self.source(iri, item)
        return iri

    def mission(self, sourced: Sourced, text: str) -> None:
        iri = URIRef(f"{self.letter}/mission")
        self.g.add((iri, RDF.type, TB.Mission))
        self.g.add((iri, RDFS.label, Literal(text, lang=NB)))
        self.g.add((self.letter, TB.mission, iri))
        self.source(iri, sourced)

    # -- budget --------------------------------------------------------------------------------------

    def chapter_iri(self, chapter: str) -> URIRef:
        return URIRef(f"{self.letter}/budget/kap-{chapter}")

    def post_iri(self, chapter: str, post: str) -> URIRef:
        return URIRef(f"{self.letter}/budget/kap-{chapter}/post-{post}")

    def budget_chapter(self, chapter: BudgetChapter) -> None:
        g, iri = self.g, self.chapter_iri(chapter.chapter)
        g.add((iri, RDF.type, TB.RevenueChapter if int(chapter.chapter) >= 3000 else TB.ExpenditureChapter))
        g.add((iri, SKOS.notation, Literal(chapter.chapter)))
        g.add((iri, DCTERMS.isPartOf, self.letter))
        g.add((iri, RDFS.label, Literal(chapter.label, lang=NB)))
        g.add((iri, TB.budgetYear, Literal(str(self.year), datatype=XSD.gYear)))
        if chapter.total is not None:
            self.amount(iri, chapter.total, chapter.unit, TB.statedTotal, TB.totalNOK)
        self.source(iri, chapter)
        for post in chapter.posts:
            piri = self.post_iri(post.chapter, post.post)
            g.add((piri, RDF.type, TB.BudgetPost))
            g.add((piri, SKOS.notation, Literal(post.post)))
            g.add((piri, TB.chapter, iri))
            g.add((piri, RDFS.label, Literal(post.name, lang=NB)))
            self.amount(piri, post.amount, post.unit)
            g.add((piri, TB.transferable, Literal(post.transferable)))
            listed = {p.post for p in chapter.posts}
            for other in post.may_be_used_under:
                if other in listed:  # a post the table does not list is no resource of this letter
                    g.add((piri, TB.mayBeUsedUnder, self.post_iri(post.chapter, other)))
            self.source(piri, post)

    def earmark(self, earmark: Earmark) -> None:
        iri = URIRef(f"{self.letter}/earmark/{earmark.slug}")
        self.g.add((iri, RDF.type, TB.Earmark))
        self.g.add((iri, TB.withinPost, self.post_iri(earmark.chapter, earmark.post)))
        self.g.add((iri, RDFS.label, Literal(earmark.label, lang=NB)))
        self.amount(iri, earmark.amount, earmark.unit)
        for entry in earmark.concerns:
            self.g.add((iri, TB.concerns, entry.iri))
        self.source(iri, earmark)

    def authorisation(self, auth: Authorisation, number: int) -> None:
        iri = URIRef(f"{self.letter}/budget/authorisation/{auth.exceed[0]}-{auth.exceed[1]}-merinntekt")
        self.g.add((iri, RDF.type, TB.BudgetAuthorisation))
        self.g.add(
            (
                iri,
                RDFS.label,
                Literal(
                    f"Overskride kap. {auth.exceed[0]} post {auth.exceed[1]} mot merinntekter "
                    f"på kap. {auth.revenue[0]} "
                    f"post {auth.revenue[1]}",
                    lang=NB,
                ),
            )
        )
        self.g.add((iri, TB.authorisesExceeding, self.post_iri(*auth.exceed)))
        self.g.add((iri, TB.againstRevenueOn, self.post_iri(*auth.revenue)))
        self.g.add((iri, DCTERMS.isPartOf, self.letter))
        self.source(iri, auth)

    # -- obligations ---------------------------------------------------------------------------------

    def deadline(self, owner: URIRef, deadline: Deadline, number: int) -> URIRef | None:
        iri = URIRef(f"{owner}/deadline/{number}")
        g = self.g
        kind = deadline.kind
        if kind in ("final", "preliminary") and deadline.date is None:
            if deadline.meaning != "channel" or not deadline.channel:
                return None  # a date the letter does not give (reported as a problem)
            kind = "reporting-channel"  # "rapporteres i årsrapporten" where the letter dates no annual report
        g.add((owner, TB.deadline, iri))
        g.add((iri, RDF.type, TB.Deadline))
        g.add((iri, RDFS.label, Literal(deadline.label, lang=NB)))
        g.add((iri, TB.deadlineKind, _KINDS[kind]))
        if kind == "reporting-channel":
            g.add((iri, TB.reportingChannel, Literal(deadline.channel)))
        if deadline.date is not None:
            g.add((iri, TIME.inXSDDate, Literal(deadline.date.isoformat(), datatype=XSD.date)))
            if deadline.date.year != self.year:
                g.add((iri, TB.outsideBudgetYear, Literal(True)))
        g.add((iri, TB.confidence, Literal(Decimal(str(deadline.confidence)), datatype=XSD.decimal)))
        if deadline.meaning == "period" and deadline.period_start is not None and deadline.date is not None:
            # "i løpet av første halvår": the period, whose end is the deadline (OWL-Time).
            period = URIRef(f"{iri}/period")
            begin = URIRef(f"{iri}/period/start")
            g.add((period, RDF.type, TIME.ProperInterval))
            g.add((period, RDFS.label, Literal(deadline.label, lang=NB)))
            g.add((period, TIME.hasBeginning, begin))
            g.add((period, TIME.hasEnd, iri))
            g.add((begin, RDF.type, TIME.Instant))
            g.add((begin, TIME.inXSDDate, Literal(deadline.period_start.isoformat(), datatype=XSD.date)))
            g.add((iri, RDFS.comment, Literal(f"end of the period {deadline.period_start}/{deadline.date}", lang="en")))
        elif deadline.meaning == "channel" and kind != "reporting-channel":
            g.add(
                (
                    iri,
                    RDFS.comment,
                    Literal(f"reporting channel: {deadline.channel}; dated by the letter's date for it", lang="en"),
                )
            )
        self.source(iri, deadline)
        return iri

    def assignment_iri(self, identifier: str) -> URIRef:
        return URIRef(f"{ID_BASE}assignment/{self.key}/{identifier}")

    def assignment(self, a: Assignment, identifiers: set[str], part_of: URIRef | None = None) -> URIRef:
        """The assignment; ``part_of`` is the letter it belongs to when that is not the one read (a
        supplement's new assignment belongs to the letter the supplement amends)."""
        letter = part_of or self.letter
        if a.scheme == "tb-id":
            iri = self.assignment_iri(a.identifier)
        else:  # no ID of the letter's own: the stable key says where it stands
            iri = URIRef(f"{ID_BASE}assignment/{self.key}/{self.year}/{a.key}")
        g = self.g
        g.add((iri, RDF.type, TB.Assignment))
        g.add((iri, DCTERMS.identifier, Literal(a.identifier)))
        if a.marking and a.marking != a.identifier:
            g.add((iri, SKOS.notation, Literal(a.marking)))
        g.add((iri, DCTERMS.isPartOf, letter))
        if a.title:
            g.add((iri, DCTERMS.title, Literal(a.title, lang=NB)))
        if a.text:
            g.add((iri, TB.text, Literal(a.text, lang=NB)))
        goal = URIRef(f"{letter}/main-goal/{a.goal}") if a.goal is not None else None
        # a goal the letter's reading found ("Mål 1" in a table's goal column names one only where the goals were
        # read); a supplement's new assignment points into the amended letter's goals
        if goal is not None and (part_of is not None or (goal, RDF.type, TB.MainGoal) in g):
            g.add((iri, TB.mainGoal, goal))
        self.source(iri, a)
        for n, deadline in enumerate(a.deadlines, 1):
            self.deadline(iri, deadline, n)
        for part in a.parts:
            piri = URIRef(f"{iri}/part/{part.number}")
            g.add((piri, RDF.type, TB.Deliverable))
            g.add((iri, TB.hasDeliverable, piri))
            g.add((piri, TB.deliverableOf, iri))
            g.add((piri, RDFS.label, Literal(part.label, lang=NB)))
            g.add((piri, TB.text, Literal(part.text, lang=NB)))
            g.add((piri, TB.sequence, Literal(part.number, datatype=XSD.integer)))
            self.source(piri, part)
            for n, deadline in enumerate(part.deadlines, 1):
                self.deadline(piri, deadline, n)
        for inv in a.involvements:
            self.involvement(iri, inv)
        for ref in a.references:
            target = self.reference_resource(ref)
            if target is None or ref.entry is None:
                continue
            if ref.entry.kind == KIND_SOLUTION:
                g.add((iri, TB.concerns, target))
            elif ref.entry.kind in (KIND_LEGAL, KIND_DOCUMENT) and ref.basis:
                g.add((iri, TB.legalBasis, target))
            else:
                g.add((iri, TB.references, target))
        seen: set[str] = set()
        for other, quote in a.other_assignments:
            if other in seen:
                continue
            seen.add(other)
            dep = URIRef(f"{iri}/dependency/{len(seen)}")
            target = self.assignment_iri(other)
            g.add((iri, TB.dependency, dep))
            g.add((dep, RDF.type, TB.Dependency))
            g.add((dep, TB.target, target))
            g.add((dep, TB.dependencyKind, TBDEP.assignment))
            self.source(dep, quotes=[quote], section=a.section)
            if other not in identifiers:
                g.add((target, RDF.type, TB.ExternalAssignment))
                g.add((target, DCTERMS.identifier, Literal(other)))
                g.add((target, RDFS.label, Literal(f"Oppdrag {other}", lang=NB)))
                other_year = int(other[2:6])
                if other_year != self.year:
                    g.add((target, DCTERMS.isPartOf, letter_iri_for(self.key, other_year)))
                self.source(target, quotes=[quote], section=a.section)
        return iri

    def involvement(self, owner: URIRef, inv: Involvement) -> URIRef:
        assert inv.entry is not None
        g = self.g
        self.describe_unknown(inv.entry, inv.quotes, inv.section)
        inv_iri = URIRef(f"{owner}/involvement/{inv.entry.key}-{inv.role}")
        g.add((owner, TB.involvement, inv_iri))
        g.add((inv_iri, RDF.type, TB.Involvement))
        g.add((inv_iri, PROV.agent, inv.entry.iri))
        g.add((inv_iri, PROV.hadRole, _ROLES[inv.role]))
        g.add((inv_iri, TB.confidence, Literal(Decimal(str(inv.confidence)), datatype=XSD.decimal)))
        g.add((inv_iri, TB.curated, Literal(False)))
        g.add((inv_iri, SKOS.editorialNote, Literal(f"extraction rule: {inv.rule}", lang="en")))
        self.source(inv_iri, inv)
        return inv_iri

    def cycle_row(self, row: CycleRow, recipient: Entry | None = None, issuer: Entry | None = None) -> None:
        iri = URIRef(f"{self.letter}/annual-cycle/{row.sequence:02d}")
        g = self.g
        g.add((iri, RDF.type, TB.AnnualCycleItem))
        if row.meeting:
            g.add((iri, RDF.type, TB.SteeringMeeting))
        g.add((iri, DCTERMS.isPartOf, self.letter))
        g.add((iri, RDFS.label, Literal(row.description, lang=NB)))
        g.add((iri, TB.sequence, Literal(row.sequence, datatype=XSD.integer)))
        self.source(iri, row)
        date_text = DATE_RE.match(row.quotes[0].text) if row.quotes else None
        deadline = Deadline(
            section=row.section,
            quotes=row.quotes,
            kind="final",
            date=row.date,
            confidence=0.95,
            label=date_text.group(0) if date_text else row.description,
        )
        self.deadline(iri, deadline, 1)
        if not row.meeting:
            # A reporting duty of the annual cycle: the recipient delivers, the issuing ministry receives.
            if recipient is not None:
                self.involvement(
                    iri,
                    Involvement(
                        row.section,
                        row.quotes,
                        entry=recipient,
                        role="owner",
                        confidence=0.9,
                        rule="annual-cycle row of the recipient",
                    ),
                )
            if issuer is not None:
                self.involvement(
                    iri,
                    Involvement(
                        row.section,
                        row.quotes,
                        entry=issuer,
                        role="receiving-delivery",
                        confidence=0.8,
                        rule="annual-cycle row, delivered to the issuer",
                    ),
                )


class AmendmentEmitter:
    """A supplement's changes in the amendment model (tb:Amendment and its kinds, PROV-O, ELI)."""

    def __init__(self, emit: Emitter, base: URIRef, issued: object) -> None:
        self.emit = emit
        self.g = emit.g
        self.base = base
        self.issued = issued
        self._n = 0

    def _change(self, cls: URIRef, label: str, effective: object, quotes: list[Quote], section: str) -> URIRef:
        self._n += 1
        iri = URIRef(f"{self.emit.letter}/change/{self._n}")
        g = self.g
        g.add((iri, RDF.type, cls))
        g.add((iri, DCTERMS.isPartOf, self.emit.letter))
        g.add((iri, RDFS.label, Literal(label, lang=NB)))
        when = effective or self.issued
        if when is not None:
            g.add((iri, TBA.inEffectFrom, Literal(str(when), datatype=XSD.date)))
        self.emit.source(iri, quotes=quotes, section=section)
        return iri

    def budget(self, row: object, new_post: bool = False) -> None:
        """A budget change; with ``new_post``, a post the amended letter does not have ("Tidligere tildelt 0"):
        the change generates it (a tb:BudgetPost of the letter's chapter, its amount before the change, 0, and
        its source in the supplement), so that it is in force from the change's day."""
        from tbgraph.extract.supplement import BudgetChangeRow

        assert isinstance(row, BudgetChangeRow)
        base_budget = f"{self.base}/budget/kap-{row.chapter}"
        item = URIRef(f"{base_budget}/post-{row.post}" if row.post else base_budget)
        what = f"Kap. {row.chapter} post {row.post}" if row.post else f"Sum kap. {row.chapter}"
        iri = self._change(TBA.BudgetChange, f"{what} endres med {row.change}", row.effective, row.quotes, row.section)
        g = self.g
        g.add((iri, TBA.amendedItem, item))
        if new_post and row.post:
            g.add((iri, PROV.generated, item))
            g.add((item, RDF.type, TB.BudgetPost))
            g.add((item, SKOS.notation, Literal(row.post)))
            g.add((item, TB.chapter, URIRef(base_budget)))
            g.add((item, RDFS.label, Literal(row.name or f"Post {row.post}", lang=NB)))
            self.emit.amount(item, row.before, row.unit)
            g.add((item, TB.transferable, Literal(bool(re.search(r"\bkan\s+overfør", row.name, re.I)))))
            self.emit.source(item, quotes=row.quotes, section=row.section)
        for stated, nok, value in (
            (TBA.statedBefore, TBA.beforeNOK, row.before),
            (TBA.statedChange, TBA.changeNOK, row.change),
            (TBA.statedAfter, TBA.afterNOK, row.after),
        ):
            g.add((iri, stated, _decimal(value)))
            g.add((iri, nok, _decimal(value * UNIT_MULTIPLIER[row.unit])))
        g.add((iri, TB.statedUnit, _UNITS.get(row.unit, TBUNIT.NOK)))

    def authorisation_addition(self, auth: Authorisation, effective: object = None) -> URIRef:
        """A fullmakt the amended letter does not have, granted by the supplement: a tb:BudgetAuthorisation of the
        amended letter over its posts (its source in the supplement), generated by a tb:AuthorisationAddition."""
        (c1, p1), (c2, p2) = auth.exceed, auth.revenue
        what = f"Overskride kap. {c1} post {p1} mot merinntekter på kap. {c2} post {p2}"
        iri = self._change(TBA.AuthorisationAddition, f"Ny fullmakt: {what}", effective, auth.quotes, auth.section)
        granted = URIRef(f"{self.base}/budget/authorisation/{c1}-{p1}-merinntekt")
        g = self.g
        g.add((iri, TBA.amendedItem, self.base))
        g.add((iri, PROV.generated, granted))
        g.add((granted, RDF.type, TB.BudgetAuthorisation))
        g.add((granted, RDFS.label, Literal(what, lang=NB)))
        g.add((granted, TB.authorisesExceeding, URIRef(f"{self.base}/budget/kap-{c1}/post-{p1}")))
        g.add((granted, TB.againstRevenueOn, URIRef(f"{self.base}/budget/kap-{c2}/post-{p2}")))
        g.add((granted, DCTERMS.isPartOf, self.base))
        self.emit.source(granted, quotes=auth.quotes, section=auth.section)
        return iri

    def addition(
        self, assignment: URIRef, identifier: str, quotes: list[Quote], section: str, effective: object = None
    ) -> None:
        iri = self._change(TBA.AssignmentAddition, f"Nytt oppdrag {identifier}", effective, quotes, section)
        self.g.add((iri, TBA.amendedItem, self.base))
        self.g.add((iri, PROV.generated, assignment))

    def withdrawal(
        self, assignment: URIRef, identifier: str, effective: object, quotes: list[Quote], section: str
    ) -> None:
        iri = self._change(TBA.AssignmentWithdrawal, f"Oppdrag {identifier} utgår", effective, quotes, section)
        self.g.add((iri, TBA.amendedItem, assignment))
        self.g.add((iri, PROV.invalidated, assignment))

    def deadline_move(
        self,
        owner: URIRef,
        old: URIRef | None,
        new: URIRef,
        new_date: object,
        identifier: str,
        quotes: list[Quote],
        section: str,
        effective: object = None,
    ) -> None:
        label = f"Fristen i {identifier} flyttes til {new_date}"
        iri = self._change(TBA.DeadlineChange, label, effective, quotes, section)
        g = self.g
        g.add((iri, TBA.amendedItem, owner))
        if old is not None:
            g.add((iri, PROV.invalidated, old))
            g.add((new, PROV.wasRevisionOf, old))
        g.add((iri, PROV.generated, new))
        g.add((owner, TB.deadline, new))
        g.add((new, RDF.type, TB.Deadline))
        g.add((new, TB.deadlineKind, TBDK.final))
        g.add((new, RDFS.label, Literal(f"Ny frist for {identifier}", lang=NB)))
        g.add((new, TIME.inXSDDate, Literal(str(new_date), datatype=XSD.date)))
        if not str(new_date).startswith(str(self.emit.year)):
            g.add((new, TB.outsideBudgetYear, Literal(True)))
        self.emit.source(new, quotes=quotes, section=section)

    def fact(
        self, prop: str, before: int, after: int, quotes: list[Quote], section: str, ends: URIRef | None = None
    ) -> None:
        iri = self._change(TBA.FactChange, f"{prop}: {before} → {after}", None, quotes, section)
        g = self.g
        g.add((iri, TBA.amendedItem, self.base))
        g.add((iri, TBA.amendedProperty, TBA[prop]))
        g.add((iri, TBA.valueBefore, Literal(before, datatype=XSD.integer)))
        g.add((iri, TBA.valueAfter, Literal(after, datatype=XSD.integer)))
        if ends is not None:  # the steering meeting that goes with the lower count ("Det siste møtet … utgår")
            g.add((iri, PROV.invalidated, ends))

    def revision(
        self,
        assignment: URIRef,
        identifier: str,
        text: str,
        old: list[URIRef],
        new: list[tuple[URIRef, str, object]],
        quotes: list[Quote],
        section: str,
        effective: object = None,
    ) -> None:
        """An assignment's text replaced: a new version of the assignment (prov:wasRevisionOf it) with the new
        text, and the new text's deadlines in place of the old ones."""
        iri = self._change(TBA.AssignmentRevision, f"Oppdrag {identifier} endres", effective, quotes, section)
        g = self.g
        g.add((iri, TBA.amendedItem, assignment))
        version = URIRef(f"{iri}/text")
        g.add((iri, PROV.generated, version))
        g.add((version, RDF.type, PROV.Entity))
        g.add((version, PROV.wasRevisionOf, assignment))
        g.add((version, RDFS.label, Literal(f"Ny tekst for oppdrag {identifier}", lang=NB)))
        g.add((version, TB.text, Literal(text, lang=NB)))
        self.emit.source(version, quotes=quotes, section=section)
        if not new:
            return  # the new text gives no deadline: the old ones stand
        for deadline in old:
            g.add((iri, PROV.invalidated, deadline))
        for deadline, kind, date in new:
            g.add((iri, PROV.generated, deadline))
            g.add((assignment, TB.deadline, deadline))
            g.add((deadline, RDF.type, TB.Deadline))
            g.add((deadline, TB.deadlineKind, _KINDS[kind]))
            g.add((deadline, RDFS.label, Literal(f"Ny frist for {identifier}", lang=NB)))
            if date is not None:
                g.add((deadline, TIME.inXSDDate, Literal(str(date), datatype=XSD.date)))
                if not str(date).startswith(str(self.emit.year)):
                    g.add((deadline, TB.outsideBudgetYear, Literal(True)))
            if len(old) == 1 and len(new) == 1:
                g.add((deadline, PROV.wasRevisionOf, old[0]))
            self.emit.source(deadline, quotes=quotes, section=section)
