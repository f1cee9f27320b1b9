"""Settings from the environment, the `serve` command line, and what the service imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from api.cli import build_parser, main
from api.settings import Settings

API = Path(__file__).resolve().parents[2] / "api"
SERVICE_MODULES = ["app.py", "pool.py", "routes.py", "schemas.py", "settings.py"]
OUR_PACKAGES = {"dsl", "solver", "neural", "benchmarks"}


def test_settings_are_read_from_arcsynth_environment_variables():
    env = {
        "ARCSYNTH_WORKERS": "3",
        "ARCSYNTH_QUEUE": "0",
        "ARCSYNTH_DEFAULT_BUDGET": "2.5",
        "ARCSYNTH_MAX_BUDGET": "20",
        "ARCSYNTH_MAX_BODY_BYTES": "5000",
        "ARCSYNTH_START_METHOD": "fork",
        "OTHER": "ignored",
    }
    settings = Settings.from_env(env)
    assert (settings.workers, settings.queue, settings.max_body_bytes) == (3, 0, 5000)
    assert (settings.default_budget, settings.max_budget) == (2.5, 20.0)
    assert settings.start_method == "fork"


def test_prior_and_adaptation_come_from_the_environment_into_the_search_settings():
    settings = Settings.from_env({"ARCSYNTH_PRIOR": "fp32", "ARCSYNTH_TTA": "on"})
    assert (settings.search.prior, settings.search.tta) == ("fp32", True)
    assert Settings.from_env({"ARCSYNTH_TTA": "FALSE"}).tta is False
    with pytest.raises(ValueError, match="ARCSYNTH_TTA='maybe' is not a valid bool"):
        Settings.from_env({"ARCSYNTH_TTA": "maybe"})
    with pytest.raises(ValueError, match="prior must be one of none, fp32, int8"):
        Settings.from_env({"ARCSYNTH_PRIOR": "int4"})


def test_overrides_win_over_the_environment_and_none_means_unset():
    env = {"ARCSYNTH_WORKERS": "3"}
    assert Settings.from_env(env, workers=5).workers == 5
    assert Settings.from_env(env, workers=None).workers == 3


def test_the_default_budget_follows_a_lower_maximum():
    assert Settings.from_env({"ARCSYNTH_MAX_BUDGET": "4"}).default_budget == 4.0
    assert Settings.from_env({}).default_budget == 10.0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ARCSYNTH_WORKERS": "two"}, "ARCSYNTH_WORKERS='two' is not a valid int"),
        ({"ARCSYNTH_WORKERS": "0"}, "workers must be at least 1"),
        ({"ARCSYNTH_QUEUE": "-1"}, "queue must be 0 or more"),
        ({"ARCSYNTH_DEFAULT_BUDGET": "50"}, "default_budget must be in [0.1, max_budget]"),
        ({"ARCSYNTH_DEFAULT_BUDGET": "0.05"}, "default_budget must be in [0.1, max_budget]"),
        ({"ARCSYNTH_MAX_BUDGET": "0"}, "max_budget must be in [0.1, 3600] seconds"),
        ({"ARCSYNTH_MAX_BUDGET": "0.05"}, "max_budget must be in [0.1, 3600] seconds"),
        ({"ARCSYNTH_START_METHOD": "thread"}, "start_method must be one of spawn"),
    ],
)
def test_invalid_settings_say_what_is_wrong(env, message):
    with pytest.raises(ValueError) as caught:
        Settings.from_env(env)
    assert message in str(caught.value)


def test_serve_defaults_to_loopback_port_8000():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.workers) == ("127.0.0.1", 8000, None)
    args = build_parser().parse_args(
        ["serve", "--host", "0.0.0.0", "--port", "9", "--workers", "2"]
    )
    assert (args.host, args.port, args.workers) == ("0.0.0.0", 9, 2)


def test_serve_rejects_bad_settings_with_a_usage_error(monkeypatch, capsys):
    monkeypatch.setenv("ARCSYNTH_QUEUE", "lots")
    assert main(["serve"]) == 2
    assert "ARCSYNTH_QUEUE='lots' is not a valid int" in capsys.readouterr().err
    monkeypatch.delenv("ARCSYNTH_QUEUE")
    assert main(["serve", "--workers", "0"]) == 2


@pytest.mark.parametrize("module", SERVICE_MODULES)
def test_the_service_imports_only_the_solver_from_our_code(module):
    tree = ast.parse((API / module).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert imported & OUR_PACKAGES <= {"solver"}


def test_the_service_keeps_arcs_sides_unless_arcsynth_max_side_says_otherwise():
    assert Settings.from_env({}).limits.max_side == 30
    assert Settings.from_env({"ARCSYNTH_MAX_SIDE": "45"}).limits.max_side == 45
    with pytest.raises(ValueError, match="max_side must be 1..60"):
        Settings.from_env({"ARCSYNTH_MAX_SIDE": "61"})
