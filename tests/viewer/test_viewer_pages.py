"""The viewer's pages without a browser: served offline, and report.html's data embedded safely."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from benchmarks.evaluate import EvalConfig, TaskResult, summarise, write_outputs
from benchmarks.report_html import render_report_html
from dsl.task import Task, task_from_json

DATA_TAG = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def client() -> TestClient:
    # No `with`: the lifespan (and its worker pool) is not needed to serve the page.
    return TestClient(create_app(Settings(workers=1, queue=0)))


def _flip(task_id: str) -> Task:
    return task_from_json(
        {
            "train": [{"input": [[1, 2]], "output": [[2, 1]]}],
            "test": [{"input": [[3, 4]], "output": [[4, 3]]}],
        },
        task_id,
    )


def _result(task_id: str, program: str = "O = flip_h(I)") -> TaskResult:
    """A solved result as the batch would report it, with the viewer's data."""
    step = {"name": "O", "line": program, "value_type": "Grid", "grid": [[2, 1]], "summary": ""}
    return TaskResult(
        task_id,
        "ok",
        0.5,
        [{"attempt_1": [[4, 3]], "attempt_2": [[3, 4]]}],
        score=1.0,
        test_solved=[True],
        solved_demonstrations=True,
        program=program,
        attempt_programs=[
            [{"program": program, "consistent": True}, {"program": "O = I", "consistent": False}]
        ],
        steps=[step],
    )


def _embedded(page: str) -> dict[str, Any]:
    match = DATA_TAG.search(page)
    assert match is not None
    return json.loads(match.group(1))


@pytest.mark.parametrize("path", ["/", "/viewer"])
def test_viewer_routes_serve_one_html_page_that_needs_no_network(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert 'id="task-input"' in page and "function renderTask" in page
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"<(script|link|img)\b[^>]*\b(src|href)\s*=", page)
    assert 'id="report-data"' not in page


def test_viewer_routes_stay_out_of_the_openapi_schema(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/solve" in paths and "/" not in paths and "/viewer" not in paths


def test_report_html_embeds_valid_json_and_escapes_closing_tags():
    hostile = "O = flip_h(I)  # </script><script>alert(1)</script> <!-- & ]]>"
    page = render_report_html(
        [_flip("a")], [_result("a", hostile)], {"dataset": "hand </script>", "score": 1.0}
    )
    embedded = DATA_TAG.search(page).group(1)
    assert "</" not in embedded and "<!--" not in embedded
    data = json.loads(embedded)
    test = data["tasks"][0]["test"][0]
    assert test["output"] == [[4, 3]] and test["input"] == [[3, 4]]
    assert test["attempts"][0] == {
        "grid": [[4, 3]],
        "program": hostile,
        "consistent": True,
        "correct": True,
    }
    assert test["attempts"][1]["correct"] is False
    assert data["tasks"][0]["train"] == [{"input": [[1, 2]], "output": [[2, 1]]}]
    assert data["summary"]["dataset"] == "hand </script>"
    assert page.count("</script>") == 2  # the data's own and the viewer script's
    assert "http://" not in page and "https://" not in page


def test_write_outputs_adds_report_html_and_keeps_the_viewer_data_out_of_report_json(tmp_path):
    results = [_result("a")]
    report = summarise(results, EvalConfig(budget_seconds=1, workers=1), "hand")
    write_outputs(tmp_path, results, report, [_flip("a")])
    data = _embedded((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert data["summary"]["score"] == 1.0 and data["summary"]["tasks"] == 1
    assert data["tasks"][0]["steps"][0]["grid"] == [[2, 1]]
    per_task = json.loads((tmp_path / "report.json").read_text())["per_task"][0]
    assert per_task["attempts"] is None and per_task["program"] == "O = flip_h(I)"
    assert "steps" not in per_task and "attempt_programs" not in per_task


def test_a_result_without_its_task_still_shows_the_attempts():
    data = _embedded(render_report_html([], [_result("a")], {"score": None}))
    task = data["tasks"][0]
    assert task["train"] == [] and task["test"][0]["input"] is None
    assert task["test"][0]["attempts"][0]["grid"] == [[4, 3]]
    assert task["test"][0]["attempts"][0]["correct"] is None
