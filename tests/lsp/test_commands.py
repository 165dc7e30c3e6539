"""workspace/executeCommand: outcomes into the telemetry log, explain, stats, host override; bad arguments
are InvalidParams naming the argument, and the server keeps answering."""

from __future__ import annotations

import re

import pytest
from pygls.exceptions import JsonRpcInvalidParams
from tests.lsp.conftest import wait_until

SEED = "Plan this feature, implement it, add tests, and write docs"


async def test_record_outcome_fills_in_the_step_under_a_position(claude) -> None:
    text = f"# 🙂 日本語\n\n{SEED}\n"
    uri = claude.open("prompts/pos.md", text)
    at = claude.position(uri, text.index("implement") + 3)
    result = await claude.command(
        "routesmith.recordOutcome",
        {
            "uri": uri,
            "position": {"line": at.line, "character": at.character},
            "success": False,
            "durationMs": 1234,
        },
    )
    assert result["recorded"] is True and result["log"] == str(claude.telemetry)
    assert result["record"]["model"] == "sonnet" and result["record"]["task"] == "coding"
    [record] = claude.records()
    assert (record.host, record.model, record.task, record.capability) == (
        "claude_code",
        "sonnet",
        "coding",
        "coding",
    )
    assert (record.success, record.duration_ms, record.step_id, str(record.source)) == (
        False,
        1234.0,
        2,
        "lsp",
    )
    assert record.prompt_hash and record.prompt_text is None  # grouped, never stored by default


async def test_record_outcome_with_every_field_given(lsp) -> None:
    argument = {
        "success": True,
        "model": "gpt-5.4-mini",
        "host": "copilot",
        "task": "formatting",
        "durationMs": 5.5,
        "source": "cli",
    }
    result = await lsp.command("routesmith.recordOutcome", argument)
    assert result["record"]["capability"] == "fast"  # the task's default class
    [record] = lsp.records()
    assert (record.host, record.model, str(record.task), str(record.source)) == (
        "copilot",
        "gpt-5.4-mini",
        "formatting",
        "cli",
    )


@pytest.mark.parametrize(
    ("argument", "named"),
    [
        ({"success": True, "durationMs": -1, "task": "coding", "model": "m"}, "durationMs"),
        ({"success": "yes"}, "success"),
        ({"success": True, "task": "juggling", "model": "m"}, "task"),
        ({"success": True, "step": 1}, "uri"),
        ({"success": True, "unknownKey": 1}, "unknownKey"),
        ({"task": "coding"}, "success"),
        ("not an object", "argument"),
    ],
)
async def test_bad_arguments_are_invalid_params_naming_the_argument(lsp, argument, named: str) -> None:
    with pytest.raises(JsonRpcInvalidParams) as caught:
        await lsp.command("routesmith.recordOutcome", argument)
    assert caught.value.code == -32602
    assert named in caught.value.message, caught.value.message
    assert lsp.records() == []
    # Still alive and answering.
    uri = lsp.open("prompts/alive.md", SEED)
    assert len(await lsp.hints(uri)) == 4


async def test_outcomes_need_a_model_where_the_host_cannot_switch(lsp) -> None:
    uri = lsp.open("prompts/x.md", SEED)
    with pytest.raises(JsonRpcInvalidParams, match=r"model: .*cannot switch models"):
        await lsp.command("routesmith.recordOutcome", {"uri": uri, "step": 1, "success": True})
    with pytest.raises(JsonRpcInvalidParams, match="step: no step 9"):
        await lsp.command("routesmith.recordOutcome", {"uri": uri, "step": 9, "success": True, "model": "m"})
    with pytest.raises(JsonRpcInvalidParams, match="expected one argument"):
        await lsp.command("routesmith.recordOutcome", {"success": True}, {"success": True})
    await lsp.command("routesmith.recordOutcome", {"uri": uri, "step": 1, "success": True, "model": "gpt-5"})
    assert [r.model for r in lsp.records()] == ["gpt-5"]


async def test_explain_route_and_unknown_documents(claude) -> None:
    uri = claude.open("prompts/explain.md", f"{SEED}. Don't touch the database.\n")
    result = await claude.command("routesmith.explainRoute", {"uri": uri})
    assert result["host"] == "claude_code" and result["canSwitch"] is True
    assert "switches models per invocation" in result["notes"][0]
    assert list(result["steps"][0]) == [
        "id",
        "task",
        "capability",
        "model",
        "strategy",
        "depends_on",
        "span",
        "text",
        "reasons",
        "optional",
        "condition",
        "approval_gate",
        "section",
        "number",
    ]  # the steps of `explain --json`
    assert isinstance(result["excluded"], list)
    with pytest.raises(JsonRpcInvalidParams, match=r"uri: .* is not an open prompt"):
        await claude.command("routesmith.explainRoute", {"uri": claude.uri("prompts/never-opened.md")})


async def test_show_stats_groups_what_was_recorded(claude) -> None:
    uri = claude.open("prompts/stats.md", SEED)
    for success in (True, True, False):
        await claude.command("routesmith.recordOutcome", {"uri": uri, "step": 1, "success": success})
    stats = await claude.command("routesmith.showStats", {})
    [group] = stats["groups"]
    assert (group["host"], group["capability"], group["model"], group["n"]) == (
        "claude_code",
        "deep_reasoning",
        "opus",
        3,
    )
    assert (await claude.command("routesmith.showStats", {"host": "cursor"}))["groups"] == []
    # The evidence now shows in the hover of that step.
    hover = await claude.hover(uri, 3)
    assert hover is not None and "3 recorded outcome(s) for opus on deep_reasoning" in hover.contents.value


async def test_set_host_reroutes_refreshes_and_reports_status(lsp) -> None:
    uri = lsp.open("prompts/host.md", SEED)
    assert (await lsp.hints(uri))[0].label.endswith("no switch: plan first")
    refreshes = lsp.refreshes
    status = await lsp.command("routesmith.setHost", {"host": "copilot"})
    assert status == {
        "host": "copilot",
        "display": "GitHub Copilot",
        "canSwitch": True,
        "source": "lsp:setHost",
        "switchModes": ["invocation", "frontmatter", "session"],
    }
    await wait_until(lambda: lsp.statuses[-1]["host"] == "copilot", "routesmith/status for copilot")
    await wait_until(lambda: lsp.refreshes > refreshes, "workspace/inlayHint/refresh")
    assert (await lsp.hints(uri))[0].label == "planning · deep_reasoning · claude-opus-4.7"
    with pytest.raises(JsonRpcInvalidParams, match="host: unknown host 'nope'; known hosts: aider"):
        await lsp.command("routesmith.setHost", {"host": "nope"})
    with pytest.raises(JsonRpcInvalidParams, match="host"):
        await lsp.command("routesmith.setHost", {})
    back = await lsp.command("routesmith.setHost", {"host": None})
    assert back["host"] == "generic" and back["source"] == "default"


async def test_hover_shows_the_steps_share_of_the_routes_cost(claude) -> None:
    uri = claude.open("prompts/cost.md", SEED)
    shares = []
    for step in range(1, 5):
        offset = claude.texts[uri].index(["Plan", "implement", "add tests", "write docs"][step - 1])
        hover = await claude.hover(uri, offset)
        assert hover is not None
        line = next(line for line in hover.contents.value.splitlines() if "cost" in line)
        found = re.search(
            r"≈ \$[\d.]+, (\d+)% of the route's \$[\d.]+ \(plan api\); claude-opus-4-7 for", line
        )
        assert found, line
        shares.append(int(found[1]))
    assert 97 <= sum(shares) <= 103  # each rounded to a percent
