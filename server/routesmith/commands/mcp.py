"""`routesmith serve-stdio`: the MCP server on stdin/stdout."""

from __future__ import annotations

import argparse
from pathlib import Path

from routesmith.errors import UserError


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    summary = "start the MCP server on stdio (tools: route, detect_host, record_outcome, performance)"
    parser = subparsers.add_parser(name, help=summary, description=summary)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    try:
        from routesmith.mcp import serve
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] != "mcp":
            raise
        # The SDK is an optional extra; everything else in RouteSmith works without it.
        raise UserError(
            "serve-stdio needs the MCP SDK: pip install 'routesmith-lsp[mcp]' "
            "(from a checkout of RouteSmith: pip install -e '.[mcp]')"
        ) from None

    serve(Path.cwd())
    return 0
