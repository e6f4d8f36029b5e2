"""The sampling draw every engine computes: MD5 of seed ":" key, its first 16 hex digits, compared with
floor(p / 100 * 2**64) in hex."""

from __future__ import annotations

import hashlib
from fractions import Fraction

import pytest

from a2i_moderation.conditions import Evaluator
from a2i_moderation.conditions.evaluate import DEFAULT_SEED, draw_hex, sample_threshold_hex, sampled


def sampling(percent):
    return {"ConditionType": "Sampling", "ConditionParameters": {"RandomSamplingPercentage": percent}}


@pytest.mark.parametrize(
    ("seed", "key", "expected"),
    [
        (DEFAULT_SEED, "image-1", "4c58869c2fb3ae1a"),
        (DEFAULT_SEED, "uploads/2026/11/00000.jpg", "1960a4d3088d9750"),
        ("seed", "ключ/画像-é.jpg", "22c09d5714066c53"),
        ("", "", "853ae90f0351324b"),
    ],
)
def test_draw_is_the_first_16_hex_digits_of_md5_of_seed_colon_key(seed, key, expected):
    assert hashlib.md5(f"{seed}:{key}".encode()).hexdigest()[:16] == expected
    assert draw_hex(seed, key) == expected


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (0.01, "00068db8bac710cb"),  # 1844674407370955: 0.01 as a float is a little above 1/100
        (1, "028f5c28f5c28f5c"),
        (50, "8000000000000000"),
        (99.99, "fff972474538eb85"),
    ],
)
def test_threshold_is_floor_of_the_exact_share_of_2_to_the_64(percent, expected):
    assert f"{int(Fraction(percent) / 100 * 2**64):016x}" == expected
    assert sample_threshold_hex(percent) == expected


def test_a_100_percent_sample_takes_every_draw():
    assert sample_threshold_hex(100) is None
    assert sample_threshold_hex(100.0) is None
    assert sampled("ffffffffffffffff", None)
    evaluator = Evaluator({"Conditions": [sampling(100)]})
    assert all(evaluator.decide({"ModerationLabels": []}, f"k{i}")[0] for i in range(200))


def test_a_draw_equal_to_the_threshold_is_outside_the_sample():
    threshold = sample_threshold_hex(50)
    assert threshold is not None
    below = f"{int(threshold, 16) - 1:016x}"
    assert sampled(below, threshold)
    assert not sampled(threshold, threshold)


@pytest.mark.parametrize("percent", [0.01, 5, 50, 99.99])
def test_evaluator_samples_exactly_the_keys_whose_draw_is_below_the_threshold(percent):
    keys = [f"uploads/{i:05d}.jpg" for i in range(3000)]
    threshold = int(Fraction(percent) / 100 * 2**64)
    expected = [int(hashlib.md5(f"s:{key}".encode()).hexdigest()[:16], 16) < threshold for key in keys]
    evaluator = Evaluator({"Conditions": [sampling(percent)]}, seed="s")
    assert evaluator.decide_all([{"ModerationLabels": []}] * len(keys), keys) == [[0] if e else [] for e in expected]
    assert [evaluator.explain({"ModerationLabels": []}, key).activated for key in keys] == expected
