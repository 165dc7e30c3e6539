"""Effective configuration: defaults < user file < workspace `.routesmith.toml` < ROUTESMITH_* env.

Every CLI call runs this, so it stays light (msgspec; tomllib only when a file exists, platformdirs only off
Linux). Each file is validated on its own, so an error names the file that has it, with the line of the key.
Workspace files come with the code being edited and are untrusted: the keys routesmith.trust lists as
user-only (code to import, commands to run, paths to write, what to store, endpoints, reads outside the
workspace) are ignored there with one warning each, and so are user-only keys in the workspace's
`.vscode/settings.json`. Every problem of a file is reported at once, each as
"file:line:column: key: problem".
"""

from __future__ import annotations

import enum
import os
import re
import types
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec

from routesmith.errors import UserError
from routesmith.model import Config, Preference
from routesmith.suggest import unknown_host

WORKSPACE_FILE = ".routesmith.toml"
EDITOR_SETTINGS = Path(".vscode") / "settings.json"
_MAX_PROBLEMS = 50  # a file that is wrong everywhere: the first fifty tell the story


class ConfigError(UserError):
    """Bad config values: one "<file>:<line>:<column>: <key>: <problem>" line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


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


def find_workspace_file(cwd: Path, name: Path | str = WORKSPACE_FILE) -> Path | None:
    """The nearest `name` (`.routesmith.toml`) at or above `cwd`, up to the filesystem root."""
    start = cwd.resolve()
    return next((d / name for d in (start, *start.parents) if (d / name).is_file()), None)


def _deep_copy(table: dict[str, Any]) -> dict[str, Any]:
    import copy  # only where a config file is read: most runs have none

    return copy.deepcopy(table)


# -- locating a dotted key in TOML text (tomllib reports no positions for values) --------------------------

# The patterns of this module stay strings, compiled by `re` on first use (and cached there): they read
# error messages and config files, and compiling them at import would slow every command's start-up.
_HEADER = r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$"
_KEY = r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
_PART = r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'"""


def _parts(dotted: str) -> list[str]:
    return [part.strip("\"'") for part in re.findall(_PART, dotted)]


def _key_lines(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, full key path) of every table header and `key =` line."""
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if header := re.match(_HEADER, line):
            table = _parts(header.group(1))
            yield number, table
        elif key := re.match(_KEY, line):
            yield number, [*table, *_parts(key.group(1))]


def key_position(text: str, key: list[str] | tuple[str, ...]) -> tuple[int, int]:
    """(line, column), 1-based, of the line that sets `key`, or of its longest prefix that appears (its
    table), else (1, 1). The column is where the key (or the table header) starts."""
    best, best_len = 1, 0
    for number, path in _key_lines(text):
        common = 0
        while common < min(len(path), len(key)) and path[common] == key[common]:
            common += 1
        if common == len(path) and common > best_len:
            best, best_len = number, common
            if common == len(key):
                break
    line = text.splitlines()[best - 1] if text else ""
    return best, len(line) - len(line.lstrip()) + 1


def _at(path: Path | str, text: str, key: list[str] | tuple[str, ...]) -> str:
    line, column = key_position(text, key)
    return f"{path}:{line}:{column}"


# -- reading one file --------------------------------------------------------------------------------------

_AT = r"(?s)^(?P<problem>.*?) - at (?:`(?P<badkey>[^`]*)` in )?`\$(?P<path>[^`]*)`$"
_UNKNOWN = r"unknown field `(?P<field>[^`]+)`"
_ENUM = r"(?s)^Invalid enum value (?P<value>.*)$"
# `preference = cost`: TOML needs quotes around a string; tomllib only says "Invalid value".
_BARE = r"^\s*(?P<key>[A-Za-z0-9_.\"'-]+)\s*=\s*(?P<value>[A-Za-z_][A-Za-z0-9_.:/@+-]*)\s*(?:#.*)?$"
_EDITOR_KEY = r'"routesmith\.(?P<key>[A-Za-z0-9_.]+)"\s*:'
_TOML_POS = r"\(at line (?P<line>\d+), column (?P<column>\d+)\)"
_STEP = r"\.([^.\[]+)|\[(\d+)\]|\[\.\.\.\]"


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
        trial = _deep_copy(table)
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


def _type_at(trail: list[str | int], *, keys: bool = False) -> Any:
    """The type the Config schema expects at `trail` (dict keys' type with `keys`), or None."""
    import typing

    kind: Any = Config
    for step in [*trail, None] if keys else trail:
        while typing.get_origin(kind) in (typing.Union, types.UnionType):  # `X | None`
            kind = next(a for a in typing.get_args(kind) if a is not type(None))
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
            fields = {f.name: f.type for f in msgspec.structs.fields(kind)}
            if step is None or step not in fields:
                return kind if step is None else None
            kind = fields[step]
        elif typing.get_origin(kind) is dict:
            key_type, value_type = typing.get_args(kind)
            kind = key_type if step is None else value_type
        elif typing.get_origin(kind) in (list, tuple):
            kind = typing.get_args(kind)[0]
        else:
            return None
    return kind


def _choices(kind: Any) -> list[str]:
    """The names a Struct accepts, or the values of an enum, for "expected one of" and did-you-mean."""
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        return list(kind.__struct_fields__)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return [str(member.value) for member in kind]
    return []


def _error_key(table: dict[str, Any], message: str) -> tuple[str, list[str], list[str | int]]:
    """The problem (with the allowed names and a did-you-mean where there are some), the key path for
    humans (list indexes left out) and the path into the table of a msgspec error."""
    from routesmith.suggest import did_you_mean

    match = re.match(_AT, message)
    problem, path = (match.group("problem"), match.group("path")) if match else (message, "")
    trail: list[str | int] = []
    shown: list[str] = []
    for step in re.finditer(_STEP, path):
        name, index = step.group(1), step.group(2)
        if index is not None:
            trail.append(int(index))
            continue
        if name is None:
            name = _culprit(table, trail, message) or "?"
        trail.append(name)
        shown.append(name)
    if enum_value := re.match(_ENUM, problem):
        value = enum_value.group("value").strip("'\"")
        badkey = bool(match and match.group("badkey") is not None)
        choices = _choices(_type_at(trail, keys=badkey))
        if badkey:
            culprit = _culprit(table, trail, message) or "?"
            shown.append(culprit)
            trail.append(culprit)
        problem = f"{'invalid key' if badkey else 'invalid value'} {value!r}; expected one of: "
        problem += ", ".join(choices) + did_you_mean(value, choices)
    if unknown := re.search(_UNKNOWN, problem):
        field = unknown.group("field")
        problem = "unknown key" + did_you_mean(field, _choices(_type_at(trail)))
        shown.append(field)
        trail.append(field)
    return problem, shown, trail


def _drop(table: dict[str, Any], trail: list[str | int]) -> bool:
    """Remove what `trail` names from the table, so validation can go on to the next problem."""
    node: Any = table
    try:
        for step in trail[:-1]:
            node = node[step]
        del node[trail[-1]]
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError([f"{path}:1:1: (file): not UTF-8 text (byte {exc.start})"]) from exc
    except OSError as exc:
        raise ConfigError([f"{path}:1:1: (file): cannot read: {exc.strerror}"]) from exc
    import tomllib  # only when a config file exists: most runs have none

    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        pos = re.search(_TOML_POS, message)
        line, column = (int(pos.group("line")), int(pos.group("column"))) if pos else (1, 1)
        problem = re.sub(_TOML_POS, "", message).strip()
        lines = text.splitlines()
        problem += _quote_hint(lines[line - 1] if line <= len(lines) else "")
        raise ConfigError([f"{path}:{line}:{column}: (syntax): {problem}"]) from exc


def _quote_hint(line: str) -> str:
    """`preference = cost` is a syntax error only because TOML strings need quotes: say so."""
    bare = re.match(_BARE, line)
    if bare is None or bare.group("value") in ("true", "false", "inf", "nan"):
        return ""
    return f'; strings need quotes: {bare.group("key")} = "{bare.group("value")}"'


def _prepare(
    path: Path, text: str, table: dict[str, Any], trusted: bool, warnings: list[str], problems: list[str]
) -> None:
    """File-relative fixes before validation: user-only keys out of a workspace file (one warning each),
    relative paths resolved."""
    if not trusted:
        from routesmith.trust import strip_user_only

        for key, rule in strip_user_only(table):
            warnings.append(
                f"{_at(path, text, key)}: {'.'.join(key)}: ignored: a workspace file may not set this, it "
                f"{rule.why}; only the user config may"
            )
    telemetry = table.get("telemetry")
    if isinstance(telemetry, dict) and isinstance(telemetry.get("merge"), list):
        # Team summary files named relative to the (user's) config file that names them.
        telemetry["merge"] = [
            str(path.parent / name)
            if isinstance(name, str) and not name.startswith("~") and not Path(name).is_absolute()
            else name
            for name in telemetry["merge"]
        ]
    if isinstance(telemetry, dict) and isinstance(telemetry.get("path"), str):
        given = telemetry["path"]
        if given and not given.startswith("~") and not Path(given).is_absolute():
            telemetry["path"] = str(path.parent / given)  # relative to the (user's) file, not to the cwd
    hosts = table.get("hosts")
    if not isinstance(hosts, dict):
        return
    for name, host in list(hosts.items()):
        if isinstance(host, dict) and host.get("name", name) != name:
            key = ["hosts", name, "name"]
            problems.append(
                f"{_at(path, text, key)}: hosts.{name}.name: must be {name!r} (the table's name) or left out"
            )
            del host["name"]


def merge_tables(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value in `top` replaces the one in `base`."""
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_tables(merged[key], value)
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
                merge_tables(builtins[name], host)
                if name in builtins
                else {"name": name, "display": name, **host}
            )
        else:
            full[name] = host
    return {**table, "hosts": full}


def _with_builtin_prices(table: dict[str, Any]) -> dict[str, Any]:
    """A [prices.<host>] table sets only what it names (a plan, one model's rate): the rest is built-in."""
    prices = table.get("prices")
    if not isinstance(prices, dict):
        return table
    from routesmith.cost import builtin_price_tables  # deferred: only files with [prices.*] need it

    builtins = builtin_price_tables()
    full = {
        host: merge_tables(builtins.get(host, {"host": host}), given) if isinstance(given, dict) else given
        for host, given in prices.items()
    }
    return {**table, "prices": full}


def _convert(table: dict[str, Any]) -> Config:
    return msgspec.convert(_with_builtin_prices(_with_builtin_hosts(table)), Config)


def _plan_problems(path: Path, text: str, config: Config) -> list[str]:
    """A host's `plan` names one of its plans."""
    from routesmith.suggest import did_you_mean

    return [
        f"{_at(path, text, ['prices', host, 'plan'])}: prices.{host}.plan: unknown plan {prices.plan!r}; "
        f"expected one of: {', '.join(sorted(prices.plans)) or '(none)'}"
        + did_you_mean(prices.plan, sorted(prices.plans))
        for host, prices in config.prices.items()
        if prices.plan not in prices.plans
    ]


def _validate(path: Path, text: str, table: dict[str, Any], problems: list[str]) -> None:
    """Every problem of the file: each bad key is reported, then left out so validation goes on."""
    trial = _deep_copy(table)
    for _ in range(_MAX_PROBLEMS):
        try:
            config = _convert(trial)
        except msgspec.ValidationError as exc:
            problem, key, trail = _error_key(trial, str(exc))
            problems.append(f"{_at(path, text, key)}: {'.'.join(key) or '(top level)'}: {problem}")
            if not trail or not _drop(trial, trail):
                return
            continue
        problems += _plan_problems(path, text, config)
        return


def _editor_warnings(cwd: Path) -> list[str]:
    """User-only `routesmith.*` keys in the workspace's `.vscode/settings.json`: the editor must not apply
    them (the extension marks them machine-scoped) and the language server ignores them from a folder.
    Read as lines, not JSON: the file is JSON with comments, and only the keys' positions matter."""
    path = find_workspace_file(cwd, EDITOR_SETTINGS)
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    from routesmith.trust import SETTING_KEYS, Scope, scope_of

    warnings, seen = [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        for match in re.finditer(_EDITOR_KEY, line):
            key = match.group("key")
            rule = scope_of(key.split("."), SETTING_KEYS)
            if rule is None or rule.scope is not Scope.USER or key in seen:
                continue
            seen.add(key)
            warnings.append(
                f"{path}:{number}:{match.start() + 1}: routesmith.{key}: ignored: workspace settings may not "
                f"set this, it {rule.why}; only user (or remote machine) settings may"
            )
    return warnings


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


def load_config(
    cwd: Path | None = None, env: Mapping[str, str] | None = None, *, host_flag: str | None = None
) -> LoadedConfig:
    """The effective configuration. With `host_flag` (--host) or ROUTESMITH_HOST set, an unknown `host`
    in a file is only a warning: the command line decides the host."""
    cwd = Path.cwd() if cwd is None else cwd
    env = os.environ if env is None else env
    warnings: list[str] = []
    problems: list[str] = []
    origins: dict[str, str] = {}
    _record(origins, _leaves(msgspec.to_builtins(Config()), empty_tables=True), "default")

    layers: list[tuple[str, Path, str, dict[str, Any]]] = []  # (kind, path, text, table)
    user = user_config_path(env)
    if user.is_file():
        layers.append(("user", user, *_read(user)))
    elif user.exists():
        raise ConfigError([f"{user}:1:1: (file): the user config is not a file"])
    workspace = find_workspace_file(cwd)
    if workspace is not None and not (user.is_file() and workspace.samefile(user)):
        layers.append(("workspace", workspace, *_read(workspace)))
    warnings += _editor_warnings(cwd)

    merged: dict[str, Any] = {}
    host_line: tuple[Path, str] | None = None  # where `host` was last set, for an unknown-host error
    for kind, path, text, table in layers:
        _prepare(path, text, table, kind == "user", warnings, problems)
        before = len(problems)
        _validate(path, text, table, problems)
        if len(problems) > before:
            continue
        merged = merge_tables(merged, _deep_copy(table))
        _record(origins, _leaves(table), f"{kind}:{path}")
        if "host" in table:
            host_line = (path, text)
    if problems:
        raise ConfigError(problems)
    config = _convert(merged)

    if config.host and config.host not in _known_hosts(config):
        assert host_line is not None  # the default host is None
        path, text = host_line
        message = f"{_at(path, text, ['host'])}: host: {unknown_host(config.host, _known_hosts(config))}"
        overridden_by = "--host" if host_flag else "ROUTESMITH_HOST" if env.get("ROUTESMITH_HOST") else None
        if overridden_by is None:
            raise ConfigError([message])
        warnings.append(f"{message} (ignored: {overridden_by} decides the host)")
        config = msgspec.structs.replace(config, host=None)
    config = _apply_env(config, env, cwd, origins)
    return LoadedConfig(
        config=config, origins=origins, files=[path for _, path, _, _ in layers], warnings=warnings
    )


def _apply_env(config: Config, env: Mapping[str, str], cwd: Path, origins: dict[str, str]) -> Config:
    if host := env.get("ROUTESMITH_HOST"):
        if host not in _known_hosts(config):
            raise ConfigError([f"ROUTESMITH_HOST={host}: {unknown_host(host, _known_hosts(config))}"])
        config = msgspec.structs.replace(config, host=host)
        origins["host"] = "env:ROUTESMITH_HOST"
    if value := env.get("ROUTESMITH_PREFERENCE"):
        try:
            preference = Preference(value)
        except ValueError:
            from routesmith.suggest import did_you_mean

            choices = [p.value for p in Preference]
            hint = did_you_mean(value, choices)
            raise ConfigError(
                [f"ROUTESMITH_PREFERENCE={value}: expected one of {', '.join(choices)}{hint}"]
            ) from None
        config = msgspec.structs.replace(config, preference=preference)
        origins["preference"] = "env:ROUTESMITH_PREFERENCE"
    if path := env.get("ROUTESMITH_TELEMETRY_PATH"):
        resolved = path if path.startswith("~") or Path(path).is_absolute() else str(cwd.resolve() / path)
        telemetry = msgspec.structs.replace(config.telemetry, path=resolved)
        config = msgspec.structs.replace(config, telemetry=telemetry)
        origins["telemetry.path"] = "env:ROUTESMITH_TELEMETRY_PATH"
    return config
