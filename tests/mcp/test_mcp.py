"""`routesmith serve-stdio` spoken to by the MCP SDK's own stdio client, as a host would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from routesmith.model import TelemetrySettings
from routesmith.telemetry import open_log

PROMPT = "Plan this feature, implement it, add tests, and write docs"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "work").mkdir()
    return {
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
        "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
        "ROUTESMITH_CONFIG": str(tmp_path / "config.toml"),
        "ROUTESMITH_TELEMETRY_PATH": str(tmp_path / "telemetry.rslog"),
    }


def clean_environ(env: dict[str, str]) -> dict[str, str]:
    """Only PATH from the outside, so no host marker of the machine running the tests leaks in."""
    return {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", **env}


async def call(env: dict[str, str], cwd: Path, *calls: tuple[str, dict]) -> tuple[set[str], list]:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "routesmith", "serve-stdio"], env=clean_environ(env), cwd=cwd
    )
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = {tool.name for tool in (await session.list_tools()).tools}
        return tools, [await session.call_tool(name, arguments) for name, arguments in calls]


def payload(result) -> dict:
    assert not result.is_error, result.content
    return result.structured_content


async def test_route_gives_the_same_steps_as_explain_json(env, tmp_path: Path) -> None:
    work = tmp_path / "work"
    explained = subprocess.run(
        [sys.executable, "-m", "routesmith", "explain", "--json", "--host", "claude_code", PROMPT],
        cwd=work,
        env=clean_environ(env),
        capture_output=True,
        text=True,
        check=True,
    )

    tools, [routed, generic] = await call(
        env,
        work,
        ("route", {"prompt": PROMPT, "host": "claude_code"}),
        ("route", {"prompt": PROMPT, "host": "generic"}),
    )

    assert tools == {"route", "detect_host", "record_outcome", "performance"}
    assert payload(routed) == json.loads(explained.stdout)
    assert all(step["model"] is None and step["strategy"] for step in payload(generic)["steps"])


async def test_detect_host_reports_host_and_evidence(env, tmp_path: Path) -> None:
    _, [plain] = await call(env, tmp_path / "work", ("detect_host", {}))
    _, [gemini] = await call(env | {"GEMINI_CLI": "1"}, tmp_path / "work", ("detect_host", {}))

    assert payload(plain)["host"] == "generic"
    assert payload(gemini)["host"] == "gemini_cli"
    assert any("GEMINI_CLI" in item for item in payload(gemini)["evidence"])


async def test_record_outcome_writes_the_log_that_performance_reads(env, tmp_path: Path) -> None:
    outcome = {"host": "codex", "model": "gpt-5.5", "task": "planning", "capability": "deep_reasoning"}

    _, [first, second, summary, other_host] = await call(
        env,
        tmp_path / "work",
        ("record_outcome", outcome | {"success": True, "duration_ms": 1200.0, "step_id": 1}),
        ("record_outcome", outcome | {"success": False}),
        ("performance", {}),
        ("performance", {"host": "claude_code"}),
    )

    assert payload(first)["recorded"] and payload(second)["recorded"]
    records = list(open_log(TelemetrySettings(path=env["ROUTESMITH_TELEMETRY_PATH"])).iter_records())
    assert [(r.host, r.model, r.task, r.success, r.source, r.step_id) for r in records] == [
        ("codex", "gpt-5.5", "planning", True, "mcp", 1),
        ("codex", "gpt-5.5", "planning", False, "mcp", None),
    ]
    stats = subprocess.run(
        [sys.executable, "-m", "routesmith", "stats", "--format", "json"],
        cwd=tmp_path / "work",
        env=clean_environ(env),
        capture_output=True,
        text=True,
        check=True,
    )
    [row] = payload(summary)["groups"]
    assert (row["host"], row["capability"], row["model"], row["n"]) == (
        "codex",
        "deep_reasoning",
        "gpt-5.5",
        2,
    )
    assert row["success_rate"] == 0.5
    assert payload(summary)["groups"] == json.loads(stats.stdout)["groups"]
    assert payload(other_host)["groups"] == []


async def test_bad_arguments_are_tool_errors_and_record_nothing(env, tmp_path: Path) -> None:
    _, [empty, bad_task] = await call(
        env,
        tmp_path / "work",
        ("route", {"prompt": "   "}),
        (
            "record_outcome",
            {"host": "codex", "model": "m", "task": "juggling", "capability": "fast", "success": True},
        ),
    )

    assert empty.is_error and "empty" in empty.content[0].text
    assert bad_task.is_error and "task" in bad_task.content[0].text
    assert not Path(env["ROUTESMITH_TELEMETRY_PATH"]).exists()


def test_without_the_sdk_serve_stdio_says_how_to_get_it(env) -> None:
    # `None` in sys.modules makes `import mcp` fail exactly as if the extra were not installed.
    code = (
        "import sys; sys.modules['mcp'] = None; import routesmith.cli as c; sys.exit(c.main(['serve-stdio']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean_environ(env), capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 2
    assert "pip install 'routesmith-lsp[mcp]'" in result.stderr  # from the package index
    assert "pip install -e '.[mcp]'" in result.stderr  # from a checkout
    assert "Traceback" not in result.stderr


async def test_errors_are_one_clean_sentence_and_record_outcome_fills_the_capability(
    env, tmp_path: Path
) -> None:
    _, [bad_task, bad_flag, bad_host, no_capability] = await call(
        env,
        tmp_path / "work",
        ("record_outcome", {"host": "codex", "model": "m", "task": "juggling", "success": True}),
        ("record_outcome", {"host": "codex", "model": "m", "task": "coding", "success": "maybe"}),
        ("record_outcome", {"host": "codx", "model": "m", "task": "coding", "success": True}),
        ("record_outcome", {"host": "codex", "model": "gpt-5.5", "task": "review", "success": True}),
    )

    texts = [result.content[0].text for result in (bad_task, bad_flag, bad_host)]
    assert texts[0] == (
        "record_outcome: task must be 'planning', 'analysis', 'coding', 'testing', 'refactor', "
        "'documentation', 'formatting' or 'review', got 'juggling'"
    )
    assert texts[1] == "record_outcome: success must be true or false, got 'maybe'"
    assert texts[2].startswith("record_outcome: host: unknown host 'codx'; known hosts: aider")
    assert texts[2].endswith("did you mean 'codex'?")
    for text in texts:
        assert "\n" not in text and "pydantic" not in text and "http" not in text
        assert not text.startswith("Error executing tool")
    assert payload(no_capability)["recorded"] is True
    [record] = open_log(TelemetrySettings(path=env["ROUTESMITH_TELEMETRY_PATH"])).iter_records()
    assert (record.host, record.capability) == ("codex", "deep_reasoning")  # the task's default


async def test_tool_descriptions_are_dedented(env, tmp_path: Path) -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "routesmith", "serve-stdio"],
        env=clean_environ(env),
        cwd=tmp_path / "work",
    )
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = (await session.list_tools()).tools
    assert len(tools) == 4
    for tool in tools:
        assert tool.description and "\n " not in tool.description, tool.description
    performance = next(tool for tool in tools if tool.name == "performance")
    assert "\nmodel), from the telemetry log" in (performance.description or "")


async def test_route_past_the_size_limit_routes_the_head_and_says_what_is_not(env, tmp_path: Path) -> None:
    from routesmith.limits import ROUTE_LIMIT

    prompt = (
        "Plan the export, then implement it.\n\n```\n" + "x = 1\n" * (ROUTE_LIMIT // 6) + "```\nWrite docs.\n"
    )
    _, (result,) = await call(env, tmp_path / "work", ("route", {"prompt": prompt}))
    routed = payload(result)
    assert [s["task"] for s in routed["steps"]] == ["planning", "coding"]
    assert routed["steps"][1]["depends_on"] == [1]
    assert f"the text has {len(prompt):,} characters" in routed["note"] and "are not" in routed["note"]
