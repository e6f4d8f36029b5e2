"""`pip install .` ships one import name with the templates, py.typed and the console script."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_ships_the_package_templates_types_and_command(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    wheel = next(tmp_path.glob("a2i_moderation-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    assert "a2i_moderation/templates/rekognition-moderation.liquid.html" in names
    assert "a2i_moderation/py.typed" in names
    assert "a2i_moderation/conditions/taxonomy.json" in names
    assert "a2i_moderation/preview/plan.schema.json" in names
    assert {f"a2i_moderation/preview/assets/{n}" for n in ("offline-preview.js", "offline-preview.css", "sample-image.png")} <= names
    assert {"a2i_moderation/review.py", "a2i_moderation/conditions/grammar.py", "a2i_moderation/preview/engine.py"} <= names
    assert not any(n.startswith(("components/", "tests/", "examples/")) for n in names)
    assert "a2i-moderation = a2i_moderation.cli:main" in entry_points
