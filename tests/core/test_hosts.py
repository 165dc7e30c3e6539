"""Host profiles, and `routesmith detect-host` / `capabilities` as real processes in a controlled env."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from routesmith.hosts import builtin_profiles, load_profiles
from routesmith.model import Capability, Config, HostProfile, SwitchMode
from routesmith.routing import find_model

DATA = Path(__file__).resolve().parents[2] / "server" / "routesmith" / "hosts" / "data"

# host -> strong markers it sets for the commands it runs (one set per row)
STRONG = [
    ("claude_code", {"CLAUDE_CODE_CHILD_SESSION": "1"}),
    ("claude_code", {"CLAUDE_CODE_SESSION_ID": "3f2a9c1e-0b7d-4e55-9a41-2c7f0d8e6b13"}),
    ("claude_code", {"AI_AGENT": "claude-code_2-1-238_agent"}),
    ("codex", {"CODEX_THREAD_ID": "019a7c3e-5b1f-7d20-a9e4-6c8b2f1d0e37"}),
    ("codex", {"CODEX_CI": "1"}),
    ("gemini_cli", {"GEMINI_CLI": "1"}),
    ("cursor", {"CURSOR_AGENT": "1"}),
    ("copilot", {"COPILOT_AGENT": "1"}),
    ("copilot", {"AI_AGENT": "github_copilot_vscode_agent"}),
    ("copilot", {"COPILOT_CLI": "1"}),
]
# Set in a human's terminal too (or by the user as configuration): never decisive.
WEAK = [
    {"CLAUDECODE": "1"},
    {"TERM_PROGRAM": "vscode", "VSCODE_GIT_ASKPASS_NODE": "/usr/share/code/code"},
    {"CURSOR_TRACE_ID": "a1b2c3", "TERM_PROGRAM": "vscode"},
    {"AIDER_MODEL": "sonnet", "CODEX_HOME": "/tmp/codex", "GEMINI_API_KEY": "k", "ANTHROPIC_MODEL": "opus"},
    {"CLAUDE_PROJECT_DIR": "/work", "CI": "true", "GITHUB_ACTIONS": "true", "CODEX_SANDBOX": "none"},
]


@pytest.fixture
def routesmith(tmp_path: Path):
    """`routesmith ARGS` in a clean environment: no host markers unless a test adds them."""
    work = tmp_path / "work"
    work.mkdir()
    base = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "LANG": "C.UTF-8",
        "ROUTESMITH_CONFIG": str(tmp_path / "user.toml"),
    }

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path = work):
        return subprocess.run(
            [sys.executable, "-m", "routesmith", *args],
            capture_output=True,
            text=True,
            env=base | (env or {}),
            cwd=cwd,
            timeout=60,
        )

    run.work = work  # type: ignore[attr-defined]
    run.user_config = tmp_path / "user.toml"  # type: ignore[attr-defined]
    return run


def detected(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- the data --------------------------------------------------------------------------------------------


def test_every_host_file_decodes_and_its_candidates_are_its_models() -> None:
    profiles = builtin_profiles()
    assert sorted(profiles) == sorted(path.stem for path in DATA.glob("*.toml"))
    assert {"claude_code", "cursor", "copilot", "codex", "gemini_cli", "aider", "generic"} <= set(profiles)
    for name, profile in profiles.items():
        for model in profile.models:
            assert 1 <= model.quality <= 5 and 1 <= model.cost <= 5, (name, model)
        for capability, candidates in profile.capabilities.items():
            for candidate in candidates:
                assert find_model(profile, candidate), (
                    f"{name}: {capability} candidate {candidate} is no model"
                )
        if profile.invocation:
            joined = " ".join(profile.invocation)
            assert "{prompt}" in joined, name
            assert "{model}" in joined or SwitchMode.INVOCATION not in profile.switch_modes, name
        if profile.can_switch:
            assert set(profile.capabilities) == set(Capability), f"{name} switches but lacks a capability"
    generic = profiles["generic"]
    assert not generic.can_switch and not generic.models and not generic.env_markers


def test_a_profile_in_the_config_replaces_the_builtin_of_that_name_and_adds_new_ones() -> None:
    mine = HostProfile(name="claude_code", display="Mine", switch_modes=[SwitchMode.NONE])
    extra = HostProfile(name="solo", display="Solo")

    profiles = load_profiles(Config(hosts={"claude_code": mine, "solo": extra}))

    assert profiles["claude_code"] == mine and profiles["solo"] == extra
    assert profiles["codex"] == builtin_profiles()["codex"]
    assert "solo" not in builtin_profiles()  # the cached built-ins are not modified


# -- detection -------------------------------------------------------------------------------------------


def test_a_clean_environment_is_generic(routesmith) -> None:
    result = routesmith("detect-host")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["host: generic", "source: default"]
    out = detected(routesmith("detect-host", "--json"))
    assert out == {
        "host": "generic",
        "source": "default",
        "evidence": ["no strong marker of any host in the environment"],
        "configured_for": [],
    }


@pytest.mark.parametrize(("host", "markers"), STRONG)
def test_each_host_is_detected_from_its_strong_markers(
    routesmith, host: str, markers: dict[str, str]
) -> None:
    out = detected(routesmith("detect-host", "--json", env=markers))

    assert (out["host"], out["source"]) == (host, "environment")
    for var, value in markers.items():
        shown = value if len(value) <= 40 else value[:40] + "…"
        assert f"{var}={shown} ({host})" in out["evidence"]


@pytest.mark.parametrize("markers", WEAK)
def test_markers_that_fire_for_humans_are_shown_but_never_decide(routesmith, markers: dict[str, str]) -> None:
    out = detected(routesmith("detect-host", "--json", env=markers))

    assert (out["host"], out["source"]) == ("generic", "default")
    for var in ("CLAUDECODE", "TERM_PROGRAM", "CURSOR_TRACE_ID"):
        if var in markers:
            assert f"{var}={markers[var]} (also set in a human's terminal: ignored)" in out["evidence"]
    assert not any(var in line for line in out["evidence"] for var in ("AIDER_", "CODEX_HOME", "GEMINI_API"))


def test_a_strong_marker_wins_over_weak_ones_of_another_host(routesmith) -> None:
    out = detected(routesmith("detect-host", "--json", env={"TERM_PROGRAM": "vscode", "GEMINI_CLI": "1"}))

    assert out["host"] == "gemini_cli"
    assert "TERM_PROGRAM=vscode (also set in a human's terminal: ignored)" in out["evidence"]


def test_nested_hosts_the_one_ai_agent_names_wins_else_most_markers(routesmith) -> None:
    # Claude Code started from a Codex shell: both hosts' markers are inherited, AI_AGENT was set last.
    nested = {"CODEX_THREAD_ID": "t1", "CODEX_CI": "1", "CLAUDE_CODE_CHILD_SESSION": "1"}
    by_agent = detected(routesmith("detect-host", "--json", env=nested | {"AI_AGENT": "claude-code/2.1.227"}))
    by_count = detected(routesmith("detect-host", "--json", env=nested))
    tie = detected(routesmith("detect-host", "--json", env={"GEMINI_CLI": "1", "COPILOT_CLI": "1"}))

    assert by_agent["host"] == "claude_code"
    assert any("chose claude_code: AI_AGENT names it" in line for line in by_agent["evidence"])
    assert by_count["host"] == "codex"
    assert any("chose codex: most strong markers" in line for line in by_count["evidence"])
    assert tie["host"] == "copilot"  # a tie goes to name order: stable, and said so
    assert any("copilot and gemini_cli" in line and "ties broken by name" in line for line in tie["evidence"])


def test_precedence_flag_then_env_then_config_then_markers(routesmith) -> None:
    routesmith.user_config.write_text('host = "aider"\n')
    markers = {"GEMINI_CLI": "1"}
    env_and_markers = markers | {"ROUTESMITH_HOST": "codex"}

    by_flag = detected(routesmith("detect-host", "--json", "--host", "cursor", env=env_and_markers))
    by_env = detected(routesmith("detect-host", "--json", env=env_and_markers))
    by_config = detected(routesmith("detect-host", "--json", env=markers))
    routesmith.user_config.unlink()
    by_markers = detected(routesmith("detect-host", "--json", env=markers))

    assert (by_flag["host"], by_flag["source"]) == ("cursor", "flag")
    assert (by_env["host"], by_env["source"]) == ("codex", "env:ROUTESMITH_HOST")
    assert (by_config["host"], by_config["source"]) == ("aider", "config")
    assert (by_markers["host"], by_markers["source"]) == ("gemini_cli", "environment")
    # What the environment showed is still reported when something else decided.
    assert "GEMINI_CLI=1 (gemini_cli)" in by_flag["evidence"] and by_flag["evidence"][0] == "--host cursor"


def test_workspace_files_fill_configured_for_and_never_decide(routesmith, tmp_path: Path) -> None:
    repo = routesmith.work / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "CLAUDE.md").write_text("# notes\n")
    (repo / ".cursor" / "rules").mkdir(parents=True)
    (repo / ".github").mkdir()
    (repo / ".github" / "copilot-instructions.md").write_text("be nice\n")
    (routesmith.work / "GEMINI.md").write_text("outside the repository\n")
    sub = repo / "src" / "pkg"
    sub.mkdir(parents=True)

    out = detected(routesmith("detect-host", "--json", cwd=sub))
    text = routesmith("detect-host", cwd=sub).stdout

    assert out["host"] == "generic"
    assert out["configured_for"] == ["claude_code", "copilot", "cursor"]  # GEMINI.md is above the repo root
    assert "configured for: claude_code, copilot, cursor (host files in the workspace" in text


@pytest.mark.parametrize(
    ("args", "env", "config", "source"),
    [
        (["--host", "vim"], {}, None, "--host: unknown host 'vim'"),
        ([], {"ROUTESMITH_HOST": "vim"}, None, "ROUTESMITH_HOST=vim: unknown host"),
        ([], {}, 'preference = "cost"\nhost = "vim"\n', "user.toml:2:1: host: unknown host 'vim'"),
    ],
)
def test_an_unknown_host_from_any_source_is_a_clear_error(routesmith, args, env, config, source) -> None:
    if config:
        routesmith.user_config.write_text(config)
    for command in ("detect-host", "capabilities"):
        result = routesmith(command, *args, env=env)
        assert result.returncode == 2
        assert source in result.stderr
        assert "known hosts: aider, claude_code, codex, copilot, cursor, gemini_cli, generic" in result.stderr
        assert "Traceback" not in result.stderr


# -- capabilities ----------------------------------------------------------------------------------------


def test_capabilities_of_a_switching_host_list_candidates_best_first(routesmith) -> None:
    result = routesmith("capabilities", "--host", "claude_code")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "switch modes: invocation, frontmatter, session" in lines and "can switch: yes" in lines
    assert "instructions read from: CLAUDE.md, CLAUDE.local.md, .claude/rules/*.md" in lines
    assert "  deep_reasoning: opus = claude-opus-4-7 (quality 5, cost 5), sonnet = claude-sonnet-4-6 " in (
        result.stdout
    )
    out = detected(routesmith("capabilities", "--json", env={"CODEX_THREAD_ID": "t"}))
    assert out["host"] == "codex" and "name" not in out and out["can_switch"] is True
    assert out["capabilities"]["coding"][0] == "gpt-5.3-codex"
    assert out["invocation"] == ["codex", "exec", "-m", "{model}", "{prompt}"]


@pytest.mark.parametrize("host", ["generic", "cursor"])
def test_capabilities_of_a_host_that_cannot_switch_say_prompt_strategy(routesmith, host: str) -> None:
    result = routesmith("capabilities", "--host", host)

    assert result.returncode == 0, result.stderr
    assert "can switch: no" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("  ") and ": " in line][:4]
    assert [row.split(":")[0].strip() for row in rows] == [c.value for c in Capability]
    assert all("no switch: prompt strategy" in row for row in rows)
    assert detected(routesmith("capabilities", "--json", "--host", host))["can_switch"] is False


def test_capabilities_show_user_profiles_and_policy_overrides(routesmith) -> None:
    routesmith.user_config.write_text(
        '[policy.capability_model.claude_code]\nfast = "sonnet"\n'
        '[hosts.claude_code]\nnotes = ["my note"]\n'
        '[hosts.solo]\nswitch_modes = ["invocation"]\ninvocation = ["solo", "-m", "{model}", "{prompt}"]\n'
        '[[hosts.solo.models]]\nid = "solo-big"\nquality = 5\n'
        '[hosts.solo.capabilities]\ndeep_reasoning = ["solo-big"]\n'
    )

    claude = routesmith("capabilities", "--host", "claude_code").stdout
    solo = routesmith("capabilities", "--host", "solo")

    assert "[policy.capability_model.claude_code.fast = sonnet]" in claude
    assert "  - my note" in claude and "Claude Code resolves the aliases" not in claude  # notes replaced
    assert "  coding: sonnet = claude-sonnet-4-6" in claude  # fields the user did not set stay built-in
    assert solo.returncode == 0, solo.stderr
    assert (
        "host: solo (solo)" in solo.stdout and "  deep_reasoning: solo-big (quality 5, cost 3)" in solo.stdout
    )
    assert "  coding: no model listed: the host's default model" in solo.stdout
