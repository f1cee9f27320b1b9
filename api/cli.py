"""The `arcsynth` command.

    arcsynth dsl list                          every primitive with its signature
    arcsynth dsl run PROGRAM TASK [--show]     check a program against a task's pairs
    arcsynth solve TASK [--budget S]           search programs for one task, print the answer
    arcsynth eval --dataset NAME|PATH ...      batch evaluation: submission.json and a report
    arcsynth compare --dataset NAME|PATH ...   the same tasks through arcsynth and icecuber
    arcsynth serve [--host H] [--port P] ...   the REST service (POST /solve, GET /health ...)

Each subcommand is one small function taking the parsed arguments and returning the exit status;
`build_parser` wires them up, one `_add_...` function per command group.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dsl.program import Program, ProgramError, check_types, parse, run
from dsl.registry import registry
from dsl.task import MAX_TASK_SIDE, Pair, TaskError, TaskLimits, load_task_file
from dsl.types import NO_VALUE, values_equal
from solver import DEFAULT_MECHANISMS

if TYPE_CHECKING:
    from benchmarks.evaluate import EvalConfig
    from solver import SearchConfig

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _UsageError(Exception):
    """Bad input from the user: each message printed as `error: ...`, with exit status 2."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = messages


def _refuse(problems: list[str]) -> None:
    """Stop with every problem found, one message each."""
    if problems:
        raise _UsageError(*problems)


def _search_problems(args: argparse.Namespace) -> list[str]:
    """What is wrong with --budget, --max-side and --mechanisms."""
    from benchmarks.evaluate import parse_mechanisms

    problems = []
    if not 0 < args.budget <= 3600:
        problems.append("--budget must be in (0, 3600] seconds")
    if not 1 <= args.max_side <= MAX_TASK_SIDE:
        problems.append(f"--max-side must be 1..{MAX_TASK_SIDE}")
    try:
        parse_mechanisms(args.mechanisms)
    except ValueError as error:
        problems.append(f"--mechanisms: {error}")
    return problems


def _batch_problems(args: argparse.Namespace) -> list[str]:
    """What is wrong with the options of eval and compare, --out last (it is made if missing)."""
    from benchmarks.outputs import check_out_folder

    problems = _search_problems(args)
    if args.workers < 1:
        problems.append("--workers must be at least 1")
    if args.limit is not None and args.limit < 1:
        problems.append("--limit must be at least 1")
    if args.address and args.backend != "ray":
        problems.append("--address needs --backend ray")
    try:
        check_out_folder(Path(args.out))
    except ValueError as error:
        problems.append(str(error))
    return problems


# ------------------------------------------------------------------------------------ dsl list


def dsl_list(args: argparse.Namespace) -> int:
    """Print every primitive, sorted by family then name, and how many there are."""
    prims = sorted(registry().values(), key=lambda p: (p.family, p.name))
    for prim in prims:
        print(f"{prim.signature}  [{prim.family}]  {prim.doc}")
    print(f"{len(prims)} primitives")
    return EXIT_OK


# ------------------------------------------------------------------------------------- dsl run


def _read_program(path: str) -> Program:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _UsageError(f"{path}: cannot read: {error}") from None
    try:
        program = parse(text)
    except ProgramError as error:
        raise _UsageError(f"{path}: {error}") from None
    output_type = check_types(program)
    if output_type != "Grid":
        raise _UsageError(f"{path}: the program's output O is {output_type}; it must be a Grid")
    return program


def _size(grid: np.ndarray) -> str:
    return f"{grid.shape[0]}x{grid.shape[1]}"


def _verdict(predicted: object, expected: np.ndarray) -> str:
    """'ok', or WRONG with what differs."""
    if values_equal(predicted, expected):
        return "ok"
    if predicted is NO_VALUE or not isinstance(predicted, np.ndarray):
        return f"WRONG (expected {_size(expected)}, got no value)"
    if predicted.shape != expected.shape:
        return f"WRONG (expected {_size(expected)}, got {_size(predicted)})"
    differ = int(np.count_nonzero(predicted != expected))
    cells = "cell differs" if differ == 1 else "cells differ"
    return f"WRONG (expected {_size(expected)}, got {_size(predicted)}, {differ} {cells})"


def _print_grid(grid: object) -> None:
    if not isinstance(grid, np.ndarray):
        print("    (no value)")
        return
    for row in grid.tolist():
        print("    " + "".join(str(cell) for cell in row))


def _check_pairs(program: Program, section: str, pairs: tuple[Pair, ...], show: bool) -> int:
    """Print one line per pair; return how many known outputs the program reproduced."""
    reproduced = 0
    for index, pair in enumerate(pairs):
        predicted = run(program, pair.input)
        if pair.output is None:
            print(f"{section}[{index}]: no expected output")
        else:
            verdict = _verdict(predicted, pair.output)
            reproduced += verdict == "ok"
            print(f"{section}[{index}]: {verdict}")
        if show:
            _print_grid(predicted)
    return reproduced


def dsl_run(args: argparse.Namespace) -> int:
    """Run a program on a task's pairs; exit 0 when it reproduces every known output."""
    program = _read_program(args.program)
    try:
        task = load_task_file(args.task)
    except TaskError as error:
        raise _UsageError(str(error)) from None
    train_ok = _check_pairs(program, "train", task.train, args.show)
    test_ok = _check_pairs(program, "test", task.test, args.show)
    known_tests = sum(pair.output is not None for pair in task.test)
    print(f"{train_ok}/{len(task.train)} train pairs reproduced")
    if known_tests:
        print(f"{test_ok}/{known_tests} test pairs reproduced")
    solved = train_ok == len(task.train) and test_ok == known_tests
    return EXIT_OK if solved else EXIT_FAILED


# --------------------------------------------------------------------------------------- solve


def _print_solution(solution) -> None:
    trace = solution.trace
    if solution.programs:
        print(
            f"program ({solution.programs[0].steps} steps, cost {solution.programs[0].cost:.2f}):"
        )
        for line in solution.programs[0].text.splitlines():
            print(f"    {line}")
    else:
        print("no program reproduces every demonstration; attempts come from the closest ones")
    for index, attempts in enumerate(solution.attempts):
        for number, attempt in enumerate(attempts, start=1):
            print(f"test[{index}] attempt {number}: {attempt.reason}")
            _print_grid(np.asarray(attempt.grid))
    prior = trace.prior
    if prior.get("mode", "none") != "none":
        likeliest = ", ".join(name for name, _ in prior["top_primitives"][:5])
        adapted = f", adapted in {prior['adapt_seconds']:.2f} s" if prior["adapted"] else ""
        print(
            f"prior {prior['mode']}: {prior['predict_seconds'] * 1000:.0f} ms{adapted}; "
            f"likeliest primitives: {likeliest}"
        )
    print(
        f"searched {trace.candidates_evaluated} candidates "
        f"({trace.candidates_per_second:.0f}/s), kept {trace.values_kept} distinct values, "
        f"depth {trace.depth_reached}, stopped by {trace.stopped_by}, "
        f"{solution.seconds:.2f} s"
    )
    print(trace.winner_reason)


def solve_command(args: argparse.Namespace) -> int:
    """Search programs for one task; print the winner, the attempts and the trace summary."""
    from solver import solve

    _refuse(_search_problems(args))
    try:
        task = load_task_file(args.task, TaskLimits(max_side=args.max_side))
    except TaskError as error:
        raise _UsageError(str(error)) from None
    solution = solve(task, _search_config(args))
    if args.json:
        print(json.dumps(solution.to_json()))
    else:
        _print_solution(solution)
    if not task.has_test_outputs:
        return EXIT_OK
    right = all(
        pair.output.tolist() in [a.grid for a in attempts]
        for pair, attempts in zip(task.test, solution.attempts, strict=True)
    )
    if not args.json:
        print("test outputs known: " + ("solved" if right else "NOT solved"))
    return EXIT_OK


# ---------------------------------------------------------------------------------------- eval


def _select_tasks(args: argparse.Namespace) -> list:
    """The tasks named by --dataset, narrowed by --tasks and --limit."""
    from benchmarks.evaluate import pick_tasks
    from dsl.task import load_tasks

    try:
        loaded = load_tasks(args.dataset, TaskLimits(max_side=args.max_side))
    except TaskError as error:
        raise _UsageError(str(error)) from None
    for source, message in loaded.errors:
        print(f"skipped {source}: {message}", file=sys.stderr)
    try:
        tasks = pick_tasks(loaded.tasks, args.tasks, args.limit)
    except ValueError as error:
        raise _UsageError(str(error)) from None
    if not tasks:
        raise _UsageError("no tasks to evaluate")
    return tasks


def _search_config(args: argparse.Namespace) -> SearchConfig:
    """The search settings named on the command line (budget, prior, test-time adaptation,
    answer generators)."""
    from benchmarks.evaluate import parse_mechanisms
    from solver import SearchConfig

    try:
        mechanisms = parse_mechanisms(args.mechanisms)
    except ValueError as error:
        raise _UsageError(f"--mechanisms: {error}") from None
    return SearchConfig(
        budget_seconds=args.budget, prior=args.prior, tta=args.tta == "on", mechanisms=mechanisms
    )


def _eval_config(args: argparse.Namespace) -> EvalConfig:
    from benchmarks.evaluate import EvalConfig

    if args.backend == "ray":
        from benchmarks.ray_backend import require_ray

        try:
            require_ray()
        except ImportError as error:
            raise _UsageError(str(error)) from None
    return EvalConfig(
        budget_seconds=args.budget,
        workers=args.workers,
        search=_search_config(args),
        backend=args.backend,
        address=args.address,
    )


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM stops the batch as Ctrl-C does, so that its finished tasks are written."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def eval_command(args: argparse.Namespace) -> int:
    """Solve a dataset in parallel and write submission.json, report.json and report.md."""
    from benchmarks.evaluate import evaluate_into

    _refuse(_batch_problems(args))
    tasks = _select_tasks(args)
    config = _eval_config(args)
    out = Path(args.out)
    with _sigterm_interrupts():
        report = evaluate_into(out, tasks, config, str(args.dataset), args.resume, sys.stderr)
    score = report["score"]
    shown = "n/a" if score is None else f"{score:.1%} ({report['solved']:.1f}/{report['tasks']})"
    print(f"score {shown}; median {report['median_seconds']:.2f} s/task; wrote {out}")
    return EXIT_OK


def compare_command(args: argparse.Namespace) -> int:
    """Run arcsynth and icecuber on the same tasks and budget; report both side by side."""
    from benchmarks.compare import compare, render

    _refuse(_batch_problems(args))
    tasks = _select_tasks(args)
    config = _eval_config(args)
    out = Path(args.out)
    with _sigterm_interrupts():
        comparison = compare(tasks, config, out, str(args.dataset), args.resume)
    print(render(comparison))
    return EXIT_OK


# --------------------------------------------------------------------------------------- serve


def serve_command(args: argparse.Namespace) -> int:
    """Run the REST service until SIGTERM or Ctrl+C; in-flight solves finish first."""
    import uvicorn

    from api.app import create_app
    from api.settings import Settings

    if args.workers is not None and args.workers < 1:
        raise _UsageError("--workers must be at least 1")
    try:
        settings = Settings.from_env(workers=args.workers)
    except ValueError as error:
        raise _UsageError(str(error)) from None
    config = uvicorn.Config(
        create_app(settings),
        host=args.host,
        port=args.port,
        lifespan="on",
        timeout_graceful_shutdown=int(settings.shutdown_grace) + 1,
    )
    server = uvicorn.Server(config)
    # uvicorn re-raises the signal it stopped on; a SIGTERM stop is a normal exit here.
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        server.run()
    except KeyboardInterrupt:
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    return EXIT_OK if server.started else EXIT_FAILED


# ---------------------------------------------------------------------------------- the parser


def _add_dsl(commands: argparse._SubParsersAction) -> None:
    dsl = commands.add_parser("dsl", help="inspect the DSL and run programs")
    actions = dsl.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="list every primitive with its signature")
    listing.set_defaults(handler=dsl_list)

    running = actions.add_parser("run", help="run a program on a task's pairs")
    running.add_argument("program", metavar="PROGRAM_FILE", help="program text (x1 = ... O = ...)")
    running.add_argument("task", metavar="TASK_FILE", help="ARC task JSON file")
    running.add_argument("--show", action="store_true", help="print the predicted grids")
    running.set_defaults(handler=dsl_run)


def _add_solve(commands: argparse._SubParsersAction) -> None:
    solving = commands.add_parser("solve", help="search programs for one task")
    solving.add_argument("task", metavar="TASK_FILE", help="ARC task JSON file")
    solving.add_argument("--budget", type=float, default=30.0, help="seconds (default 30)")
    solving.add_argument("--json", action="store_true", help="print the whole solution as JSON")
    _add_search_arguments(solving)
    solving.set_defaults(handler=solve_command)


def _add_batch_arguments(parser: argparse.ArgumentParser, default_out: str) -> None:
    parser.add_argument(
        "--dataset",
        required=True,
        help="arc-agi-1/training, arc-agi-1/evaluation, arc-agi-2/training, "
        "arc-agi-2/evaluation, a folder of task files, a task file or a Kaggle challenges file",
    )
    parser.add_argument("--tasks", help="file of task ids (whitespace separated) to run")
    parser.add_argument("--limit", type=int, help="only the first N tasks (N at least 1)")
    parser.add_argument(
        "--budget", type=float, default=30.0, help="seconds per task (default %(default)s)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="tasks solved at once, one process each (default %(default)s: the cores here)",
    )
    parser.add_argument("--out", default=default_out, help="output folder (default %(default)s)")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="keep the tasks an interrupted run with the same --out already finished "
        "(its results.jsonl) and solve only the rest",
    )
    parser.add_argument(
        "--backend",
        choices=("local", "ray"),
        default="local",
        help="local: worker processes here (default); ray: one Ray task per ARC task",
    )
    parser.add_argument(
        "--address",
        help="Ray cluster to run on (host:port of its head); without it a local Ray instance "
        "with --workers CPUs is started",
    )
    _add_search_arguments(parser)


def _add_search_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-side",
        type=int,
        default=MAX_TASK_SIDE,
        help="largest grid side a task may have (default %(default)s; ARC's own limit is 30)",
    )
    parser.add_argument(
        "--prior",
        choices=("none", "fp32", "int8"),
        default="int8",
        help="neural prior guiding the search (default int8)",
    )
    parser.add_argument(
        "--tta",
        choices=("on", "off"),
        default="off",
        help="adapt the prior to each task before searching (default off)",
    )
    parser.add_argument(
        "--mechanisms",
        default=",".join(DEFAULT_MECHANISMS),
        help="answer generators to run, comma-separated (default %(default)s); "
        "search cannot be turned off",
    )


def _add_eval(commands: argparse._SubParsersAction) -> None:
    evaluating = commands.add_parser("eval", help="evaluate on a dataset, write a submission")
    _add_batch_arguments(evaluating, "out/eval")
    evaluating.set_defaults(handler=eval_command)


def _add_compare(commands: argparse._SubParsersAction) -> None:
    comparing = commands.add_parser("compare", help="arcsynth and icecuber side by side")
    _add_batch_arguments(comparing, "out/compare")
    comparing.set_defaults(handler=compare_command)


def _add_serve(commands: argparse._SubParsersAction) -> None:
    serving = commands.add_parser(
        "serve",
        help="run the REST service",
        description="Run the REST service. Limits come from ARCSYNTH_* environment variables "
        "(see api/settings.py): ARCSYNTH_QUEUE, ARCSYNTH_DEFAULT_BUDGET, ARCSYNTH_MAX_BUDGET, "
        "ARCSYNTH_MAX_BODY_BYTES, ...",
    )
    serving.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    serving.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serving.add_argument(
        "--workers", type=int, help="solve worker processes (default ARCSYNTH_WORKERS or cores)"
    )
    serving.set_defaults(handler=serve_command)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every `arcsynth` command."""
    parser = argparse.ArgumentParser(
        prog="arcsynth", description="Solve ARC tasks by searching programs in a typed grid DSL."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_dsl(commands)
    _add_solve(commands)
    _add_eval(commands)
    _add_compare(commands)
    _add_serve(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the `arcsynth` command; return its exit status."""
    from benchmarks.evaluate import BatchInterrupted

    args = build_parser().parse_args(argv)
    try:
        status = args.handler(args)
        sys.stdout.flush()  # here, where a reader that went away can still be caught
        return status
    except _UsageError as error:
        for message in error.messages:
            print(f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `arcsynth dsl list | head`: the reader has what it wanted
        _discard_stdout()
        return EXIT_OK
    except BatchInterrupted as stopped:
        print(f"\n{stopped}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ConnectionError as error:  # eval/compare: the Ray backend's cluster is unreachable
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED


def _discard_stdout() -> None:
    """Send what is left in stdout's buffer to /dev/null, so that the flush at exit cannot fail
    on the closed pipe again."""
    with suppress(OSError, ValueError):  # stdout is not a file (captured, replaced): nothing to do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
