"""The real-file corpus (tests/data/real/) scores through its own scorer, above today's floors."""

from __future__ import annotations

import importlib.util
import json
from functools import partial
from pathlib import Path

REAL = Path(__file__).parents[1] / "data" / "real"


def _scorer():
    spec = importlib.util.spec_from_file_location("real_score", REAL / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_file_has_a_manifest_row_a_label_and_a_licence() -> None:
    manifest = [
        json.loads(line) for line in (REAL / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    labels = {
        json.loads(line)["id"] for line in (REAL / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    }
    assert len(manifest) >= 250 and {row["id"] for row in manifest} == labels
    assert all(
        row["license"] and len(row["commit"]) == 40 and (REAL / "files" / row["file"]).is_file()
        for row in manifest
    )
    per_repo: dict[str, int] = {}
    for row in manifest:
        per_repo[row["repo"]] = per_repo.get(row["repo"], 0) + 1
    assert max(per_repo.values()) <= 3


def test_the_development_half_scores_above_its_floor() -> None:
    scorer = _scorer()
    result = scorer.score(scorer.load("dev"), scorer.in_process, verbose=False)
    # Floors just under the figures of the last change: a regression in document reading fails here.
    assert result["files"] > 100
    assert result["f1"] >= 0.76 and result["exact"] >= 0.71 and result["none_quiet"] >= 0.99


def test_the_development_half_read_with_no_path_scores_above_its_floor() -> None:
    scorer = _scorer()
    result = scorer.score(scorer.load("dev"), partial(scorer.in_process, with_path=False), verbose=False)
    # Each text as from stdin or the MCP `route` tool: what kind of file it is comes from the text alone.
    assert result["f1"] >= 0.74 and result["exact"] >= 0.68 and result["none_quiet"] >= 0.95
