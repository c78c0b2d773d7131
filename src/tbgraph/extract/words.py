"""The words of a text that can tell one assignment from another, as short stems.

A supplement names the assignment it changes by describing it ("kartlegginga av helsestatus … i tamreinflokkar"), and
an overview's row names one by a short title ("ERTMS – rapportering i etatsstyringsmøtene"); both are matched to the
letter's assignments by the words they share, cut to stems so that "rapporterer" and "rapportering", "redusere" and
"redusert" meet, and without the words every assignment's text has.
"""

from __future__ import annotations

import re

__all__ = ["content_words"]

#: Words that say nothing about which assignment is meant.
_STOP = frozenset(
    [
        "oppdrag",
        "oppdraget",
        "oppdraga",
        "oppdragene",
        "frist",
        "fristen",
        "fristar",
        "fristene",
        "fristen",
        "ny",
        "nye",
        "nytt",
        "tidligere",
        "tidlegare",
        "opprinnelig",
        "opphavleg",
        "endres",
        "endrast",
        "endra",
        "endret",
        "utsettes",
        "utsett",
        "utsetjast",
        "flyttes",
        "flytta",
        "flyttast",
        "forskyves",
        "departementet",
        "direktoratet",
        "tilsynet",
        "skal",
        "ikkje",
        "ikke",
        "med",
        "for",
        "til",
        "fra",
        "frå",
        "som",
        "det",
        "den",
        "dei",
        "de",
        "eit",
        "ein",
        "en",
        "et",
        "og",
        "eller",
        "i",
        "på",
        "av",
        "om",
        "å",
        "at",
        "er",
        "vert",
        "blir",
        "gjelder",
        "gjeld",
        "dette",
        "denne",
        "desse",
        "disse",
        "tildelingsbrevet",
        "tildelingsbrev",
        "tabellen",
        "punkt",
        "utgår",
        "bortfaller",
        "bortfell",
        "trekkes",
        "trekker",
        "tilbake",
        "trekt",
        "avsluttes",
        "avsluttast",
        "arbeidet",
        "arbeid",
        "sluttrapport",
        "sluttrapporten",
        "delrapport",
        "delrapporten",
        "leveranse",
        "endelig",
        "endeleg",
        "foreløpig",
        "førebels",
        "plan",
        "planen",
        "rapport",
        "rapporten",
        "virkning",
        "verknad",
        "innen",
        "innan",
        "sammen",
        "saman",
        "samarbeid",
        "dialog",
    ]
)


def content_words(text: str) -> list[str]:
    """The words of ``text`` that can tell one assignment from another, as 5-letter stems."""
    words = re.findall(r"[a-zæøåA-ZÆØÅ0-9][\wæøåÆØÅ-]*", text)
    return [w.lower()[:5] for w in words if len(w) >= 4 and w.lower() not in _STOP]
