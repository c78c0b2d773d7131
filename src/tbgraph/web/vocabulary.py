"""Names of roles, deadline kinds and actor kinds in the page's language, from the ontology's own
``rdfs:label`` @nb/@en (``queries/vocabulary.rq``), so the pages never show a key like
``providing-input`` and never keep a second list of names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tbgraph.store.base import SelectResult, Store

__all__ = ["Vocabulary", "load_vocabulary", "web_query"]

_QUERIES = Path(__file__).resolve().parent / "queries"


def web_query(name: str) -> str:
    """The text of ``web/queries/<name>.rq``."""
    return (_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Vocabulary:
    """key (notation, or a class's English label) → {"nb": …, "en": …}."""

    labels: dict[str, dict[str, str]]

    def label(self, key: str | None, lang: str) -> str:
        """The name of ``key`` in ``lang``; the key itself when the ontology names no such term."""
        if not key:
            return ""
        names = self.labels.get(key)
        if not names:
            return key
        return names.get(lang) or names.get("en") or names.get("nb") or key


def load_vocabulary(store: Store) -> Vocabulary:
    result = store.query(web_query("vocabulary"))
    assert isinstance(result, SelectResult)
    labels: dict[str, dict[str, str]] = {}
    for row in result.rows:
        names = labels.setdefault(str(row["key"]), {})
        for lang in ("nb", "en"):
            if row.get(lang) is not None and lang not in names:
                names[lang] = str(row[lang])
    return Vocabulary(labels)
