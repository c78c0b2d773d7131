"""SPARQL text cut into the grammar's terminals, for writing parameter values into the named queries.

:mod:`tbgraph.store.query_text` writes values into tbgraph's own, trusted queries and must know what a
stretch of text *is* before it does (a ``?from`` inside a string is no variable). The patterns
follow the SPARQL 1.1 grammar's terminals (§19.8): ``PN_CHARS_BASE``, ``PN_CHARS``, ``VARNAME``
(no hyphen: ``?a-?b`` is a subtraction), ``LANGTAG``, the string forms. They do not parse the
grammar. Untrusted queries are never judged by these tokens: :mod:`tbgraph.sandbox.check` parses them
in full (docs/decisions/0010-sandbox-on-a-parse.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["TOKEN", "tokens"]

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_VARNAME_REST = _PN_CHARS_U + r"0-9\u00b7\u0300-\u036f\u203f-\u2040"

#: One match per terminal; the group that matched (``match.lastgroup``) says which kind: ``ws``,
#: ``comment``, ``string``, ``iri``, ``var``, ``langtag``, ``pname``, ``word`` (keywords, ``a``,
#: function names, ``true``), ``number`` or ``other`` (one character: brackets, operators,
#: punctuation).
TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>
        \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n\r]|\\.)*"
      | '(?:[^'\\\n\r]|\\.)*'
    )
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][{_PN_CHARS_U}0-9][{_VARNAME_REST}]*)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<pname>(?:[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:(?:[^\s{{}}()\[\],;<>"'\#]*))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokens(text: str, *, spacing: bool = False) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` for each terminal; spaces and comments only with ``spacing`` (for a
    reader that writes the query out again and must keep them).

    >>> list(tokens('SELECT ?x { ?x a tb:T ; rdfs:label "a # b"@nb } # done'))[:4]
    [('word', 'SELECT'), ('var', '?x'), ('other', '{'), ('var', '?x')]
    >>> [kind for kind, _ in tokens('"a # b"@nb # done', spacing=True)]
    ['string', 'langtag', 'ws', 'comment']
    """
    for match in TOKEN.finditer(text):
        kind = match.lastgroup
        assert kind is not None
        if spacing or kind not in ("ws", "comment"):
            yield kind, match.group()
