"""Retry-After on a 503: estimated from the jobs ahead, never more (no workers, no sleeps)."""

from __future__ import annotations

import pytest

from api.pool import MAX_RETRY_AFTER, Running, SolvePool, Waiting, retry_after_seconds


def test_one_busy_slot_started_2_s_ago_with_a_3_s_budget_frees_in_about_1_s():
    assert retry_after_seconds(102.0, 1, [Running(100.0, 103.0)], []) == 2


def test_a_full_pool_of_hard_jobs_says_when_the_first_slot_frees_not_the_whole_queue():
    # The case: 2 workers, a queue of 2, every job uses its whole 3 s budget. The old
    # estimate (recent job time x jobs admitted / workers) said ceil(3 x 4 / 2) = 6 s; the first
    # slot frees (and a queue place with it) 1.6 s after the refusal.
    pool = SolvePool(workers=2, queue=2, timeout_margin=2.0)
    pool._recent_seconds.extend([3.0] * 5)
    pool._busy = {"worker a": Running(0.0, 3.0), "worker b": Running(0.5, 3.5)}
    assert pool._retry_after(now=1.5) == 2


def test_a_job_that_runs_as_long_as_recent_ones_is_expected_to_end_then():
    assert retry_after_seconds(10.2, 1, [Running(10.0, 40.0)], [], typical=0.3) == 1
    assert retry_after_seconds(10.0, 1, [Running(0.0, 40.0)], [], typical=2.5) == 31


def test_a_waiting_job_that_gives_up_makes_room_as_one_that_ends():
    running = [Running(0.0, 10.0)]
    waiting = [Waiting(latest_start=2.9, budget_ends=3.0)]
    assert retry_after_seconds(1.0, 1, running, waiting) == 2


def test_until_a_worker_is_free_counts_the_waiting_jobs_ahead_in_order():
    running = [Running(0.0, 3.0)]
    waiting = [Waiting(5.9, 6.0), Waiting(6.9, 7.0), Waiting(2.0, 2.1)]  # the last gives up
    # The first starts at 3.1 and ends by 6.1, the second starts then and ends by 7.1.
    assert retry_after_seconds(1.0, 1, running, waiting, until="worker") == 7
    # A place in the queue frees when the last one gives up (at 2.0), before the slot (3.1).
    assert retry_after_seconds(1.0, 1, running, waiting, until="admitted") == 1
    assert retry_after_seconds(1.0, 1, running, waiting[:2], until="admitted") == 3
    # With two workers the waiting jobs run side by side.
    two = [Running(0.0, 3.0), Running(0.0, 4.0)]  # the waiting end by 6.1 and 7.1
    assert retry_after_seconds(1.0, 2, two, waiting[:2], until="worker") == 6


def test_a_worker_being_replaced_counts_as_free_and_the_answer_stays_in_1_to_the_cap():
    assert retry_after_seconds(5.0, 2, [Running(0.0, 30.0)], [], until="admitted") == 1
    assert retry_after_seconds(5.0, 1, [Running(0.0, 4.0)], []) == 1  # past its budget
    assert retry_after_seconds(0.0, 1, [Running(0.0, 3600.0)], []) == MAX_RETRY_AFTER


def test_an_unknown_until_is_refused():
    with pytest.raises(ValueError, match="until"):
        retry_after_seconds(0.0, 1, [], [], until="later")
