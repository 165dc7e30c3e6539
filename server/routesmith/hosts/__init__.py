"""Host profiles (data in hosts/data/*.toml) and detection of the host this process runs under.

Detection only trusts what the running process can see about itself: an explicit choice (flag,
ROUTESMITH_HOST, config) or an environment variable a host sets for the processes it starts and a
human's terminal does not have. Variables that also fire for humans (TERM_PROGRAM=vscode, ...) and
instruction files in the workspace are reported, never decisive.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import msgspec

from routesmith import compiled
from routesmith.errors import UserError
from routesmith.model import Config, Detection, EnvMarker, HostProfile
from routesmith.suggest import unknown_host

GENERIC = "generic"
# One variable every host overwrites: when several hosts' markers are inherited (one agent started
# another), its value names the innermost host that set it.
INNERMOST_VAR = "AI_AGENT"
_VALUE_WIDTH = 40  # session ids are long; evidence shows their head

_DATA = Path(__file__).with_name("data")  # a plain path: importlib.resources costs start-up time


@lru_cache(maxsize=1)
def builtin_tables() -> dict[str, dict[str, Any]]:
    """The raw TOML table of each built-in host, by name (config.py merges user overrides into these)."""
    return compiled.load_toml_tables("hosts", _DATA, "hosts/data", "name")


def to_profile(table: Mapping[str, Any], origin: str) -> HostProfile:
    """Validate one host table; errors name `origin` and the key (msgspec's `$.models[0].quality` path)."""
    try:
        return msgspec.convert(table, HostProfile)
    except msgspec.ValidationError as exc:
        raise UserError(f"{origin}: {exc}") from exc


@lru_cache(maxsize=1)
def builtin_profiles() -> dict[str, HostProfile]:
    return {name: to_profile(table, f"hosts/data/{name}.toml") for name, table in builtin_tables().items()}


def load_profiles(config: Config | None = None) -> dict[str, HostProfile]:
    """Built-in profiles with the config's `hosts` on top: a profile in config.hosts replaces the one of
    the same name. (routesmith.config already merged a partial [hosts.<built-in>] table over the built-in
    data, so a user file only sets the fields it changes.)"""
    profiles = builtin_profiles()
    if config is None or not config.hosts:
        return dict(profiles)
    return profiles | config.hosts


def _marker_value(marker: EnvMarker, env: Mapping[str, str]) -> str | None:
    """The variable's value when the marker fires, else None."""
    value = env.get(marker.var)
    if not value:
        return None
    if marker.equals is not None and value != marker.equals:
        return None
    if marker.prefix is not None and not value.startswith(marker.prefix):
        return None
    return value


def _shown(var: str, value: str) -> str:
    return f"{var}={value if len(value) <= _VALUE_WIDTH else value[:_VALUE_WIDTH] + '…'}"


class _Seen(msgspec.Struct):
    strong: dict[str, list[str]]  # host -> "VAR=value" of its strong markers, in profile order
    innermost: str | None  # host whose INNERMOST_VAR marker fired
    weak: list[str]  # evidence lines of markers that also fire for humans


def _scan(env: Mapping[str, str], profiles: Mapping[str, HostProfile]) -> _Seen:
    seen = _Seen(strong={}, innermost=None, weak=[])
    for name, profile in profiles.items():
        for marker in profile.env_markers:
            value = _marker_value(marker, env)
            if value is None:
                continue
            if marker.fires_for_humans:
                line = f"{_shown(marker.var, value)} (also set in a human's terminal: ignored)"
                if line not in seen.weak:  # TERM_PROGRAM=vscode is a weak marker of two hosts
                    seen.weak.append(line)
                continue
            seen.strong.setdefault(name, []).append(_shown(marker.var, value))
            if marker.var == INNERMOST_VAR:
                seen.innermost = name
    return seen


def _from_markers(seen: _Seen) -> tuple[str | None, list[str]]:
    """The host the strong markers point to (None: none fired) and the evidence lines saying why."""
    lines = [f"{marker} ({host})" for host, markers in seen.strong.items() for marker in markers]
    if len(seen.strong) <= 1:
        return next(iter(seen.strong), None), lines
    hosts = " and ".join(seen.strong)
    if seen.innermost is not None:
        chosen = seen.innermost
        why = f"{INNERMOST_VAR} names it (each host overwrites {INNERMOST_VAR}, so it is the innermost one)"
    else:
        # More independent markers is the better-supported claim; ties go to name order, so the
        # answer is at least stable.
        chosen = min(seen.strong, key=lambda host: (-len(seen.strong[host]), host))
        why = "most strong markers, ties broken by name"
    lines.append(f"strong markers of {hosts} (one host started the other): chose {chosen}: {why}")
    return chosen, lines


def configured_for(workspace: Path, profiles: Mapping[str, HostProfile]) -> list[str]:
    """Hosts whose files are in the workspace, from `workspace` up to its repository root.

    Without a repository root only `workspace` itself is looked at, so a CLAUDE.md in a home
    directory does not make every folder below it "configured for" Claude Code.
    """
    start = workspace.resolve()
    root = next((directory for directory in (start, *start.parents) if (directory / ".git").exists()), None)
    chain = [start] if root is None else [d for d in (start, *start.parents) if d.is_relative_to(root)]
    found: list[str] = []
    for name, profile in profiles.items():
        if any((directory / rel).exists() for directory in chain for rel in profile.config_files):
            found.append(name)
    return found


def _checked(name: str, source: str, profiles: Mapping[str, HostProfile]) -> str:
    if name not in profiles:
        raise UserError(f"{source}: {unknown_host(name, profiles)}")
    return name


def detect(
    env: Mapping[str, str],
    *,
    workspace: Path | None = None,
    config: Config | None = None,
    flag: str | None = None,
) -> Detection:
    """Which host this process runs under: flag > ROUTESMITH_HOST > config.host > strong environment
    markers > generic. Every marker seen is listed as evidence, whatever decided."""
    profiles = load_profiles(config)
    seen = _scan(env, profiles)
    from_markers, marker_lines = _from_markers(seen)
    evidence = [*marker_lines, *seen.weak]
    found_in = configured_for(workspace, profiles) if workspace is not None else []

    env_host = env.get("ROUTESMITH_HOST")
    if flag:
        host, source, first = _checked(flag, "--host", profiles), "flag", f"--host {flag}"
    elif env_host:
        host = _checked(env_host, "ROUTESMITH_HOST", profiles)
        source, first = "env:ROUTESMITH_HOST", f"ROUTESMITH_HOST={env_host}"
    elif config is not None and config.host:
        host, source = _checked(config.host, "config host", profiles), "config"
        first = f'host = "{config.host}" in the RouteSmith config'
    elif from_markers is not None:
        return Detection(host=from_markers, source="environment", evidence=evidence, configured_for=found_in)
    else:
        first = "no strong marker of any host in the environment"
        return Detection(host=GENERIC, source="default", evidence=[first, *evidence], configured_for=found_in)
    return Detection(host=host, source=source, evidence=[first, *evidence], configured_for=found_in)
