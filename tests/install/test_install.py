"""`routesmith install` / `uninstall` as real processes on real files in a tmp workspace."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

USER_TEXT = "# Project notes\n\nUse tabs. Never push to main.\n"

# host -> files `install` writes for it (relative to the workspace root)
HOST_FILES = {
    "claude_code": {"CLAUDE.md", ".claude/agents/routesmith-coding.md"},
    "codex": {"AGENTS.md"},
    "gemini_cli": {"GEMINI.md", ".gemini/agents/routesmith-coding.md"},
    "copilot": {".github/copilot-instructions.md", ".github/prompts/routesmith-coding.prompt.md"},
    "cursor": {".cursor/rules/routesmith.mdc"},
    "aider": {"CONVENTIONS.md", ".aider.conf.yml"},
    "generic": {"AGENTS.md"},
}


class Workspace:
    def __init__(self, tmp: Path) -> None:
        self.root = tmp / "repo"
        (self.root / ".git").mkdir(parents=True)
        self.config = tmp / "config.toml"
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp / "home"),
            "XDG_CONFIG_HOME": str(tmp / "xdg-config"),
            "XDG_DATA_HOME": str(tmp / "xdg-data"),
            "XDG_CACHE_HOME": str(tmp / "xdg-cache"),
            "ROUTESMITH_CONFIG": str(self.config),
            "ROUTESMITH_TELEMETRY_PATH": str(tmp / "telemetry.rslog"),
        }

    def routesmith(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "routesmith", *args],
            cwd=cwd or self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def snapshot(self) -> dict[str, bytes]:
        """Every file and directory under the root except .git: path -> bytes (b"/" for a directory)."""
        found = {}
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root).as_posix()
            if rel != ".git" and not rel.startswith(".git/"):
                found[rel] = b"/" if path.is_dir() else path.read_bytes()
        return found


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


@pytest.mark.parametrize("host", sorted(HOST_FILES))
def test_install_writes_the_hosts_files_is_idempotent_and_uninstall_restores_everything(ws, host) -> None:
    ws.write("AGENTS.md" if host in ("codex", "generic") else "README.md", USER_TEXT)
    before = ws.snapshot()

    first = ws.routesmith("install", host)
    installed = ws.snapshot()
    second = ws.routesmith("install", host)

    assert first.returncode == 0, first.stderr
    assert HOST_FILES[host] <= set(installed)
    assert second.returncode == 0 and "nothing to change" in second.stderr
    assert ws.snapshot() == installed
    for rel in HOST_FILES[host]:
        assert b"routesmith" in installed[rel]

    removed = ws.routesmith("uninstall", host)

    assert removed.returncode == 0, removed.stderr
    assert ws.snapshot() == before


def test_block_goes_after_user_content_which_is_never_touched(ws) -> None:
    ws.write("CLAUDE.md", USER_TEXT)

    ws.routesmith("install", "claude_code")
    text = (ws.root / "CLAUDE.md").read_text()

    assert text.startswith(USER_TEXT + "\n<!-- routesmith:begin -->\n")
    assert text.endswith("<!-- routesmith:end -->\n")
    assert text.count("<!-- routesmith:begin -->") == 1


def test_user_edits_around_the_block_survive_reinstall_and_uninstall(ws) -> None:
    ws.routesmith("install", "codex")
    agents = ws.root / "AGENTS.md"
    current = "shows how a given request splits and routes"
    block = agents.read_text().replace(current, "stale words from an older version")
    agents.write_text("# Top\n\n" + block + "\n## Added later\nKeep me.\n")

    ws.routesmith("install", "codex")
    refreshed = agents.read_text()
    ws.routesmith("uninstall", "codex")

    assert "stale words" not in refreshed and current in refreshed
    assert refreshed.startswith("# Top\n\n<!-- routesmith:begin -->")
    assert agents.read_text() == "# Top\n\n\n## Added later\nKeep me.\n"


def test_subagents_pin_the_models_from_the_users_config(ws) -> None:
    ws.config.write_text('[policy.capability_model.claude_code]\ncoding = "my-coding-model"\n')

    result = ws.routesmith("install", "claude_code")

    assert result.returncode == 0, result.stderr
    agent = (ws.root / ".claude/agents/routesmith-coding.md").read_text()
    assert agent.startswith("---\nname: routesmith-coding\n")
    assert "\nmodel: my-coding-model\n" in agent
    assert "`my-coding-model`" in (ws.root / "CLAUDE.md").read_text()


def test_uninstall_keeps_a_generated_file_the_user_edited(ws) -> None:
    ws.routesmith("install", "claude_code")
    agent = ws.root / ".claude/agents/routesmith-coding.md"
    agent.write_text(agent.read_text().replace("Do only the step", "Do only and exactly the step"))
    edited = agent.read_bytes()

    reinstall = ws.routesmith("install", "claude_code")
    result = ws.routesmith("uninstall", "claude_code")

    assert "routesmith-coding.md: left as is (edited since RouteSmith wrote it)" in reinstall.stderr
    assert result.returncode == 0
    assert "routesmith-coding.md: left as is" in result.stderr
    assert agent.read_bytes() == edited
    assert not (ws.root / ".claude/agents/routesmith-fast.md").exists()
    assert not (ws.root / "CLAUDE.md").exists()


def test_dry_run_shows_a_unified_diff_and_writes_nothing(ws) -> None:
    ws.write("CLAUDE.md", USER_TEXT)
    before = ws.snapshot()

    result = ws.routesmith("install", "claude_code", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert ws.snapshot() == before
    assert "--- a/CLAUDE.md\n+++ b/CLAUDE.md\n@@ " in result.stdout
    assert "+<!-- routesmith:begin -->" in result.stdout
    assert "--- /dev/null\n+++ b/.claude/agents/routesmith-coding.md" in result.stdout

    ws.routesmith("install", "claude_code")
    undo = ws.routesmith("uninstall", "claude_code", "--dry-run")
    assert "--- a/.claude/agents/routesmith-coding.md\n+++ /dev/null" in undo.stdout
    assert "-<!-- routesmith:end -->" in undo.stdout


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (USER_TEXT + "<!-- routesmith:begin -->\nhalf a block\n", 4, "never closed"),
        (USER_TEXT + "<!-- routesmith:end -->\n", 4, "without"),
        ("<!-- routesmith:begin -->\n<!-- routesmith:end -->\n<!-- routesmith:begin -->\n", 3, "second"),
    ],
)
def test_malformed_block_is_a_clear_error_and_nothing_is_written(ws, text, line, problem) -> None:
    ws.write("CLAUDE.md", text)
    before = ws.snapshot()

    for command in ("install", "uninstall"):
        result = ws.routesmith(command, "claude_code")
        assert result.returncode == 2
        assert f"CLAUDE.md:{line}:" in result.stderr and problem in result.stderr
        assert "Traceback" not in result.stderr
        assert ws.snapshot() == before  # not even the subagent files were created


def test_aider_yaml_is_merged_and_the_users_keys_win(ws) -> None:
    user_yaml = "model: gpt-4o  # my choice\nauto-commits: false\nlint-cmd:\n  - python: ruff check\n"
    ws.write(".aider.conf.yml", user_yaml)

    result = ws.routesmith("install", "aider")

    assert result.returncode == 0, result.stderr
    merged = (ws.root / ".aider.conf.yml").read_text()
    assert merged.startswith(user_yaml)
    block = merged[len(user_yaml) :]
    assert "\nmodel:" not in block and "kept your own `model:`" in result.stderr
    assert 'read: "CONVENTIONS.md"' in block and "weak-model: " in block
    assert ws.routesmith("uninstall", "aider").returncode == 0
    assert (ws.root / ".aider.conf.yml").read_text() == user_yaml


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- just\n- a list\n", 1),
        ("model: x\n{flow: mapping}\n", 2),
        ("a: 1\n---\nb: 2\n", 2),
        ("  indented: first\n", 1),
    ],
)
def test_yaml_that_cannot_be_merged_safely_is_refused_untouched(ws, text, line) -> None:
    ws.write(".aider.conf.yml", text)
    before = ws.snapshot()

    result = ws.routesmith("install", "aider")

    assert result.returncode == 2
    assert f".aider.conf.yml:{line}:" in result.stderr
    assert ws.snapshot() == before


def test_symlinks_out_of_the_root_are_refused(ws, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (ws.root / ".claude").symlink_to(outside)

    dir_link = ws.routesmith("install", "claude_code")
    (ws.root / ".claude").unlink()
    (outside / "CLAUDE.md").write_text(USER_TEXT)
    (ws.root / "CLAUDE.md").symlink_to(outside / "CLAUDE.md")
    file_link = ws.routesmith("install", "claude_code")

    for result in (dir_link, file_link):
        assert result.returncode == 2
        assert "outside the workspace root" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["CLAUDE.md"]
    assert (outside / "CLAUDE.md").read_text() == USER_TEXT
    assert not (ws.root / ".claude").exists()


def test_root_defaults_to_the_enclosing_git_checkout_and_can_be_given(ws, tmp_path: Path) -> None:
    sub = ws.root / "src" / "pkg"
    sub.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    walked = ws.routesmith("install", "codex", cwd=sub)
    given = ws.routesmith("install", "codex", "--root", str(elsewhere), cwd=sub)

    assert walked.returncode == 0 and given.returncode == 0
    assert (ws.root / "AGENTS.md").exists() and not (sub / "AGENTS.md").exists()
    assert (elsewhere / "AGENTS.md").exists()


def test_unknown_host_and_bad_root_are_clear_errors(ws) -> None:
    unknown = ws.routesmith("install", "notepad")
    bad_root = ws.routesmith("install", "codex", "--root", "does/not/exist")

    assert unknown.returncode == 2 and "notepad" in unknown.stderr
    assert bad_root.returncode == 2 and "does/not/exist" in bad_root.stderr
    assert "Traceback" not in unknown.stderr + bad_root.stderr
