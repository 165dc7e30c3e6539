"""Per workspace folder: the effective settings and the routing Context, built once and cached.

A Context (`routesmith.service.build_context`) is built with the folder root as the working directory, so
the folder's `.routesmith.toml` applies, and rebuilt when settings, a config file, the telemetry log or the
host override change (`Folders.invalidate`). A broken config never stops routing: its error becomes a
diagnostic on the config file at the right line plus one message, and routing uses the defaults.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from routesmith.config import WORKSPACE_FILE, ConfigError, load_config, user_config_path
from routesmith.errors import UserError
from routesmith.hosts import load_profiles
from routesmith.lsp.settings import ServerSettings, merge, parse_settings, unwrap
from routesmith.model import Config, TelemetrySettings
from routesmith.routing import RouteMemo
from routesmith.service import Context, build_context
from routesmith.suggest import unknown_host
from routesmith.telemetry import log_path
from routesmith.trust import user_only_settings

if TYPE_CHECKING:
    from routesmith.lsp.server import RouteSmithServer

logger = logging.getLogger("routesmith.lsp")

# "<file>:<line>:<column>: <key>: <problem>", the format of ConfigError's lines and of config warnings.
_AT_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$", re.DOTALL)

Stamp = tuple[int, int, int] | None


def stamp(path: Path) -> Stamp:
    """What changes when a file is written, replaced, created or deleted."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


@dataclass(slots=True)
class Folder:
    root: Path
    settings: ServerSettings
    ctx: Context
    host_source: str  # where the host came from, for routesmith/status
    # config file URI -> diagnostics for its errors and warnings
    config_diagnostics: dict[str, list[types.Diagnostic]] = field(default_factory=dict)
    watch: tuple[Path, ...] = ()  # files whose change re-routes this folder
    # Routes of steps under this context: an edit routes only the steps it changed. A new context (settings,
    # config, telemetry, host) is a new Folder, so those re-route everything.
    routes: RouteMemo = field(default_factory=dict)

    @property
    def telemetry(self) -> TelemetrySettings:
        return self.ctx.config.telemetry


class Folders:
    def __init__(self, server: RouteSmithServer) -> None:
        self.server = server
        self.initialization_options: object = None
        self.pulled: dict[str | None, object] = {}  # scope URI (None: global) -> the client's answer
        self.generation = 0  # bumped on every invalidation: analyses of older generations are stale
        self._built: dict[Path, Folder] = {}
        self._settings: dict[Path | None, ServerSettings] = {}  # None: the global settings
        self._reported: set[str] = set()
        # Every watched file's stamp when it was last read. Kept across invalidation, so a change that
        # lands before the contexts are rebuilt is still noticed.
        self._stamps: dict[Path, Stamp] = {}

    # -- which folder --------------------------------------------------------------------------------------

    def roots(self) -> list[Path]:
        """Workspace folder roots (or the single root of a client without folders)."""
        workspace = self.server.workspace
        roots = [Path(p) for f in workspace.folders.values() if (p := to_fs_path(f.uri))]
        if not roots and workspace.root_path:
            roots = [Path(workspace.root_path)]
        return roots

    def inside(self, path: Path) -> Path | None:
        """The innermost workspace folder holding `path`, or None."""
        holding = [root for root in self.roots() if path.is_relative_to(root)]
        return max(holding, key=lambda root: len(root.parts)) if holding else None

    def _folder_uri(self, root: Path) -> str | None:
        for folder in self.server.workspace.folders.values():
            if to_fs_path(folder.uri) == str(root):
                return folder.uri
        return None

    # -- settings ------------------------------------------------------------------------------------------

    def raw_settings(self, root: Path | None) -> dict[str, Any]:
        """initializationOptions < the client's global answer < its answer for the folder. User-only
        settings (routesmith.trust) never come from the folder's answer, whatever the client sends: a
        folder's value that differs from the global one came from the workspace and is reported."""
        raw = merge({}, unwrap(self.initialization_options))
        raw = merge(raw, self.pulled.get(None))
        scope = self._folder_uri(root) if root is not None else None
        folder = self.pulled.get(scope) if scope is not None else None
        if not isinstance(folder, dict):
            return raw
        folder = dict(folder)
        for key in user_only_settings():
            if key in folder and folder.pop(key) != raw.get(key):
                self.report(
                    [
                        f"routesmith.{key}: the value in the settings of folder {root} is ignored: only "
                        "user (or remote machine) settings may set it"
                    ]
                )
        return merge(raw, folder)

    def settings_for(self, root: Path | None) -> ServerSettings:
        settings = self._settings.get(root)
        if settings is None:
            settings, problems = parse_settings(self.raw_settings(root))
            self.report(problems)
            self._settings[root] = settings
        return settings

    def global_settings(self) -> ServerSettings:
        return self.settings_for(None)

    def report(self, problems: Iterable[str], kind: types.MessageType = types.MessageType.Warning) -> None:
        """Each problem once per session: a message the user sees and a line in the log."""
        for problem in problems:
            if problem in self._reported:
                continue
            self._reported.add(problem)
            logger.warning("%s", problem)
            self.server.window_show_message(
                types.ShowMessageParams(type=kind, message=f"RouteSmith: {problem}")
            )

    # -- contexts ------------------------------------------------------------------------------------------

    def get(self, root: Path) -> Folder:
        folder = self._built.get(root)
        if folder is None:
            folder = self._built[root] = self._build(root)
        return folder

    def primary(self) -> Folder:
        """The first workspace folder (or, without folders, the server's working directory): the host an
        editor's status bar shows, and the log that commands without a document use."""
        roots = self.roots()
        return self.get(roots[0] if roots else Path.cwd())

    def built(self) -> list[Folder]:
        return list(self._built.values())

    def invalidate(self) -> None:
        self._built.clear()
        self._settings.clear()
        self.generation += 1

    def changed(self) -> bool:
        """Did a watched file change since it was last read? (Each change answers True once.)"""
        now = {path: stamp(path) for path in self._stamps}
        changed = now != self._stamps
        self._stamps = now
        return changed

    def _read(self, paths: Iterable[Path]) -> None:
        """Note the stamps of files about to be read (before reading: a write meanwhile shows next time)."""
        for path in paths:
            self._stamps[path] = stamp(path)

    def _build(self, root: Path) -> Folder:
        settings = self.settings_for(root)
        env: Mapping[str, str] = os.environ
        config_files = (*(d / WORKSPACE_FILE for d in (root, *root.parents)), user_config_path(env))
        self._read(config_files)
        diagnostics: dict[str, list[types.Diagnostic]] = {}
        try:
            loaded = load_config(root, env, host_flag=self.server.host_override or settings.host)
            config, warnings = loaded.config, loaded.warnings
        except ConfigError as exc:
            self.report(exc.problems, types.MessageType.Error)
            for problem in exc.problems:
                self._add_diagnostic(diagnostics, problem, types.DiagnosticSeverity.Error)
            config, warnings = self._fallback_config(env), []
        for warning in warnings:
            logger.warning("%s", warning)
            self._add_diagnostic(diagnostics, warning, types.DiagnosticSeverity.Warning)
        if settings.telemetry_path:
            path = Path(settings.telemetry_path).expanduser()
            if path.is_absolute():
                telemetry = msgspec.structs.replace(config.telemetry, path=str(path))
                config = msgspec.structs.replace(config, telemetry=telemetry)
            else:  # relative to what? Never to the folder: the log would land in the repository
                self.report([f"routesmith.telemetryPath: {path} ignored: give an absolute path or ~/..."])
        if settings.team_summaries:
            named = [str(root / Path(name).expanduser()) for name in settings.team_summaries]
            telemetry = msgspec.structs.replace(config.telemetry, merge=[*config.telemetry.merge, *named])
            config = msgspec.structs.replace(config, telemetry=telemetry)
        telemetry_log = log_path(config.telemetry)
        self._read([telemetry_log])

        profiles = load_profiles(config)
        host, host_source = self.server.host_override, "lsp:setHost"
        if host is None and settings.host:
            host, host_source = settings.host, "settings:routesmith.host"
        if host is not None and host not in profiles:
            self.report([f"routesmith.host: {unknown_host(host, profiles)}"])
            host = None
        try:
            ctx = self._context(root, env, host, settings, config)
        except UserError as exc:  # ROUTESMITH_HOST names a host that does not exist
            self.report([str(exc)], types.MessageType.Error)
            env = {k: v for k, v in env.items() if k != "ROUTESMITH_HOST"}
            ctx = self._context(root, env, host, settings, config)
        return Folder(
            root=root,
            settings=settings,
            ctx=ctx,
            host_source=host_source if host is not None else ctx.detection.source,
            config_diagnostics=diagnostics,
            watch=(*config_files, telemetry_log),
        )

    @staticmethod
    def _context(
        root: Path, env: Mapping[str, str], host: str | None, settings: ServerSettings, config: Config
    ) -> Context:
        return build_context(
            root, env, host=host, preference=settings.preference, config=config, warn=_warn_to_log
        )

    @staticmethod
    def _fallback_config(env: Mapping[str, str]) -> Config:
        """Defaults while the config is broken. The telemetry log stays where the environment puts it, so
        outcomes recorded meanwhile do not land in a different file."""
        path = env.get("ROUTESMITH_TELEMETRY_PATH") or None
        return Config(telemetry=TelemetrySettings(path=path))

    def _add_diagnostic(
        self, diagnostics: dict[str, list[types.Diagnostic]], message: str, severity: types.DiagnosticSeverity
    ) -> None:
        """A "<file>:<line>: ..." message as a diagnostic on that line of that file (if it names one)."""
        match = _AT_LINE.match(message)
        if match is None:
            return
        path = Path(match.group("file"))
        line, column = int(match.group("line")) - 1, int(match.group("column")) - 1
        try:
            text = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        units = self.server.workspace.position_codec.client_num_units
        width = units(text[line]) if line < len(text) else 0
        start = units(text[line][:column]) if line < len(text) else 0
        uri = from_fs_path(str(path))
        if uri is None:
            return
        diagnostics.setdefault(uri, []).append(
            types.Diagnostic(
                range=types.Range(types.Position(line, start), types.Position(line, width)),
                message=match.group("message"),
                severity=severity,
                source="routesmith",
            )
        )


def _warn_to_log(message: str) -> None:
    logger.warning("%s", message)
