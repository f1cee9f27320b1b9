"""The schemathesis runner's own pieces: its command line, the figures it reads, its note."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import schema_fuzz

REPORT = {
    "schemathesis_version": "4.32.5",
    "running_time": 812.4,
    "stop_reason": "completed",
    "complete": True,
    "exit_code": 0,
    "operations": {"total": 3, "selected": 3, "tested": 3},
    "phases": {
        "examples": {"status": "success"},
        "coverage": {"status": "success"},
        "fuzzing": {"status": "success"},
        "stateful": {"status": "skip", "skip_reason": "not_applicable"},
    },
    "test_cases": {"generated": 10_250, "with_failures": 0, "unique_failures": 0, "errored": 0},
    "failures": [],
    "errors": [],
    "valid_rates": {
        "POST /solve": {"coverage": {"accepted": 57, "rejected": 0}, "fuzzing": {"accepted": 4900}},
        "GET /health": {"fuzzing": {"accepted": 1, "rejected": 0}},
    },
}


def test_the_command_runs_every_check_one_request_at_a_time(tmp_path):
    args = schema_fuzz.build_parser().parse_args(["--max-examples", "20", "--", "--no-shrink"])
    command = schema_fuzz.schemathesis_command(
        "st", "http://127.0.0.1:1/openapi.json", args, tmp_path
    )
    assert command[:5] == ["st", "run", "http://127.0.0.1:1/openapi.json", "--checks", "all"]
    assert command[command.index("--max-examples") + 1] == "20"
    assert command[command.index("--workers") + 1] == "1"
    assert "--continue-on-failure" in command and command[-1] == "--no-shrink"
    assert command[command.index("--report-dir") + 1] == str(tmp_path)


def test_a_clean_run_of_enough_cases_passes_and_the_note_says_so():
    figures = schema_fuzz.summary(REPORT, min_cases=10_000)
    assert figures["passed"] and figures["generated"] == 10_250
    assert figures["valid_by_operation"]["POST /solve"] == (4957, 0)
    note = schema_fuzz.render(figures, "python -m benchmarks.schema_fuzz", "st run X", "S", 10_000)
    assert "| result | pass |" in note
    assert "| test cases generated (at least 10000) | 10250 (yes) |" in note
    assert "- commit: `" in note and " cores, " in note and "Failures by check: none." in note


def test_too_few_cases_or_any_failure_fails():
    assert not schema_fuzz.summary(REPORT, min_cases=20_000)["passed"]
    failing = {
        **REPORT,
        "failures": [
            {
                "code": "ST103",
                "title": "Undocumented status code",
                "count": 2,
                "operations": ["POST /solve"],
            }
        ],
    }
    figures = schema_fuzz.summary(failing, min_cases=10_000)
    assert not figures["passed"]
    note = schema_fuzz.render(figures, "c", "s", "S", 10_000)
    assert "| result | FAIL |" in note
    assert "ST103 Undocumented status code: 2 (POST /solve)" in note


def test_schemathesis_is_found_or_the_install_is_named(monkeypatch, tmp_path):
    assert schema_fuzz.find_schemathesis("/opt/st") == "/opt/st"
    monkeypatch.setattr(schema_fuzz.sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    with pytest.raises(SystemExit, match=r"\.\[fuzz\]"):
        schema_fuzz.find_schemathesis()
    (tmp_path / "schemathesis").write_text("")
    assert Path(schema_fuzz.find_schemathesis()) == tmp_path / "schemathesis"
