"""Real prompt and instruction files from the corpus (tests/data/real/), opened in the language server at
their original paths: hints appear only where the gold labels have steps, and name exactly the labelled
task types."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REAL = Path(__file__).parents[1] / "data" / "real"
# Files of every kind and host, three languages besides English, five with no task at all; then a
# commit-message workflow (the answer is no docs), a Copilot agent-mode prompt with a search-only `tools:`
# list, a Spanish refactor prompt under "## Proceso", a CLAUDE.md whose workflow is only "after changing X,
# run:" and a commit command that splits commits (no refactor).
CHOSEN = ("b015", "a020", "c006", "a069", "b031", "c030", "a008", "c051", "e027", "a038", "e070", "b072")


def _rows(name: str) -> dict[str, dict]:
    lines = (REAL / name).read_text(encoding="utf-8").splitlines()
    return {row["id"]: row for row in map(json.loads, lines)}


def _cases() -> list[dict]:
    manifest, labels = _rows("manifest.jsonl"), _rows("labels.jsonl")
    return [{**manifest[i], "gold": labels[i]["tasks"]} for i in CHOSEN]


@pytest.mark.parametrize("case", _cases(), ids=lambda case: f"{case['id']}:{case['path']}")
async def test_hints_only_where_the_labels_have_steps(lsp, case: dict) -> None:
    text = (REAL / "files" / case["file"]).read_bytes().decode("utf-8")
    uri = lsp.open(case["path"], text)
    hints = await lsp.hints(uri)
    tasks = {hint.label.split(" · ")[0] for hint in hints}  # type: ignore[union-attr]
    assert tasks == set(case["gold"]), f"{case['path']}: {[h.label for h in hints]}"
    if not case["gold"]:
        assert hints == []
