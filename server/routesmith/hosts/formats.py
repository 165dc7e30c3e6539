"""The frontmatter each host reads in each kind of file (data in hosts/data/formats/*.toml, with sources).

A file kind (a Claude Code subagent, a Copilot prompt file, a Cursor rule, ...) is found by path; its keys
say what type each value has, which values the host documents and where the fact comes from. The checks
here are pure: they read the frontmatter RouteSmith already parsed and return problems with code-point
spans, for the language server to show and fix.
"""

from __future__ import annotations

import difflib
import re
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import msgspec

from routesmith import compiled
from routesmith.decompose.frontmatter import Frontmatter, FrontmatterEntry, parse_frontmatter
from routesmith.errors import UserError
from routesmith.files import glob_matcher
from routesmith.hosts.toml_keys import TomlEntry, TomlType, parse_toml_keys
from routesmith.model import HostProfile
from routesmith.routing import find_model

_DATA = Path(__file__).with_name("data") / "formats"


class ValueType(StrEnum):
    STRING = "string"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    NUMBER = "number"
    ENUM = "enum"  # one of `values` (or, when `open`, anything)
    MODEL = "model"  # a model of the file's host, one of `values`, or an id matching `accepts`
    LIST = "list"  # a YAML list, a flow list or a comma-separated string
    GLOBS = "globs"  # like a list, of globs relative to the workspace
    OBJECT = "object"  # a mapping RouteSmith does not look into


class KeySpec(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    doc: str
    source: str  # a key of the host's [sources]
    type: ValueType = ValueType.STRING
    required: bool = False
    values: list[str] = []  # enum values, suggested list items, or model values besides the host's models
    open: bool = False  # `values` only suggest: other values are read too
    many: bool = False  # a model key that also takes a list (an ordered fallback)
    accepts: str | None = None  # a pattern of further model ids the host takes
    replaced_by: str | None = None  # an older key the host still reads under this newer name
    ignored: str | None = None  # why the host does not read this key in this kind of file


class Syntax(StrEnum):
    YAML = "yaml"  # frontmatter at the top of a Markdown file
    TOML = "toml"  # a TOML file whose top-level keys are the format's (Gemini CLI commands)


class FileKind(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: str
    display: str
    globs: list[str]  # relative to a project root, which may sit below the workspace folder
    source: str
    syntax: Syntax = Syntax.YAML
    keys: dict[str, KeySpec] = {}


class HostFormats(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    host: str
    describes: str  # the host version the data describes: a newer one may read more keys
    sources: dict[str, str]
    kinds: list[FileKind] = []


def _read() -> dict[str, HostFormats]:
    import tomllib  # only when the compiled copy is rebuilt

    formats: dict[str, HostFormats] = {}
    for path in sorted(_DATA.glob("*.toml")):
        where = f"hosts/data/formats/{path.name}"
        try:
            data = msgspec.convert(tomllib.loads(path.read_text(encoding="utf-8")), HostFormats)
        except (tomllib.TOMLDecodeError, msgspec.ValidationError) as exc:
            raise UserError(f"{where}: {exc}") from exc
        if data.host != path.stem:
            raise UserError(f"{where}: host: must be {path.stem!r}")
        for kind in data.kinds:
            for name, spec in [("", kind), *kind.keys.items()]:
                if spec.source not in data.sources:
                    key = f"kinds.{kind.id}" + (f".keys.{name}" if name else "")
                    raise UserError(f"{where}: {key}.source: {spec.source!r} is not in [sources]")
        formats[data.host] = data
    return formats


@lru_cache(maxsize=1)
def host_formats() -> dict[str, HostFormats]:
    sources = [*sorted(_DATA.glob("*.toml")), Path(__file__)]
    return compiled.load("formats", sources, _read, dict[str, HostFormats])


@lru_cache(maxsize=1)
def _kinds() -> list[tuple[re.Pattern[str], HostFormats, FileKind]]:
    """Kinds anchored in a directory first, so `.claude/commands/x.prompt.md` is a command, not a Copilot
    prompt file because of its extension."""
    found = [
        (glob_matcher(tuple(f"**/{glob}" for glob in kind.globs)), formats, kind)
        for formats in host_formats().values()
        for kind in formats.kinds
    ]
    return sorted(found, key=lambda entry: not any("/" in glob for glob in entry[2].globs))


@lru_cache(maxsize=256)
def kind_of(path: str) -> tuple[HostFormats, FileKind] | None:
    """The host and file kind whose frontmatter `path` (a `/` path, relative or absolute) holds."""
    for matcher, formats, kind in _kinds():
        if matcher.fullmatch(path):
            return formats, kind
    return None


def read_keys(text: str, path: str) -> Frontmatter | None:
    """The keys of `text` as the file kind of `path` writes them: TOML keys for a TOML kind, else the
    YAML frontmatter (None when there is none)."""
    found = kind_of(path)
    if found is not None and found[1].syntax is Syntax.TOML:
        return parse_toml_keys(text)
    return parse_frontmatter(text)


# -- values ---------------------------------------------------------------------------------------------

_BOOLEAN = re.compile(r"true|false|True|False|TRUE|FALSE")
_INTEGER = re.compile(r"[-+]?\d+")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ITEM = re.compile(r"[ \t]+-[ \t]*(?P<item>.*?)[ \t]*\r?$")


class Item(msgspec.Struct, frozen=True):
    text: str  # quotes removed
    span: tuple[int, int]


def _unquoted(text: str, start: int) -> Item:
    stripped = text.strip()
    start += len(text) - len(text.lstrip())
    if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "\"'":
        return Item(stripped[1:-1], (start + 1, start + len(stripped) - 1))
    return Item(stripped, (start, start + len(stripped)))


def _split(text: str, start: int) -> list[Item]:
    """Comma-separated items of `text` (at offset `start`), quotes removed."""
    items, at = [], start
    for piece in text.split(","):
        items.append(_unquoted(piece, at))
        at += len(piece) + 1
    return items


def block_lines(text: str, entry: FrontmatterEntry, frontmatter: Frontmatter) -> list[tuple[int, str]]:
    """(offset, line) of the indented lines below `entry` (its block value), up to the next key."""
    lines = []
    at = text.find("\n", entry.value_span[1])
    end = frontmatter.body_start
    while 0 <= at < end:
        start = at + 1
        at = text.find("\n", start)
        line = text[start : at if at >= 0 else len(text)]
        if line.startswith(("---", "...")) or (line.strip() and line[0] not in " \t-"):
            break
        lines.append((start, line))
    return lines


def quoted(text: str, entry: FrontmatterEntry) -> bool:
    start = entry.value_span[0]
    return start > 0 and text[start - 1] in "\"'"


def flow_list(text: str, entry: FrontmatterEntry) -> bool:
    """Is the value a YAML flow list, `[a, b]` (not the quoted text "[a]")?"""
    return entry.value.startswith("[") and entry.value.endswith("]") and not quoted(text, entry)


def items(text: str, entry: FrontmatterEntry, frontmatter: Frontmatter) -> list[Item] | None:
    """The items of a list value: `[a, b]`, `a, b`, or `- a` lines below the key. None: a mapping."""
    value, (start, _) = entry.value, entry.value_span
    if value:
        if flow_list(text, entry):
            return [] if not value[1:-1].strip() else _split(value[1:-1], start + 1)
        return _split(value, start)
    found: list[Item] = []
    for offset, line in block_lines(text, entry, frontmatter):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _ITEM.fullmatch(line) or re.fullmatch(r"-[ \t]*(?P<item>.*?)[ \t]*\r?", line)
        if match is None:
            return None  # `key:` then `  sub: value`: a mapping
        found.append(_unquoted(match.group("item"), offset + match.start("item")))
    return found


def model_names(profile: HostProfile | None, spec: KeySpec) -> list[str]:
    """The values a model key offers: the host's aliases first, then its ids, then the kind's own."""
    names: list[str] = []
    if profile is not None:
        names += [alias for model in profile.models for alias in model.aliases]
        names += [model.id for model in profile.models]
    return list(dict.fromkeys([*names, *spec.values]))


def model_usable(profile: HostProfile | None, spec: KeySpec, value: str) -> bool:
    if spec.open or value in spec.values:
        return True
    if spec.accepts is not None and re.fullmatch(spec.accepts, value):
        return True
    return profile is not None and find_model(profile, value) is not None


def impossible_glob(glob: str) -> str | None:
    """Why `glob` can never match a file in the workspace, or None."""
    if not glob:
        return "an empty glob matches nothing"
    if glob.startswith("/") or re.match(r"[A-Za-z]:[\\/]", glob):
        return "it is an absolute path; these globs match paths relative to the workspace"
    if ".." in glob.replace("\\", "/").split("/"):
        return "`..` leaves the workspace, and only paths inside it are matched"
    if glob.endswith("/"):
        return "it ends in `/`, so it names a directory, and only files match (use `dir/**`)"
    if glob.count("{") != glob.count("}"):
        return "its `{` and `}` do not pair up"
    if glob.count("[") > glob.count("]"):
        return "it opens a `[` character class it never closes"
    return None


def closest(name: str, candidates: list[str]) -> str | None:
    lowered = {candidate.lower(): candidate for candidate in candidates}
    if name.lower() in lowered:
        return lowered[name.lower()]  # `applyto` for `applyTo`
    found = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


# -- checks ---------------------------------------------------------------------------------------------


class Code(StrEnum):
    UNKNOWN_KEY = "frontmatter-unknown-key"
    RENAMED_KEY = "frontmatter-renamed-key"
    IGNORED_KEY = "frontmatter-ignored-key"
    DUPLICATE_KEY = "frontmatter-duplicate-key"
    MISSING_KEY = "frontmatter-missing-key"
    WRONG_TYPE = "frontmatter-wrong-type"
    UNUSABLE_MODEL = "frontmatter-unusable-model"
    IMPOSSIBLE_GLOB = "frontmatter-impossible-glob"


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    code: Code
    span: tuple[int, int]
    message: str
    replacement: str | None = None  # what a quick fix puts at `span`


def _is_list(text: str, entry: FrontmatterEntry, listed: list[Item] | None) -> bool:
    """Is the value written as a list (`- a` lines below the key, or `[a, b]`)?"""
    return flow_list(text, entry) or (not entry.value and bool(listed))


def _type_problem(text: str, spec: KeySpec, entry: FrontmatterEntry, listed: list[Item] | None) -> str | None:
    """What is wrong with a scalar of the wrong type, or None."""
    value = entry.value
    is_list = _is_list(text, entry, listed)
    if spec.type is ValueType.BOOLEAN and not _BOOLEAN.fullmatch(value):
        return f"expects true or false, got {value or 'a block value'!r}"
    if spec.type is ValueType.INTEGER and not _INTEGER.fullmatch(value):
        return f"expects a whole number, got {value or 'a block value'!r}"
    if spec.type is ValueType.NUMBER and not _NUMBER.fullmatch(value):
        return f"expects a number, got {value or 'a block value'!r}"
    if spec.type in (ValueType.STRING, ValueType.ENUM) and is_list:
        return "expects one value, got a list"
    if spec.type is ValueType.MODEL and is_list and not spec.many:
        return "expects one model, got a list (this file takes no fallback list)"
    return None


def check(
    text: str,
    frontmatter: Frontmatter | None,
    formats: HostFormats,
    kind: FileKind,
    profile: HostProfile | None,
) -> list[Problem]:
    """Every problem of the frontmatter of a file of `kind`. `profile` is the file's host (None: a host
    the config removed), whose models a `model:` must name."""
    version = f"(RouteSmith's data describes {formats.describes}; a newer version may read more)"
    entries = frontmatter.entries if frontmatter is not None else []
    problems: list[Problem] = []
    seen: set[str] = set()
    for entry in entries:
        spec = kind.keys.get(entry.key)
        if entry.key in seen:
            message = f"`{entry.key}` is set twice; hosts read one of them"
            problems.append(Problem(code=Code.DUPLICATE_KEY, span=entry.key_span, message=message))
            continue
        seen.add(entry.key)
        if spec is None:
            guess = closest(entry.key, [k for k in kind.keys if k not in seen])
            hint = f"did you mean `{guess}`?" if guess else f"it reads: {', '.join(kind.keys)}"
            message = f"`{entry.key}` is not a key of a {kind.display}: {hint} {version}"
            problems.append(
                Problem(code=Code.UNKNOWN_KEY, span=entry.key_span, message=message, replacement=guess)
            )
            continue
        if spec.ignored is not None:
            message = f"{kind.display}: {spec.ignored} {version}"
            problems.append(Problem(code=Code.IGNORED_KEY, span=entry.key_span, message=message))
            continue
        if spec.replaced_by is not None:
            message = f"`{entry.key}` is the older name of `{spec.replaced_by}` in a {kind.display}"
            fix = spec.replaced_by if all(e.key != spec.replaced_by for e in entries) else None
            problems.append(
                Problem(code=Code.RENAMED_KEY, span=entry.key_span, message=message, replacement=fix)
            )
        if isinstance(entry, TomlEntry):
            problems += _toml_value_problems(entry, spec, kind)
        else:
            problems += _value_problems(text, frontmatter, entry, spec, kind, profile)
    if frontmatter is None or not frontmatter.error:  # a broken block may hide the key
        for name, spec in kind.keys.items():
            if spec.required and name not in seen:
                span = _missing_span(text, frontmatter, kind)
                message = (
                    f"a {kind.display} needs `{name} = ...`"
                    if kind.syntax is Syntax.TOML
                    else f"a {kind.display} needs `{name}:` in its frontmatter"
                )
                problems.append(Problem(code=Code.MISSING_KEY, span=span, message=message))
    return problems


def _missing_span(text: str, frontmatter: Frontmatter | None, kind: FileKind) -> tuple[int, int]:
    """Where a missing key is reported: the opening fence of a frontmatter, the first line of a TOML file."""
    if kind.syntax is Syntax.TOML:
        newline = text.find("\n")
        return (0, len(text) if newline < 0 else len(text[:newline].rstrip("\r")))
    return (0, 3) if frontmatter is not None else (0, 0)


# The TOML types a key of each value type takes.
_TOML_TYPES: dict[ValueType, tuple[TomlType, ...]] = {
    ValueType.STRING: (TomlType.STRING,),
    ValueType.ENUM: (TomlType.STRING,),
    ValueType.MODEL: (TomlType.STRING,),
    ValueType.BOOLEAN: (TomlType.BOOLEAN,),
    ValueType.INTEGER: (TomlType.INTEGER,),
    ValueType.NUMBER: (TomlType.INTEGER, TomlType.FLOAT),
    ValueType.LIST: (TomlType.ARRAY,),
    ValueType.GLOBS: (TomlType.ARRAY,),
    ValueType.OBJECT: (TomlType.TABLE,),
}


def _toml_value_problems(entry: TomlEntry, spec: KeySpec, kind: FileKind) -> list[Problem]:
    """A TOML value of the wrong type (the value of a malformed line has no type and is left to the
    syntax error)."""
    expected = _TOML_TYPES[spec.type]
    if entry.type in expected or entry.type is TomlType.NOTHING:
        return []
    message = f"`{entry.key}` in a {kind.display} expects {expected[0]}, got {entry.type}"
    span = entry.value_span if entry.value_span[0] < entry.value_span[1] else entry.key_span
    return [Problem(code=Code.WRONG_TYPE, span=span, message=message)]


def _value_problems(
    text: str,
    frontmatter: Frontmatter | None,
    entry: FrontmatterEntry,
    spec: KeySpec,
    kind: FileKind,
    profile: HostProfile | None,
) -> list[Problem]:
    assert frontmatter is not None  # an entry comes from a frontmatter
    listed = items(text, entry, frontmatter) if spec.type is not ValueType.OBJECT else None
    where = f"`{entry.key}` in a {kind.display}"
    wrong = _type_problem(text, spec, entry, listed)
    if wrong is not None:
        span = entry.value_span if entry.value else entry.key_span
        return [Problem(code=Code.WRONG_TYPE, span=span, message=f"{where} {wrong}")]
    problems: list[Problem] = []
    if spec.type is ValueType.ENUM and not spec.open and entry.value not in spec.values:
        guess = closest(entry.value, spec.values)
        message = f"{where} is one of {', '.join(spec.values)}, not {entry.value!r}"
        problems.append(
            Problem(code=Code.WRONG_TYPE, span=entry.value_span, message=message, replacement=guess)
        )
    elif spec.type is ValueType.MODEL:
        values = listed if _is_list(text, entry, listed) else [Item(entry.value, entry.value_span)]
        for item in values or []:
            if item.text and not model_usable(profile, spec, item.text):
                names = model_names(profile, spec)
                host = profile.display if profile else "the host"
                message = (
                    f"{host} cannot use model {item.text!r} in a {kind.display} "
                    f"(it takes: {', '.join(names)})"
                )
                problems.append(
                    Problem(
                        code=Code.UNUSABLE_MODEL,
                        span=item.span,
                        message=message,
                        replacement=closest(item.text, names),
                    )
                )
    elif spec.type is ValueType.GLOBS and listed is not None:
        for item in listed:
            why = impossible_glob(item.text)
            if why is not None:
                shown = f"`{item.text}`" if item.text else "an empty entry"
                message = f"{where}: {shown} can never match: {why}"
                span = item.span if item.text else entry.value_span
                problems.append(Problem(code=Code.IMPOSSIBLE_GLOB, span=span, message=message))
    elif spec.type is ValueType.LIST and not spec.open and listed is not None:
        for item in listed:
            if item.text not in spec.values:
                message = f"{where}: {item.text!r} is not one of {', '.join(spec.values)}"
                problems.append(
                    Problem(
                        code=Code.WRONG_TYPE,
                        span=item.span,
                        message=message,
                        replacement=closest(item.text, spec.values),
                    )
                )
    return problems
