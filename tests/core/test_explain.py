"""`routesmith explain` as users and tools run it: a real process with a controlled environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SEED = "Plan this feature, implement it, add tests, and write docs"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": str(home / ".config"),
    }

    def routesmith(
        *args: str, stdin: str | None = None, extra: dict[str, str] | None = None, cwd: Path = work
    ):
        return subprocess.run(
            [sys.executable, "-m", "routesmith", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env | (extra or {}),
            cwd=cwd,
            timeout=60,
        )

    routesmith.work = work  # type: ignore[attr-defined]
    return routesmith


def test_seed_example_table_on_a_clean_machine(run) -> None:
    result = run("explain", SEED)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "host: generic (no coding-agent host detected; set --host or ROUTESMITH_HOST)"
    assert "cannot switch" in lines[1]
    header = next(i for i, line in enumerate(lines) if line.startswith("#"))
    rows = [line.split() for line in lines[header + 1 : header + 5]]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("1", "planning", "deep_reasoning"),
        ("2", "coding", "coding"),
        ("3", "testing", "coding"),
        ("4", "documentation", "balanced"),
    ]
    assert all("no switch:" in line for line in lines[header + 1 : header + 5])
    strategies = lines.index("strategies (no model switch happens on this host):")
    assert lines[strategies + 1].startswith("  1 planning: think before coding")  # in full, once
    assert not any("think before coding" in line for line in lines[:strategies])
    assert '"Plan this feature"' in lines[header + 1]
    assert "strategies (no model switch happens on this host):" in result.stdout


def test_json_contract_stdin_and_spans(run) -> None:
    result = run("explain", "--json", "--host", "claude_code", "-", stdin=SEED)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert list(out) == ["host", "steps", "host_source", "can_switch", "excluded", "notes", "cost"]
    assert (out["host"], out["host_source"], out["can_switch"]) == ("claude_code", "flag", True)
    keys = ["id", "task", "capability", "model", "strategy", "depends_on", "span", "text", "reasons"]
    keys += ["optional", "condition", "approval_gate", "section", "number"]
    assert all(list(step) == keys for step in out["steps"])
    assert [s["task"] for s in out["steps"]] == ["planning", "coding", "testing", "documentation"]
    for step in out["steps"]:
        start, end = step["span"]
        assert SEED[start:end] == step["text"]
        assert step["model"] and step["strategy"] is None and step["reasons"]
    ids = [s["id"] for s in out["steps"]]
    assert all(dep in ids[: ids.index(s["id"])] for s in out["steps"] for dep in s["depends_on"])


def test_file_and_preference(run, tmp_path: Path) -> None:
    prompt = tmp_path / "feature.prompt.md"
    prompt.write_text("---\nmode: agent\n---\nDesign the cache layer, then implement it.\n", encoding="utf-8")
    cheap = json.loads(
        run(
            "explain", "--json", "--host", "claude_code", "--preference", "cost", "--file", str(prompt)
        ).stdout
    )
    best = json.loads(
        run(
            "explain", "--json", "--host", "claude_code", "--preference", "quality", "--file", str(prompt)
        ).stdout
    )
    assert [s["task"] for s in cheap["steps"]] == ["planning", "coding"]
    assert [s["model"] for s in cheap["steps"]] != [s["model"] for s in best["steps"]]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["explain", "   "], None, "the prompt is empty"),
        (["explain", "-"], "\n\t\n", "the prompt is empty"),
        (["explain"], None, "no prompt"),
        (["explain", "--file", "/nonexistent/x.md"], None, "--file /nonexistent/x.md: cannot read"),
        (["explain", "--host", "nosuchhost", SEED], None, "nosuchhost"),
        (["explain", "--preference", "cheapest", SEED], None, "invalid value 'cheapest'; expected one of"),
    ],
)
def test_bad_input_is_a_clear_error_not_a_traceback(run, args, stdin, message) -> None:
    result = run(*args, stdin=stdin)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_workspace_config_names_file_line_and_key(run) -> None:
    (run.work / ".routesmith.toml").write_text('host = "generic"\n\n[policy]\npin = 42\n', encoding="utf-8")
    result = run("explain", SEED)
    assert result.returncode == 2
    assert ".routesmith.toml:4" in result.stderr and "pin" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_cli_path_imports_nothing_heavy(run) -> None:
    # Nor, once the compiled data copies exist, tomllib, or typing_extensions and inspect (via msgspec).
    code = (
        f"import sys; sys.argv = ['routesmith', 'explain', '--json', {SEED!r}];"
        "from routesmith.cli import main; main();"
        "heavy = ('pygls', 'lsprotocol', 'mcp', 'routesmith.lsp', 'tomllib', 'typing_extensions', 'inspect',"
        " 'platform', 'gettext', 'shutil', 'textwrap', 'ipaddress');"
        "print('HEAVY', [m for m in heavy if m in sys.modules], file=sys.stderr)"
    )
    env = os.environ | {"HOME": str(run.work), "ROUTESMITH_CACHE_DIR": str(run.work / "cache")}
    for _ in range(2):  # the first run compiles the data copies
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "HEAVY []" in result.stderr, result.stderr


def test_an_instruction_file_is_routed_section_by_section(run, tmp_path: Path) -> None:
    agents = tmp_path / "AGENTS.md"
    agents.write_text(
        "# AGENTS.md\n\n## Testing\nAlways add tests for new code.\n\n"
        "## Workflow\nFor every task:\n1. Plan the change\n2. Implement it\n3. Add tests\n\n"
        "## Release\n- Update the changelog\n",
        encoding="utf-8",
    )
    out = json.loads(run("explain", "--json", "--file", str(agents)).stdout)
    steps = [(s["id"], s["task"], s["depends_on"]) for s in out["steps"]]
    # Only the procedure to follow each time is a route: the standing rule and the release notes are not.
    assert steps == [(1, "planning", []), (2, "coding", [1]), (3, "testing", [2])]
    # The same text as a prompt file is read as a document too: its workflow is the work, its topic
    # sections are context.
    prompt = tmp_path / "same.prompt.md"
    prompt.write_text(agents.read_text(encoding="utf-8"), encoding="utf-8")
    as_prompt = json.loads(run("explain", "--json", "--file", str(prompt)).stdout)
    assert [s["task"] for s in as_prompt["steps"]] == ["planning", "coding", "testing"]


def test_past_the_size_limit_the_head_is_routed_and_a_note_says_what_is_not(run, tmp_path: Path) -> None:
    from routesmith.limits import ROUTE_LIMIT

    code = "```python\n" + "x = 1\n" * (ROUTE_LIMIT // 6) + "```\n"
    text = "Plan the export, then implement it.\n\n" + code + "Write the docs.\n"
    assert len(text) > ROUTE_LIMIT
    prompt = tmp_path / "long.md"
    prompt.write_text(text, encoding="utf-8")
    result = run("explain", "--json", "--file", str(prompt))
    assert result.returncode == 0, result.stderr
    assert [s["task"] for s in json.loads(result.stdout)["steps"]] == ["planning", "coding"]  # not the docs
    cut = text.rfind("\n", 0, ROUTE_LIMIT) + 1
    line = text.count("\n", 0, cut)
    assert f"routesmith: note: the text has {len(text):,} characters" in result.stderr
    assert f"lines 1-{line} ({cut:,} characters) are routed" in result.stderr
    assert f"from line {line + 1} on are not" in result.stderr


def test_a_file_is_explained_per_section_with_its_own_numbers(run, tmp_path: Path) -> None:
    prompt = tmp_path / "ship.prompt.md"
    prompt.write_text("# Ship it\n\n## Steps\n1. Plan the export\n2. Implement it\n", encoding="utf-8")
    out = run("explain", "--file", str(prompt)).stdout
    header = next(line for line in out.splitlines() if line.startswith("#"))
    assert header.split()[:3] == ["#", "section", "task"]
    assert any(line.split()[:4] == ["1", "Steps", "#1", "planning"] for line in out.splitlines())
    steps = json.loads(run("explain", "--json", "--file", str(prompt)).stdout)["steps"]
    assert [(s["section"], s["number"]) for s in steps] == [("Steps", "1"), ("Steps", "2")]


def test_standing_rules_on_stdin_give_no_steps(run) -> None:
    agents = (
        "# Project\n\nA billing service.\n\n## Tech stack\n- Python\n\n"
        "## Code style\n- Refactor long functions\n\n## Testing\n- Add tests for new code\n\n"
        "## Commands\n- `make test`\n"
    )
    assert json.loads(run("explain", "--json", "-", stdin=agents).stdout)["steps"] == []
