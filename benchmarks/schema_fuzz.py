"""Schemathesis against the service's own /openapi.json: every check, at least 10,000 cases.

    pip install -e '.[fuzz]'       # schemathesis, pinned
    python -m benchmarks.schema_fuzz --max-examples 10000
    python -m benchmarks.schema_fuzz --max-examples 20 --min-cases 1 --out /tmp/fuzz.md

Without --url it starts its own server (`python -m api.cli serve`, --workers solve workers, a
queue of --queue, every solve capped at --max-budget seconds so that valid tasks come back fast)
on a free loopback port, and stops it with SIGTERM afterwards. It runs, one request at a time
(concurrent ones would meet 503s, which schemathesis counts as server errors),

    schemathesis run URL/openapi.json --checks all --max-examples N --seed S --workers 1
        --continue-on-failure --generation-database none --report json,junit

and writes a dated Markdown note (default `benchmarks/results/DATE-schemathesis.md`): the
commands, commit, machine, schemathesis version, cases generated, failures by check, errors,
phases and per-operation counts. `--max-examples` is per operation and phase, so POST /solve's
fuzzing alone reaches it; `--min-cases` is the total the note requires. Exit status 0 only with
no failure, no error and at least --min-cases cases. Arguments after `--` go to schemathesis.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.load_test import ROOT, _start_server, loopback_server
from benchmarks.outputs import git_commit

MIN_CASES = 10_000
INSTALL_HINT = "pip install -e '.[fuzz]'"


def find_schemathesis(given: str | None = None) -> str:
    """The schemathesis command: `given`, else the one beside this Python, else on PATH."""
    if given:
        return given
    beside = Path(sys.executable).parent / "schemathesis"
    if beside.exists():
        return str(beside)
    found = shutil.which("schemathesis")
    if found is None:
        raise SystemExit(f"schemathesis is not installed: {INSTALL_HINT}, or pass --schemathesis")
    return found


def schemathesis_command(
    executable: str, schema_url: str, args: argparse.Namespace, report_dir: Path
) -> list[str]:
    """The `schemathesis run` command line for this run."""
    command = [executable, "run", schema_url, "--checks", "all"]
    command += ["--max-examples", str(args.max_examples), "--seed", str(args.seed)]
    command += ["--workers", "1", "--continue-on-failure", "--generation-database", "none"]
    command += ["--request-timeout", str(args.request_timeout), "--no-color"]
    command += ["--report", "json,junit", "--report-dir", str(report_dir)]
    return command + list(args.schemathesis_args)


def summary(report: dict, min_cases: int) -> dict:
    """The figures of schemathesis's JSON run report that the note shows, and whether it passed."""
    cases = report.get("test_cases", {})
    failures = [
        {
            "code": f.get("code", "?"),
            "title": f.get("title", f.get("type", "?")),
            "count": f.get("count", 0),
            "operations": f.get("operations", []),
        }
        for f in report.get("failures", [])
    ]
    errors = report.get("errors", [])
    generated = cases.get("generated", 0)
    operations = {}
    for name, phases in report.get("valid_rates", {}).items():
        accepted = sum(p.get("accepted", 0) for p in phases.values())
        rejected = sum(p.get("rejected", 0) for p in phases.values())
        operations[name] = (accepted, rejected)
    passed = not failures and not errors and generated >= min_cases and report.get("complete")
    return {
        "version": report.get("schemathesis_version", "?"),
        "seconds": report.get("running_time", float("nan")),
        "stop_reason": report.get("stop_reason", "?"),
        "exit_code": report.get("exit_code"),
        "generated": generated,
        "with_failures": cases.get("with_failures", 0),
        "unique_failures": cases.get("unique_failures", 0),
        "errored": cases.get("errored", 0),
        "failures": failures,
        "errors": len(errors),
        "phases": {name: p.get("status", "?") for name, p in report.get("phases", {}).items()},
        "operations_tested": report.get("operations", {}).get("tested", 0),
        "valid_by_operation": operations,
        "enough_cases": generated >= min_cases,
        "passed": bool(passed),
    }


def render(figures: dict, command: str, st_command: str, setup: str, min_cases: int) -> str:
    """The run as a dated Markdown note with both commands, the commit and the machine."""
    failures = figures["failures"]
    lines = [
        f"# Schemathesis, {datetime.now(UTC):%Y-%m-%d}",
        "",
        f"- command: `{command}`",
        f"- schemathesis: `{st_command}`",
        f"- commit: `{git_commit()}`",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}, {platform.system()}; schemathesis {figures['version']}",
        f"- server: {setup}",
        "",
        "| measure | value |",
        "|---|---|",
        f"| result | {'pass' if figures['passed'] else 'FAIL'} |",
        f"| test cases generated (at least {min_cases}) | {figures['generated']} "
        f"({'yes' if figures['enough_cases'] else 'no'}) |",
        f"| cases with failures / unique failures | {figures['with_failures']} / "
        f"{figures['unique_failures']} |",
        f"| cases that errored / errors | {figures['errored']} / {figures['errors']} |",
        f"| operations tested | {figures['operations_tested']} |",
        f"| phases | {', '.join(f'{n}: {s}' for n, s in figures['phases'].items())} |",
        f"| run time | {figures['seconds']:.0f} s (stop: {figures['stop_reason']}) |",
        f"| schemathesis exit status | {figures['exit_code']} |",
        "",
        "| operation | requests the schema says are valid: accepted / rejected |",
        "|---|---|",
        *(f"| `{name}` | {a} / {r} |" for name, (a, r) in figures["valid_by_operation"].items()),
        "",
        "Failures by check: "
        + (
            "none."
            if not failures
            else "; ".join(
                f"{f['code']} {f['title']}: {f['count']} ({', '.join(f['operations'])})"
                for f in failures
            )
            + "."
        ),
    ]
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--max-examples", type=int, default=MIN_CASES, help="cases per operation and phase"
    )
    parser.add_argument(
        "--min-cases", type=int, default=MIN_CASES, help="cases the run must generate in all"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--request-timeout", type=float, default=30.0, help="seconds")
    parser.add_argument("--workers", type=int, default=2, help="workers of the server started")
    parser.add_argument("--queue", type=int, default=4, help="queue of the server started")
    parser.add_argument(
        "--max-budget", type=float, default=0.1, help="ARCSYNTH_MAX_BUDGET of the server started"
    )
    parser.add_argument("--url", help="an already running server (loopback only)")
    parser.add_argument("--schemathesis", help="the schemathesis command (default: installed)")
    parser.add_argument("--out", help="the note (default: benchmarks/results/DATE-schemathesis.md)")
    parser.add_argument("--keep-reports", help="also keep the JSON and JUnit reports here")
    parser.add_argument("schemathesis_args", nargs="*", help="after --: more schemathesis options")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    if args.max_examples < 1 or args.min_cases < 0:
        raise SystemExit("--max-examples must be at least 1 and --min-cases 0 or more")
    executable = find_schemathesis(args.schemathesis)
    out = Path(
        args.out
        or ROOT / "benchmarks" / "results" / f"{datetime.now(UTC):%Y-%m-%d}-schemathesis.md"
    )
    process = None
    if args.url:
        host, port = loopback_server(args.url)
        setup = f"already running at {args.url}"
    else:
        process, port = _start_server(args.workers, args.queue, args.max_budget)
        host = "127.0.0.1"
        setup = (
            f"`python -m api.cli serve` on loopback, {args.workers} solve workers, queue "
            f"{args.queue}, ARCSYNTH_MAX_BUDGET={args.max_budget} (every solve capped there)"
        )
    try:
        with tempfile.TemporaryDirectory(prefix="schema-fuzz-") as folder:
            report_dir = Path(folder)
            command = schemathesis_command(
                executable, f"http://{host}:{port}/openapi.json", args, report_dir
            )
            started = time.monotonic()
            finished = subprocess.run(command, cwd=folder, capture_output=True, text=True)
            wall = time.monotonic() - started
            reports = sorted(report_dir.glob("json-*.json"))
            if not reports:
                sys.stderr.write(finished.stdout[-4000:] + finished.stderr[-4000:])
                raise SystemExit(f"schemathesis wrote no JSON report (exit {finished.returncode})")
            if args.keep_reports:
                Path(args.keep_reports).mkdir(parents=True, exist_ok=True)
                for report in [*report_dir.glob("json-*"), *report_dir.glob("junit-*")]:
                    shutil.copy(report, args.keep_reports)
            figures = summary(json.loads(reports[-1].read_text()), args.min_cases)
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
    shown = [Path(executable).name if c == executable else c for c in command]
    shown = [("REPORT_DIR" if c == str(report_dir) else c) for c in shown]
    note = render(
        figures,
        "python -m benchmarks.schema_fuzz " + shlex.join(argv),
        shlex.join(shown),
        setup,
        args.min_cases,
    )
    note += f"\nWall time of the schemathesis process: {wall:.0f} s.\n"
    print(note)
    _, marker, tail = finished.stdout.rpartition("SUMMARY")
    print(f"schemathesis's {marker}{tail}" if marker else finished.stdout[-3000:])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(note)
    return 0 if figures["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
