"""The one list of workspace-settable and user-only keys (routesmith.trust): it covers every key, the README
shows it, VS Code restricts what it says, and each user-only key in a workspace file is ignored with one
warning naming file, line, column and key."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import typing
from pathlib import Path

import msgspec
import pytest

from routesmith.lsp.settings import ServerSettings
from routesmith.model import Config
from routesmith.trust import CONFIG_KEYS, SETTING_KEYS, Scope, markdown_list, scope_of, user_only_settings

ROOT = Path(__file__).resolve().parents[2]


def leaves(kind: object, trail: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every key path of a msgspec Struct type (a dict of structs counts through `*`)."""
    if typing.get_origin(kind) is dict:
        _, value = typing.get_args(kind)
        if isinstance(value, type) and issubclass(value, msgspec.Struct):
            return leaves(value, (*trail, "*"))
        return [trail]
    if not (isinstance(kind, type) and issubclass(kind, msgspec.Struct)):
        return [trail]
    return [
        path
        for field in msgspec.structs.fields(kind)
        for path in leaves(field.type, (*trail, field.encode_name))
    ]


def test_every_config_and_settings_key_is_listed_and_every_listed_key_exists() -> None:
    config_leaves = leaves(Config)
    unlisted = [path for path in config_leaves if scope_of(path) is None]
    assert unlisted == [], "classify these in routesmith/trust.py"
    settings_leaves = leaves(ServerSettings)
    assert [p for p in settings_leaves if scope_of(p, SETTING_KEYS) is None] == []
    for rules, known in ((CONFIG_KEYS, config_leaves), (SETTING_KEYS, settings_leaves)):
        for rule in rules:
            covers = any(len(path) >= len(rule.parts) and scope_of(path, [rule]) for path in known)
            assert covers != rule.planned, f"{rule.key}: planned keys are not keys yet, others are"


def test_the_readme_lists_exactly_the_rules() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_list() in readme, "regenerate the README table from routesmith.trust.markdown_list()"


def test_vscode_gives_user_only_settings_machine_scope_and_restricts_them() -> None:
    manifest = json.loads((ROOT / "editors" / "vscode" / "package.json").read_text(encoding="utf-8"))
    properties = manifest["contributes"]["configuration"]["properties"]
    restricted = manifest["capabilities"]["untrustedWorkspaces"]["restrictedConfigurations"]
    assert user_only_settings() == ["telemetryPath", "importSessionLogs", "teamSummaries"]
    for key in user_only_settings():
        assert properties[f"routesmith.{key}"]["scope"] in ("machine", "application"), key
        assert f"routesmith.{key}" in restricted
    workspace_keys = [k for k, v in properties.items() if v.get("scope") not in ("machine", "application")]
    assert not set(workspace_keys) & set(restricted) - {"routesmith.server.command"}


# A workspace value for every user-only key, and the key the warning names. A user-only rule without a
# sample here fails the coverage test below.
SAMPLES: dict[str, tuple[str, str]] = {
    "policy.plugins": ('[policy]\nplugins = ["evil:adjust"]\n', "policy.plugins"),
    "hosts.*.invocation": ('[hosts.codex]\ninvocation = ["sh", "-c", "id"]\n', "hosts.codex.invocation"),
    "telemetry.*": ("[telemetry]\nupload = true\n", "telemetry.upload"),
    "telemetry.enabled": ("[telemetry]\nenabled = false\n", "telemetry.enabled"),
    "telemetry.path": ('[telemetry]\npath = "./.leak/t.rslog"\n', "telemetry.path"),
    "telemetry.store_prompt_text": ("[telemetry]\nstore_prompt_text = true\n", "telemetry.store_prompt_text"),
    "telemetry.max_bytes": ("[telemetry]\nmax_bytes = 1\n", "telemetry.max_bytes"),
    "telemetry.fsync": ("[telemetry]\nfsync = true\n", "telemetry.fsync"),
    "telemetry.otlp_endpoint": (
        '[telemetry]\notlp_endpoint = "http://127.0.0.1:9/"\n',
        "telemetry.otlp_endpoint",
    ),
    "telemetry.merge": ('[telemetry]\nmerge = ["/etc/passwd"]\n', "telemetry.merge"),
    "import": ('[import]\nsession_logs = ["~/.claude"]\n', "import"),
}
USER_ONLY_RULES = [rule.key for rule in CONFIG_KEYS if rule.scope is Scope.USER]


def test_every_user_only_rule_has_a_sample() -> None:
    assert sorted(SAMPLES) == sorted(USER_ONLY_RULES)


@pytest.mark.parametrize("rule", USER_ONLY_RULES)
def test_a_user_only_key_in_a_workspace_file_is_ignored_with_one_warning(tmp_path: Path, rule: str) -> None:
    text, key = SAMPLES[rule]
    workspace = tmp_path / "repo"
    workspace.mkdir()
    config = workspace / ".routesmith.toml"
    config.write_text('preference = "cost"\n\n  ' + text.replace("\n", "\n  ", text.count("\n") - 1))
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "ROUTESMITH_CONFIG": str(tmp_path / "user.toml"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "routesmith", "doctor"], capture_output=True, text=True, env=env, cwd=workspace
    )
    assert result.returncode == 0, result.stdout
    lines = text.splitlines()
    line = 3 + next(i for i, t in enumerate(lines) if t.lstrip("[").startswith(key.split(".")[-1]))
    at = rf"^  - {re.escape(str(config))}:(\d+):(\d+): {re.escape(key)}: ignored: .+$"
    assert re.findall(at, result.stdout, re.M) == [(str(line), "3")], result.stdout
    assert f'preference = "cost"  <- workspace:{config}' in result.stdout  # the rest of the file applies
    assert not re.search(rf"^  {re.escape(key)}\S* = .*<- workspace", result.stdout, re.M)
    assert f"log {tmp_path / 'data' / 'routesmith' / 'telemetry.rslog'} " in result.stdout
    assert not (workspace / ".leak").exists()


def test_a_user_only_setting_in_the_workspaces_vscode_settings_is_reported(tmp_path: Path) -> None:
    (tmp_path / ".vscode").mkdir()
    settings = tmp_path / ".vscode" / "settings.json"
    settings.write_text('{\n  "routesmith.host": "codex",\n    "routesmith.telemetryPath": "x.rslog"\n}\n')
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "ROUTESMITH_CONFIG": str(tmp_path / "u.toml")}
    result = subprocess.run(
        [sys.executable, "-m", "routesmith", "detect-host"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"routesmith: warning: {settings}:3:5: routesmith.telemetryPath: ignored: workspace settings may "
        "not set this, it names a path RouteSmith writes; only user (or remote machine) settings may"
    ]
