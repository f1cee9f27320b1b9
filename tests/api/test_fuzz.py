"""Random and malformed bodies at /solve: every answer is 2xx or 4xx with a message, never 5xx."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import client_for

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
GOOD_GRID = st.integers(1, 3).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(0, 9), min_size=width, max_size=width), min_size=1, max_size=3
    )
)
VALID_TASK = st.fixed_dictionaries(
    {
        "train": st.lists(
            st.fixed_dictionaries({"input": GOOD_GRID, "output": GOOD_GRID}), min_size=1, max_size=3
        ),
        "test": st.lists(st.fixed_dictionaries({"input": GOOD_GRID}), min_size=1, max_size=2),
    },
    optional={
        "budget_seconds": st.floats(0.01, 1e6),
        "trace": st.sampled_from(["none", "summary", "full"]),
    },
)
CELL = st.integers(-2, 11) | st.sampled_from([1.5, True, None, "3", 10**30, -(10**30)])
ROW = st.lists(st.integers(0, 9), min_size=0, max_size=4) | st.lists(CELL, max_size=4)
GRID = GOOD_GRID | st.lists(ROW, max_size=4) | JSON
PAIR = st.fixed_dictionaries({"input": GRID}, optional={"output": GRID, "extra": JSON})
TASKISH = st.fixed_dictionaries(
    {},
    optional={
        "train": st.lists(PAIR, max_size=3) | JSON,
        "test": st.lists(PAIR, max_size=2) | JSON,
        "budget_seconds": st.floats(allow_nan=False) | JSON,
        "trace": st.sampled_from(["none", "summary", "full", "FULL", ""]) | JSON,
        "task_id": st.text(max_size=120) | JSON,
    },
)


@pytest.fixture(scope="module")
def client():
    with client_for(workers=1, queue=4, default_budget=0.1, max_budget=0.1) as client:
        yield client


def _check(response) -> None:
    assert 200 <= response.status_code < 500, response.text
    body = response.json()
    if response.status_code == 200:
        assert all(len(pair) == 2 for pair in body["attempts"])
    else:
        assert body["detail"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=VALID_TASK | TASKISH | JSON)
def test_random_json_bodies_get_2xx_or_4xx(client, body):
    _check(
        client.post(
            "/solve", content=json.dumps(body), headers={"content-type": "application/json"}
        )
    )


@settings(max_examples=50, deadline=None)
@given(
    raw=st.binary(max_size=64), content_type=st.sampled_from(["application/json", "text/plain", ""])
)
def test_random_bytes_get_4xx(client, raw, content_type):
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/solve", content=raw, headers=headers)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["detail"]
