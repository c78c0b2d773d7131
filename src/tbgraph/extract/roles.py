"""Who does what in an assignment, read from the letter's own wording, each with a confidence.

The recipient owns every assignment of its letter. Other actors get a role from the phrase around
their name; a rule that names a list ("i samarbeid med A, B og C") gives the role to each:

=========================================================  ===================  ==========
wording                                                    role                 confidence
=========================================================  ===================  ==========
"bistå X"                                                  X lead, recipient    0.80
                                                           assisting
"bistå med …", "bes om å bistå" (no actor named)           recipient assisting  0.70
"i samarbeid med X", "samarbeide med X"                    collaborating        0.85
"sammen med X"                                             collaborating        0.70
"ledes av X", "under ledelse av X"                         lead                 0.85
"i regi av X"                                              lead                 0.70
"X koordinerer", "koordineres av X"                        coordinating         0.85
"X (skal|har fått i oppdrag å) koordinere"                 coordinating         0.75
"utarbeidet av X"                                          providing-input      0.85
"(plan|leveranse|anbefaling …) fra X"                      providing-input      0.70
"basert på … X" (same sentence)                            providing-input      0.55
"i dialog med X", "etter avtale med X", "behandles i X"    consulted            0.75
"samle X", "deltakelse fra X"                              consulted            0.60
"innføring … i X"                                          receiving-delivery   0.50
"at X får", (and "mellom X og Y")                          receiving-delivery   0.50
                                                           (collaborating)
"X viser til"                                              providing-input      0.50
X in a table's column "Samarbeid" / "Samarbeidspartnere"    collaborating        0.80
(:func:`partner_involvements`)
"i lys av / erfaringer fra / evaluering … X"               providing-input      0.55
"X … skal involveres"                                      consulted            0.80
"til departementet(s)", "overfor departementet"            receiving-delivery   0.60
"(skal|og) koordinere" with no other actor as subject      recipient            0.60
                                                           coordinating
"X skal vurdere/utarbeide/…" (X not the recipient)         lead                 0.50
the recipient is to recommend, assess or report and a      issuer               0.50
dated deadline is set ("anbefale", "vurdere", "sluttrapport")  receiving-delivery
any other mention of one organisation (not a group such    consulted            0.30
as "sektoren", "regjeringen")
=========================================================  ===================  ==========

The last line keeps every actor the text names in the graph for a curator to review, at a
confidence that says it is a guess. "Departementet" is read as the issuing ministry and
"direktoratet" as the recipient when that is a directorate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tbgraph.extract.gazetteer import KIND_ACTOR, Entry, Gazetteer
from tbgraph.extract.model import Involvement
from tbgraph.extract.text import Block, Quote
from tbgraph.extract.unknown import UNKNOWN_CONFIDENCE, find_unknown_actors, inside
from tbgraph.model.namespaces import TB

__all__ = ["find_involvements", "partner_involvements", "OWNER_CONFIDENCE", "FALLBACK_CONFIDENCE"]

OWNER_CONFIDENCE = 0.95
FALLBACK_CONFIDENCE = 0.3

_BEFORE = [
    (re.compile(r"\bbistå(?:r)?\s+$", re.IGNORECASE), "lead", 0.8, "bistå X"),
    (
        re.compile(r"\b(?:i\s+(?:tett\s+)?samarbeid\s+med|samarbeide\s+med|samarbeider\s+med)\s+$", re.IGNORECASE),
        "collaborating",
        0.85,
        "i samarbeid med X",
    ),
    (re.compile(r"\b(?:sammen|saman)\s+med\s+$", re.IGNORECASE), "collaborating", 0.7, "sammen med X"),
    (
        re.compile(
            r"\b(?:ledes|ledet|leiast|leia|leidd)\s+av\s+$|\bunder\s+(?:ledelse|leiing)\s+av\s+$", re.IGNORECASE
        ),
        "lead",
        0.85,
        "ledes av X",
    ),
    (re.compile(r"\bi\s+regi\s+av\s+$", re.IGNORECASE), "lead", 0.7, "i regi av X"),
    (re.compile(r"\bkoordiner(?:es|ast)\s+av\s+$", re.IGNORECASE), "coordinating", 0.85, "koordineres av X"),
    (re.compile(r"\butarbeid(?:et|d)\s+av\s+$", re.IGNORECASE), "providing-input", 0.85, "utarbeidet av X"),
    (
        re.compile(
            r"\b(?:plan|planer|leveranse\w*|anbefaling\w*|innspill|utredning\w*|rapport\w*|evaluering\w*|"
            r"underlag|innspel|tilrådingane|tilråding\w*)(?:\s+(?!fr[aå]\b)[\wæøå]+){0,3}\s+fr[aå]\s+$",
            re.IGNORECASE,
        ),
        "providing-input",
        0.7,
        "leveranse fra X",
    ),
    (
        re.compile(
            r"\b(?:i\s+(?:tett\s+)?dialog(?:\s+og\s+etter\s+avtale)?\s+med|etter\s+avtale\s+med|behandles\s+i|"
            r"i\s+samråd\s+med|i\s+samrå\s+med|"
            r"involvere|drøftes\s+med|høre)\s+$",
            re.IGNORECASE,
        ),
        "consulted",
        0.75,
        "i dialog med X",
    ),
    (re.compile(r"\b(?:til|overfor)\s+$", re.IGNORECASE), "receiving-delivery", 0.6, "til departementet"),
    (re.compile(r"\b(?:samle|deltakelse\s+fra)\s+$", re.IGNORECASE), "consulted", 0.6, "samle X"),
    (
        re.compile(r"\binnføring\b[^.]{0,100}\bi\s+(?:øvrige\s+)?$", re.IGNORECASE),
        "receiving-delivery",
        0.5,
        "innføring … i X",
    ),
    (re.compile(r"\bmellom\s+$", re.IGNORECASE), "collaborating", 0.5, "mellom X og Y"),
]
_AFTER = [
    (re.compile(r"^\s*koordinerer\b", re.IGNORECASE), "coordinating", 0.85, "X koordinerer"),
    (
        re.compile(
            r"^\s*(?:skal|har\s+fått\s+i\s+oppdrag\s+å|har\s+ansvar\s+for\s+å)\s+(?:å\s+)?koordinere\b",
            re.IGNORECASE,
        ),
        "coordinating",
        0.75,
        "X skal koordinere",
    ),
    (re.compile(r"^\s*får\b", re.IGNORECASE), "receiving-delivery", 0.5, "at X får"),
    (re.compile(r"^\s*viser\s+til\b", re.IGNORECASE), "providing-input", 0.5, "X viser til"),
    (
        re.compile(r"^\s*(?:skal|vil)\s+(?:lede|vurdere|utarbeide|utrede|etablere|gjennomføre|utvikle)\b"),
        "lead",
        0.5,
        "X skal vurdere",
    ),
]
_BASED_ON = re.compile(
    r"\b(?:basert\s+på|i\s+lys\s+av|erfaring(?:er|ene)?\s+(?:fra|med)|evaluering(?:en)?\s+(?:fra|av))",
    re.IGNORECASE,
)
_COORDINATE = re.compile(r"\b(?:skal|og)\s+koordinere\b", re.IGNORECASE)
_ASSIST = re.compile(r"\bbistå(?:r)?\b", re.IGNORECASE)
_DELIVERY = re.compile(
    r"(?<!med )(?<!av )(?<!på )\b(?:anbefale|anbefaling(?:er)?|vurdere|vurdering(?:en)?|sluttrapport(?:en)?|"
    r"foreslå)\b",
    re.IGNORECASE,
)
_INVOLVED = re.compile(r"\bskal\s+(?:også\s+)?(?:involveres|høres|konsulteres)\b", re.IGNORECASE)
_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:og|samt)?|og|samt|eller)\s*(?:de|den|det)?\s*$", re.IGNORECASE)
_ISSUER_ANAPHOR = re.compile(r"(?<![\wæøå-])[Dd]epartementet(?:s)?(?![\wæøå])")
_RECIPIENT_ANAPHOR = re.compile(r"(?<![\wæøå-])[Dd]irektoratet(?:s)?(?![\wæøå])(?!\s+for\b)")


@dataclass
class _Mention:
    entry: Entry
    start: int
    end: int
    anaphor: bool = False


def _mentions(block: Block, gazetteer: Gazetteer, issuer: Entry | None) -> list[_Mention]:
    found = [_Mention(m.entry, m.start, m.end) for m in gazetteer.find(block.text, [KIND_ACTOR])]
    taken = [(m.start, m.end) for m in found]
    # Names the reference data does not know: kept, never dropped (confidence capped below).
    unknown_names = find_unknown_actors(block.text, gazetteer, taken)
    found = [m for m in found if not inside(m.start, m.end, unknown_names)]  # "Avinor" in "Avinor Flysikring AS"
    for unknown in unknown_names:
        if issuer is not None and unknown.entry.label == issuer.label:
            continue
        found.append(_Mention(unknown.entry, unknown.start, unknown.end))
        taken.append((unknown.start, unknown.end))
    if issuer is not None:
        for match in _ISSUER_ANAPHOR.finditer(block.text):
            if not any(match.start() < b and a < match.end() for a, b in taken):
                found.append(_Mention(issuer, match.start(), match.end(), anaphor=True))
    return sorted(found, key=lambda m: m.start)


def _chain(mentions: list[_Mention], first: int, text: str) -> list[_Mention]:
    """The mention at index ``first`` and those listed after it ("A, B og C")."""
    chain = [mentions[first]]
    for nxt in mentions[first + 1 :]:
        if _LIST_GLUE.match(text[chain[-1].end : nxt.start]):
            chain.append(nxt)
        else:
            break
    return chain


def _sentence_start(text: str, pos: int) -> int:
    cut = max(
        text.rfind(". ", 0, pos),
        text.rfind(": ", 0, pos),
        text.rfind("• ", 0, pos),
        text.rfind(" - ", 0, pos),
    )
    return 0 if cut < 0 else cut + 2


def find_involvements(
    block: Block,
    gazetteer: Gazetteer,
    section: str,
    *,
    recipient_key: str | None,
    issuer_key: str | None,
    id_quotes: list[Quote],
    delivers: bool = False,
    recipient: Entry | None = None,
    issuer: Entry | None = None,
) -> list[Involvement]:
    """The involvements an assignment's text (title and body, as one block) states or suggests.

    ``recipient`` and ``issuer`` may be given as entries (also for names the reference data does not
    know); otherwise they are looked up by key."""
    text = block.text
    recipient = recipient or (gazetteer.entry(recipient_key) if recipient_key else None)
    issuer = issuer or (gazetteer.entry(issuer_key) if issuer_key else None)
    found: dict[tuple[str, str], Involvement] = {}

    def add(entry: Entry, role: str, confidence: float, start: int, end: int, rule: str) -> None:
        quotes = block.quotes(start, end)
        if not quotes:
            return
        if not entry.known:
            confidence = min(confidence, UNKNOWN_CONFIDENCE)
            rule = f"{rule} (name not in the reference data)"
        key = (str(entry.iri), role)
        if key in found:
            inv = found[key]
            inv.confidence = max(inv.confidence, confidence)
            inv.quotes.extend(q for q in quotes if q not in inv.quotes)
            return
        found[key] = Involvement(
            section=section, quotes=quotes, entry=entry, role=role, confidence=confidence, rule=rule
        )

    if recipient is not None and id_quotes:
        found[(str(recipient.iri), "owner")] = Involvement(
            section=section,
            quotes=list(id_quotes),
            entry=recipient,
            role="owner",
            confidence=OWNER_CONFIDENCE,
            rule="recipient of the letter",
        )

    mentions = _mentions(block, gazetteer, issuer)
    roled: set[str] = set()
    for index, mention in enumerate(mentions):
        if recipient is not None and mention.entry.iri == recipient.iri:
            continue
        before = text[max(0, mention.start - 160) : mention.start]
        article = re.search(r"\b(?:de|den|det)\s+$", before)
        if article:
            before = before[: article.start()]
        for pattern, role, confidence, rule in _BEFORE:
            trigger = pattern.search(before)
            if trigger is None:
                continue
            if rule == "til departementet" and not mention.anaphor:
                continue
            trigger_start = mention.start - (len(text[max(0, mention.start - 160) : mention.start]) - trigger.start())
            for member in _chain(mentions, index, text):
                if recipient is not None and member.entry.iri == recipient.iri:
                    continue
                add(member.entry, role, confidence, trigger_start, member.end, rule)
                roled.add(str(member.entry.iri))
            break
        else:
            if (
                mention.anaphor
                and re.match(r"s\b", text[mention.end - 1 : mention.end + 1])
                and re.match(r"^\s*arbeid", text[mention.end :])
            ):
                add(
                    mention.entry,
                    "receiving-delivery",
                    0.6,
                    mention.start,
                    mention.end + 7,
                    "departementets arbeid",
                )
                roled.add(str(mention.entry.iri))
        after = text[mention.end : mention.end + 60]
        for pattern, role, confidence, rule in _AFTER:
            trigger = pattern.match(after)
            if trigger is None or mention.anaphor:
                continue
            if role == "lead" and _sentence_start(text, mention.start) != mention.start:
                continue
            add(mention.entry, role, confidence, mention.start, mention.end + trigger.end(), rule)
            roled.add(str(mention.entry.iri))
            break
        clause = text[_sentence_start(text, mention.start) : mention.start]
        basis = _BASED_ON.search(clause)
        if (
            basis
            and not mention.anaphor
            and str(mention.entry.iri) not in roled
            and re.search(r"(?:\b(?:i|fra|av|med|hos|og)|,)\s+(?:de\s+)?$", clause)
        ):
            base = _sentence_start(text, mention.start) + basis.start()
            add(mention.entry, "providing-input", 0.55, base, mention.end, "basert på … X")
            roled.add(str(mention.entry.iri))

    for involved in _INVOLVED.finditer(text):
        # "KS, de regionale helseforetakene og øvrige interessenter skal involveres"
        listed = [m for m in mentions if m.end <= involved.start() and not m.anaphor]
        if not listed:
            continue
        last = listed[-1]
        gap = text[last.end : involved.start()]
        if not re.fullmatch(r"\s*(?:,?\s*(?:og|samt)\s+(?:øvrige|andre)\s+[\wæøå]+\s*)?", gap):
            continue
        members = [last]
        for prev in reversed(listed[:-1]):
            if _LIST_GLUE.match(text[prev.end : members[0].start]):
                members.insert(0, prev)
            else:
                break
        for member in members:
            if recipient is not None and member.entry.iri == recipient.iri:
                continue
            add(member.entry, "consulted", 0.8, member.start, involved.end(), "X skal involveres")
            roled.add(str(member.entry.iri))

    for mention in mentions:
        iri = str(mention.entry.iri)
        if mention.anaphor or iri in roled or (recipient is not None and mention.entry.iri == recipient.iri):
            continue
        if mention.entry.is_group:
            continue
        add(mention.entry, "consulted", FALLBACK_CONFIDENCE, mention.start, mention.end, "mentioned")
    if recipient is not None:
        # "bistå X", "bes om å bistå i arbeidet": the recipient assists whoever leads.
        for match in _ASSIST.finditer(text):
            following = next((m for m in mentions if 0 <= m.start - match.end() <= 2), None)
            if following is not None:
                add(recipient, "assisting", 0.8, match.start(), following.end, "bistå X")
            else:
                stop = text.find(".", match.end())
                stop = len(text) if stop < 0 else stop
                add(recipient, "assisting", 0.7, match.start(), min(stop, match.end() + 40), "bistå")
    if recipient is not None:
        for match in _COORDINATE.finditer(text):
            start = _sentence_start(text, match.start())
            if any(start <= m.start <= start + 3 and not m.anaphor and m.entry.iri != recipient.iri for m in mentions):
                continue  # another actor is the subject
            add(recipient, "coordinating", 0.6, match.start(), match.end(), "skal koordinere")
    if issuer is not None and delivers and (str(issuer.iri), "receiving-delivery") not in found:
        delivery = _DELIVERY.search(text)
        if delivery:
            start = _sentence_start(text, delivery.start())
            end = text.find(". ", delivery.end())
            end = len(text) if end < 0 else end + 1
            add(issuer, "receiving-delivery", 0.5, start, end, "delivery to the issuing ministry")
    return list(found.values())


def partner_involvements(
    block: Block, gazetteer: Gazetteer, section: str, recipient: Entry | None
) -> list[Involvement]:
    """The organisations named in a table row's "Samarbeid" cell (``block``): each collaborating, quoted from the
    cell ("NSM", "Statsforval-/tarane"); a group ("kommunane") or the recipient itself is none."""
    found: dict[str, Involvement] = {}
    for mention in _mentions(block, gazetteer, None):
        entry = mention.entry
        if mention.anaphor or TB.SectorGroup in entry.types or (recipient is not None and entry.iri == recipient.iri):
            continue
        quotes = block.quotes(mention.start, mention.end)
        if not quotes:
            continue
        key = str(entry.iri)
        if key in found:
            found[key].quotes.extend(q for q in quotes if q not in found[key].quotes)
            continue
        confidence, rule = 0.8, "a table's Samarbeid column"
        if not entry.known:
            confidence, rule = min(confidence, UNKNOWN_CONFIDENCE), f"{rule} (name not in the reference data)"
        found[key] = Involvement(
            section=section, quotes=quotes, entry=entry, role="collaborating", confidence=confidence, rule=rule
        )
    return list(found.values())
