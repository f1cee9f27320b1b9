"""The OpenAPI schema says what the server checks (issue 13, item 5; schemathesis ST202, ST103).

A request the schema allows is accepted: JSON Schema counts 3.0 as an integer, so a colour sent as
3.0 is colour 3 (3.5, true and "3" stay refused). Every status POST /solve answers is one the
schema lists: a body that cannot be decoded as JSON at all (bytes that are not UTF-8 text, nesting
too deep to parse) gets the same documented 422 as one with a JSON syntax error, not an
undocumented 400.
"""

from __future__ import annotations

import copy
import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.api.conftest import EXAMPLE, EXAMPLE_ANSWER, client_for


@pytest.fixture(scope="module")
def client():
    with client_for(workers=1, queue=4, default_budget=2.0) as client:
        yield client


def _as_floats(grid: list[list[int]]) -> list[list[float]]:
    return [[float(cell) for cell in row] for row in grid]


def _post_json(client, body: object):
    return client.post(
        "/solve", content=json.dumps(body), headers={"content-type": "application/json"}
    )


def _messages(response) -> str:
    detail = response.json()["detail"]
    return detail if isinstance(detail, str) else " | ".join(d["msg"] for d in detail)


def _documented(client) -> set[int]:
    responses = client.get("/openapi.json").json()["paths"]["/solve"]["post"]["responses"]
    return {int(status) for status in responses}


# ------------------------------------------------------------------------ integral numbers


def test_colours_sent_as_integral_floats_are_those_colours(client):
    task = copy.deepcopy(EXAMPLE)
    for pair in task["train"]:
        pair["input"], pair["output"] = _as_floats(pair["input"]), _as_floats(pair["output"])
    task["test"] = [{"input": _as_floats(EXAMPLE["test"][0]["input"])}]
    response = _post_json(client, task)
    assert response.status_code == 200, response.text
    best = response.json()["attempts"][0][0]
    assert best["grid"] == EXAMPLE_ANSWER and best["program"] == "O = rot180(I)"
    assert all(type(cell) is int for row in best["grid"] for cell in row)


@pytest.mark.parametrize("cell", [0.0, -0.0, 9.0, 3.0])
def test_an_integral_float_at_either_end_of_the_range_is_accepted(client, cell):
    task = {"train": [{"input": [[cell]], "output": [[cell]]}], "test": [{"input": [[cell]]}]}
    response = _post_json(client, {**task, "budget_seconds": 0.1})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (3.5, "fractional part"),
        (0.5, "fractional part"),
        (10.0, "colour 10 is outside 0-9"),
        (-1.0, "colour -1 is outside 0-9"),
        (1e300, "is outside 0-9"),
        (True, "valid integer"),
        (False, "valid integer"),
        ("3", "valid integer"),
        (None, "valid integer"),
    ],
)
def test_other_numbers_and_non_numbers_are_still_refused(client, cell, expected):
    task = {"train": [{"input": [[cell]], "output": [[1]]}], "test": [{"input": [[1]]}]}
    response = _post_json(client, task)
    assert response.status_code == 422
    assert expected in _messages(response)
    assert response.json()["detail"][0]["loc"] == ["body", "train", 0, "input", 0, 0]


@pytest.mark.parametrize("cell", [b"Infinity", b"-Infinity", b"NaN"])
def test_infinity_and_nan_cells_are_refused(client, cell):
    grid = b"[[" + cell + b"]]"
    content = b'{"train": [{"input": ' + grid + b', "output": [[1]]}], "test": [{"input": [[1]]}]}'
    response = client.post("/solve", content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "valid integer" in _messages(response)


@pytest.mark.parametrize("budget", [True, False, "2"])
def test_a_budget_that_is_not_a_number_is_refused(client, budget):
    task = {**EXAMPLE, "budget_seconds": budget}
    assert _post_json(client, task).status_code == 422


def test_an_integral_budget_is_taken_as_is(client):
    response = _post_json(client, {**EXAMPLE, "budget_seconds": 1})
    assert response.status_code == 200
    assert response.json()["timing"]["budget_seconds"] == 1


# -------------------------------------------------------------------- undecodable bodies

UNDECODABLE = {
    "bytes that are not UTF-8": b'{"train": "\xff"}',
    "a UTF-16 byte order mark, then bytes that are not UTF-16": b"\xff\xfe{",
    "nesting too deep to parse": b"[" * 100_000,
}


@pytest.mark.parametrize("body", UNDECODABLE.values(), ids=UNDECODABLE.keys())
def test_a_body_that_is_not_json_gets_a_documented_422(client, body):
    response = client.post("/solve", content=body, headers={"content-type": "application/json"})
    assert response.status_code in _documented(client)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["type"] == "json_invalid" and error["loc"][0] == "body"
    assert error["msg"].startswith("the body is not valid JSON: ")


def test_an_undecodable_body_says_why(client):
    bad_utf8 = client.post(
        "/solve",
        content=UNDECODABLE["bytes that are not UTF-8"],
        headers={"content-type": "application/json"},
    )
    assert "not UTF-8" in _messages(bad_utf8)
    assert bad_utf8.json()["detail"][0]["loc"] == ["body", 11]
    deep = client.post(
        "/solve",
        content=UNDECODABLE["nesting too deep to parse"],
        headers={"content-type": "application/json"},
    )
    assert "nested too deeply" in _messages(deep)


def test_a_json_syntax_error_says_what_the_parser_expected(client):
    response = client.post(
        "/solve", content=b'{"train": [', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["type"] == "json_invalid" and error["loc"] == ["body", 11]
    assert error["msg"] == "JSON decode error: Expecting value"


def test_every_status_the_tests_see_at_solve_is_documented(client):
    documented = _documented(client)
    assert {200, 413, 422, 500, 503, 504} <= documented
    assert 400 not in documented  # nothing at /solve answers 400 any more


# --------------------------------------------------------------------------- ragged rows


def _grid_schemas(client) -> list[dict]:
    """The three grid schemas of POST /solve's body: train input and output, test input."""
    components = client.get("/openapi.json").json()["components"]["schemas"]
    train, test = (components[name]["properties"] for name in ("TrainPairIn", "TestPairIn"))
    return [train["input"], train["output"], test["input"]]


def test_the_schema_says_every_row_of_a_grid_has_the_same_length(client):
    for grid in _grid_schemas(client):
        widths = [
            (branch["items"]["minItems"], branch["items"]["maxItems"]) for branch in grid["anyOf"]
        ]
        assert widths == [(width, width) for width in range(1, 31)]


GRIDS_AND_VERDICTS = [
    ([[1, 2], [3, 4]], True),
    ([[1.0, 2.0, 3.0]], True),
    ([[1]], True),
    ([[1, 2], [3]], False),  # ragged: the server refuses it, and so must the schema
    ([[1], [2, 3]], False),
    ([[1], []], False),
    ([[1.5]], False),
    ([[True]], False),
    ([[10]], False),
    ([], False),
]


@pytest.mark.parametrize(("grid", "valid"), GRIDS_AND_VERDICTS)
def test_the_schema_and_the_server_agree_on_a_grid(client, grid, valid):
    jsonschema = pytest.importorskip("jsonschema")  # with ray (the cluster extra)
    document = client.get("/openapi.json").json()
    body_schema = {**document["components"]["schemas"]["SolveIn"], **document}
    task = {"train": [{"input": grid, "output": [[1]]}], "test": [{"input": [[1]]}]}
    schema_says = jsonschema.Draft202012Validator(body_schema).is_valid(task)
    response = _post_json(client, {**task, "budget_seconds": 0.1})
    assert (schema_says, response.status_code == 200) == (valid, valid), response.text


def test_the_widths_follow_the_max_side_the_app_was_created_with():
    app = create_app(Settings(workers=1, max_side=60))
    for grid in _grid_schemas(TestClient(app)):  # no lifespan: the schema needs no workers
        assert [branch["items"]["maxItems"] for branch in grid["anyOf"]] == list(range(1, 61))
