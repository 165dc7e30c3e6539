"""`routesmith lsp`: the language server on stdio (or TCP for debugging)."""

from __future__ import annotations

import argparse
import sys

from routesmith.errors import UserError


def _address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, e.g. 127.0.0.1:2087, got {value!r}")
    return host, int(port)


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    summary = "start the language server (stdio by default)"
    parser = subparsers.add_parser(name, help=summary, description=summary)
    transport = parser.add_mutually_exclusive_group()
    transport.add_argument("--stdio", action="store_true", help="talk LSP on stdin/stdout (the default)")
    transport.add_argument("--tcp", type=_address, metavar="HOST:PORT", help="listen on TCP, for debugging")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from routesmith.lsp.server import create_server  # deferred: only `routesmith lsp` pays for pygls
    from routesmith.telemetry.outbox import use_sender_thread

    use_sender_thread()  # a long-lived server sends outcomes from a thread, not a process per record
    server = create_server()
    if args.tcp:
        host, port = args.tcp
        print(
            f"routesmith lsp: listening on {host}:{port} (TCP, for debugging; Ctrl-C stops it)",
            file=sys.stderr,
        )
        try:
            server.start_tcp(host, port)
        except OSError as exc:
            raise UserError(f"--tcp {host}:{port}: cannot listen: {exc.strerror}") from None
    else:
        server.start_io()
    return 0
