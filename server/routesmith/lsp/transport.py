"""The stdio transport: pygls' message loop, with stdin read by the event loop itself.

pygls reads stdin in a worker thread, one hop per header line and per body: each message waits for a
thread to wake and for the GIL back (on the 2,000-line spec file of bench/bench_lsp.py, those hops were the
server's largest cost outside routing). Where stdin is a pipe or a socket (every editor), asyncio reads it
without a thread; anything else keeps pygls' own reader: a regular file, which asyncio cannot watch, and a
terminal, which asyncio would leave non-blocking for the shell after the server exits.
"""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import sys
import threading
from typing import TYPE_CHECKING, BinaryIO

from pygls.io_ import StdoutWriter, run_async

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

# Longest header line read whole (a header is "Content-Length: N"); a body has no limit.
HEADER_LIMIT = 1 << 20


class PipeReader:
    """pygls' AsyncReader over an asyncio stream."""

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self.stream = stream

    async def readline(self) -> bytes:
        try:
            return await self.stream.readline()
        except ValueError:  # a line past HEADER_LIMIT: no header pygls knows, skipped as one
            return b"X-Skipped: overlong line\r\n"

    async def readexactly(self, size: int) -> bytes:
        try:
            return await self.stream.readexactly(size)
        except asyncio.IncompleteReadError:  # the client left mid-message: the loop ends on b""
            return b""


def readable_by_loop(stdin: BinaryIO) -> bool:
    """Whether stdin is a pipe or a socket on a POSIX system (see the module's doc)."""
    if sys.platform == "win32":
        return False
    try:
        mode = os.fstat(stdin.fileno()).st_mode
    except (OSError, ValueError):  # no file descriptor (a test's stream)
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def serve_stdio(server: LanguageServer, stdin: BinaryIO, stdout: BinaryIO) -> None:
    """What pygls' `start_io` does, with stdin read by the loop (see the module's doc)."""
    server._stop_event = stop = threading.Event()  # pygls' shutdown sets it to end the loop
    server.protocol.set_writer(StdoutWriter(stdout))

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        stream = asyncio.StreamReader(limit=HEADER_LIMIT)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stream), stdin)
        await run_async(
            stop_event=stop,
            reader=PipeReader(stream),
            protocol=server.protocol,
            logger=logging.getLogger("pygls.server"),  # as pygls' own loop logs (filtered in lsp.server)
            error_handler=server.report_server_error,
        )

    try:
        asyncio.run(serve())
    except BrokenPipeError:
        pass  # the client is gone: nobody to tell
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()
