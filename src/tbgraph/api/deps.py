"""Typed dependencies: what a route needs, declared in its signature and overridable in tests.

They are ``async def`` although none awaits anything: FastAPI runs a plain ``def`` dependency in
its thread pool, and that hop cost more than the rest of a cached /sparql answer
(docs/decisions/0003-answer-caches.md).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from tbgraph.api.services import Answers
from tbgraph.api.settings import Settings
from tbgraph.api.state import ServerState
from tbgraph.model.namespaces import ID_BASE
from tbgraph.sandbox.pool import QueryExecutor
from tbgraph.store.base import Store

__all__ = [
    "get_state",
    "get_store",
    "get_settings",
    "get_executor",
    "get_base_url",
    "StateDep",
    "StoreDep",
    "SettingsDep",
    "ExecutorDep",
    "BaseUrlDep",
    "CANONICAL_BASE",
    "get_answers",
    "AnswersDep",
]

#: The base every IRI of the dataset is minted under; the server answers for it by path.
CANONICAL_BASE = ID_BASE.removesuffix("id/")


async def get_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.tbgraph
    return state


StateDep = Annotated[ServerState, Depends(get_state)]


async def get_store(state: StateDep) -> Store:
    return state.store


async def get_settings(state: StateDep) -> Settings:
    return state.settings


async def get_executor(state: StateDep) -> QueryExecutor:
    assert state.executor is not None, "the query workers are started by the lifespan"
    return state.executor


async def get_base_url(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> str:
    """Where this deployment lives: the configured public base, or the request's own (with root_path)."""
    if settings.public_base_url:
        return settings.public_base_url
    base = str(request.base_url)
    return base if base.endswith("/") else base + "/"


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ExecutorDep = Annotated[QueryExecutor, Depends(get_executor)]
BaseUrlDep = Annotated[str, Depends(get_base_url)]


async def get_answers(store: StoreDep, state: StateDep) -> Answers:
    """The REST answers over the store (memoised on the server state)."""
    return Answers(store, state.memo)


AnswersDep = Annotated[Answers, Depends(get_answers)]
