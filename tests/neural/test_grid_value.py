"""The learned grid value: its features, its fit and its file."""

from __future__ import annotations

import json

import numpy as np
import pytest

from neural.grid_value import FEATURES, GridValue, fit, grid_features, shipped_grid_value


def _features_of(values, outputs, inputs, depth=1, cost=1.0) -> dict[str, float]:
    row = grid_features(values, outputs, inputs, depth, cost)
    return dict(zip(FEATURES, row.tolist(), strict=True))


def test_features_lie_in_zero_one_and_name_every_column():
    rng = np.random.default_rng(0)
    for _ in range(50):
        grids = [rng.integers(0, 10, size=tuple(rng.integers(1, 12, size=2))) for _ in range(6)]
        row = grid_features(grids[:2], grids[2:4], grids[4:], depth=3, cost=4.5)
        assert row.shape == (len(FEATURES),)
        assert np.all(row >= 0.0) and np.all(row <= 1.0)


def test_the_output_itself_has_every_shape_and_cell_feature():
    output = np.array([[1, 2], [3, 4]])
    features = _features_of([output], [output], [np.zeros((4, 4), dtype=int)])
    assert features["same_shape"] == features["cells_equal"] == 1.0
    assert features["colours_jaccard"] == features["histogram_overlap"] == 1.0
    assert features["input_shape"] == 0.0


def test_a_grid_the_output_tiles_is_seen_as_its_divisor():
    small = np.array([[1, 0], [0, 1]])
    features = _features_of([small], [np.tile(small, (3, 3))], [small])
    assert features["output_is_multiple"] == 1.0 and features["is_multiple_of_output"] == 0.0
    assert features["same_shape"] == 0.0 and features["cells_equal"] == 0.0
    assert features["ratio_constant"] == 1.0


def test_fit_ranks_the_positive_rows_first():
    rng = np.random.default_rng(1)
    x = rng.random((600, len(FEATURES)))
    labels = (x[:, 2] + 0.1 * rng.random(600) > 0.8).astype(float)
    groups = np.arange(600) // 60
    model = fit(x, labels, groups)
    scores = np.array([model.score(row) for row in x])
    assert scores[labels == 1].min() > np.median(scores[labels == 0])
    assert model.weight[2] == pytest.approx(model.weight.max())


def test_a_saved_model_loads_back_and_one_of_other_features_is_refused(tmp_path):
    model = GridValue(np.linspace(-1, 1, len(FEATURES)), 0.25)
    path = tmp_path / "value.json"
    model.save(path, {"note": "test"})
    loaded = GridValue.load(path)
    assert np.allclose(loaded.weight, model.weight) and loaded.bias == pytest.approx(0.25)
    document = json.loads(path.read_text())
    document["features"] = document["features"][:-1]
    path.write_text(json.dumps(document))
    with pytest.raises(ValueError, match="other features"):
        GridValue.load(path)


def test_the_shipped_model_loads_and_rates_in_zero_one():
    model = shipped_grid_value()
    eye = np.eye(3, dtype=int)
    row = grid_features([eye], [eye], [eye], depth=1, cost=1.0)
    assert 0.0 < model.score(row) < 1.0
