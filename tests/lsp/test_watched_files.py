"""`.routesmith.toml` and the telemetry log change routes without a restart: through the client's file
watcher where it offers dynamic registration (VS Code), through the server's own polling where it does
not (Neovim on Linux)."""

from __future__ import annotations

import time

from lsprotocol import types
from pygls.uris import from_fs_path
from tests.lsp.conftest import eventually, wait_until

from routesmith.model import Capability, OutcomeRecord, Source, TaskType, TelemetrySettings
from routesmith.telemetry import open_log

SEED = "Plan this feature, implement it, add tests, and write docs"


async def notify_if_watching(session, *paths) -> None:
    """What an editor does for files the server asked it to watch (and nothing where it cannot watch)."""
    watching = session.capabilities.workspace.did_change_watched_files
    if not watching or not watching.dynamic_registration:
        return
    await wait_until(lambda: watch_registrations(session), "client/registerCapability for watched files")
    changes = [types.FileEvent(uri=from_fs_path(str(p)), type=types.FileChangeType.Changed) for p in paths]
    session.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=changes))


def watch_registrations(session) -> list[types.Registration]:
    return [r for r in session.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]


async def test_watchers_are_registered_only_where_the_client_supports_it(lsp) -> None:
    if lsp.name == "neovim":
        uri = lsp.open("prompts/a.md", SEED)
        await lsp.hints(uri)  # the server is past its start-up work
        assert watch_registrations(lsp) == []
        return
    await wait_until(lambda: watch_registrations(lsp), "client/registerCapability for watched files")
    [registration] = watch_registrations(lsp)
    # The client cannot know the options' type from the method alone: they arrive as plain JSON.
    watchers = registration.register_options["watchers"]
    patterns = {(w["globPattern"]["baseUri"], w["globPattern"]["pattern"]) for w in watchers}
    assert (from_fs_path(str(lsp.workspace)), ".routesmith.toml") in patterns
    assert (from_fs_path(str(lsp.telemetry.parent)), lsp.telemetry.name) in patterns


async def test_a_new_workspace_config_reroutes(lsp) -> None:
    uri = lsp.open("prompts/a.md", SEED)
    assert (await lsp.hints(uri))[0].label.endswith("no switch: plan first")
    config = lsp.workspace / ".routesmith.toml"
    config.write_text('host = "codex"\n', encoding="utf-8")
    await notify_if_watching(lsp, config)
    await wait_until(lambda: lsp.statuses[-1]["host"] == "codex", "routesmith/status for codex")
    assert lsp.statuses[-1]["source"] == "config"
    refreshes = lsp.refreshes
    first = await lsp.hints(uri)
    assert first[0].label == "planning · deep_reasoning · gpt-5.5"

    config.write_text('host = "codex"\npreference = "cost"\n', encoding="utf-8")
    await notify_if_watching(lsp, config)
    await eventually(
        lambda: lsp.hints(uri), lambda hints: hints[0].label.endswith("gpt-5.4"), "the cheaper model"
    )
    await wait_until(lambda: lsp.refreshes > refreshes, "workspace/inlayHint/refresh")


async def test_outcomes_written_by_another_process_reach_the_hover(claude) -> None:
    uri = claude.open("prompts/a.md", SEED)
    hover = await claude.hover(uri, 2)
    assert hover is not None and "no outcomes recorded yet for opus" in hover.contents.value
    record = OutcomeRecord(
        time=time.time(),
        host="claude_code",
        model="opus",
        task=TaskType.PLANNING,
        capability=Capability.DEEP_REASONING,
        success=True,
        source=Source.RUN,
    )
    open_log(TelemetrySettings(path=str(claude.telemetry))).append([record, record])
    await notify_if_watching(claude, claude.telemetry)

    await eventually(
        lambda: claude.hover(uri, 2),
        lambda hover: hover and "2 recorded outcome(s) for opus" in hover.contents.value,
        "the evidence in the hover",
    )
