"""``/health``: liveness, the dataset's size and version, the query pool."""

from __future__ import annotations

import time

from fastapi import APIRouter

from tbgraph.api.deps import StateDep
from tbgraph.api.models import Health

__all__ = ["router"]

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Liveness, triple count, data version")
async def health(state: StateDep) -> Health:
    """Answers while queries run: it reads counters only, never the store or the query workers."""
    executor = state.executor
    return Health(
        status="ok",
        version=state.version,
        data_version=state.data_version,
        triples=state.void.triples,
        graphs=state.void.graphs,
        conforms=state.conforms,
        query_workers=executor.size if executor else 0,
        query_workers_alive=executor.alive if executor else 0,
        query_workers_isolated=executor.isolated if executor else None,
        query_workers_network=executor.walls if executor else "none",
        query_timeouts=executor.timeouts if executor else 0,
        query_workers_replaced=executor.replaced if executor else 0,
        query_timeout=state.settings.query_timeout,
        max_rows=state.settings.max_rows,
        cache_entries=len(state.cache),
        uptime_seconds=round(time.time() - state.started, 3),
        data=state.data,
        reason=state.data_reason,
    )
