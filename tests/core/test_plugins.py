"""Policy plugins: a real installed entry point, honoured from user config only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = """
import os, pathlib
import msgspec
pathlib.Path(os.environ["PLUGIN_MARKER"]).write_text("imported")

def adjust(route, profile, config):
    steps = [msgspec.structs.replace(s, reasons=[*s.reasons, "plugin shout was here"]) for s in route.steps]
    return msgspec.structs.replace(route, steps=steps)

def broken(route, profile, config):
    return "not a route"
"""


@pytest.fixture
def sandbox(tmp_path: Path) -> dict[str, object]:
    site = tmp_path / "site"
    info = site / "shout_plugin-0.1.dist-info"
    info.mkdir(parents=True)
    (site / "shout_plugin.py").write_text(PLUGIN, encoding="utf-8")
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: shout-plugin\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[routesmith.policies]\nshout = shout_plugin:adjust\nbroken = shout_plugin:broken\n", encoding="utf-8"
    )
    work = tmp_path / "work"
    work.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHONPATH": str(site),
        "PLUGIN_MARKER": str(tmp_path / "marker"),
        "ROUTESMITH_CONFIG": str(tmp_path / "user.toml"),
    }
    return {"env": env, "work": work, "marker": tmp_path / "marker", "user": tmp_path / "user.toml"}


def explain(sandbox: dict[str, object]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "routesmith",
            "explain",
            "--json",
            "--host",
            "claude_code",
            "Implement it and add tests",
        ],
        capture_output=True,
        text=True,
        env=sandbox["env"],
        cwd=sandbox["work"],
        timeout=60,
    )


def test_a_plugin_named_in_user_config_adjusts_the_route(sandbox) -> None:
    sandbox["user"].write_text('[policy]\nplugins = ["shout"]\n', encoding="utf-8")
    result = explain(sandbox)
    assert result.returncode == 0, result.stderr
    steps = json.loads(result.stdout)["steps"]
    assert steps and all("plugin shout was here" in s["reasons"] for s in steps)


def test_a_workspace_file_naming_a_plugin_never_imports_it(sandbox) -> None:
    (sandbox["work"] / ".routesmith.toml").write_text('[policy]\nplugins = ["shout"]\n', encoding="utf-8")
    result = explain(sandbox)
    assert result.returncode == 0, result.stderr
    assert not sandbox["marker"].exists()
    assert "plugins" in result.stderr and "ignored" in result.stderr
    assert all("plugin shout was here" not in s["reasons"] for s in json.loads(result.stdout)["steps"])


@pytest.mark.parametrize(("name", "message"), [("missing", "no plugin 'missing'"), ("broken", "not a Route")])
def test_a_bad_plugin_is_a_clear_error(sandbox, name, message) -> None:
    sandbox["user"].write_text(f'[policy]\nplugins = ["{name}"]\n', encoding="utf-8")
    result = explain(sandbox)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
