"""The decomposer is a pure function of its input: the same text gives the same steps in every process,
whatever Python's string-hash seed (set iteration order must never decide a reading)."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Decomposes every real file (as a prompt, and section by section as instructions) and every multilingual
# prompt, and prints one digest of all the results.
_DIGEST = """
import hashlib, json, pathlib, sys
import msgspec
from routesmith.decompose import decompose, decompose_span, sections
root = pathlib.Path(sys.argv[1]) / "tests" / "data"
digest = hashlib.sha256()
for path in sorted((root / "real" / "files").rglob("*")):
    if path.is_file():
        text = path.read_text(encoding="utf-8", errors="replace")
        digest.update(msgspec.json.encode(decompose(text)))
        for section in sections(text):
            digest.update(msgspec.json.encode(decompose_span(text, section.span, instructions=True)))
for path in sorted((root / "multilingual").rglob("*.jsonl")):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest.update(msgspec.json.encode(decompose(json.loads(line)["prompt"])))
print(digest.hexdigest())
"""


def _digest(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _DIGEST, str(ROOT)], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_same_text_gives_the_same_steps_whatever_the_hash_seed() -> None:
    digests = {seed: _digest(seed) for seed in ("1", "2", "3")}
    assert len(digests["1"]) == 64
    assert len(set(digests.values())) == 1, digests
