"""A batch's output folder: checked before any solving, files replaced whole, and a journal of
finished tasks that an interrupted batch resumes from."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

JOURNAL = "results.jsonl"
"""One JSON line per finished task, appended as it finishes."""


def check_out_folder(out: Path) -> None:
    """Create `out` if needed; ValueError (one line, naming `out`) if it cannot take files."""
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out}: exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as error:
        raise ValueError(f"--out {out}: cannot write there: {error.strerror or error}") from None


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename, so that a reader (or a
    resumed batch) finds the old file or the new one, never a part of one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


class Journal:
    """The finished tasks of a batch, one JSON object per line in OUT/results.jsonl.

    With `resume`, the entries already there are kept (`kept`, by task id; a line cut short by
    a crash is skipped); without it, the journal starts empty.
    """

    def __init__(self, out: Path, resume: bool) -> None:
        self.path = out / JOURNAL
        text = self._text() if resume else ""
        self.kept: dict[str, dict[str, Any]] = _entries(text)
        if not text.endswith("\n"):  # new, emptied, or ending in a cut line: start a line
            with self.path.open("w" if not text else "a", encoding="utf-8") as journal:
                journal.write("\n" if text else "")

    def add(self, entry: dict[str, Any]) -> None:
        """Append one finished task's entry (it must have a `task_id`)."""
        with self.path.open("a", encoding="utf-8") as journal:
            journal.write(json.dumps(entry) + "\n")
            journal.flush()
            os.fsync(journal.fileno())

    def _text(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""


def _entries(text: str) -> dict[str, dict[str, Any]]:
    """The journal's entries by task id (the last one for a task wins), skipping bad lines."""
    entries: dict[str, dict[str, Any]] = {}
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("task_id"), str):
            entries[entry["task_id"]] = entry
    return entries


@cache
def git_commit() -> str:
    """The repository's commit (with '+dirty' when the tree has changes), or 'unknown'; read
    once per process, so a batch reports the code it started with."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return commit + ("+dirty" if dirty else "")
