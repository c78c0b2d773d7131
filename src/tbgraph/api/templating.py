"""Jinja2 templates for the HTML pages (the query editor, resource pages), with a few filters."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi.templating import Jinja2Templates

__all__ = ["templates", "TEMPLATE_DIR", "STATIC_DIR"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


@cache
def templates() -> Jinja2Templates:
    return Jinja2Templates(directory=str(TEMPLATE_DIR))
