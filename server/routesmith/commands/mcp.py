"""`routesmith serve-stdio`: the MCP server on stdin/stdout."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

from routesmith.errors import UserError


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    summary = "start the MCP server on stdio (tools: route, detect_host, record_outcome, performance)"
    parser = subparsers.add_parser(name, help=summary, description=summary)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    # The SDK is an optional extra; everything else in RouteSmith works without it.
    if importlib.util.find_spec("mcp") is None:
        raise UserError("serve-stdio needs the MCP SDK: pip install 'routesmith-lsp[mcp]'")
    from routesmith.mcp import serve

    serve(Path.cwd())
    return 0
