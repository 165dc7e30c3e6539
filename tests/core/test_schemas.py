"""The checked-in JSON Schemas are what the msgspec types generate today."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def test_checked_in_schemas_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(SCHEMAS / "generate.py"), "--check"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_check_fails_on_a_stale_schema(tmp_path: Path) -> None:
    copy = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, copy)
    schema = json.loads((copy / "outcome-record.json").read_text(encoding="utf-8"))
    schema["$defs"]["OutcomeRecord"]["properties"].pop("success")
    (copy / "outcome-record.json").write_text(json.dumps(schema), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(copy / "generate.py"), "--check"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "outcome-record.json" in result.stderr


def test_explain_schema_describes_the_json_contract() -> None:
    schema = json.loads((SCHEMAS / "explain-output.json").read_text(encoding="utf-8"))
    step = schema["$defs"]["ExplainStep"]
    kept = ["id", "task", "capability", "model", "strategy", "depends_on", "span", "text", "reasons"]
    added = ["optional", "condition", "approval_gate", "section", "number"]
    assert list(step["properties"]) == sorted(kept + added)
    assert set(step["required"]) == set(kept)  # what 0.1 printed stays required
    output = schema["$defs"]["ExplainOutput"]["properties"]
    assert {"host", "steps", "host_source", "can_switch", "excluded", "notes", "cost"} == set(output)
    cost = schema["$defs"]["ExplainCost"]
    assert set(cost["required"]) == {"unit", "route", "baseline", "saving"}
