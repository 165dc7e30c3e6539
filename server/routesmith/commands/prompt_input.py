"""Arguments shared by the commands that route a prompt (`explain`, `run`): where the prompt comes from,
and the host/preference overrides."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from routesmith.errors import UserError
from routesmith.limits import limit_note, routed_length
from routesmith.model import Preference


def add_prompt_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("prompt", nargs="?", help='the prompt, or "-" to read it from stdin')
    parser.add_argument("--file", type=Path, help="read the prompt from this file")
    parser.add_argument("--host", help="host profile to route for (default: detected)")
    parser.add_argument(
        "--preference",
        type=_preference,
        metavar="{cost,quality,balanced}",
        help="pick within the host's models by cost, quality or balanced (default: the config's)",
    )


def _preference(value: str) -> Preference:
    try:
        return Preference(value)
    except ValueError:
        from routesmith.suggest import did_you_mean

        choices = [p.value for p in Preference]
        raise argparse.ArgumentTypeError(
            f"invalid value {value!r}; expected one of: {', '.join(choices)}{did_you_mean(value, choices)}"
        ) from None


def read_prompt(args: argparse.Namespace) -> str:
    """The prompt to route: past limits.ROUTE_LIMIT its head, and a note on stderr says what is left out."""
    if args.file is not None and args.prompt is not None:
        raise UserError("give the prompt as an argument, `-` or --file, not both")
    if args.file is not None:
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"--file {args.file}: cannot read: {exc}") from exc
    elif args.prompt == "-":
        text = sys.stdin.read()
    elif args.prompt is not None:
        text = args.prompt
    else:
        raise UserError("no prompt: pass it as an argument, `-` for stdin, or --file PATH")
    if not text.strip():
        raise UserError("the prompt is empty")
    routed = routed_length(text)
    if routed < len(text):
        print(f"routesmith: note: {limit_note(text, routed)}", file=sys.stderr)
    return text[:routed]
