"""Opt-in background import of the hosts' session logs (setting `importSessionLogs`, off by default): once
the settings are known after start-up, then every POLL_SECONDS, which also catches a host's log growing.
The import runs in a worker thread and skips a round while another import (a `routesmith import` in a
shell) holds the lock. What it appends changes the telemetry log, which the server already watches, so
routes, hints and hover ("from N imported turns") refresh on their own.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import Path

from routesmith.lsp.server import RouteSmithServer

logger = logging.getLogger("routesmith.lsp")

POLL_SECONDS = 60.0
SINCE_DAYS = 30


def register(server: RouteSmithServer) -> None:
    running: list[asyncio.Task[None]] = []

    async def import_round() -> None:
        from routesmith.telemetry.importers import run_import

        config = server.folders.primary().ctx.config
        summary = await asyncio.to_thread(
            run_import,
            config,
            None,
            since=time.time() - SINCE_DAYS * 86400,
            env=os.environ,
            home=Path.home(),
            warn=logger.warning,
            wait=False,
        )
        added = sum(host.added for host in summary.hosts) if summary else 0
        if added:
            logger.info("imported %d outcomes from the hosts' session logs", added)

    async def poll() -> None:
        while server.folders.global_settings().import_session_logs:
            try:
                await import_round()
            except Exception:
                logger.exception("importing session logs failed")
            await asyncio.sleep(POLL_SECONDS)
        running.clear()

    def start() -> None:
        if not running and server.folders.global_settings().import_session_logs:
            running.append(server.spawn(poll(), "import session logs"))

    server.rerouted.append(start)  # the first reroute follows `initialized`; later ones, settings changes
