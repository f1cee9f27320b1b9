from __future__ import annotations

from benchmarks.compare import render


def test_the_comparison_states_arcsynths_peak_memory_after_the_table():
    comparison = {
        "dataset": "d",
        "tasks": 2,
        "budget_seconds": 30.0,
        "jobs": 2,
        "commit": "abc",
        "arcsynth": {
            "score": 0.5,
            "solved": 1.0,
            "median_seconds": 3.0,
            "median_peak_rss_mb": 310.4,
            "max_peak_rss_mb": 705.6,
        },
        "peer": {"available": True, "score": 0.5, "solved": 1.0, "median_seconds": 1.0},
        "median_seconds_ratio": 3.0,
        "only_arcsynth": ["a"],
        "only_peer": ["b"],
    }
    text = render(comparison)
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert table[-1].startswith("| icecuber")
    assert "peak RSS per solve: median 310 MiB, max 706 MiB" in text
