"""A temporary HOME holding every host's session logs, laid out where each host keeps them (some moved by
the variables the hosts honour), and `routesmith` run on it as a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).with_name("fixtures")
CANARY = b"CANARY-"  # every prompt, tool input and tool output in the fixtures that could leak carries it
SINCE = "2026-01-01"


class Sandbox:
    def __init__(self, root: Path) -> None:
        self.home = root / "home"
        self.claude = self.home / "claude-config"  # via CLAUDE_CONFIG_DIR
        self.codex = self.home / "codex-home"  # via CODEX_HOME
        self.data = self.home / ".local" / "share"
        self.env = {
            **os.environ,
            "HOME": str(self.home),
            "XDG_DATA_HOME": str(self.data),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "CLAUDE_CONFIG_DIR": str(self.claude),
            "CODEX_HOME": str(self.codex),
            "AIDER_ANALYTICS_LOG": str(self.home / "aider" / "analytics.jsonl"),
        }
        for name in ("ROUTESMITH_TELEMETRY_PATH", "GEMINI_CLI_HOME", "COPILOT_HOME", "ROUTESMITH_HOST"):
            self.env.pop(name, None)
        self.log = self.data / "routesmith" / "telemetry.rslog"

    def lay_out(self) -> None:
        shutil.copytree(FIXTURES / "claude_code", self.claude)
        shutil.copytree(FIXTURES / "codex" / "sessions", self.codex / "sessions")
        archived = self.codex / "archived_sessions"
        archived.mkdir(parents=True)
        for plain in (FIXTURES / "codex" / "archived").iterdir():
            compress(plain, archived / f"{plain.name}.zst")
        shutil.copytree(FIXTURES / "gemini_cli", self.home / ".gemini")
        shutil.copytree(FIXTURES / "copilot", self.home / ".copilot")
        shutil.copytree(FIXTURES / "aider", self.home / "aider")
        opencode = self.data / "opencode"
        opencode.mkdir(parents=True)
        with sqlite3.connect(opencode / "opencode.db") as db:
            db.executescript((FIXTURES / "opencode" / "opencode.sql").read_text())
        db.close()

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "routesmith", *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.home,
        )

    def import_json(self, *args: str) -> dict:
        done = self.run("import", "--since", SINCE, "--json", *args)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def history(self, *args: str) -> list[dict]:
        done = self.run("history", "--format", "json", "--limit", "1000", *args)
        assert done.returncode == 0, done.stderr
        rows = json.loads(done.stdout)
        return rows if isinstance(rows, list) else rows["records"]  # a bare array, or issue 14's object

    def files(self) -> dict[Path, bytes]:
        return {path: path.read_bytes() for path in self.home.rglob("*") if path.is_file()}


def compress(source: Path, target: Path) -> None:
    zstandard = pytest.importorskip("zstandard", reason="pip install 'routesmith-lsp[zstd]'")
    target.write_bytes(zstandard.ZstdCompressor().compress(source.read_bytes()))


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    box = Sandbox(tmp_path)
    box.home.mkdir()
    box.lay_out()
    return box


@pytest.fixture
def empty_home(tmp_path: Path) -> Sandbox:
    box = Sandbox(tmp_path)
    box.home.mkdir()
    return box


Run = Callable[..., subprocess.CompletedProcess[str]]
