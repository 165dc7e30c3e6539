"""`routesmith doctor` as a real process: what it reports, and exit status 1 naming what is broken."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import routesmith


class Machine:
    def __init__(self, tmp: Path) -> None:
        self.home = tmp / "home"
        self.work = tmp / "repo" / "src"
        self.work.mkdir(parents=True)
        (tmp / "repo" / ".git").mkdir()
        self.user = tmp / "user.toml"
        self.workspace = tmp / "repo" / ".routesmith.toml"
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": str(self.home),
            "XDG_DATA_HOME": str(tmp / "data"),
            "ROUTESMITH_CONFIG": str(self.user),
            "LANG": "C.UTF-8",
        }

    def doctor(self, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "routesmith", "doctor"],
            capture_output=True,
            text=True,
            env=self.env | env,
            cwd=self.work,
            timeout=60,
        )


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    return Machine(tmp_path)


def test_a_clean_install_reports_everything_and_exits_0(machine, tmp_path: Path) -> None:
    result = machine.doctor()

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"routesmith {routesmith.__version__}"
    assert lines[1].startswith(f"python {sys.version.split()[0]} (")
    assert f"  user: {machine.user} (not found)" in lines
    assert "  workspace: none (.routesmith.toml, searched upward)" in lines
    assert '  preference = "balanced"  <- default' in lines and "  host = null  <- default" in lines
    assert "warnings: none" in lines
    assert "host: generic (source: default)" in lines
    log = tmp_path / "data" / "routesmith" / "telemetry.rslog"
    assert f"telemetry: enabled, log {log} (not created yet; {tmp_path} is writable)" in lines
    assert any(line.startswith("  mcp") for line in lines) and any(
        line.startswith("  pygls") for line in lines
    )
    assert lines[-1] == "problems: none"
    assert not log.parent.exists()  # doctor looks, it does not create


def test_values_show_where_they_came_from_and_warnings_and_evidence(machine, tmp_path: Path) -> None:
    machine.user.write_text('preference = "cost"\n[telemetry]\npath = "logs/t.rslog"\n')
    machine.workspace.write_text('host = "codex"\n[policy]\nplugins = ["x:y"]\n')
    (machine.work.parent / "CLAUDE.md").write_text("# notes\n")

    result = machine.doctor(ROUTESMITH_PREFERENCE="quality", TERM_PROGRAM="vscode")

    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert f"  workspace: {machine.workspace}" in lines
    assert f'  host = "codex"  <- workspace:{machine.workspace}' in lines
    assert '  preference = "quality"  <- env:ROUTESMITH_PREFERENCE' in lines
    assert f'  telemetry.path = "{tmp_path / "logs" / "t.rslog"}"  <- user:{machine.user}' in lines
    assert "  policy.plugins = []  <- default" in lines  # the workspace's plugin was not taken
    assert any(line.startswith(f"  - {machine.workspace}:3:1: policy.plugins: ignored") for line in lines)
    assert "host: codex (source: config)" in lines
    assert "  - TERM_PROGRAM=vscode (also set in a human's terminal: ignored)" in lines
    assert "  configured for: claude_code" in lines


def test_a_broken_config_is_reported_and_exits_1(machine) -> None:
    machine.workspace.write_text("[policy]\npin = 7\n")

    result = machine.doctor()

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problem = f"  - config: {machine.workspace}:2:1: policy.pin: Expected `str | null`, got `int`"
    assert result.stdout.splitlines()[-2:] == ["problems:", problem]
    assert "host: generic (source: default)" in result.stdout  # the rest is still checked


def test_an_unwritable_telemetry_log_is_a_problem_unless_telemetry_is_off(machine, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where a directory should be\n")
    machine.user.write_text(f'[telemetry]\npath = "{blocker / "t.rslog"}"\n')

    broken = machine.doctor()
    machine.user.write_text(f'[telemetry]\nenabled = false\npath = "{blocker / "t.rslog"}"\n')
    disabled = machine.doctor()

    assert broken.returncode == 1
    assert (
        f"  - telemetry: log {blocker / 't.rslog'} cannot be created: {blocker} is not a writable directory"
        in (broken.stdout)
    )
    assert disabled.returncode == 0 and "telemetry: disabled" in disabled.stdout


def test_an_unknown_host_in_the_environment_is_a_problem(machine) -> None:
    result = machine.doctor(ROUTESMITH_HOST="notepad")

    assert result.returncode == 1
    assert "  - config: ROUTESMITH_HOST=notepad: unknown host 'notepad'; known hosts: aider" in result.stdout


def test_the_executable_is_found_on_path_or_reported_missing(machine, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "routesmith"
    exe.write_text(f"#!{sys.executable}\nfrom routesmith.cli import main\nraise SystemExit(main())\n")
    exe.chmod(0o755)

    found = machine.doctor(PATH=str(bin_dir))
    missing = machine.doctor(PATH=str(tmp_path / "empty"))

    assert f"executable: {exe}" in found.stdout.splitlines()
    assert "executable: not on PATH (run as `python -m routesmith`)" in missing.stdout.splitlines()
