"""The service's routes: validate, hand the task to the worker pool, serialise the answer.

`router` holds the routes every app shares; `solve_router(limits)` makes POST /solve, whose body
schema states the app's own task limits.
"""

# No `from __future__ import annotations`: FastAPI reads the body model from the annotation of the
# route that `solve_router` defines, which must be evaluated there, not looked up as a global name.

import asyncio
import contextlib
from collections.abc import Awaitable
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from api.pool import SolvePool
from api.schemas import (
    ErrorOut,
    HealthOut,
    PoolOut,
    PrimitiveOut,
    SolveIn,
    SolveOut,
    Timing,
    request_model,
)
from api.settings import Settings
from solver import TaskLimits, primitives
from viewer import viewer_page

T = TypeVar("T")

CLIENT_CLOSED_REQUEST = 499
"""Status logged for a request whose client went away (nobody receives it)."""

router = APIRouter()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_pool(request: Request) -> SolvePool:
    return request.app.state.pool


def package_version() -> str:
    try:
        return version("arcsynth")
    except PackageNotFoundError:
        return "unknown"


async def _client_gone(request: Request) -> None:
    """Return once the client has disconnected (the body has been read already)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def _unless_client_goes(request: Request, work: Awaitable[T]) -> T | None:
    """The result of `work`, or None (with `work` cancelled) if the client disconnects first."""
    job = asyncio.ensure_future(work)
    gone = asyncio.ensure_future(_client_gone(request))
    try:
        await asyncio.wait({job, gone}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        gone.cancel()
        if not job.done():
            job.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await job
    return job.result() if not job.cancelled() else None


def solve_router(limits: TaskLimits) -> APIRouter:
    """POST /solve for tasks within `limits` (as the body's JSON schema says)."""
    routes = APIRouter()
    body_model: type[SolveIn] = request_model(limits)

    @routes.post(
        "/solve",
        response_model=SolveOut,
        summary="Solve an ARC task",
        responses={
            413: {"model": ErrorOut, "description": "The request body is too large."},
            422: {
                "description": "The body is not valid JSON or the task is malformed; the "
                "message says where and why."
            },
            500: {"model": ErrorOut, "description": "The solve worker died or the solver failed."},
            503: {"model": ErrorOut, "description": "Busy or shutting down; see Retry-After."},
            504: {"model": ErrorOut, "description": "The solve overran its budget and was killed."},
        },
    )
    async def solve_task(
        body: body_model,
        request: Request,
        settings: Annotated[Settings, Depends(get_settings)],
        pool: Annotated[SolvePool, Depends(get_pool)],
    ) -> SolveOut | Response:
        """Search programs that reproduce the demonstrations; two attempts per test input."""
        return await _solve(body, request, settings, pool)

    return routes


async def _solve(
    body: SolveIn, request: Request, settings: Settings, pool: SolvePool
) -> SolveOut | Response:
    """Check the task against the app's limits, solve it in the pool, serialise the answer."""
    loop = asyncio.get_running_loop()
    arrived = loop.time()
    task = body.to_task(settings.limits)
    budget = min(body.budget_seconds or settings.default_budget, settings.max_budget)
    work = pool.run(task.to_json(), task.id, budget, settings.limits)
    result = await _unless_client_goes(request, work)
    if result is None:
        return Response(status_code=CLIENT_CLOSED_REQUEST)
    timing = Timing(
        budget_seconds=budget,
        queued_seconds=result.queued_seconds,
        solve_seconds=result.solution["seconds"],
        total_seconds=loop.time() - arrived,
    )
    return SolveOut.from_solution(result.solution, body.trace, timing)


@router.get("/health", response_model=HealthOut, summary="Liveness and versions")
async def health(
    settings: Annotated[Settings, Depends(get_settings)],
    pool: Annotated[SolvePool, Depends(get_pool)],
) -> HealthOut:
    return HealthOut(
        status="ok",
        version=package_version(),
        primitives=len(primitives()),
        prior=settings.prior + ("+tta" if settings.tta else ""),
        pool=PoolOut(**pool.stats()),
    )


@router.get("/primitives", response_model=list[PrimitiveOut], summary="The DSL catalogue")
async def list_primitives() -> list[PrimitiveOut]:
    """Every primitive the search may use, sorted by family then name."""
    return [
        PrimitiveOut(name=p.name, signature=p.signature, family=p.family, doc=p.doc)
        for p in primitives()
    ]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
@router.get("/viewer", response_class=HTMLResponse, include_in_schema=False)
async def viewer() -> HTMLResponse:
    """The viewer page: paste a task, solve it, see the attempts, programs and trace."""
    return HTMLResponse(viewer_page())
