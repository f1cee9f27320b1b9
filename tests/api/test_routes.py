"""Every route and its error codes, through a TestClient on one shared app."""

from __future__ import annotations

import copy

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.schemas import EXAMPLE_TASK
from api.settings import Settings
from solver import primitives
from tests.api.conftest import EXAMPLE, EXAMPLE_ANSWER, client_for


@pytest.fixture(scope="module")
def client():
    with client_for(workers=1, queue=4, max_body_bytes=20_000) as client:
        yield client


def _task(**changes) -> dict:
    task = copy.deepcopy(EXAMPLE)
    task.update(changes)
    return task


def _message(response) -> str:
    detail = response.json()["detail"]
    return detail if isinstance(detail, str) else " | ".join(d["msg"] for d in detail)


# ----------------------------------------------------------------------------------- solve


def test_solve_returns_two_attempts_per_test_input_with_programs_and_timing(client):
    response = client.post("/solve", json=_task(budget_seconds=2))
    assert response.status_code == 200
    body = response.json()
    assert body["solved_demonstrations"] is True
    assert len(body["attempts"]) == 1 and len(body["attempts"][0]) == 2
    best = body["attempts"][0][0]
    assert best["grid"] == EXAMPLE_ANSWER
    assert best["program"] == "O = rot180(I)" and best["consistent"] is True
    assert body["programs"][0]["text"] == "O = rot180(I)"
    timing = body["timing"]
    assert timing["budget_seconds"] == 2
    assert 0 <= timing["solve_seconds"] <= timing["total_seconds"] < 2 + 2


def test_solve_ignores_test_outputs(client):
    with_outputs = client.post("/solve", json=_task(budget_seconds=2)).json()
    test = [{"input": EXAMPLE["test"][0]["input"]}]
    without = client.post("/solve", json=_task(test=test, budget_seconds=2)).json()
    assert with_outputs["attempts"] == without["attempts"]


@pytest.mark.parametrize(
    ("level", "present", "absent"),
    [
        ("none", None, None),
        ("summary", "winner_reason", "winner_steps"),
        ("full", "winner_steps", None),
    ],
)
def test_solve_trace_has_the_requested_detail(client, level, present, absent):
    trace = client.post("/solve", json=_task(trace=level, budget_seconds=2)).json()["trace"]
    if level == "none":
        assert trace is None
        return
    assert present in trace and "candidates_evaluated" in trace
    if absent:
        assert absent not in trace
    if level == "full":
        assert trace["winner_steps"][0]["line"] == "O = rot180(I)"


def test_solve_caps_the_budget_at_the_server_maximum(client):
    body = client.post("/solve", json=_task(budget_seconds=1000)).json()
    assert body["timing"]["budget_seconds"] == 5.0


def test_solve_uses_the_default_budget_and_echoes_the_task_id(client):
    body = client.post("/solve", json=_task(task_id="3c9b0459")).json()
    assert body["timing"]["budget_seconds"] == 2.0
    assert body["task_id"] == "3c9b0459"


RAGGED = [[1, 2], [3]]


@pytest.mark.parametrize("output", [[[12]], RAGGED, [], "none", None])
def test_solve_accepts_and_ignores_any_test_output(client, output):
    task = _task(test=[{"input": EXAMPLE["test"][0]["input"], "output": output}])
    response = client.post("/solve", json={**task, "budget_seconds": 0.5})
    assert response.status_code == 200
    assert response.json()["attempts"][0][0]["grid"] == EXAMPLE_ANSWER


def test_the_smallest_budget_is_the_one_used_and_reported(client):
    response = client.post("/solve", json=_task(budget_seconds=0.1))
    assert response.status_code == 200
    assert response.json()["timing"]["budget_seconds"] == 0.1


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        (_task(train=[{"input": RAGGED, "output": [[1]]}]), "row 1 has 1 cells, row 0 has 2"),
        (_task(train=[{"input": [[1, 12]], "output": [[1]]}]), "colour 12 is outside 0-9"),
        (_task(train=[{"input": [[-1]], "output": [[1]]}]), "colour -1 is outside 0-9"),
        (_task(train=[{"input": [[1.5]], "output": [[1]]}]), "valid integer"),
        (_task(train=[{"input": [[True]], "output": [[1]]}]), "valid integer"),
        (_task(train=[{"input": [[1] * 31], "output": [[1]]}]), "31 columns; sides must be 1..30"),
        (_task(train=[{"input": [[1]] * 31, "output": [[1]]}]), "31 rows; sides must be 1..30"),
        (_task(train=[{"input": [], "output": [[1]]}]), "0 rows; sides must be 1..30"),
        (_task(train=[{"input": [[1]]}]), "Field required"),
        (_task(train=[{"input": [[1]], "output": None}]), "valid list"),
        (_task(train=[]), "'train' is empty"),
        (_task(test=[]), "'test' is empty"),
        (_task(train=[{"input": [[1]], "output": [[1]]}] * 21), "21 pairs; at most 20 allowed"),
        (_task(test=[{"input": [[1]]}] * 11), "11 pairs; at most 10 allowed"),
        ({"test": EXAMPLE["test"]}, "Field required"),
        (_task(budget_seconds=0), "greater than or equal to 0.1"),
        (_task(budget_seconds=0.001), "greater than or equal to 0.1"),
        (_task(budget_seconds=True), "valid number"),
        (_task(budget_seconds="1"), "valid number"),
        (_task(trace="verbose"), "'none', 'summary' or 'full'"),
        ([1, 2, 3], "valid dictionary"),
    ],
)
def test_solve_rejects_a_malformed_task_with_a_clear_422(client, task, expected):
    response = client.post("/solve", json=task)
    assert response.status_code == 422
    assert expected in _message(response)


def test_solve_rejects_invalid_json_with_422(client):
    response = client.post(
        "/solve", content=b'{"train": [', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "JSON decode error" in _message(response)


def test_solve_rejects_a_body_over_the_limit_by_content_length_with_413(client):
    response = client.post(
        "/solve", content=b" " * 20_001, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "the limit is 20000 bytes" in _message(response)


def test_solve_rejects_a_body_over_the_limit_without_content_length_with_413(client):
    def chunks():  # streamed: no Content-Length, so the actual size decides
        for _ in range(30):
            yield b" " * 1_000

    response = client.post("/solve", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "over 20000 bytes" in _message(response)


# ------------------------------------------------------------------------ health, catalogue


def test_health_reports_versions_primitives_prior_and_pool(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"]
    assert body["primitives"] == len(primitives()) > 0
    assert body["prior"] == "int8"
    assert body["pool"] == {"workers": 1, "busy": 0, "waiting": 0, "queue": 4}


def test_primitives_lists_the_catalogue(client):
    response = client.get("/primitives")
    assert response.status_code == 200
    listed = response.json()
    assert [p["name"] for p in listed] == [p.name for p in primitives()]
    rot180 = next(p for p in listed if p["name"] == "rot180")
    assert rot180["signature"] == "rot180(Grid) -> Grid"
    assert rot180["family"] and rot180["doc"]


def test_docs_and_openapi_carry_an_example_task(client):
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    assert {"/solve", "/health", "/primitives"} <= set(schema["paths"])
    solve_in = schema["components"]["schemas"]["SolveIn"]
    assert solve_in["examples"] == [EXAMPLE_TASK]


def _request_schema(client: TestClient) -> dict[str, dict]:
    """SolveIn's fields by name, pair models inlined: {"train": {...}, "train_input": grid...}."""
    components = client.get("/openapi.json").json()["components"]["schemas"]
    fields = dict(components["SolveIn"]["properties"])
    for section in ("train", "test"):
        pair = components[fields[section]["items"]["$ref"].rsplit("/", 1)[1]]
        fields |= {f"{section}_{name}": field for name, field in pair["properties"].items()}
        fields[f"{section}_required"] = pair.get("required", [])
    return fields


def _bounds(schema: dict) -> tuple[int, int]:
    if "minItems" in schema:
        return schema["minItems"], schema["maxItems"]
    return schema["minimum"], schema["maximum"]


def test_the_openapi_schema_states_the_limits_the_server_checks(client):
    fields = _request_schema(client)
    assert _bounds(fields["train"]) == (1, 20) and _bounds(fields["test"]) == (1, 10)
    for grid in (fields["train_input"], fields["train_output"], fields["test_input"]):
        row, cell = grid["items"], grid["items"]["items"]
        assert _bounds(grid) == _bounds(row) == (1, 30)
        assert cell["type"] == "integer" and _bounds(cell) == (0, 9)
    assert fields["train_required"] == ["input", "output"]
    assert fields["test_required"] == ["input"]
    assert "type" not in fields["test_output"] and "Ignored" in fields["test_output"]["description"]
    budget = fields["budget_seconds"]["anyOf"]
    assert budget == [{"type": "number", "minimum": 0.1}, {"type": "null"}]


def test_one_past_each_schema_bound_is_refused(client):
    fields = _request_schema(client)
    fewest_pairs, most_pairs = _bounds(fields["train"])
    fewest_tests, most_tests = _bounds(fields["test"])
    _, side = _bounds(fields["train_input"])
    darkest, brightest = _bounds(fields["train_input"]["items"]["items"])
    pair = {"input": [[1]], "output": [[1]]}
    refused = [
        _task(train=[pair] * (most_pairs + 1)),
        _task(train=[pair] * (fewest_pairs - 1)),
        _task(test=[{"input": [[1]]}] * (most_tests + 1)),
        _task(test=[{"input": [[1]]}] * (fewest_tests - 1)),
        _task(train=[{"input": [[1]] * (side + 1), "output": [[1]]}]),
        _task(train=[{"input": [[1] * (side + 1)], "output": [[1]]}]),
        _task(train=[{"input": [[1]], "output": [[]]}]),
        _task(test=[{"input": []}]),
        _task(train=[{"input": [[brightest + 1]], "output": [[1]]}]),
        _task(train=[{"input": [[darkest - 1]], "output": [[1]]}]),
    ]
    assert [client.post("/solve", json=task).status_code for task in refused] == [422] * 10


def test_a_task_at_every_schema_bound_is_accepted(client):
    fields = _request_schema(client)
    _, side = _bounds(fields["train_input"])
    big = [[9] * side] * side
    most_pairs, most_tests = _bounds(fields["train"])[1], _bounds(fields["test"])[1]
    task = {  # one grid of the largest side in each section: the body stays under 20 kB
        "train": [{"input": big, "output": [[0]]}] + [{"input": [[0]], "output": [[0]]}] * 19,
        "test": [{"input": big}] + [{"input": [[0]]}] * 9,
        "budget_seconds": 0.1,
    }
    assert (len(task["train"]), len(task["test"])) == (most_pairs, most_tests)
    assert client.post("/solve", json=task).status_code == 200


def test_the_schema_follows_the_max_side_the_app_was_created_with():
    app = create_app(Settings(workers=1, max_side=60))
    fields = _request_schema(TestClient(app))  # no lifespan: the schema needs no workers
    for grid in (fields["train_input"], fields["train_output"], fields["test_input"]):
        assert _bounds(grid) == _bounds(grid["items"]) == (1, 60)
    assert "1..60 rows" in fields["test_input"]["description"]


def test_example_in_the_schema_is_solved(client):
    response = client.post("/solve", json=EXAMPLE_TASK)
    assert response.status_code == 200
    assert response.json()["attempts"][0][0]["grid"] == EXAMPLE_ANSWER


@pytest.mark.parametrize(
    ("method", "path", "status"), [("GET", "/nowhere", 404), ("GET", "/solve", 405)]
)
def test_unknown_routes_and_methods_are_4xx(client, method, path, status):
    assert client.request(method, path).status_code == status
