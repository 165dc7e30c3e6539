"""The VS Code extension (editors/vscode): it type-checks, lints clean, its settings are the server's schema,
it packages into a .vsix, its Node end-to-end test drives the real language server, and, where code-server and
Chromium can be installed, it runs in a real VS Code in a headless browser.

The Node dependencies come from the lockfile (`npm ci`, once per lockfile); code-server, Node 24 and Chromium
are installed by editors/vscode/scripts/e2e-setup.sh into ~/.cache/routesmith-e2e, once.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "editors" / "vscode"
SCHEMA = ROOT / "schemas" / "lsp-settings.json"
SYNC = EXTENSION / "scripts" / "sync-settings.mjs"
CAPABILITIES = EXTENSION / "test" / "fixtures" / "vscode-initialize.json"
SCREENSHOT = EXTENSION / "screenshot.png"
# Set to copy the browser test's screenshot to editors/vscode/screenshot.png (the README's).
UPDATE_SCREENSHOT = "ROUTESMITH_UPDATE_SCREENSHOT"


def run(
    args: list[str], *, timeout: float, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def output(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


@pytest.fixture(scope="session")
def npm(progress: Callable[[str], None]) -> str:
    """`npm ci` in editors/vscode, skipped when node_modules already holds this lockfile's packages."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("node and npm are not installed: the VS Code extension tests need Node >= 20 with npm")
    lock_hash = hashlib.sha256((EXTENSION / "package-lock.json").read_bytes()).hexdigest()
    stamp = EXTENSION / "node_modules" / ".routesmith-lock-sha256"
    if not stamp.is_file() or stamp.read_text() != lock_hash:
        progress("npm ci in editors/vscode (the extension's build and test packages, about a minute)")
        result = run([npm, "ci", "--no-audit", "--no-fund"], timeout=900)
        assert result.returncode == 0, "npm ci failed\n" + output(result)
        stamp.write_text(lock_hash)
    return npm


@pytest.fixture(scope="session")
def vsix(npm: str) -> Path:
    result = run([npm, "run", "package"], timeout=300)
    assert result.returncode == 0, output(result)
    path = EXTENSION / "dist" / "routesmith.vsix"
    assert path.is_file(), output(result)
    return path


def test_typescript_compiles_without_errors(npm: str) -> None:
    result = run([npm, "run", "typecheck"], timeout=300)
    assert result.returncode == 0, output(result)


def test_lint_is_clean(npm: str) -> None:
    result = run([npm, "run", "lint"], timeout=300)
    assert result.returncode == 0, output(result)


def test_unit_tests_pass(npm: str) -> None:
    result = run([npm, "run", "test:unit"], timeout=300)
    assert result.returncode == 0, output(result)
    assert re.search(r"^# fail 0$", result.stdout, re.M) and not re.search(r"^# pass 0$", result.stdout, re.M)


def sync(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run(["node", str(SYNC), *map(str, args)], timeout=60)


def test_contributed_settings_match_the_server_schema(npm: str) -> None:
    result = sync("--check")
    assert result.returncode == 0, output(result)
    contributed = json.loads((EXTENSION / "package.json").read_text())["contributes"]["configuration"]
    keys = contributed["properties"]
    assert keys["routesmith.hints.maxLength"] == {
        "type": "integer",
        "description": "Clip a hint label longer than this (characters).",
        "default": 60,
        "minimum": 16,
        "maximum": 200,
    }
    assert keys["routesmith.preference"]["type"] == ["string", "null"]
    assert keys["routesmith.preference"]["enum"] == ["balanced", "cost", "quality", None]
    assert keys["routesmith.logLevel"]["enum"] == ["debug", "error", "info", "warning"]
    assert keys["routesmith.server.command"]["default"] == []
    assert keys["routesmith.trace.server"]["enum"] == ["off", "messages", "verbose"]


def _defs(schema: dict[str, Any]) -> dict[str, Any]:
    return schema["$defs"]


MUTATIONS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "changed default": (
        lambda s: _defs(s)["HintSettings"]["properties"]["maxLength"].update(default=80),
        "routesmith.hints.maxLength: package.json has",
    ),
    "changed bound": (
        lambda s: _defs(s)["ServerSettings"]["properties"]["debounceMs"].update(maximum=9000),
        "routesmith.debounceMs: package.json has",
    ),
    "new key": (
        lambda s: _defs(s)["HintSettings"]["properties"].update(
            showOptional={"type": "boolean", "default": True}
        ),
        "routesmith.hints.showOptional: in the schema, missing from package.json",
    ),
    "removed key": (
        lambda s: _defs(s)["ServerSettings"]["properties"].pop("telemetryPath"),
        "routesmith.telemetryPath: in package.json, not in the schema",
    ),
    "user-only key loses its scope": (
        lambda s: _defs(s)["ServerSettings"]["properties"]["telemetryPath"].pop("scope"),
        "capabilities.untrustedWorkspaces.restrictedConfigurations: package.json has",
    ),
    "new enum value": (
        lambda s: _defs(s)["LogLevel"]["enum"].append("trace"),
        "routesmith.logLevel: package.json has",
    ),
}


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_settings_check_fails_when_the_schema_drifts(npm: str, tmp_path: Path, mutation: str) -> None:
    mutate, message = MUTATIONS[mutation]
    schema = json.loads(SCHEMA.read_text())
    mutate(schema)
    drifted = tmp_path / "lsp-settings.json"
    drifted.write_text(json.dumps(schema))
    result = sync("--check", "--schema", drifted)
    assert result.returncode == 1, output(result)
    assert message in result.stderr, output(result)
    assert "npm run sync-settings" in result.stderr


def test_settings_sync_regenerates_server_keys_and_keeps_client_keys(npm: str, tmp_path: Path) -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text())
    stale = copy.deepcopy(manifest)
    properties = stale["contributes"]["configuration"]["properties"]
    properties = {
        k: v for k, v in properties.items() if k.startswith(("routesmith.server.", "routesmith.trace."))
    }
    properties["routesmith.gone"] = {"type": "string", "default": "x", "description": "a removed server key"}
    stale["contributes"]["configuration"]["properties"] = properties
    path = tmp_path / "package.json"
    path.write_text(json.dumps(stale))
    assert sync("--check", "--package", path).returncode == 1
    result = sync("--package", path)
    assert result.returncode == 0, output(result)
    assert json.loads(path.read_text()) == manifest
    assert sync("--check", "--package", path).returncode == 0


def test_settings_sync_names_the_file_of_a_broken_schema(npm: str, tmp_path: Path) -> None:
    broken = tmp_path / "lsp-settings.json"
    broken.write_text('{"$ref": "#/$defs/Missing", "$defs": {}}')
    result = sync("--check", "--schema", broken)
    assert result.returncode == 2
    assert "unresolvable $ref #/$defs/Missing" in result.stderr
    assert "Traceback" not in result.stderr and "    at " not in result.stderr


def test_vsix_holds_the_bundle_and_no_dependencies(vsix: Path) -> None:
    with zipfile.ZipFile(vsix) as archive:
        names = set(archive.namelist())
        bundle = archive.read("extension/dist/extension.js").decode()
        manifest = json.loads(archive.read("extension/package.json"))
    # Exactly the bundle, the manifest, README and LICENSE: no node_modules, sources or source maps.
    assert names == {
        "[Content_Types].xml",
        "extension.vsixmanifest",
        "extension/package.json",
        "extension/readme.md",
        "extension/LICENSE.txt",
        "extension/dist/extension.js",
    }, names
    # vscode-languageclient is bundled in, not required at run time; only `vscode` stays external.
    assert "routesmith/status" in bundle and "workspace/inlayHint/refresh" in bundle
    assert not re.search(r"""require\(["']vscode-languageclient""", bundle)
    assert re.search(r"""require\(["']vscode["']\)""", bundle)
    ids = {c["command"] for c in manifest["contributes"]["commands"]}
    assert ids == {
        "routesmith.client.recordSuccess",
        "routesmith.client.recordFailure",
        "routesmith.client.explainRoute",
        "routesmith.client.showStats",
        "routesmith.client.selectHost",
        "routesmith.client.restartServer",
    }
    assert {"onLanguage:markdown", "onLanguage:prompt", "onLanguage:instructions"} <= set(
        manifest["activationEvents"]
    )
    # A TOML command is no language VS Code activates on: the workspace holding one does.
    assert "workspaceContains:**/.gemini/commands/**/*.toml" in manifest["activationEvents"]


def test_node_e2e_drives_the_real_language_server(npm: str) -> None:
    env = {**os.environ, "ROUTESMITH_PYTHON": sys.executable}
    result = run([npm, "run", "test:e2e"], timeout=300, env=env)
    assert result.returncode == 0, output(result)
    passed = re.search(r"^# pass (\d+)$", result.stdout, re.M)
    assert passed and int(passed.group(1)) >= 8 and re.search(r"^# fail 0$", result.stdout, re.M), output(
        result
    )


def setup_script(progress: Callable[[str], None], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """e2e-setup.sh with its progress lines (stderr) shown as they come: it can take minutes."""
    with subprocess.Popen(
        ["bash", "scripts/e2e-setup.sh"],
        cwd=EXTENSION,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stderr is not None and proc.stdout is not None
        errors = []
        for line in proc.stderr:
            errors.append(line)
            progress(line.rstrip())
        stdout = proc.stdout.read()
        return proc.wait(timeout=1500), stdout, "".join(errors)


@pytest.fixture(scope="session")
def code_server(npm: str, progress: Callable[[str], None]) -> dict[str, str]:
    """code-server, Node 24 and Chromium (installed once by e2e-setup.sh, outside the repository)."""
    returncode, stdout, stderr = setup_script(progress)
    if returncode == 3:
        pytest.skip("code-server/Chromium cannot be set up here: " + stderr.strip())
    assert returncode == 0, f"exit {returncode}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    paths = dict(line.split("=", 1) for line in stdout.splitlines() if "=" in line)
    assert set(paths) == {"CODE_SERVER", "NODE24_BIN", "CHROMIUM"}, stdout
    return paths


def browser(
    scenario: str, code_server: dict[str, str], vsix: Path, run_dir: Path
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **code_server,
        "VSIX": str(vsix),
        "RUN_DIR": str(run_dir),
        "ROUTESMITH_PYTHON": sys.executable,
    }
    return run(["node", "test/browser.mjs", scenario], timeout=300, env=env)


def test_browser_vscode_shows_the_route(code_server: dict[str, str], vsix: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "route"
    result = browser("route", code_server, vsix, run_dir)
    log = run_dir / "code-server.log"
    assert result.returncode == 0, output(result) + (
        f"\n--- code-server.log\n{log.read_text()}" if log.exists() else ""
    )
    screenshot = run_dir / "screenshot.png"
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get(UPDATE_SCREENSHOT):
        shutil.copyfile(screenshot, SCREENSHOT)
    # The Node e2e test sends what VS Code sent here; when VS Code changes, so must the fixture.
    captured = json.loads((run_dir / "initialize.json").read_text())
    assert captured == json.loads(CAPABILITIES.read_text()), (
        f"VS Code's initialize params changed: copy {run_dir / 'initialize.json'} to {CAPABILITIES}"
    )


@pytest.mark.parametrize("scenario", ["missing", "broken", "old"])
def test_browser_vscode_says_how_to_fix_a_server_that_cannot_serve(
    code_server: dict[str, str], vsix: Path, tmp_path: Path, scenario: str
) -> None:
    """No server, one that exits at once, one too old: one notification with the fix, and the status bar."""
    result = browser(scenario, code_server, vsix, tmp_path / scenario)
    assert result.returncode == 0, output(result)


def test_setup_installs_system_packages_only_when_asked(tmp_path: Path, progress: Callable[[str], None]) -> None:
    """Without ROUTESMITH_E2E_INSTALL=1 a missing Debian package makes the set-up exit 3 (the tests skip and
    say how to enable it) and apt-get is never run; with it, apt-get is what runs next."""
    fake = tmp_path / "bin"
    fake.mkdir()
    ran = tmp_path / "apt-get.ran"
    (fake / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")  # nothing is installed
    (fake / "apt-get").write_text(f"#!/bin/sh\necho \"$@\" >> {ran}\nexit 1\n")
    for script in fake.iterdir():
        script.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "ROUTESMITH_E2E_CACHE": str(tmp_path / "c")}
    env.pop("ROUTESMITH_E2E_INSTALL", None)

    returncode, _, stderr = setup_script(progress, env)
    assert returncode == 3 and "ROUTESMITH_E2E_INSTALL=1" in stderr, stderr
    assert not ran.exists()

    if os.geteuid() == 0:
        returncode, _, stderr = setup_script(progress, {**env, "ROUTESMITH_E2E_INSTALL": "1"})
        assert returncode != 0 and ran.read_text().startswith("update"), stderr  # then install
