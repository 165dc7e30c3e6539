"""initialize / initialized / configuration / workspace folders / shutdown, the `routesmith/status`
notification, and logging to the client's log (window/logMessage).

Settings: initializationOptions, then `workspace/configuration` (section `routesmith`, globally and per
folder) where the client answers it, pulled again on every `workspace/didChangeConfiguration`. A change
re-routes every open document without a restart.
"""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types

from routesmith.decompose import decompose
from routesmith.lsp.server import RouteSmithServer
from routesmith.lsp.settings import SECTION, LogLevel, unwrap

logger = logging.getLogger("routesmith.lsp")

# A prompt file in little: frontmatter, a heading, a paragraph, a numbered list and a typo ("implment": the
# index of verbs one typo away is the costliest table to build).
WARM_UP = (
    "---\ndescription: Fix the export\n---\n# Export\n\nPlan it first.\n\n1. Implment it, then add tests\n"
)
STATUS = "routesmith/status"
CONFIGURATION_REGISTRATION = "routesmith-configuration"
_LEVELS = {
    LogLevel.ERROR: logging.ERROR,
    LogLevel.WARNING: logging.WARNING,
    LogLevel.INFO: logging.INFO,
    LogLevel.DEBUG: logging.DEBUG,
}


class ClientLog(logging.Handler):
    """Log records of `routesmith.*` as window/logMessage (stderr is invisible in most editors)."""

    def __init__(self, server: RouteSmithServer) -> None:
        super().__init__()
        self.server = server
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            kind = types.MessageType.Error
        elif record.levelno >= logging.WARNING:
            kind = types.MessageType.Warning
        elif record.levelno >= logging.INFO:
            kind = types.MessageType.Info
        else:
            kind = types.MessageType.Log
        try:
            self.server.window_log_message(types.LogMessageParams(type=kind, message=self.format(record)))
        except Exception:  # the connection is gone: nobody left to tell
            self.handleError(record)


def apply_log_level(ls: RouteSmithServer) -> None:
    logging.getLogger("routesmith").setLevel(_LEVELS[ls.folders.global_settings().log_level])


async def pull_configuration(ls: RouteSmithServer) -> None:
    """Ask the client for section `routesmith`: once globally, once per workspace folder."""
    folders = list(ls.workspace.folders.values())
    items = [types.ConfigurationItem(section=SECTION)]
    items += [types.ConfigurationItem(section=SECTION, scope_uri=folder.uri) for folder in folders]
    try:
        answers = await ls.workspace_configuration_async(types.ConfigurationParams(items=items))
    except Exception as exc:
        logger.warning("workspace/configuration failed: %s", exc)
        return
    pulled: dict[str | None, object] = {None: answers[0] if answers else None}
    for folder, answer in zip(folders, answers[1:], strict=False):
        pulled[folder.uri] = answer
    ls.folders.pulled = pulled


def every_raw_setting(ls: RouteSmithServer) -> list[dict[str, Any]]:
    """The settings as the client gave them: globally, then for each workspace folder."""
    return [ls.folders.raw_settings(root) for root in (None, *ls.folders.roots())]


def status(ls: RouteSmithServer) -> dict[str, Any]:
    """The host the first workspace folder routes for."""
    folder = ls.folders.primary()
    profile = folder.ctx.profile
    return {
        "host": profile.name,
        "display": profile.display,
        "canSwitch": profile.can_switch,
        "source": folder.host_source,
        "switchModes": [str(mode) for mode in profile.switch_modes],
    }


def register(server: RouteSmithServer) -> None:
    handler = ClientLog(server)
    root_logger = logging.getLogger("routesmith")
    root_logger.addHandler(handler)
    root_logger.setLevel(logging.INFO)
    last_status: list[dict[str, Any]] = []

    @server.feature(types.INITIALIZE)
    def initialize(ls: RouteSmithServer, params: types.InitializeParams) -> None:
        ls.folders.initialization_options = params.initialization_options
        apply_log_level(ls)
        # The lexicon's indexes are built on first use (about 30 ms): now, not while the first document's
        # request waits.
        decompose(WARM_UP)
        logger.info(
            "routesmith %s: position encoding %s, %d workspace folder(s)",
            ls.version,
            ls.workspace.position_encoding,
            len(ls.workspace.folders),
        )

    @server.feature(types.INITIALIZED)
    async def initialized(ls: RouteSmithServer, params: types.InitializedParams) -> None:
        # An editor opens its tabs right away: they are routed before the pull answers, and again after it
        # only if it changed their settings (a 2,000-line prompt costs ~60 ms again).
        before = every_raw_setting(ls)
        if ls.supports("workspace.configuration"):
            await pull_configuration(ls)
        if ls.supports("workspace.did_change_configuration.dynamic_registration"):
            # Makes VS Code push changes of the section (and any client that needs registering first).
            registration = types.Registration(
                id=CONFIGURATION_REGISTRATION,
                method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
                register_options=types.DidChangeConfigurationRegistrationOptions(section=SECTION),
            )
            try:
                await ls.client_register_capability_async(
                    types.RegistrationParams(registrations=[registration])
                )
            except Exception as exc:
                logger.warning("client/registerCapability for configuration failed: %s", exc)
        apply_log_level(ls)
        ls.reroute(rebuild=every_raw_setting(ls) != before)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(
        ls: RouteSmithServer, params: types.DidChangeConfigurationParams
    ) -> None:
        before = (ls.folders.pulled, ls.folders.initialization_options)
        if ls.supports("workspace.configuration"):
            await pull_configuration(ls)
        elif params.settings is not None:
            # No pull: what the client pushes is all there is (Neovim sends its whole `settings` table).
            ls.folders.pulled = {None: unwrap(params.settings)}
        if (ls.folders.pulled, ls.folders.initialization_options) != before:
            apply_log_level(ls)
            ls.reroute()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    async def did_change_workspace_folders(
        ls: RouteSmithServer, params: types.DidChangeWorkspaceFoldersParams
    ) -> None:
        if ls.supports("workspace.configuration"):
            await pull_configuration(ls)  # the new folders' own settings
        ls.reroute()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: RouteSmithServer, params: None) -> None:
        for stop in ls.on_shutdown:
            stop()
        ls.cancel_background()
        root_logger.removeHandler(handler)  # nothing may be sent after shutdown but exit's reply

    def send_status() -> None:
        current = status(server)
        if last_status[-1:] == [current]:
            return
        last_status[:] = [current]
        server.protocol.notify(STATUS, current)
        logger.info("routing for %s (%s)", current["display"], current["source"])

    server.rerouted.append(send_status)
