"""The site's language: Norwegian Bokmål by default, English on request.

The language comes from the ``tbgraph-lang`` cookie (set by the switch in the page header, so
the choice persists), else from ``Accept-Language``, else Bokmål. Messages are gettext catalogs
(``tbgraph/locale/<lang>/LC_MESSAGES/messages.po``, msgids in English) read with Babel when first
needed and compiled in memory: nothing is fetched and no build step is needed.
"""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from starlette.requests import Request

__all__ = ["LANGUAGES", "DEFAULT", "COOKIE", "LOCALE_DIR", "translations", "language", "from_accept_language"]

LANGUAGES = ("nb", "en")
DEFAULT = "nb"
COOKIE = "tbgraph-lang"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"

#: Language tags a browser may send, by primary subtag → the site language they mean.
_TAGS = {"nb": "nb", "no": "nb", "nn": "nb", "nob": "nb", "en": "en", "eng": "en"}


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang`` (English msgids: English needs none)."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def from_accept_language(header: str | None) -> str | None:
    """The first site language an ``Accept-Language`` header asks for (by q-value), if any."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for index, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if quality > 0 and primary in _TAGS:
            ranked.append((-quality, index, _TAGS[primary]))
    return min(ranked)[2] if ranked else None


def language(request: Request) -> str:
    """The language to answer ``request`` in: cookie, then Accept-Language, then Bokmål."""
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return from_accept_language(request.headers.get("accept-language")) or DEFAULT
