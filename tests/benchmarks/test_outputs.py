"""The output folder: checked first, files replaced whole, a journal that survives a crash."""

from __future__ import annotations

import pytest

from benchmarks.outputs import JOURNAL, Journal, check_out_folder, write_atomic


def test_an_out_path_that_is_a_file_or_under_one_is_refused(tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    with pytest.raises(ValueError, match=r"^--out .*taken: exists and is not a folder$"):
        check_out_folder(blocker)
    with pytest.raises(ValueError, match=r"^--out .*taken/sub: cannot write there: Not a dir"):
        check_out_folder(blocker / "sub")


def test_a_new_out_folder_is_made_with_its_parents(tmp_path):
    check_out_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()
    assert list((tmp_path / "a" / "b").iterdir()) == []


def test_an_atomic_write_leaves_the_new_text_and_no_temporary_file(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_failed_atomic_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "bad \udc80")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_the_journal_keeps_finished_tasks_for_a_resume_and_skips_a_cut_line(tmp_path):
    journal = Journal(tmp_path, resume=False)
    journal.add({"task_id": "a", "score": 1.0})
    journal.add({"task_id": "b", "score": 0.0})
    with (tmp_path / JOURNAL).open("a") as cut:
        cut.write('{"task_id": "c", "sco')  # the process died mid-line
    assert Journal(tmp_path, resume=True).kept == {
        "a": {"task_id": "a", "score": 1.0},
        "b": {"task_id": "b", "score": 0.0},
    }
    resumed = Journal(tmp_path, resume=True)
    resumed.add({"task_id": "c", "score": 1.0})
    assert Journal(tmp_path, resume=True).kept["c"] == {"task_id": "c", "score": 1.0}
    assert Journal(tmp_path, resume=False).kept == {}
    assert Journal(tmp_path, resume=True).kept == {}  # a fresh run emptied it


def test_resuming_without_a_journal_keeps_nothing(tmp_path):
    assert Journal(tmp_path, resume=True).kept == {}
