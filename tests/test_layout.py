"""The package's parts stay apart: pure logic loads no Pulumi, the components load on first use."""

from __future__ import annotations

import subprocess
import sys

import pytest

import a2i_moderation

PURE_MODULES = (
    "a2i_moderation",
    "a2i_moderation.conditions",
    "a2i_moderation.settings",
    "a2i_moderation.naming",
    "a2i_moderation.policies",
    "a2i_moderation.status_events",
    "a2i_moderation.task_template",
)


def modules_loaded_by(statement: str) -> set[str]:
    """Names in sys.modules after `statement`, in a fresh interpreter."""
    code = f"import sys; before = set(sys.modules); {statement}; print('\\n'.join(set(sys.modules) - before))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_pure_modules_load_no_pulumi():
    # Together: if all of them load none, none of them alone does.
    loaded = modules_loaded_by("; ".join(f"import {module}" for module in PURE_MODULES))
    assert {"a2i_moderation.conditions.evaluate", "a2i_moderation.settings.validation"} <= loaded
    assert not {name for name in loaded if name.split(".")[0] in {"pulumi", "pulumi_aws", "grpc", "boto3"}}


def test_components_load_when_first_used():
    loaded = modules_loaded_by("import a2i_moderation; a2i_moderation.ImageModerationReview")
    assert {"pulumi", "pulumi_aws", "a2i_moderation.resources.review"} <= loaded


def test_package_lists_what_it_serves():
    assert set(a2i_moderation.__all__) <= set(dir(a2i_moderation))
    for name in a2i_moderation.__all__:
        assert getattr(a2i_moderation, name) is not None


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        a2i_moderation.Nope  # noqa: B018


def test_version_has_one_source():
    result = subprocess.run(
        [sys.executable, "-m", "a2i_moderation.tooling.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"a2i-moderation {a2i_moderation.__version__}"
    from importlib.metadata import version

    assert version("a2i-moderation") == a2i_moderation.__version__


def test_command_without_its_extra_says_which_to_install(monkeypatch, capsys):
    from a2i_moderation.tooling import cli

    real = cli.importlib.util.find_spec
    monkeypatch.setattr(cli.importlib.util, "find_spec", lambda name: None if name == "matplotlib" else real(name))
    code = cli.main(["simulate", "--conditions", "c.json", "--responses", "r.jsonl", "--plot", "out.png"])
    assert code == 2
    assert capsys.readouterr().err == (
        "error: `a2i-moderation simulate` needs the 'plot' extra (missing: matplotlib): "
        "pip install 'a2i-moderation[cli,plot]'\n"
    )


def test_package_serves_every_component_the_resources_module_exports():
    from a2i_moderation import resources

    assert set(a2i_moderation.__all__) == {*resources.__all__, "ConfigError", "__version__", "default_template"}
