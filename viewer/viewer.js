"use strict";
// The arcsynth viewer. Solve mode posts a pasted task to the service's /solve and draws the
// answer; report mode draws the data `arcsynth eval` embedded in report.html (#report-data).
// Plain JS, no framework and no network beyond /solve. Grids are built cell by cell; every cell
// carries data-colour and every grid data-grid (train-0-input, test-0-attempt-1, step-2, ...).

const PALETTE = [
  "#000000", "#0074D9", "#FF4136", "#2ECC40", "#FFDC00",
  "#AAAAAA", "#F012BE", "#FF851B", "#7FDBFF", "#870C25",
];
const GRID_PIXELS = 180; // about the longest side of a grid on screen
const STATUS_ERRORS = {
  413: "The task is too large",
  422: "The task is not valid",
  500: "The solver failed",
  503: "The server is busy",
  504: "The solve ran out of time",
};

// ------------------------------------------------------------------------------ DOM helpers

function $(id) {
  return document.getElementById(id);
}

/** An element with attributes (`text` sets its text, `className` its class) and children. */
function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    if (key === "text") node.textContent = String(value);
    else if (key === "className") node.className = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child) node.append(child);
  }
  return node;
}

function mark(text, kind) {
  return el("span", { className: `mark ${kind}`, "data-mark": text, text });
}

function seconds(value, digits = 2) {
  return typeof value === "number" ? `${value.toFixed(digits)} s` : "n/a";
}

// ------------------------------------------------------------------------------------ grids

function isGrid(grid) {
  return Array.isArray(grid) && grid.length > 0 && grid.every(Array.isArray);
}

function sameGrid(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function cellSize(rows, cols) {
  return Math.max(6, Math.min(24, Math.floor(GRID_PIXELS / Math.max(rows, cols, 1))));
}

function drawCell(colour) {
  const cell = el("div", { className: "cell", "data-colour": colour, title: colour });
  cell.style.background = PALETTE[colour] || "#ffffff";
  return cell;
}

/** A grid of coloured cells named `name` (data-grid), or a note when there is no grid. */
function drawGrid(grid, name) {
  if (!isGrid(grid)) {
    return el("span", { className: "no-grid", "data-grid": name, text: "(no grid)" });
  }
  const rows = grid.length;
  const cols = Math.max(...grid.map((row) => row.length));
  const attrs = { className: "arc-grid", "data-grid": name, "data-rows": rows, "data-cols": cols };
  const node = el("div", attrs);
  node.style.setProperty("--cell", `${cellSize(rows, cols)}px`);
  node.style.gridTemplateColumns = `repeat(${cols}, var(--cell))`;
  for (const row of grid) {
    for (const colour of row) node.append(drawCell(colour));
  }
  return node;
}

function figure(caption, grid, name) {
  return el("div", { className: "figure" }, [
    el("span", { className: "caption", text: caption }),
    drawGrid(grid, name),
  ]);
}

// ------------------------------------------------------------------------------------ a task
// A task view: {id, facts: [text], train: [{input, output}], test: [{input, output|null,
// attempts: [{grid, program, consistent, correct: true|false|null}]}], steps: [{line, grid,
// summary, value_type}]}. Both modes build one and hand it to renderTask.

function renderTask(view) {
  return el("article", { className: "task", "data-task-id": view.id }, [
    el("h2", { text: `task ${view.id}` }),
    el("p", { className: "meta", text: view.facts.filter(Boolean).join(" · ") }),
    el("h3", { text: "Demonstrations" }),
    renderDemonstrations(view.train),
    el("h3", { text: "Test inputs and attempts" }),
    ...view.test.map(renderTest),
    el("h3", { text: "Trace: the winning program, step by step, on demonstration 1" }),
    renderSteps(view.steps, view.train[0]),
  ]);
}

function renderDemonstrations(train) {
  const pairs = train.map((pair, i) =>
    el("div", { className: "pair", "data-pair": i }, [
      figure(`${i + 1}: input`, pair.input, `train-${i}-input`),
      el("span", { className: "arrow", text: "→" }),
      figure("output", pair.output, `train-${i}-output`),
    ]),
  );
  return el("div", { className: "pairs" }, pairs);
}

function renderTest(test, t) {
  const parts = [figure(`test ${t + 1}: input`, test.input, `test-${t}-input`)];
  if (isGrid(test.output)) parts.push(figure("truth", test.output, `test-${t}-truth`));
  test.attempts.forEach((attempt, k) => parts.push(renderAttempt(attempt, t, k + 1)));
  return el("div", { className: "test-case", "data-test": t }, parts);
}

function verdictOf(attempt) {
  if (attempt.correct === true) return "right";
  if (attempt.correct === false) return "wrong";
  return "unknown";
}

function attemptMarks(attempt) {
  const marks = [];
  if (attempt.correct === true) marks.push(mark("right", "good"));
  if (attempt.correct === false) marks.push(mark("wrong", "bad"));
  if (attempt.consistent === true) marks.push(mark("consistent", "good"));
  if (attempt.consistent === false) marks.push(mark("inconsistent", "bad"));
  return el("div", { className: "marks" }, marks);
}

function renderAttempt(attempt, t, k) {
  const verdict = verdictOf(attempt);
  const attrs = {
    className: `attempt ${verdict}`,
    "data-attempt": `${t}-${k}`,
    "data-verdict": verdict,
  };
  return el("div", attrs, [
    attemptMarks(attempt),
    figure(`attempt ${k}`, attempt.grid, `test-${t}-attempt-${k}`),
    el("pre", { className: "program", text: attempt.program || "(no program)" }),
    attempt.reason ? el("p", { className: "note", text: attempt.reason }) : null,
  ]);
}

function renderStep(step, i) {
  const name = `step-${i}`;
  const text = `${step.value_type}: ${step.summary}`;
  const shown = isGrid(step.grid)
    ? figure(step.summary, step.grid, name)
    : el("span", { className: "note", "data-grid": name, text });
  return el("li", { "data-step": i }, [el("code", { text: step.line }), shown]);
}

function renderSteps(steps, first) {
  if (!steps || steps.length === 0) {
    const text = "No program reproduced every demonstration, so there is no winner to trace.";
    return el("p", { className: "note", text });
  }
  const start = first ? figure("I: the input", first.input, "trace-input") : null;
  const end = first ? figure("expected output", first.output, "trace-expected") : null;
  const list = el("ol", { className: "steps" }, steps.map(renderStep));
  return el("div", { className: "trace" }, [start, list, end]);
}

// ------------------------------------------------------------------------------- solve mode

let fileName = null; // the dropped or opened file's name, the task id when the JSON has none

function startSolveMode() {
  $("solve-mode").hidden = false;
  $("mode-name").textContent = "solve";
  $("solve-form").addEventListener("submit", onSolve);
  $("task-input").addEventListener("input", () => { fileName = null; });
  $("task-file").addEventListener("change", (event) => loadFile(event.target.files[0]));
  setupDrop($("task-input"));
}

function setupDrop(area) {
  area.addEventListener("dragover", (event) => {
    event.preventDefault();
    area.classList.add("dropping");
  });
  area.addEventListener("dragleave", () => area.classList.remove("dropping"));
  area.addEventListener("drop", (event) => {
    event.preventDefault();
    area.classList.remove("dropping");
    loadFile(event.dataTransfer.files[0]);
  });
}

async function loadFile(file) {
  if (!file) return;
  $("task-input").value = await file.text();
  fileName = file.name.replace(/\.json$/i, "").slice(0, 100) || null;
}

/** The POST /solve body (see api/schemas.py SolveIn): the task's own fields plus options. */
function requestBody() {
  const text = $("task-input").value.trim();
  if (!text) throw new Error("Paste an ARC task (JSON with train and test pairs) first.");
  let task;
  try {
    task = JSON.parse(text);
  } catch (error) {
    throw new Error(`The task is not valid JSON: ${error.message}`);
  }
  if (task === null || typeof task !== "object" || Array.isArray(task)) {
    throw new Error("The task must be a JSON object with train and test pairs.");
  }
  const body = { ...task, trace: "full" };
  if (!body.task_id && fileName) body.task_id = fileName;
  const budget = $("budget").value.trim();
  if (budget !== "") body.budget_seconds = Number(budget);
  return body;
}

function describeDetail(detail) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d) => (d.loc && d.loc.length ? `${d.loc.join(".")}: ${d.msg}` : d.msg))
      .join("\n");
  }
  return JSON.stringify(detail);
}

/** What went wrong, from the status and the service's {"detail": ...} body. */
function errorMessage(response, answer) {
  const lead = STATUS_ERRORS[response.status] || "The request failed";
  let text = `${lead} (HTTP ${response.status}): ${describeDetail(answer.detail)}`;
  const retry = response.headers.get("Retry-After");
  if (retry) text += `\nTry again in ${retry} s.`;
  return text;
}

async function readJson(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text || response.statusText };
  }
}

function showError(text) {
  $("solve-error").textContent = text;
  $("solve-error").hidden = !text;
}

function setBusy(busy, text) {
  $("solve-button").disabled = busy;
  $("solve-status").textContent = text;
}

async function onSolve(event) {
  event.preventDefault();
  showError("");
  $("solve-result").replaceChildren();
  let body;
  try {
    body = requestBody();
  } catch (error) {
    showError(error.message);
    return;
  }
  setBusy(true, "Solving…");
  try {
    const response = await fetch("solve", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await readJson(response);
    if (!response.ok) {
      showError(errorMessage(response, answer));
      setBusy(false, "");
      return;
    }
    $("solve-result").append(renderTask(viewFromSolve(body, answer)));
    setBusy(false, `Answered in ${seconds(answer.timing.total_seconds)}.`);
  } catch (error) {
    showError(`Could not reach the server: ${error.message}`);
    setBusy(false, "");
  }
}

function solveFacts(answer) {
  const trace = answer.trace || {};
  return [
    `demonstrations reproduced: ${answer.solved_demonstrations ? "yes" : "no"}`,
    `solve ${seconds(answer.timing.solve_seconds)} of ${seconds(answer.timing.budget_seconds, 1)}`,
    trace.candidates_evaluated === undefined
      ? null
      : `${trace.candidates_evaluated} candidates, depth ${trace.depth_reached}, ` +
        `stopped by ${trace.stopped_by}`,
    trace.winner_reason,
  ];
}

function testView(pair, attempts) {
  const truth = isGrid(pair.output) ? pair.output : null;
  return {
    input: pair.input,
    output: truth,
    attempts: attempts.map((a) => ({ ...a, correct: truth ? sameGrid(a.grid, truth) : null })),
  };
}

/** The task view of a /solve answer; truths come from the pasted task's test outputs, if any. */
function viewFromSolve(task, answer) {
  const tests = Array.isArray(task.test) ? task.test : [];
  return {
    id: answer.task_id,
    facts: solveFacts(answer),
    train: Array.isArray(task.train) ? task.train : [],
    test: answer.attempts.map((attempts, t) => testView(tests[t] || {}, attempts)),
    steps: (answer.trace && answer.trace.winner_steps) || [],
  };
}

// ------------------------------------------------------------------------------ report mode

let reportTasks = [];
let selected = -1;

/** solved: score 1; unsolved: 0; partial: strictly between; unscored: no known outputs. */
function taskStatus(task) {
  if (typeof task.score !== "number") return "unscored";
  if (task.score >= 1) return "solved";
  if (task.score <= 0) return "unsolved";
  return "partial";
}

function countStatuses(tasks) {
  const counts = { solved: 0, unsolved: 0, partial: 0, unscored: 0 };
  for (const task of tasks) counts[taskStatus(task)] += 1;
  return counts;
}

function scoreText(summary) {
  if (typeof summary.score !== "number") return "n/a (no test outputs)";
  const percent = (100 * summary.score).toFixed(1);
  return `${percent}% (${summary.solved.toFixed(1)} of ${summary.scored_tasks} tasks, pass@2)`;
}

function metaText(summary) {
  const parts = [
    summary.dataset,
    `budget ${summary.budget_seconds} s per task`,
    `${summary.workers} workers`,
    `prior ${summary.prior}${summary.tta ? " + TTA" : ""}`,
    `median ${seconds(summary.median_seconds)} per task`,
    `commit ${summary.commit}`,
  ];
  return parts.join(" · ");
}

function renderSummary(summary, tasks) {
  const counts = countStatuses(tasks);
  $("count-tasks").textContent = tasks.length;
  for (const status of ["solved", "unsolved", "partial", "unscored"]) {
    $(`count-${status}`).textContent = counts[status];
  }
  $("unscored-note").hidden = counts.unscored === 0;
  $("report-score").textContent = scoreText(summary);
  $("report-meta").textContent = metaText(summary);
  document.title = `arcsynth report: ${summary.dataset}`;
}

function statusMark(task) {
  const status = taskStatus(task);
  const kind = { solved: "good", unsolved: "bad", partial: "plain", unscored: "plain" }[status];
  const label = typeof task.score === "number" ? task.score.toFixed(2) : task.status;
  return mark(label, kind);
}

function taskItem(task, index) {
  const item = el("li", {
    "data-task-id": task.id,
    "data-status": taskStatus(task),
    tabindex: 0,
    role: "button",
  }, [el("span", { text: task.id }), statusMark(task)]);
  item.addEventListener("click", () => selectTask(index));
  item.addEventListener("keydown", (event) => {
    if (event.key === "Enter") selectTask(index);
  });
  return item;
}

function reportFacts(task) {
  return [
    typeof task.score === "number" ? `score ${task.score.toFixed(2)}` : "no known outputs",
    `status ${task.status}`,
    seconds(task.seconds, 1),
    `demonstrations reproduced: ${task.solved_demonstrations ? "yes" : "no"}`,
    `${task.candidates} candidates, depth ${task.depth_reached}`,
    task.error,
  ];
}

function selectTask(index) {
  selected = index;
  const items = $("task-list").children;
  for (let i = 0; i < items.length; i += 1) items[i].classList.toggle("selected", i === index);
  if (index < 0) {
    const note = el("p", { className: "note", text: "No task matches this filter." });
    $("task-detail").replaceChildren(note);
    return;
  }
  const task = reportTasks[index];
  $("task-detail").replaceChildren(renderTask({ ...task, facts: reportFacts(task) }));
  history.replaceState(null, "", `#${encodeURIComponent(task.id)}`);
}

function applyFilter(filter) {
  const items = [...$("task-list").children];
  items.forEach((item) => {
    item.hidden = filter !== "all" && item.dataset.status !== filter;
  });
  for (const button of $("filters").querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.filter === filter));
  }
  if (selected < 0 || items[selected].hidden) selectTask(items.findIndex((item) => !item.hidden));
}

function startReportMode(data) {
  $("report-mode").hidden = false;
  $("mode-name").textContent = "report";
  reportTasks = data.tasks;
  renderSummary(data.summary, data.tasks);
  $("task-list").replaceChildren(...data.tasks.map(taskItem));
  for (const button of $("filters").querySelectorAll("button")) {
    button.addEventListener("click", () => applyFilter(button.dataset.filter));
  }
  const wanted = decodeURIComponent(location.hash.slice(1));
  const index = data.tasks.findIndex((task) => task.id === wanted);
  selectTask(index >= 0 ? index : data.tasks.length ? 0 : -1);
}

// ------------------------------------------------------------------------------------- start

function main() {
  const data = $("report-data");
  if (!data) {
    startSolveMode();
    return;
  }
  try {
    startReportMode(JSON.parse(data.textContent));
  } catch (error) {
    const text = `Cannot show the report: ${error.message}`;
    document.body.append(el("div", { className: "error", role: "alert", text }));
  }
}

main();
