"""Does the neural prior help, and each answer generator? The same tasks and budget per setting.

    python -m benchmarks.ablation --dataset arc-agi-1/training \\
        --tasks benchmarks/tasks/arc-agi-1-training-unseen-by-prior.txt --budget 10 --workers 2 \\
        --out out/ablation-training

Runs one batch per setting (`--settings none,int8,int8+tta` by default), one after another or,
with `--side-by-side`, all at once (one process per setting, `--workers` each: settings compared
under the same load, as comparisons within one run need), and writes each batch's submission
and report under OUT/SETTING/. A setting is a prior (none, fp32, int8), optionally
`+tta` (adapt it per task) and/or `+prune` (only its likeliest primitives in the deep layers),
then `-MECHANISM` for each answer generator it turns off (`int8-stack`, `int8-size-augment`) of
those `--mechanisms` names (default all), then `:FIELD=VALUE` for each number or switch of the
search's config it sets (`int8:rules_symmetric_sources=0`). Then OUT/ablation.json and
OUT/ablation.md: score, median seconds and candidates to the first consistent program, prior time,
output sizes right, and, on the tasks both a setting and the first (baseline) setting solve, how
many times fewer candidates the setting needed (geometric mean of per-task ratios).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from benchmarks.evaluate import (
    EvalConfig,
    TaskResult,
    from_entry,
    parse_mechanisms,
    pick_tasks,
    run_batch,
    summarise,
    text_or_na,
    write_outputs,
)
from solver import (
    DEFAULT_MECHANISMS,
    MECHANISMS,
    PRIOR_MODES,
    SearchConfig,
    Task,
    TaskError,
    load_tasks,
)

DEFAULT_SETTINGS = "none,int8,int8+tta"
OPTIONAL = tuple(m for m in MECHANISMS if m != "search")
"""The mechanisms a setting may turn off."""


@dataclass(frozen=True)
class Setting:
    """One ablation setting: the prior, whether it is adapted, the mechanisms turned off, and
    whether the prior prunes the deep layers."""

    prior: str
    tta: bool = False
    off: tuple[str, ...] = ()
    prune: bool = False
    overrides: tuple[tuple[str, int | float | bool], ...] = ()

    def apply(self, search: SearchConfig) -> SearchConfig:
        """`search` with this setting's prior, adaptation, pruning and config values, less the
        mechanisms it turns off."""
        mechanisms = tuple(m for m in search.mechanisms if m not in self.off)
        return replace(
            search,
            prior=self.prior,
            tta=self.tta,
            mechanisms=mechanisms,
            prior_prune=self.prune,
            **dict(self.overrides),
        )


PRIOR_FLAGS = ("tta", "prune")
"""What may follow a prior after '+': adapt it per task, let it prune the deep layers."""


SETTABLE = {
    f.name: f.type
    for f in fields(SearchConfig)
    if f.type in ("int", "float", "bool") and f.name not in ("prior_prune", "tta", "budget_seconds")
}
"""The search's config values a setting may set after ':' (numbers and switches)."""


def parse_override(setting: str, item: str) -> tuple[str, int | float | bool]:
    """'rules_max_tests=6' -> ('rules_max_tests', 6); ValueError for an unknown or bad one."""
    name, equals, text = item.partition("=")
    kind = SETTABLE.get(name)
    try:
        if kind is None or not equals:
            raise ValueError
        if kind == "bool":
            if text not in ("true", "false"):
                raise ValueError
            return name, text == "true"
        return name, int(text) if kind == "int" else float(text)
    except ValueError:
        raise ValueError(
            f"setting {setting!r}: {item!r} is not FIELD=VALUE for a number or switch (true, "
            f"false) of the search's config: {', '.join(sorted(SETTABLE))}"
        ) from None


def parse_setting(text: str) -> Setting:
    """'int8+tta-stack' -> Setting('int8', True, ('stack',)); 'int8+prune' prunes the deep
    layers by the prior; 'int8:rules_max_tests=6' sets a config value; ValueError for an
    unknown prior, flag, mechanism or config value."""
    text, *items = text.split(":")
    overrides = tuple(parse_override(text, item) for item in items)
    head, *off = text.split("-")
    prior, *flags = head.split("+")
    if (
        prior not in PRIOR_MODES
        or any(flag not in PRIOR_FLAGS for flag in flags)
        or len(set(flags)) != len(flags)
        or (prior == "none" and flags)
    ):
        raise ValueError(
            f"unknown setting {text!r}: use none, fp32 or int8, the last two optionally "
            f"followed by +tta and/or +prune, then -MECHANISM for each of "
            f"{', '.join(OPTIONAL)} to turn off"
        )
    for name in off:
        if name == "search":
            raise ValueError(f"setting {text!r}: the search mechanism cannot be turned off")
        if name not in MECHANISMS:
            raise ValueError(
                f"unknown setting {text!r}: unknown mechanism {name!r}; "
                f"choose from {', '.join(OPTIONAL)}"
            )
    return Setting(prior, "tta" in flags, tuple(off), "prune" in flags, overrides)


def _consistent(result: TaskResult) -> bool:
    return result.solved_demonstrations and result.candidates_before_first_solution is not None


def paired_speedup(baseline: list[TaskResult], other: list[TaskResult]) -> dict[str, Any]:
    """Candidates to the first consistent program, on the tasks both runs found one for."""
    pairs = [
        (b.candidates_before_first_solution, o.candidates_before_first_solution)
        for b, o in zip(baseline, other, strict=True)
        if _consistent(b) and _consistent(o)
    ]
    if not pairs:
        return {
            "paired_tasks": 0,
            "geometric_mean_ratio": None,
            "median_baseline": None,
            "median": None,
        }
    logs = [math.log(max(b, 1) / max(o, 1)) for b, o in pairs]
    return {
        "paired_tasks": len(pairs),
        "geometric_mean_ratio": math.exp(statistics.fmean(logs)),
        "median_baseline": statistics.median(b for b, _ in pairs),
        "median": statistics.median(o for _, o in pairs),
    }


def _row(name: str, report: dict[str, Any], speedup: dict[str, Any]) -> str:
    per_task = report["per_task"]
    predict = [r["prior_predict_seconds"] for r in per_task if r["prior_predict_seconds"]]
    cells = [
        name,
        f"{report['score']:.1%} ({report['solved']:.1f})",
        str(report["demonstrations_solved"]),
        text_or_na(report["median_seconds_to_solution"], ".2f"),
        text_or_na(report["median_candidates_to_solution"], ",.0f"),
        f"{speedup['paired_tasks']}: {text_or_na(speedup['median_baseline'], ',.0f')} -> "
        f"{text_or_na(speedup['median'], ',.0f')} "
        f"({text_or_na(speedup['geometric_mean_ratio'], '.2f')}x)",
        text_or_na(statistics.median(predict) * 1000 if predict else None, ".0f"),
        text_or_na(report["max_prior_seconds"], ".2f"),
        f"{report['size_right']}/{report['size_known']}",
        " ".join(f"{d}:{n}" for d, n in report.get("depth_reached", {}).items()) or "-",
        ", ".join(
            f"{name} {w['right']:.0f}/{w['won']:.0f}" for name, w in report["winners"].items()
        )
        or "-",
    ]
    return "| " + " | ".join(cells) + " |"


def render(reports: dict[str, dict[str, Any]], speedups: dict[str, dict[str, Any]]) -> str:
    """The ablation as a Markdown table."""
    first = next(iter(reports.values()))
    lines = [
        f"# Ablation on {first['dataset']}",
        "",
        f"- {first['tasks']} tasks, {first['budget_seconds']} s per task, {first['workers']} "
        f"workers, {first['cpu_count']} cores, commit `{first['commit']}`",
        "- candidates to solution: on tasks where both the first setting and this one found a "
        "consistent program, median candidates before it (first setting -> this one) and the "
        "geometric mean of the per-task ratios",
        "- right/won: over the tasks whose demonstrations a program reproduced, by the mechanism "
        "of the first attempt, how many were solved of how many it won",
        "",
        "| setting | score (pass@2) | demos reproduced | median s to solution | median candidates "
        "to solution | paired candidates to solution | median prior inference ms | max prior "
        "+ TTA s | output sizes right | tasks by depth reached | right/won by winning mechanism |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [_row(name, reports[name], speedups[name]) for name in reports]
    return "\n".join(lines) + "\n"


def batch_folder(setting: str) -> str:
    """The folder (under OUT) of a setting's batch."""
    return setting.replace("+", "-").replace(":", "_").replace("=", "-")


def run_one(
    tasks: list[Task], name: str, config: EvalConfig, out: Path, dataset: str, progress: bool
) -> tuple[list[TaskResult], dict[str, Any]]:
    """One setting's batch, written to OUT/FOLDER; its results and report."""
    setting = replace(config, search=parse_setting(name).apply(config.search))
    results = run_batch(tasks, setting, sys.stderr if progress else None)
    report = summarise(results, setting, dataset)
    write_outputs(out / batch_folder(name), results, report, tasks)
    return results, report


def run_side_by_side(
    settings: list[str], batch_argv: list[str], out: Path
) -> tuple[dict[str, list[TaskResult]], dict[str, dict[str, Any]]]:
    """Every setting's batch at once, each in its own process with `batch_argv` (the command's
    task, budget and worker arguments): the settings share the machine's load and speed, as a
    comparison within one run needs. Each process's log is OUT/FOLDER.log."""
    out.mkdir(parents=True, exist_ok=True)
    running = []
    for name in settings:
        log = (out / f"{batch_folder(name)}.log").open("w")
        command = [sys.executable, "-m", "benchmarks.ablation", *batch_argv]
        command += ["--settings", name, "--out", str(out), "--batch-only"]
        running.append((name, subprocess.Popen(command, stdout=log, stderr=log), log))
    failed = []
    for name, process, log in running:
        if process.wait() != 0:
            failed.append(name)
        log.close()
    if failed:
        raise RuntimeError(f"settings {', '.join(failed)} failed: see their logs in {out}")
    reports = {
        name: json.loads((out / batch_folder(name) / "report.json").read_text())
        for name in settings
    }
    results = {
        name: [from_entry(entry) for entry in report["per_task"]]
        for name, report in reports.items()
    }
    return results, reports


def run(
    tasks: list[Task],
    settings: list[str],
    config: EvalConfig,
    out: Path,
    dataset: str,
    batch_argv: list[str] | None = None,
) -> dict[str, Any]:
    """One batch per setting (one after another, or all at once given `batch_argv`, see
    `run_side_by_side`); the reports and paired speed-ups against the first setting."""
    results: dict[str, list[TaskResult]] = {}
    reports: dict[str, dict[str, Any]] = {}
    if batch_argv is not None:
        results, reports = run_side_by_side(settings, batch_argv, out)
    else:
        for name in settings:
            print(f"{name}:", file=sys.stderr)
            results[name], reports[name] = run_one(tasks, name, config, out, dataset, True)
    baseline = results[settings[0]]
    speedups = {name: paired_speedup(baseline, results[name]) for name in settings}
    summary = {
        name: {k: v for k, v in reports[name].items() if k != "per_task"} | speedups[name]
        for name in settings
    }
    (out / "ablation.json").write_text(json.dumps(summary, indent=1))
    (out / "ablation.md").write_text(render(reports, speedups))
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", required=True, help="a bundled dataset name or a path")
    parser.add_argument("--tasks", help="file of task ids (whitespace separated)")
    parser.add_argument("--limit", type=int, help="only the first N tasks")
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per task")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--settings",
        default=DEFAULT_SETTINGS,
        help=f"comma-separated settings (default {DEFAULT_SETTINGS}); a setting ending in "
        "-stack, -size, -rules, -augment or -normalise turns that mechanism off, then "
        ":FIELD=VALUE sets a number or switch of the search's config",
    )
    parser.add_argument(
        "--mechanisms",
        default=",".join(DEFAULT_MECHANISMS),
        help="answer generators every setting starts from, comma-separated (default %(default)s)",
    )
    parser.add_argument(
        "--prior-weight",
        type=float,
        default=SearchConfig.prior_weight,
        help="extra cost per unit of log-probability below the top k (default %(default)s)",
    )
    parser.add_argument("--out", type=Path, default=Path("out/ablation"))
    parser.add_argument(
        "--side-by-side",
        action="store_true",
        help="run the settings at once, one process each (--workers each), so that they share "
        "the machine's load and speed",
    )
    parser.add_argument("--batch-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        settings = [s.strip() for s in args.settings.split(",") if s.strip()]
        for name in settings:
            parse_setting(name)
        mechanisms = parse_mechanisms(args.mechanisms)
        tasks = pick_tasks(load_tasks(args.dataset).tasks, args.tasks, args.limit)
    except (ValueError, TaskError) as error:
        parser.error(str(error))
    search = SearchConfig(
        budget_seconds=args.budget, prior_weight=args.prior_weight, mechanisms=mechanisms
    )
    config = EvalConfig(args.budget, args.workers, search=search)
    if args.batch_only:  # one setting of a side-by-side run: its batch alone
        run_one(tasks, settings[0], config, args.out, args.dataset, progress=True)
        return 0
    batch_argv = _batch_argv(args) if args.side_by_side else None
    run(tasks, settings, config, args.out, args.dataset, batch_argv)
    print((args.out / "ablation.md").read_text())
    return 0


def _batch_argv(args: argparse.Namespace) -> list[str]:
    """The arguments that every setting's process of a side-by-side run shares."""
    argv = ["--dataset", args.dataset, "--budget", str(args.budget)]
    argv += ["--workers", str(args.workers), "--mechanisms", args.mechanisms]
    argv += ["--prior-weight", str(args.prior_weight)]
    if args.tasks:
        argv += ["--tasks", args.tasks]
    if args.limit:
        argv += ["--limit", str(args.limit)]
    return argv


if __name__ == "__main__":
    raise SystemExit(main())
