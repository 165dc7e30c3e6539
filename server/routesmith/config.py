"""Effective configuration: defaults < user file < workspace `.routesmith.toml` < ROUTESMITH_* env.

Every CLI call runs this, so it stays light (msgspec; tomllib only when a file exists, platformdirs only off
Linux). Each file is validated on its own, so an error names the file that has it, with the line of the key.
Workspace files come with the code being edited and are untrusted: what would make RouteSmith run something
they name (`policy.plugins`, a host's `invocation`) is ignored there with a warning.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec

from routesmith.errors import UserError
from routesmith.model import Config, Preference

WORKSPACE_FILE = ".routesmith.toml"
# Keys a workspace file may not set: they name code to import or a command to execute.
_UNTRUSTED = (
    "honoured only from the user config, because a workspace file must not make RouteSmith run anything"
)


class ConfigError(UserError):
    """A bad config value; the message is "<file>:<line>: <key>: <problem>"."""


class LoadedConfig(msgspec.Struct, kw_only=True):
    config: Config
    # dotted key -> "default" | "user:<path>" | "workspace:<path>" | "env:ROUTESMITH_X"
    origins: dict[str, str]
    files: list[Path]  # config files read, lowest precedence first
    warnings: list[str]


def user_config_path(env: Mapping[str, str]) -> Path:
    if override := env.get("ROUTESMITH_CONFIG"):
        return Path(override).expanduser()
    from routesmith.dirs import user_dir

    return user_dir("config", env) / "config.toml"


def find_workspace_file(cwd: Path) -> Path | None:
    """The nearest `.routesmith.toml` at or above `cwd`, up to the filesystem root."""
    start = cwd.resolve()
    return next((d / WORKSPACE_FILE for d in (start, *start.parents) if (d / WORKSPACE_FILE).is_file()), None)


# -- locating a dotted key in TOML text (tomllib reports no positions for values) --------------------------

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""")


def _parts(dotted: str) -> list[str]:
    return [part.strip("\"'") for part in _PART.findall(dotted)]


def _key_lines(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, full key path) of every table header and `key =` line."""
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            table = _parts(header.group(1))
            yield number, table
        elif key := _KEY.match(line):
            yield number, [*table, *_parts(key.group(1))]


def key_line(text: str, key: list[str]) -> int:
    """The line that sets `key`, or of its longest prefix that appears (its table), else 1."""
    best, best_len = 1, 0
    for number, path in _key_lines(text):
        common = 0
        while common < min(len(path), len(key)) and path[common] == key[common]:
            common += 1
        if common == len(path) and common > best_len:
            best, best_len = number, common
            if common == len(key):
                break
    return best


# -- reading one file --------------------------------------------------------------------------------------

_AT = re.compile(r"^(?P<problem>.*?) - at (?:`(?P<badkey>[^`]*)` in )?`\$(?P<path>[^`]*)`$", re.DOTALL)
_UNKNOWN = re.compile(r"unknown field `(?P<field>[^`]+)`")
_TOML_POS = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)")
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[\.\.\.\]")


def _culprit(table: dict[str, Any], trail: list[str | int], message: str) -> str | None:
    """Which key of the table at `trail` causes `message` (msgspec writes dict keys as `[...]`): the
    first key that, kept alone in that table, still fails the same way."""
    node: Any = table
    try:
        for step in trail:
            node = node[step]
    except (KeyError, IndexError, TypeError):
        return None  # the bad value came from the built-in part of a host table, not from this file
    for key in node:
        trial = copy.deepcopy(table)
        inner: Any = trial
        for step in trail:
            inner = inner[step]
        inner.clear()
        inner[key] = node[key]
        try:
            _convert(trial)
        except msgspec.ValidationError as exc:
            if str(exc) == message:
                return str(key)
    return None


def _error_key(table: dict[str, Any], message: str) -> tuple[str, list[str]]:
    """The problem and the key path (for humans: list indexes left out) of a msgspec error."""
    match = _AT.match(message)
    problem, path = (match.group("problem"), match.group("path")) if match else (message, "")
    trail: list[str | int] = []
    shown: list[str] = []
    for step in _STEP.finditer(path):
        name, index = step.group(1), step.group(2)
        if index is not None:
            trail.append(int(index))
            continue
        if name is None:
            name = _culprit(table, trail, message) or "?"
        trail.append(name)
        shown.append(name)
    if match and match.group("badkey") is not None:
        shown.append(_culprit(table, trail, message) or "?")
        problem = problem.replace("Invalid enum value", "invalid key")
    if unknown := _UNKNOWN.search(problem):
        shown.append(unknown.group("field"))
        problem = "unknown key"
    return problem, shown


def _validation_error(
    origin: Path, text: str, table: dict[str, Any], exc: msgspec.ValidationError
) -> ConfigError:
    problem, key = _error_key(table, str(exc))
    dotted = ".".join(key) or "(top level)"
    return ConfigError(f"{origin}:{key_line(text, key)}: {dotted}: {problem}")


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}:1: (file): not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise ConfigError(f"{path}:1: (file): cannot read: {exc.strerror}") from exc
    import tomllib  # only when a config file exists: most runs have none

    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        pos = _TOML_POS.search(message)
        line = pos.group("line") if pos else "1"
        raise ConfigError(f"{path}:{line}: (syntax): {_TOML_POS.sub('', message).strip()}") from exc


def _prepare(path: Path, text: str, table: dict[str, Any], trusted: bool, warnings: list[str]) -> None:
    """File-relative fixes before validation: untrusted keys out, relative paths resolved."""
    policy = table.get("policy")
    if not trusted and isinstance(policy, dict) and "plugins" in policy:
        del policy["plugins"]
        warnings.append(
            f"{path}:{key_line(text, ['policy', 'plugins'])}: policy.plugins: ignored: {_UNTRUSTED}"
        )
    telemetry = table.get("telemetry")
    if isinstance(telemetry, dict) and isinstance(telemetry.get("path"), str):
        given = telemetry["path"]
        if given and not given.startswith("~") and not Path(given).is_absolute():
            telemetry["path"] = str(path.parent / given)  # relative to the file, not to wherever we run
    hosts = table.get("hosts")
    if not isinstance(hosts, dict):
        return
    for name, host in hosts.items():
        if not isinstance(host, dict):
            continue  # validation reports the wrong type
        if not trusted and "invocation" in host:
            del host["invocation"]
            line = key_line(text, ["hosts", name, "invocation"])
            warnings.append(f"{path}:{line}: hosts.{name}.invocation: ignored: {_UNTRUSTED}")
        if host.get("name", name) != name:
            line = key_line(text, ["hosts", name, "name"])
            raise ConfigError(
                f"{path}:{line}: hosts.{name}.name: must be {name!r} (the table's name) or left out"
            )


def _merge(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value in `top` replaces the one in `base`."""
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _with_builtin_hosts(table: dict[str, Any]) -> dict[str, Any]:
    """A [hosts.<built-in>] table sets only the fields it names: the rest come from the built-in data."""
    hosts = table.get("hosts")
    if not isinstance(hosts, dict):
        return table
    from routesmith.hosts import builtin_tables  # deferred: only files with [hosts.*] need the host data

    builtins = builtin_tables()
    full: dict[str, Any] = {}
    for name, host in hosts.items():
        if isinstance(host, dict):
            # A new host is named by its table; its display name defaults to that name.
            full[name] = (
                _merge(builtins[name], host) if name in builtins else {"name": name, "display": name, **host}
            )
        else:
            full[name] = host
    return {**table, "hosts": full}


def _convert(table: dict[str, Any]) -> Config:
    return msgspec.convert(_with_builtin_hosts(table), Config)


def _validate(path: Path, text: str, table: dict[str, Any]) -> None:
    try:
        _convert(table)
    except msgspec.ValidationError as exc:
        raise _validation_error(path, text, table, exc) from exc


def _leaves(value: Any, prefix: str = "", *, empty_tables: bool = False) -> Iterator[str]:
    """Dotted keys of the values a table sets (a list is one value). An empty table is a value of the
    defaults (`task_capability = {}`), but in a file it sets nothing: `[policy]` alone overrides no key."""
    if isinstance(value, dict) and value:
        for key, inner in value.items():
            yield from _leaves(inner, f"{prefix}.{key}" if prefix else str(key), empty_tables=empty_tables)
    elif prefix and (empty_tables or value != {}):
        yield prefix


def _record(origins: dict[str, str], keys: Iterator[str], origin: str) -> None:
    for key in keys:
        for old in [old for old in origins if old.startswith(key + ".") or key.startswith(old + ".")]:
            del origins[old]  # a value now set deeper or shallower than a previous source set it
        origins[key] = origin


# -- the whole stack ---------------------------------------------------------------------------------------


def _known_hosts(config: Config) -> list[str]:
    from routesmith.hosts import builtin_tables

    return sorted({*builtin_tables(), *config.hosts})


def load_config(cwd: Path | None = None, env: Mapping[str, str] | None = None) -> LoadedConfig:
    cwd = Path.cwd() if cwd is None else cwd
    env = os.environ if env is None else env
    warnings: list[str] = []
    origins: dict[str, str] = {}
    _record(origins, _leaves(msgspec.to_builtins(Config()), empty_tables=True), "default")

    layers: list[tuple[str, Path, str, dict[str, Any]]] = []  # (kind, path, text, table)
    user = user_config_path(env)
    if user.is_file():
        layers.append(("user", user, *_read(user)))
    elif user.exists():
        raise ConfigError(f"{user}:1: (file): the user config is not a file")
    workspace = find_workspace_file(cwd)
    if workspace is not None and not (user.is_file() and workspace.samefile(user)):
        layers.append(("workspace", workspace, *_read(workspace)))

    merged: dict[str, Any] = {}
    host_line: tuple[Path, str] | None = None  # where `host` was last set, for an unknown-host error
    for kind, path, text, table in layers:
        _prepare(path, text, table, trusted=kind == "user", warnings=warnings)
        _validate(path, text, table)
        merged = _merge(merged, copy.deepcopy(table))
        _record(origins, _leaves(table), f"{kind}:{path}")
        if "host" in table:
            host_line = (path, text)
    config = _convert(merged)

    if config.host and config.host not in _known_hosts(config):
        assert host_line is not None  # the default host is None
        path, text = host_line
        raise ConfigError(
            f"{path}:{key_line(text, ['host'])}: host: unknown host {config.host!r}; "
            f"known hosts: {', '.join(_known_hosts(config))}"
        )
    config = _apply_env(config, env, cwd, origins)
    return LoadedConfig(
        config=config, origins=origins, files=[path for _, path, _, _ in layers], warnings=warnings
    )


def _apply_env(config: Config, env: Mapping[str, str], cwd: Path, origins: dict[str, str]) -> Config:
    if host := env.get("ROUTESMITH_HOST"):
        if host not in _known_hosts(config):
            raise ConfigError(
                f"ROUTESMITH_HOST={host}: unknown host; known hosts: {', '.join(_known_hosts(config))}"
            )
        config = msgspec.structs.replace(config, host=host)
        origins["host"] = "env:ROUTESMITH_HOST"
    if value := env.get("ROUTESMITH_PREFERENCE"):
        try:
            preference = Preference(value)
        except ValueError:
            choices = ", ".join(p.value for p in Preference)
            raise ConfigError(f"ROUTESMITH_PREFERENCE={value}: expected one of {choices}") from None
        config = msgspec.structs.replace(config, preference=preference)
        origins["preference"] = "env:ROUTESMITH_PREFERENCE"
    if path := env.get("ROUTESMITH_TELEMETRY_PATH"):
        resolved = path if path.startswith("~") or Path(path).is_absolute() else str(cwd.resolve() / path)
        telemetry = msgspec.structs.replace(config.telemetry, path=resolved)
        config = msgspec.structs.replace(config, telemetry=telemetry)
        origins["telemetry.path"] = "env:ROUTESMITH_TELEMETRY_PATH"
    return config
