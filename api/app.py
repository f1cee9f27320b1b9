"""The service: `create_app(settings)` builds the FastAPI app around a solve worker pool.

    uvicorn: arcsynth serve --host 127.0.0.1 --port 8000 --workers 2
    tests:   with TestClient(create_app(Settings(workers=1, queue=0))) as client: ...

The pool starts with the app (lifespan) and shuts down with it: on SIGTERM uvicorn stops
accepting connections and waits for in-flight requests; then the pool stops its workers.
Workers are spawned by default, and a spawned process re-imports the parent's main module: a
script that builds the app needs the usual `if __name__ == "__main__":` guard.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.pool import JobFailed, JobTimeout, PoolBusy, PoolClosed, SolvePool, WorkerDied
from api.routes import package_version, router, solve_router
from api.settings import Settings
from solver import TaskError

DESCRIPTION = """\
Solve ARC tasks by searching programs in a typed grid DSL.

`POST /solve` takes a task in the standard ARC JSON layout and answers with two attempts per test
input, the programs behind them, the reasoning trace and the timing. Solves run in a pool of
worker processes behind a bounded queue: when it is full the answer is 503 with `Retry-After`.
"""


DRAIN_FACTOR = 4
"""An over-size body is read and dropped up to this many times the limit before the 413 goes out:
a client still sending when the server closes sees a broken pipe or a reset, not the 413."""


class BodyLimit:
    """ASGI middleware: 413 for a body over `max_bytes`, by Content-Length or by actual size.

    The rest of the body is drained first (up to `DRAIN_FACTOR` times the limit), so a client that
    sends the whole body before reading the answer gets it; the connection is closed after it.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"0").decode("latin-1")
        if declared.isdigit() and int(declared) > self.max_bytes:
            if int(declared) <= self.max_bytes * DRAIN_FACTOR:
                await self._drain(receive, 0)
            await self._too_large(send, f"{declared} bytes")
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.max_bytes:
                if more:
                    await self._drain(receive, size)
                await self._too_large(send, f"over {self.max_bytes} bytes")
                return
            if not more:
                break
        body: Message | None = {"type": "http.request", "body": b"".join(chunks)}

        async def replay() -> Message:
            nonlocal body
            if body is None:
                return await receive()  # after the body: the disconnect, when it comes
            message, body = body, None
            return message

        await self.app(scope, replay, send)

    async def _drain(self, receive: Receive, read: int) -> None:
        """Read and drop the rest of the body (`read` bytes in so far), up to the drain bound."""
        while read <= self.max_bytes * DRAIN_FACTOR:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            read += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    async def _too_large(self, send: Send, size: str) -> None:
        response = JSONResponse(
            {"detail": f"the request body is {size}; the limit is {self.max_bytes} bytes"},
            status_code=413,
            headers={"Connection": "close"},
        )
        await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def _error(status: int, error: Exception, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": str(error)}, status_code=status, headers=headers)


def _message(error: dict) -> str:
    """A validation error's message; for a JSON syntax error, with what the parser expected."""
    reason = (error.get("ctx") or {}).get("error")
    if error["type"] == "json_invalid" and isinstance(reason, str):
        return f"{error['msg']}: {reason}"
    return error["msg"]


def _undecodable(cause: BaseException) -> dict:
    """The 422 error for a body that could not be decoded as JSON at all (not a syntax error)."""
    loc: list[str | int] = ["body"]
    if isinstance(cause, UnicodeDecodeError):
        loc.append(cause.start)
        encoding = cause.encoding.upper().replace("-LE", "").replace("-BE", "")
        why = f"its bytes are not {encoding} text ({cause.reason} at byte {cause.start})"
    elif isinstance(cause, RecursionError):
        why = "it is nested too deeply to parse"
    else:
        why = f"it could not be parsed ({type(cause).__name__})"
    return {"type": "json_invalid", "loc": loc, "msg": f"the body is not valid JSON: {why}"}


def _add_error_handlers(app: FastAPI) -> None:
    """Map the solver's and the pool's errors to status codes with readable messages."""

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        # Where and why, without echoing the input: it may be large, or not even valid JSON
        # (Infinity and NaN parse, but cannot be written back).
        detail = [
            {"type": e["type"], "loc": list(e["loc"]), "msg": _message(e)} for e in error.errors()
        ]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        # FastAPI answers 400 "There was an error parsing the body" when the body cannot be
        # decoded at all (bytes that are not UTF-8, nesting too deep), raised from that error.
        # It is the same fault as a JSON syntax error, which gets 422: one documented status.
        cause = error.__cause__
        if error.status_code == 400 and cause is not None and not isinstance(cause, HTTPException):
            return JSONResponse({"detail": [_undecodable(cause)]}, status_code=422)
        return await http_exception_handler(request, error)

    @app.exception_handler(TaskError)
    async def invalid_task(request: Request, error: TaskError) -> JSONResponse:
        detail = [{"type": "value_error", "loc": ["body"], "msg": str(error)}]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(PoolBusy)
    async def busy(request: Request, error: PoolBusy) -> JSONResponse:
        return _error(503, error, {"Retry-After": str(error.retry_after)})

    @app.exception_handler(PoolClosed)
    async def closed(request: Request, error: PoolClosed) -> JSONResponse:
        return _error(503, error, {"Retry-After": "5", "Connection": "close"})

    @app.exception_handler(JobTimeout)
    async def timeout(request: Request, error: JobTimeout) -> JSONResponse:
        return _error(504, error)

    @app.exception_handler(WorkerDied)
    async def died(request: Request, error: WorkerDied) -> JSONResponse:
        return _error(500, error)

    @app.exception_handler(JobFailed)
    async def failed(request: Request, error: JobFailed) -> JSONResponse:
        return _error(500, error)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service with its own worker pool, configured by `settings` (default: environment)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = SolvePool(
            workers=settings.workers,
            queue=settings.queue,
            timeout_margin=settings.timeout_margin,
            memory_mb=settings.worker_memory_mb,
            start_method=settings.start_method,
            search=settings.search,
        )
        await pool.start()
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.shutdown(grace=settings.shutdown_grace)

    app = FastAPI(
        title="arcsynth",
        version=package_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.include_router(solve_router(settings.limits))
    app.include_router(router)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    _add_error_handlers(app)
    return app
