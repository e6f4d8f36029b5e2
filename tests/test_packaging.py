"""`pip install .` ships one import name with the templates, py.typed, the license and the command."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

from conftest import ROOT

#: What setuptools prints when the package configuration is incomplete or deprecated.
SETUPTOOLS_WARNING = re.compile(
    r"Setuptools\w*Warning|is absent from the `packages` configuration|Installing '.*' as data"
)


def test_wheel_ships_the_package_templates_types_and_command(tmp_path):
    build = subprocess.run(
        # The test extra installs the build backend: no isolated build environment to set up each time.
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-v",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert not SETUPTOOLS_WARNING.search(build.stdout + build.stderr)
    wheel = next(tmp_path.glob("a2i_moderation-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith("entry_points.txt"))
        metadata = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    assert "a2i_moderation/templates/rekognition-moderation.liquid.html" in names
    assert "a2i_moderation/py.typed" in names
    assert "a2i_moderation/conditions/taxonomy.json" in names
    assert "a2i_moderation/tooling/preview/plan.schema.json" in names
    assets = ("offline-preview.js", "offline-preview.css", "sample-image.png")
    assert {f"a2i_moderation/tooling/preview/assets/{n}" for n in assets} <= names
    assert {
        "a2i_moderation/resources/review.py",
        "a2i_moderation/conditions/grammar.py",
        "a2i_moderation/tooling/preview/engine.py",
    } <= names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any(n.startswith(("components/", "tests/", "examples/")) for n in names)
    assert "a2i-moderation = a2i_moderation.tooling.cli:main" in entry_points
    assert "Project-URL: Changelog," in metadata
