"""What a route costs: the price data, the token model and its calibration, and `explain` showing it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from routesmith.config import ConfigError, load_config
from routesmith.cost import (
    CALIBRATION_MIN,
    TOKEN_MODEL,
    builtin_prices,
    route_cost,
    step_tokens,
    strongest,
)
from routesmith.hosts import builtin_profiles
from routesmith.model import Capability, OutcomeRecord, Source, TaskType
from routesmith.service import build_context, route_text
from routesmith.telemetry import summarize

SEED = "Plan this feature, implement it, add tests, and write docs"
DATE = re.compile(r"^20\d\d-[01]\d-[0-3]\d$")


def test_every_built_in_figure_names_a_source_and_a_date() -> None:
    prices = builtin_prices()
    assert set(prices) >= {"claude_code", "codex", "copilot", "gemini_cli", "aider", "cursor"}
    for host, data in prices.items():
        assert data.plan in data.plans, host
        for name, plan in data.plans.items():
            assert "http" in plan.source and DATE.match(plan.date), (host, name)
            for model, rate in plan.models.items():
                where = (host, name, model)
                assert "http" in rate.source, where
                assert DATE.match(rate.date), where
                priced = rate.per_request if plan.basis != "tokens" else rate.input * rate.output
                assert priced > 0, where


def test_prices_name_models_the_host_profile_has() -> None:
    profiles = builtin_profiles()
    for host, data in builtin_prices().items():
        ids = {m.id for m in profiles[host].models}
        for name, plan in data.plans.items():
            assert set(plan.models) <= ids, (host, name, set(plan.models) - ids)


def _ctx(tmp_path: Path, host: str, config_text: str = ""):
    user = tmp_path / "config.toml"
    user.write_text(config_text, encoding="utf-8")
    env = {
        "ROUTESMITH_CONFIG": str(user),
        "HOME": str(tmp_path),
        "ROUTESMITH_TELEMETRY_PATH": str(tmp_path / "log.rslog"),
    }
    config = load_config(tmp_path, env).config
    return build_context(tmp_path, env, host=host, config=config)


def test_route_cost_is_the_sum_of_its_steps_priced_by_the_data(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path, "claude_code")
    routed = route_text(SEED, ctx)
    cost = route_cost(routed, ctx.profile, ctx.config, ctx.performance)
    assert cost is not None and cost.unit == "USD" and cost.strongest == "claude-opus-4-7"
    api = builtin_prices()["claude_code"].plans["api"]
    expected = baseline = 0.0
    for step in routed.steps:
        tokens = TOKEN_MODEL[step.task]
        text = len(step.text) / 4
        used_in, used_out = tokens.calls * (tokens.context + text), tokens.calls * tokens.output
        model = {"opus": "claude-opus-4-7", "sonnet": "claude-sonnet-4-6"}[step.model]
        rate, top = api.models[model], api.models["claude-opus-4-7"]
        expected += (used_in * rate.input + used_out * rate.output) / 1e6
        baseline += (used_in * top.input + used_out * top.output) / 1e6
    assert cost.route == pytest.approx(expected)
    assert cost.baseline == pytest.approx(baseline)
    assert 0 < cost.saving < cost.baseline  # planning stays on opus, the rest moves to sonnet
    assert sum(s.cost or 0 for s in cost.steps) == pytest.approx(cost.route)


def test_no_cost_where_the_host_cannot_switch(tmp_path: Path) -> None:
    for host in ("generic", "cursor"):
        ctx = _ctx(tmp_path, host)
        assert route_cost(route_text(SEED, ctx), ctx.profile, ctx.config, ctx.performance) is None


def test_copilot_premium_requests_count_one_per_prompt_times_the_multiplier(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path, "copilot", '[prices.copilot]\nplan = "premium_requests"\n')
    cost = route_cost(route_text(SEED, ctx), ctx.profile, ctx.config, ctx.performance)
    assert cost is not None and cost.unit == "premium requests"
    assert cost.route == pytest.approx(27 + 3 * 9)  # opus plans; sonnet codes, tests, documents
    assert cost.baseline == pytest.approx(4 * 27)


def test_config_overrides_one_rate_and_keeps_the_rest(tmp_path: Path) -> None:
    text = '[prices.claude_code.plans.api.models."claude-sonnet-4-6"]\ninput = 50.0\noutput = 250.0\n'
    ctx = _ctx(tmp_path, "claude_code", text)
    cost = route_cost(route_text(SEED, ctx), ctx.profile, ctx.config, ctx.performance)
    assert cost is not None
    assert cost.route > cost.baseline  # sonnet now costs ten times opus: the route costs more
    assert ctx.config.prices["claude_code"].plans["api"].models["claude-opus-4-7"].input == 5.0


def test_an_unknown_plan_names_file_line_and_key(tmp_path: Path) -> None:
    user = tmp_path / "config.toml"
    user.write_text('host = "codex"\n\n[prices.codex]\nplan = "chatgtp"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, {"ROUTESMITH_CONFIG": str(user)})
    assert str(caught.value) == (
        f"{user}:4:1: prices.codex.plan: unknown plan 'chatgtp'; expected one of: api, chatgpt; "
        "did you mean 'chatgpt'?"
    )


def test_a_negative_rate_is_refused_with_its_key(tmp_path: Path) -> None:
    user = tmp_path / "config.toml"
    user.write_text('[prices.aider.plans.api.models."claude-haiku-4-5"]\ninput = -1\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, {"ROUTESMITH_CONFIG": str(user)})
    assert str(caught.value).startswith(f"{user}:2:1: prices.aider.plans.api.models.claude-haiku-4-5.input: ")


def _turn(i: int, task: TaskType, tokens_in: int, tokens_out: int) -> OutcomeRecord:
    return OutcomeRecord(
        time=1_790_000_000.0 + i,
        host="claude_code",
        model="sonnet",
        task=task,
        capability=Capability.CODING,
        success=True,
        source=Source.IMPORT,
        input_tokens=tokens_in,
        output_tokens=tokens_out,
    )


def test_imported_token_counts_calibrate_the_estimate() -> None:
    default = step_tokens(TaskType.CODING, 40)
    few = summarize([_turn(i, TaskType.CODING, 50_000, 2_000) for i in range(CALIBRATION_MIN - 1)])
    assert step_tokens(TaskType.CODING, 40, few) == default  # too few turns to trust
    # Geometric mean: 20K and 80K input make a typical 40K; 1K and 4K output a typical 2K.
    turns = [
        _turn(i, TaskType.CODING, 20_000 if i % 2 else 80_000, 1_000 if i % 2 else 4_000) for i in range(6)
    ]
    turns.append(_turn(99, TaskType.REVIEW, 1_000_000, 9_000))  # another task's turn changes nothing
    calibrated = step_tokens(TaskType.CODING, 40, summarize(turns))
    calls = TOKEN_MODEL[TaskType.CODING].calls
    assert calibrated.input == pytest.approx(40_000 + calls * 10)
    assert calibrated.output == pytest.approx(2_000)
    assert step_tokens(TaskType.REVIEW, 40, summarize(turns)) == step_tokens(TaskType.REVIEW, 40)


def test_strongest_is_the_highest_quality_priced_model() -> None:
    prices = builtin_prices()
    assert strongest(builtin_profiles()["codex"], prices["codex"].plans["chatgpt"]) == "gpt-5.5"
    assert strongest(builtin_profiles()["gemini_cli"], prices["gemini_cli"].plans["api"]) == (
        "gemini-3.1-pro-preview"
    )


# -- through the command ---------------------------------------------------------------------------------


def _explain(tmp_path: Path, *args: str, config: str = "") -> subprocess.CompletedProcess[str]:
    user = tmp_path / "user.toml"
    user.write_text(config, encoding="utf-8")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "ROUTESMITH_CONFIG": str(user),
        "ROUTESMITH_TELEMETRY_PATH": str(tmp_path / "log.rslog"),
    }
    return subprocess.run(
        [sys.executable, "-m", "routesmith", "explain", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )


def test_explain_json_adds_the_cost(tmp_path: Path) -> None:
    result = _explain(tmp_path, "--host", "codex", "--json", SEED)
    assert result.returncode == 0, result.stderr
    cost = json.loads(result.stdout)["cost"]
    assert set(cost) == {"unit", "route", "baseline", "saving"}
    assert cost["unit"] == "credits"
    assert cost["saving"] == pytest.approx(cost["baseline"] - cost["route"], rel=1e-3)
    assert 0 < cost["route"] < cost["baseline"]
    generic = _explain(tmp_path, "--host", "generic", "--json", SEED)
    assert json.loads(generic.stdout)["cost"] is None


def test_explain_shows_route_and_baseline(tmp_path: Path) -> None:
    result = _explain(tmp_path, "--host", "claude_code", SEED)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("cost"))
    assert re.fullmatch(
        r"cost \(estimate, plan api\): \$[\d.]+ vs \$[\d.]+ with claude-opus-4-7 for every step: "
        r"saves \$[\d.]+ \(\d+%\)",
        line,
    ), line
    relative = _explain(
        tmp_path, "--host", "claude_code", SEED, config='[prices.claude_code]\nplan = "subscription"\n'
    )
    line = next(line for line in relative.stdout.splitlines() if line.startswith("cost"))
    assert re.fullmatch(
        r"cost \(estimate, plan usage, plan subscription\): the route uses \d+% of what claude-opus-4-7 "
        r"for every step would",
        line,
    ), line
