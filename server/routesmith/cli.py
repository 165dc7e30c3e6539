"""`routesmith` command line: a thin dispatcher.

Only the module of the command being run is imported, so `routesmith explain` never pays for pygls,
the telemetry reader or the MCP SDK. Each command module exposes `register(subparsers, name)`, which
adds the parser for command `name` and sets `func=callable(args) -> int` as a default.
"""

from __future__ import annotations

import functools
import gc
import importlib
import os
import sys
import types

# Decomposing a long prompt allocates many small objects that live until the route is printed (or, in the
# language server, until the next edit), and none of them form cycles: with the default thresholds the
# collector re-walks them all again and again, close to half the time of an edit of a 2,000-line prompt.
# Collect the youngest generation every 50,000 allocations instead of 700, from the start: the imports
# below allocate enough for a dozen collections too.
gc.set_threshold(50_000, 20, 20)


def _import_with_stand_ins(module: str, stand_ins: dict[str, types.ModuleType | None]) -> None:
    """Import `module` while `stand_ins` take the place of modules it loads only for what the command line
    never uses; they leave sys.modules afterwards, so anything imported later still gets the real ones."""
    if module in sys.modules:
        return
    taken = {name: stand_in for name, stand_in in stand_ins.items() if name not in sys.modules}
    sys.modules.update(taken)  # type: ignore[arg-type]
    try:
        importlib.import_module(module)
    finally:
        for name in taken:
            del sys.modules[name]


def _stand_in(name: str, **attributes: object) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


def _on_first_use(name: str) -> types.ModuleType:
    """A stand-in that imports the real module when one of its attributes is first read (by then the
    stand-in has left sys.modules, so the import finds the real one)."""
    return _stand_in(name, __getattr__=lambda attribute: getattr(importlib.import_module(name), attribute))


# Start-up is most of a short `explain`, so modules loaded for nothing count (python -X importtime):
# - msgspec imports typing_extensions (and with it `inspect`, ~10 ms) only for Required/NotRequired and
#   get_type_hints, and falls back to typing's, which is all our types use;
# - msgspec's C core imports uuid, which imports platform (~3 ms) for one platform.system() call;
# - msgspec's JSON Schema generator imports textwrap (~0.7 ms) for one dedent, of docstrings in schemas,
#   and urllib.parse (which pathlib imports) ipaddress (~0.8 ms) for URLs with an IP address in brackets:
#   both get theirs on first use;
# - argparse imports gettext (and locale, ~2 ms) for translations Python does not ship, and shutil (~2 ms)
#   for the terminal width, which _Formatter reads the same way without it.
_import_with_stand_ins(
    "msgspec",
    {
        "typing_extensions": None,
        "platform": _stand_in("platform", system=lambda: os.uname().sysname),
        "textwrap": _on_first_use("textwrap"),
    },
)
_import_with_stand_ins("urllib.parse", {"ipaddress": _on_first_use("ipaddress")})
_import_with_stand_ins(
    "argparse",
    {
        "gettext": _stand_in(
            "gettext", gettext=lambda message: message, ngettext=lambda one, many, n: one if n == 1 else many
        )
    },
)

import argparse  # noqa: E402 (after its stand-ins)

from routesmith import __version__  # noqa: E402
from routesmith.commands.output import terminal_width  # noqa: E402
from routesmith.errors import UserError  # noqa: E402


class _Formatter(argparse.HelpFormatter):
    """argparse's own formatter (argparse builds one for every add_argument), with the terminal width read
    without importing shutil."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ):
        super().__init__(prog, indent_increment, max_help_position, width or (terminal_width() or 80) - 2)


# command name -> (module, one-line help). Several commands may share a module.
COMMANDS: dict[str, tuple[str, str]] = {
    "explain": ("routesmith.commands.explain", "split a prompt into steps and route each on this host"),
    "detect-host": ("routesmith.commands.hosts", "say which coding-agent host is running, with evidence"),
    "capabilities": ("routesmith.commands.hosts", "list a host's models per capability and how it switches"),
    "doctor": ("routesmith.commands.doctor", "show effective configuration and where each value came from"),
    "record": ("routesmith.commands.telemetry", "record an outcome (or import JSONL) into the telemetry log"),
    "stats": ("routesmith.commands.telemetry", "success rates and durations from the telemetry log"),
    "history": ("routesmith.commands.telemetry", "recent outcomes from the telemetry log"),
    "export": ("routesmith.commands.telemetry", "send recorded outcomes to an OpenTelemetry collector"),
    "import": ("routesmith.commands.importer", "learn outcomes from the hosts' local session logs"),
    "prune": ("routesmith.commands.telemetry", "delete old outcomes from the telemetry log"),
    "run": ("routesmith.commands.run", "execute the steps through the host's own CLI"),
    "install": ("routesmith.commands.install", "write routing guidance into a host's instruction files"),
    "uninstall": ("routesmith.commands.install", "remove what `install` added"),
    "lsp": ("routesmith.commands.lsp", "start the language server (stdio by default)"),
    "serve-stdio": ("routesmith.commands.mcp", "start the MCP server on stdio"),
}


def build_parser(
    selected: str | None = None,
) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser | None]:
    """The full parser for `selected` alone (and that command's own parser), or, with no command selected,
    placeholders for every command that only show help (each subparser costs argparse's gettext lookups: a
    millisecond of start-up)."""
    parser = argparse.ArgumentParser(
        prog="routesmith",
        formatter_class=_Formatter,
        description="Split a multi-step coding prompt into ordered steps and route each to the right model "
        "on the host you are running in.",
    )
    parser.add_argument("--version", action="version", version=f"routesmith {__version__}")
    subparsers = parser.add_subparsers(
        dest="command",
        metavar="COMMAND",
        parser_class=functools.partial(argparse.ArgumentParser, formatter_class=_Formatter),
    )
    if selected is not None:
        importlib.import_module(COMMANDS[selected][0]).register(subparsers, selected)
        return parser, subparsers.choices[selected]
    for name, (_, summary) in COMMANDS.items():
        subparsers.add_parser(name, help=summary, description=summary)
    return parser, None


def _unrecognized(command: argparse.ArgumentParser, extra: list[str]) -> str:
    """ "unrecognized arguments: --jsn; did you mean --json?" (argparse says it without the hint)."""
    from routesmith.suggest import did_you_mean

    flags = [flag for action in command._actions for flag in action.option_strings]
    first = next((arg for arg in extra if arg.startswith("-")), None)
    hint = did_you_mean(first.partition("=")[0], flags, cutoff=0.75) if first else ""
    return f"unrecognized arguments: {' '.join(extra)}{hint}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    first = argv[0] if argv else None
    if first is not None and not first.startswith("-") and first not in COMMANDS:
        from routesmith.suggest import did_you_mean

        build_parser()[0].print_usage(sys.stderr)
        hint = did_you_mean(first, COMMANDS)
        print(
            f"routesmith: error: unknown command {first!r} (`routesmith --help` lists them){hint}",
            file=sys.stderr,
        )
        return 2
    parser, command = build_parser(first if first in COMMANDS else None)
    # Unknown arguments are the command's to report, with its usage (argparse would show the top level's).
    args, extra = parser.parse_known_args(argv)
    if extra:
        (command or parser).error(_unrecognized(command or parser, extra))
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        for line in str(exc).splitlines() or [""]:  # a config error lists every problem, one a line
            print(f"routesmith: error: {line}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("routesmith: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `routesmith stats | head`: the reader left; not an error worth a traceback.
        return 0


def run() -> int:
    """The `routesmith` command (`main` is for callers in a process that goes on)."""
    code = main()
    # At exit Python collects once more over every object still alive: after `explain` of 1 MB, the cached
    # readings of every block, 0.1-0.2 s of CPU to find no garbage. Frozen objects are left out of it.
    gc.freeze()
    return code
