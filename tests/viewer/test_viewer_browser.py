"""The viewer in headless Chromium: solve through the page, error messages, and report.html.

Driven by playwright with Debian's Chromium (`apt-get install chromium`); skipped when either is
missing. With ARCSYNTH_SCREENSHOTS=1 the solve and report pages are saved to benchmarks/results/.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from api.cli import main  # noqa: E402
from tests.api.conftest import EXAMPLE, EXAMPLE_ANSWER, ROOT  # noqa: E402
from tests.api.test_server import HOST, Server  # noqa: E402


def _chromium() -> str | None:
    """Debian's Chromium (playwright's own browser download needs the internet)."""
    found = [shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"]
    return next((path for path in found if path and Path(path).exists()), None)


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium executable (apt-get install chromium)"
)

SCREENSHOTS = ROOT / "benchmarks" / "results"
MIRROR_TRAIN = [
    {"input": [[1, 2, 3], [4, 5, 6]], "output": [[3, 2, 1], [6, 5, 4]]},
    {"input": [[7, 0], [0, 7]], "output": [[0, 7], [7, 0]]},
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[Any]:
    """A fresh page; the test errors if the page's own script threw."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    yield page
    page.close()
    assert script_errors == []


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server(workers=1)
    yield running
    running.stop()


def _grid(grid) -> list[list[int]]:
    """A drawn grid's colours, row by row, read back from its cells' data-colour."""
    columns = int(grid.get_attribute("data-cols"))
    cells = grid.locator(".cell").evaluate_all("cells => cells.map(c => +c.dataset.colour)")
    return [cells[i : i + columns] for i in range(0, len(cells), columns)]


def _screenshot(page, name: str) -> None:
    if os.environ.get("ARCSYNTH_SCREENSHOTS") == "1":
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _paste_and_solve(page, server: Server, task: dict[str, Any], budget: str = "5") -> None:
    page.goto(f"http://{HOST}:{server.port}/")
    page.fill("#task-input", json.dumps(task))
    page.fill("#budget", budget)
    page.click("#solve-button")


# ------------------------------------------------------------------------------------ solve


def test_the_page_draws_the_apis_attempts_programs_and_trace(server, page):
    with page.expect_response("**/solve", timeout=30_000) as answered:
        _paste_and_solve(page, server, {**EXAMPLE, "task_id": "3c9b0459"})
    answer = answered.value.json()
    assert answer["task_id"] == "3c9b0459"
    page.wait_for_selector('[data-grid="test-0-attempt-2"]')
    for t, attempts in enumerate(answer["attempts"]):
        for k, attempt in enumerate(attempts, start=1):
            box = page.locator(f'[data-attempt="{t}-{k}"]')
            assert _grid(box.locator(".arc-grid")) == attempt["grid"]
            assert box.locator("pre.program").inner_text() == attempt["program"]
            consistency = "consistent" if attempt["consistent"] else "inconsistent"
            assert box.locator(f'[data-mark="{consistency}"]').count() == 1
    assert page.locator('[data-attempt="0-1"]').get_attribute("data-verdict") == "right"
    assert _grid(page.locator('[data-grid="train-0-input"]')) == EXAMPLE["train"][0]["input"]
    assert _grid(page.locator('[data-grid="test-0-truth"]')) == EXAMPLE_ANSWER
    steps = answer["trace"]["winner_steps"]
    assert page.locator("ol.steps li").count() == len(steps) > 0
    for i, step in enumerate(steps):
        assert page.locator(f'[data-step="{i}"] code').inner_text() == step["line"]
        if step["grid"] is not None:
            assert _grid(page.locator(f'.arc-grid[data-grid="step-{i}"]')) == step["grid"]
    status, direct = server.post("/solve", {**EXAMPLE, "budget_seconds": 5})
    assert status == 200
    best = direct["attempts"][0][0]
    assert (best["grid"], best["program"]) == (EXAMPLE_ANSWER, answer["attempts"][0][0]["program"])
    _screenshot(page, "viewer-solve.png")


def test_a_malformed_task_shows_the_apis_422_message(server, page):
    ragged = {"train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": [{"input": [[1]]}]}
    status, body = server.post("/solve", ragged)
    assert status == 422
    _paste_and_solve(page, server, ragged)
    error = page.locator("#solve-error")
    sync_api.expect(error).to_contain_text(body["detail"][0]["msg"])
    assert "422" in error.inner_text()
    assert page.locator("#solve-result .arc-grid").count() == 0


def test_text_that_is_not_json_is_reported_before_any_request(server, page):
    page.goto(f"http://{HOST}:{server.port}/viewer")
    page.fill("#task-input", "{not json")
    page.click("#solve-button")
    sync_api.expect(page.locator("#solve-error")).to_contain_text("not valid JSON")


@pytest.mark.parametrize(
    ("status", "detail", "shown"),
    [
        (503, "all 1 workers are busy and 2 requests are waiting", "Try again in 3 s"),
        (504, "the solve overran its budget of 5.0 s and was killed", "ran out of time"),
    ],
)
def test_busy_and_timeout_answers_show_their_messages(server, page, status, detail, shown):
    def answer(route) -> None:
        headers = {"Retry-After": "3"} if status == 503 else {}
        route.fulfill(status=status, headers=headers, json={"detail": detail})

    page.route("**/solve", answer)
    _paste_and_solve(page, server, EXAMPLE)
    error = page.locator("#solve-error")
    sync_api.expect(error).to_contain_text(detail)
    assert shown in error.inner_text() and str(status) in error.inner_text()


# ----------------------------------------------------------------------------------- report


def _noise_task() -> dict[str, Any]:
    """No program maps these random grids: scored 0."""
    rng = random.Random(7)

    def grid() -> list[list[int]]:
        return [[rng.randrange(10) for _ in range(4)] for _ in range(4)]

    pairs = [{"input": grid(), "output": grid()} for _ in range(3)]
    return {"train": pairs[:2], "test": pairs[2:]}


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    """`arcsynth eval` on three hand-made tasks: solved, partial (one truth is wrong), unsolved."""
    folder = tmp_path_factory.mktemp("tasks")
    tasks = {
        "flip": {"train": MIRROR_TRAIN, "test": [{"input": [[1, 0, 0]], "output": [[0, 0, 1]]}]},
        "partial": {
            "train": MIRROR_TRAIN,
            "test": [
                {"input": [[1, 0, 0]], "output": [[0, 0, 1]]},
                {"input": [[5, 6]], "output": [[9, 9]]},
            ],
        },
        "noise": _noise_task(),
    }
    for name, task in tasks.items():
        (folder / f"{name}.json").write_text(json.dumps(task))
    out = tmp_path_factory.mktemp("report")
    common = ["--budget", "2", "--workers", "1", "--out", str(out)]
    assert main(["eval", "--dataset", str(folder), *common]) == 0
    return out


def _visible_tasks(page) -> list[str]:
    items = page.locator("#task-list li:not([hidden])")
    return sorted(items.evaluate_all("items => items.map(i => i.dataset.taskId)"))


def test_report_html_shows_the_counts_and_filters_the_task_list(report_dir, page):
    report = json.loads((report_dir / "report.json").read_text())
    page.goto((report_dir / "report.html").as_uri())
    counts = {name: page.text_content(f"#count-{name}") for name in ("tasks", "solved")}
    counts |= {name: page.text_content(f"#count-{name}") for name in ("unsolved", "partial")}
    assert counts == {"tasks": "3", "solved": "1", "unsolved": "1", "partial": "1"}
    assert f"{100 * report['score']:.1f}%" in page.text_content("#report-score")
    for shown, expected in [
        ("solved", ["flip"]),
        ("unsolved", ["noise"]),
        ("partial", ["partial"]),
        ("all", ["flip", "noise", "partial"]),
    ]:
        page.click(f'#filters button[data-filter="{shown}"]')
        assert _visible_tasks(page) == expected


def test_report_html_shows_a_tasks_attempts_truths_programs_and_steps(report_dir, page):
    report = json.loads((report_dir / "report.json").read_text())
    winner = {r["task_id"]: r["program"] for r in report["per_task"]}["partial"]
    page.goto((report_dir / "report.html").as_uri())
    page.click('#task-list li[data-task-id="partial"]')
    task = page.locator('#task-detail article[data-task-id="partial"]')
    assert _grid(task.locator('[data-grid="train-1-output"]')) == MIRROR_TRAIN[1]["output"]
    assert _grid(task.locator('[data-grid="test-1-truth"]')) == [[9, 9]]
    first, second = task.locator('[data-attempt="0-1"]'), task.locator('[data-attempt="1-1"]')
    assert _grid(first.locator(".arc-grid")) == [[0, 0, 1]]
    assert first.get_attribute("data-verdict") == "right"
    assert second.get_attribute("data-verdict") == "wrong"
    assert first.locator('[data-mark="consistent"]').count() == 1
    assert first.locator("pre.program").inner_text() == winner
    last_step = task.locator("ol.steps li").last.locator(".arc-grid")
    assert _grid(last_step) == MIRROR_TRAIN[0]["output"]
    _screenshot(page, "viewer-report.png")
