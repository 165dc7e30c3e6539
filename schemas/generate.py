"""Generate the JSON Schemas in this directory from the msgspec types (the only source of truth).

python schemas/generate.py          # rewrite the schemas
python schemas/generate.py --check  # exit 1 and name the stale files (CI and tests use this)
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

import msgspec

HERE = Path(__file__).resolve().parent

# file name -> "module:Type"; imported lazily so one broken module names itself.
REGISTRY: dict[str, str] = {
    "config.json": "routesmith.model:Config",
    "host-profile.json": "routesmith.model:HostProfile",
    "route.json": "routesmith.model:Route",
    "explain-output.json": "routesmith.model:ExplainOutput",
    "outcome-record.json": "routesmith.model:OutcomeRecord",
    "lsp-settings.json": "routesmith.lsp.settings:ServerSettings",
    "record-output.json": "routesmith.contract:RecordOutput",
    "import-output.json": "routesmith.contract:ImportOutput",
    "history-output.json": "routesmith.contract:HistoryOutput",
    "stats-output.json": "routesmith.contract:StatsOutput",
    "stats-cost-output.json": "routesmith.contract:CostOutput",
    "prune-output.json": "routesmith.contract:PruneOutput",
    "export-output.json": "routesmith.contract:ExportOutput",
    "doctor-output.json": "routesmith.contract:DoctorOutput",
}


def render(target: str) -> str:
    module_name, type_name = target.split(":")
    kind = getattr(importlib.import_module(module_name), type_name)
    schema = msgspec.json.schema(kind)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$comment"] = f"Generated from {target} by schemas/generate.py; do not edit."
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--check", action="store_true", help="fail if a checked-in schema is stale")
    args = parser.parse_args(argv)
    stale = []
    for name, target in REGISTRY.items():
        path = HERE / name
        text = render(target)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
            print(f"wrote schemas/{name}")
    if args.check and stale:
        print("stale schemas (run `python schemas/generate.py`): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
