"""Fake host CLIs on PATH and an environment that keeps every user directory inside tmp."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# A stand-in for `claude`, `codex`, `gemini`, ...: it appends its argv to $FAKE_AGENT_LOG and answers
# "RESULT-<n>" for its n-th call. Words in its argv steer it: FAILME exits 3, HANG sleeps (with a
# grandchild in its process group, to prove the whole group is stopped).
FAKE_AGENT = """\
import json, os, subprocess, sys, time
argv = sys.argv[1:]
log = os.environ["FAKE_AGENT_LOG"]
with open(log, "a") as f:
    f.write(json.dumps({"argv": argv, "pid": os.getpid()}) + "\\n")
with open(log) as f:
    n = sum(1 for _ in f)
joined = " ".join(argv)
if "HANG" in joined:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    with open(log + ".grandchild", "w") as f:
        f.write(str(child.pid))
    time.sleep(120)
if "FAILME" in joined:
    print("fake agent: cannot do that", file=sys.stderr)
    sys.exit(3)
print(f"working...\\nRESULT-{n}")
"""


class Sandbox:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.bin = root / "bin"
        self.work = root / "work"
        self.telemetry = root / "telemetry.rslog"
        self.agent_log = root / "agent.jsonl"
        for directory in (self.bin, self.work, root / "home"):
            directory.mkdir()
        self.env = {
            "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(root / "home"),
            "XDG_CONFIG_HOME": str(root / "xdg-config"),
            "XDG_DATA_HOME": str(root / "xdg-data"),
            "XDG_CACHE_HOME": str(root / "xdg-cache"),
            "XDG_STATE_HOME": str(root / "xdg-state"),
            "ROUTESMITH_CONFIG": str(root / "config.toml"),
            "ROUTESMITH_TELEMETRY_PATH": str(self.telemetry),
            "FAKE_AGENT_LOG": str(self.agent_log),
            "LANG": "C.UTF-8",
        }

    def fake_host(self, *names: str) -> None:
        for name in names:
            script = self.bin / name
            script.write_text(f"#!{sys.executable}\n{FAKE_AGENT}")
            script.chmod(0o755)

    def calls(self) -> list[list[str]]:
        if not self.agent_log.exists():
            return []
        return [json.loads(line)["argv"] for line in self.agent_log.read_text().splitlines()]

    def routesmith(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "routesmith", *args],
            cwd=self.work,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "routesmith", *args],
            cwd=self.work,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def explain(self, prompt: str, host: str) -> list[dict]:
        result = self.routesmith("explain", "--json", "--host", host, prompt)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["steps"]

    def records(self) -> list:
        from routesmith.model import TelemetrySettings
        from routesmith.telemetry import open_log

        return list(open_log(TelemetrySettings(path=str(self.telemetry))).iter_records())


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return Sandbox(tmp_path)
