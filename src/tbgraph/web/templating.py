"""The one template set and the one asset folder of the site, and what every page is rendered with.

Every HTML page, whichever router serves it, is a template under ``web/templates`` extending
``base.html`` (one layout, one navigation), styled by ``web/static``. :class:`SiteTemplates`
adds to each page's context the language (:mod:`tbgraph.web.i18n`) with its gettext functions for
Jinja's i18n extension, the base URL of the site, and helpers that put names in the page's language
(``role``, ``kind``) and mark text in another language (``tx``).
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2.ext import _make_new_gettext, _make_new_ngettext
from markupsafe import Markup, escape
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.templating import Jinja2Templates, _TemplateResponse

from tbgraph.web.days import BadDay, day_name, requested_day
from tbgraph.web.i18n import LANGUAGES, language, translations
from tbgraph.web.vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "SiteTemplates",
    "site_templates",
    "TEMPLATE_DIR",
    "STATIC_DIR",
    "site_base",
    "vocabulary",
    "month_name",
    "money",
]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
CANONICAL = "https://w3id.org/tbgraph/"

#: The navigation: (path under the base, msgid of its name). Rendered in this order on every page.
NAVIGATION = (
    ("", "Home"),
    ("assignments", "Assignments"),
    ("actors", "Actors"),
    ("goals", "Goals"),
    ("budget", "Budget"),
    ("deadlines", "Deadlines"),
    ("explore", "Graph"),
    ("timeline", "Timeline"),
    ("sparql", "SPARQL"),
    ("docs", "API"),
    ("ontology", "Ontology"),
)


def site_base(request: Request) -> str:
    """The site's base URL with a final slash: the configured public base, else the request's own."""
    state = getattr(request.app.state, "tbgraph", None)
    settings = getattr(state, "settings", None)
    configured = getattr(settings, "public_base_url", None)
    if configured:
        return str(configured) if str(configured).endswith("/") else f"{configured}/"
    base = str(request.base_url)
    return base if base.endswith("/") else base + "/"


def vocabulary(request: Request) -> Vocabulary:
    """The ontology's names of roles and kinds, read once per server state."""
    state = request.app.state.tbgraph
    memo = getattr(state, "memo", None)
    if memo is None:
        return load_vocabulary(state.store)
    found: Vocabulary = memo.get(("tbgraph.web", "vocabulary"), lambda: load_vocabulary(state.store))
    return found


def _query(request: Request, **changes: Any) -> str:
    """The current query string with ``changes`` (None removes a parameter)."""
    params = {k: v for k, v in request.query_params.items()}
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return ("?" + urllib.parse.urlencode(params)) if params else "?"


def _day_of(request: Request) -> dt.date | None:
    """The page's ``?as_of`` day, None when absent or malformed (a page refuses a malformed one itself)."""
    try:
        return requested_day(request)
    except BadDay:
        return None


def _page_context(request: Request) -> dict[str, Any]:
    lang = language(request)
    catalog = translations(lang)
    base = site_base(request)
    words = vocabulary(request) if getattr(request.app.state, "tbgraph", None) is not None else None
    state = getattr(request.app.state, "tbgraph", None)
    root = str(request.scope.get("root_path", "")).rstrip("/")
    here = request.url.path[len(root) :] if root and request.url.path.startswith(root) else request.url.path

    def tx(text: Any, text_lang: str | None = "nb", tag: str = "span") -> Markup:
        """``text``, marked ``lang`` when it is not in the page's language."""
        if text is None:
            return Markup("")
        if text_lang and text_lang != lang:
            return Markup(f'<{tag} lang="{text_lang}">{escape(text)}</{tag}>')
        return escape(text)

    def name(key: str | None) -> str:
        return words.label(key, lang) if words else (key or "")

    def pick(text: Any) -> tuple[str | None, str]:
        """A Text (nb/en) in the page's language where there is one: (text, its language)."""
        if text is None:
            return None, lang
        nb = getattr(text, "nb", None) if not isinstance(text, Mapping) else text.get("nb")
        en = getattr(text, "en", None) if not isinstance(text, Mapping) else text.get("en")
        if lang == "en" and en:
            return en, "en"
        return (nb, "nb") if nb else (en, "en")

    def text_in(value: Any, tag: str = "span") -> Markup:
        chosen, chosen_lang = pick(value)
        return tx(chosen, chosen_lang, tag)

    def local(iri: str | None) -> str:
        if not iri:
            return ""
        return base + iri[len(CANONICAL) :] if iri.startswith(CANONICAL) else iri

    day = _day_of(request)

    def with_day(url: str) -> str:
        """``url`` with the page's ``as_of`` kept (a link to another page about the same day)."""
        if day is None:
            return url
        path, _, fragment = url.partition("#")
        joined = path + ("&" if "?" in path else "?") + "as_of=" + day.isoformat()
        return joined + ("#" + fragment if fragment else "")

    def hidden_fields(*skip: str) -> Markup:
        """The page's query parameters but ``skip`` as hidden fields (a form that changes only some)."""
        return Markup("").join(
            Markup('<input type="hidden" name="{}" value="{}">').format(key, value)
            for key, value in request.query_params.multi_items()
            if key not in skip and key != "format" and value
        )

    return {
        "request": request,
        "lang": lang,
        "as_of": day,
        "day_name": lambda value, year=True: day_name(value, lang, year),
        "with_day": with_day,
        "change_text": lambda change, with_id=False: _sentence(change, lang, base, with_id),
        "hidden_fields": hidden_fields,
        "other_lang": next(code for code in LANGUAGES if code != lang),
        "gettext": _make_new_gettext(catalog.gettext),
        "ngettext": _make_new_ngettext(catalog.ngettext),
        "_": _make_new_gettext(catalog.gettext),
        "base": base,
        "here": here,
        "navigation": NAVIGATION,
        "data_version": getattr(state, "data_version", ""),
        "tx": tx,
        "text_in": text_in,
        "role": name,
        "kind": name,
        "local": local,
        "query": lambda **changes: _query(request, **changes),
        "quote_url": lambda value: urllib.parse.quote(str(value), safe=""),
        "vendor": lambda path: _vendor_url(base, path, getattr(getattr(state, "settings", None), "vendor_dir", None)),
    }


def _vendor_url(base: str, path: str, configured: Any) -> str:
    """A vendor file's URL with its npm package's version (cacheable for a year; tbgraph.api.routers.static)."""
    from tbgraph.api.routers.static import vendor_url  # the API's route, which serves it

    return vendor_url(base, path, configured)


def _sentence(change: Any, lang: str, base: str, with_id: bool) -> Markup:
    from tbgraph.web.history import sentence  # the REST answers' types: only when a page tells a change

    return sentence(change, lang, base, with_id)


class SiteTemplates(Jinja2Templates):
    """Jinja2 templates whose pages know their language and the site around them.

    ``on_render`` is called with the application before each page is rendered; the application
    factory sets it to start warming the other pages' answers (:func:`tbgraph.web.warm.start`),
    so that this module does not import what it renders.
    """

    on_render: Callable[[Any], None] | None = None

    def TemplateResponse(  # noqa: N802  (Starlette's name)
        self,
        request: Request,
        name: str,
        context: dict[str, Any] | None = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> _TemplateResponse:
        if self.on_render is not None:
            self.on_render(request.app)
        full = _page_context(request)
        full.update(context or {})
        full.update({k: v for k, v in _page_context_fixed(request, full).items()})
        varying = dict(headers or {})
        varying["Vary"] = ", ".join(v for v in (varying.get("Vary"), "Accept-Language", "Cookie") if v)
        varying.setdefault("Content-Language", full["lang"])
        return _TemplateResponse(
            self.get_template(name),
            full,
            status_code=status_code,
            headers=varying,
            media_type=media_type,
            background=background,
        )


def _page_context_fixed(request: Request, context: dict[str, Any]) -> dict[str, Any]:
    """What a route may not override: the language and its messages follow the request."""
    return {k: context[k] for k in ("lang", "gettext", "ngettext", "_")}


def month_name(month: str, lang: str) -> str:
    """``2023-06`` as the page's language names it: «juni 2023», «June 2023»."""
    year, number = month.split("-")
    return format_date(dt.date(int(year), int(number), 1), "LLLL yyyy", locale=lang)


def money(amount: float | None, lang: str) -> str:
    """An amount with the page language's digit grouping (91 147 000 in Bokmål)."""
    return "" if amount is None else format_decimal(amount, locale=lang)


def sparql_choices(request: Request) -> dict[str, Any]:
    """What the SPARQL editor's parameter forms offer: each named question's parameters, and the values
    of each kind (actors, roles, assignments, solutions) as [value, name in the page's language]."""
    from tbgraph.questions.named import named_queries
    from tbgraph.web.site import site

    lang = language(request)
    data = site(request)
    words = vocabulary(request)
    answers = data.answers
    return {
        "parameters": {
            q.name: [
                {"name": p.name, "kind": p.kind, "required": p.required, "description": p.description}
                for p in q.parameters
            ]
            for q in named_queries().values()
        },
        "questions": {q.name: q.question_en if lang == "en" else q.question_nb for q in named_queries().values()},
        "agency": [[a.key, a.name] for a in sorted(answers.agencies(), key=lambda a: a.name.casefold())],
        "role": [[c.key, words.label(c.key, lang)] for c in answers._candidates("role")],  # noqa: SLF001
        "assignment": [[a.id, f"{a.id} {a.title.nb}"] for a in answers.assignments()],
        "solution": [[c.key, c.name] for c in sorted(answers._candidates("solution"), key=lambda c: c.name)],  # noqa: SLF001
    }


@cache
def site_templates() -> SiteTemplates:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    templates = SiteTemplates(env=environment)
    templates.env.globals["languages"] = LANGUAGES
    templates.env.filters["month_name"] = month_name
    templates.env.filters["money"] = money
    templates.env.globals["sparql_choices"] = sparql_choices
    return templates
