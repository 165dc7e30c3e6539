"""Test helper process: append batches to a log and print `tag-i` after each append is acknowledged."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from routesmith.model import Capability, OutcomeRecord, Source, TaskType, TelemetrySettings
from routesmith.telemetry import open_log


def main(path: str, tag: str, count: int, batch: int, max_bytes: int) -> None:
    log = open_log(TelemetrySettings(path=str(Path(path)), max_bytes=max_bytes))
    for i in range(count):
        records = [
            OutcomeRecord(
                time=time.time(),
                host="claude_code",
                model="claude-haiku-4-5",
                task=TaskType.FORMATTING,
                capability=Capability.FAST,
                success=True,
                source=Source.RUN,
                route_id=f"{tag}-{i}",
                step_id=j,
            )
            for j in range(batch)
        ]
        log.append(records)
        print(f"{tag}-{i}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
