"""Re-route when `.routesmith.toml`, the user config or the telemetry log change.

Where the client can watch files for us (dynamic registration of `workspace/didChangeWatchedFiles`), the
server registers watchers for exactly the files its contexts read, and re-registers when that set
changes. Where it cannot (Neovim on Linux by default), an asyncio task polls their stamps (mtime,
size, inode) and is cancelled at shutdown. Either way an event only re-routes if a stamp really
changed since the contexts were built, so one code path decides.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from routesmith.lsp.server import RouteSmithServer, guarded

logger = logging.getLogger("routesmith.lsp")

POLL_SECONDS = 1.0
REGISTRATION = "routesmith-watched-files"


def watched(server: RouteSmithServer) -> list[Path]:
    return sorted({path for folder in server.folders.built() for path in folder.watch})


def register(server: RouteSmithServer) -> None:
    registered: list[list[Path]] = []  # the paths of the current registration, if any
    poller: list[asyncio.Task[None]] = []

    def watcher(path: Path) -> types.FileSystemWatcher:
        kind = types.WatchKind.Create | types.WatchKind.Change | types.WatchKind.Delete
        base = from_fs_path(str(path.parent))
        if base and server.supports("workspace.did_change_watched_files.relative_pattern_support"):
            pattern: types.GlobPattern = types.RelativePattern(base_uri=base, pattern=path.name)
        else:
            pattern = path.as_posix()
        return types.FileSystemWatcher(glob_pattern=pattern, kind=kind)

    async def poll() -> None:
        while True:
            await asyncio.sleep(POLL_SECONDS)
            try:
                if server.folders.changed():
                    logger.info("a config file or the telemetry log changed: re-routing")
                    server.reroute()
            except Exception:
                logger.exception("watching config files failed")

    async def update() -> None:
        if not server.supports("workspace.did_change_watched_files.dynamic_registration"):
            if not poller:
                poller.append(server.spawn(poll(), "watch config files"))
            return
        paths = watched(server)
        if registered and registered[0] == paths:
            return
        try:
            if registered:
                unregistration = types.Unregistration(
                    id=REGISTRATION, method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES
                )
                await server.client_unregister_capability_async(
                    types.UnregistrationParams(unregisterations=[unregistration])
                )
                registered.clear()
            options = types.DidChangeWatchedFilesRegistrationOptions(watchers=[watcher(p) for p in paths])
            registration = types.Registration(
                id=REGISTRATION, method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
            )
            await server.client_register_capability_async(
                types.RegistrationParams(registrations=[registration])
            )
            registered.append(paths)
        except Exception as exc:
            logger.warning("the client does not watch files for us (%s): polling them instead", exc)
            if not poller:
                poller.append(server.spawn(poll(), "watch config files"))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded(lambda: None)
    def did_change_watched_files(ls: RouteSmithServer, params: types.DidChangeWatchedFilesParams) -> None:
        if ls.folders.changed():
            logger.info("%s changed: re-routing", ", ".join(change.uri for change in params.changes))
            ls.reroute()

    server.rerouted.append(update)
