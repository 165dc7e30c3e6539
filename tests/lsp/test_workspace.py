"""Several workspace folders: each routes with its own `.routesmith.toml` and its own settings."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path
from tests.lsp.conftest import eventually, start

SEED = "Plan this feature, implement it, add tests, and write docs"


async def test_each_folder_has_its_config_and_folders_can_come_later(tmp_path: Path) -> None:
    app, lib, late = tmp_path / "app", tmp_path / "lib", tmp_path / "late"
    for folder, host in ((app, "codex"), (lib, "claude_code"), (late, "gemini_cli")):
        (folder / "prompts").mkdir(parents=True)
        (folder / ".routesmith.toml").write_text(f'host = "{host}"\n', encoding="utf-8")
    session = await start(tmp_path, "neovim", workspace=app)
    try:
        session.workspace_did_change_workspace_folders(
            types.DidChangeWorkspaceFoldersParams(
                event=types.WorkspaceFoldersChangeEvent(
                    added=[
                        types.WorkspaceFolder(uri=from_fs_path(str(lib)), name="lib"),
                        types.WorkspaceFolder(uri=from_fs_path(str(late)), name="late"),
                    ],
                    removed=[],
                )
            )
        )
        labels = {}
        for folder in (app, lib, late):
            session.workspace = folder
            uri = session.open("prompts/a.md", SEED)
            labels[folder.name] = (await session.hints(uri))[0].label
        assert labels == {
            "app": "planning · deep_reasoning · gpt-5.5",
            "lib": "planning · deep_reasoning · opus",
            "late": "planning · deep_reasoning · pro",
        }
    finally:
        await session.shutdown_session()
        await session.stop()


async def test_settings_for_one_folder_override_the_global_ones(tmp_path: Path) -> None:
    session = await start(tmp_path, "vscode", settings={"host": "claude_code"})
    try:
        session.set_configuration(
            {"host": "claude_code", "hints": {"showModel": False}},
            section="routesmith",
            scope_uri=from_fs_path(str(session.workspace)),
        )
        session.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        uri = session.open("prompts/a.md", SEED)
        await eventually(
            lambda: session.hints(uri),
            lambda hints: hints and hints[0].label == "planning · deep_reasoning",
            "the folder's hint settings",
        )
    finally:
        await session.shutdown_session()
        await session.stop()
