"""Physical names for replace-only resources: valid for the API, stable, and changing with the content."""

from __future__ import annotations

from a2i_moderation.naming import NAME_PATTERN, hashed_name, slug


def test_same_content_gives_the_same_name():
    assert hashed_name("moderation", {"a": 1, "b": [1, 2]}) == hashed_name("moderation", {"b": [1, 2], "a": 1})


def test_different_content_gives_a_different_name():
    assert hashed_name("moderation", {"a": 1}) != hashed_name("moderation", {"a": 2})


def test_names_are_valid_whatever_the_prefix():
    for prefix in ("Moderation Dev", "x" * 200, "--a--", "ÄÖÜ", "a_b.c"):
        name = hashed_name(prefix, "content")
        assert NAME_PATTERN.fullmatch(name), name
        assert len(name) <= 63, name


def test_slug_keeps_single_hyphens_and_never_returns_empty():
    assert slug("Moderation  Dev__EU", 63) == "moderation-dev-eu"
    assert slug("___", 63) == "a2i"
