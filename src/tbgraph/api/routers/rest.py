"""The REST API under ``/api``: one router per resource, gathered here."""

from __future__ import annotations

from fastapi import APIRouter

from tbgraph.api.routers import agencies, assignments, letters, questions, validation

__all__ = ["router"]

router = APIRouter()
router.include_router(agencies.router)
router.include_router(assignments.router)
router.include_router(letters.router)
router.include_router(questions.router)
router.include_router(validation.router)
