"""What every host reader shares: the in-memory turn, the reading context, JSONL lines with offsets, times,
and reading tool output for test results.

Nothing here writes: prompt text and tool output live in these objects only while one file is read.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import msgspec

# Skip reasons, as the summary counts them (one vocabulary for every host).
TORN_LINE = "torn or unparsable lines"
UNKNOWN_ENTRY = "unknown entry types"
NEWER_FORMAT = "files in a newer format"
COMPRESSED = "compressed files (install routesmith-lsp[zstd])"
UNREADABLE = "unreadable files"


class NewerFormat(Exception):
    """The source declares a format this reader does not know: skipped whole, with a count."""


_objects = msgspec.json.Decoder(dict[str, Any])


@dataclass(slots=True)
class Turn:
    """One user request and what the host did with it, as far as the log shows."""

    key: str  # stable within the host (a message id): the dedupe key, stored only as a salted hash
    session: str  # salted hash of the session id
    start: float  # unix seconds
    prompt: str  # in memory only
    offset: int = 0  # where the turn starts in its file: a resumed read starts here
    model: str | None = None
    end: float = 0.0  # the last time the log shows activity in the turn
    duration_ms: float | None = None  # when the log states it (else derived from start and end)
    input_tokens: int | None = None
    output_tokens: int | None = None
    interrupted: bool = False
    corrected: bool = False  # the log shows the user taking the turn back (Aider's /undo)
    last_tool_failed: bool | None = None  # None: no tool ran
    tests_passed: bool | None = None  # the turn's last test run, None when none was seen
    api_error: bool = False
    task: str | None = None  # a host's own statement of the kind of work (Aider's chat mode)
    next_prompt: str | None = field(default=None, repr=False)  # the same session's next request

    def add_tokens(self, input_tokens: int | None, output_tokens: int | None) -> None:
        if isinstance(input_tokens, int):
            self.input_tokens = (self.input_tokens or 0) + input_tokens
        if isinstance(output_tokens, int):
            self.output_tokens = (self.output_tokens or 0) + output_tokens

    def tool_result(self, failed: bool, output: object = None) -> None:
        """A tool call finished; its output is scanned for a test summary and then dropped."""
        self.last_tool_failed = failed
        if isinstance(output, str) and output:
            verdict = test_outcome(output)
            if verdict is not None:
                self.tests_passed = verdict

    def seen_at(self, moment: float | None) -> None:
        if moment is not None and moment > self.end:
            self.end = moment


@dataclass(slots=True)
class Source:
    """One log a reader reads: a file, or a database holding many sessions."""

    host: str
    path: Path
    subagent: bool = False  # a subagent's own log (its turns are recorded on their own)


@dataclass(slots=True)
class Reading:
    """The state of reading one source: where to start, and where whole lines ended. `carry` holds what is
    in force at the resume point (keys "session": a session hash, "model"); a reader starts from it and
    keeps it current, so the next read can start mid-file."""

    source: Source
    start: int
    carry: dict[str, str]
    counts: Counter[str]
    hash: Callable[[str], str]
    end: int = 0  # every line before this offset was read whole

    def session_hash(self, session_id: str) -> str:
        """The salted hash a turn stores for the host's session id."""
        return self.hash(f"session\0{self.source.host}\0{session_id}")

    def new_turn(self, key: str, prompt: str, moment: float | None, offset: int) -> Turn:
        """A turn opened by a request, in the session and with the model in force where it stands."""
        return Turn(
            key=key,
            session=self.carry.get("session", ""),
            start=moment or 0.0,
            prompt=prompt,
            offset=offset,
            model=self.carry.get("model") or None,
        )


Reader = Callable[[Reading], Iterator[Turn]]


def parse_time(value: object) -> float | None:
    """ISO 8601 (`...Z` included) or unix seconds/milliseconds -> unix seconds."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).timestamp()
        except ValueError:
            return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value / 1000.0 if value > 1e11 else float(value)  # milliseconds since 1973
    return None


def text_of(content: object) -> str:
    """The text of a message content: a string, or a list of parts with `text`."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            part["text"] for part in content if isinstance(part, dict) and isinstance(part.get("text"), str)
        )
    return ""


def get(mapping: object, *keys: str) -> Any:
    """mapping[k1][k2]... or None where any level is missing or not an object."""
    for key in keys:
        if not isinstance(mapping, dict):
            return None
        mapping = mapping.get(key)
    return mapping


def open_binary(path: Path, counts: Counter[str]) -> BinaryIO | None:
    """The file's bytes, decompressing `.zst` (an optional extra); None (counted) when it cannot be."""
    if path.suffix != ".zst":
        return open(path, "rb")
    try:
        import zstandard
    except ImportError:
        counts[COMPRESSED] += 1
        return None
    return zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True)


def jsonl(
    reading: Reading, decoder: msgspec.json.Decoder = _objects, chunk: int = 1 << 20
) -> Iterator[tuple[int, Any]]:
    """(line offset, object) of each whole JSON-object line from `reading.start`, decoded by `decoder` (a
    reader that needs few fields passes a Struct's decoder: the rest is skipped unbuilt); `reading.end`
    follows the last whole line. A last line without its newline (still being written, or torn) is left for
    the next read; a line the decoder rejects is counted and skipped."""
    stream = open_binary(reading.source.path, reading.counts)
    if stream is None:
        return
    decode = decoder.decode
    with stream:
        if reading.start:
            if reading.source.path.suffix == ".zst":
                stream.read(reading.start)  # a compressed stream cannot seek; archives are rarely resumed
            else:
                stream.seek(reading.start)
        offset, rest = reading.start, b""
        while block := stream.read(chunk):
            lines = (rest + block).split(b"\n")
            rest = lines.pop()
            for line in lines:
                start, offset = offset, offset + len(line) + 1
                reading.end = offset
                if not line.strip():
                    continue
                try:
                    entry = decode(line)
                except msgspec.DecodeError:  # ValidationError too: not an object, or not the Struct's shape
                    reading.counts[TORN_LINE] += 1
                    continue
                yield start, entry
        if rest.strip():
            try:
                entry = decode(rest)  # a complete object that just lacks its newline (an archive's end)
            except msgspec.DecodeError:
                reading.counts[TORN_LINE] += 1
                return
            reading.end = offset + len(rest)
            yield offset, entry


def envelopes(
    reading: Reading, known: frozenset[str], body: str
) -> Iterator[tuple[int, dict[str, Any], str, dict[str, Any], float | None]]:
    """(offset, entry, type, entry[body], time) of each JSONL entry whose `type` is in `known` and whose
    `body` is an object; any other entry is counted as unknown and skipped."""
    for offset, entry in jsonl(reading):
        kind, content = entry.get("type"), entry.get(body)
        if not isinstance(kind, str) or kind not in known or not isinstance(content, dict):
            reading.counts[UNKNOWN_ENTRY] += 1
            continue
        yield offset, entry, kind, content, parse_time(entry.get("timestamp"))


# Test-runner summaries (pytest, unittest, jest/vitest, go test, cargo test, mocha, rspec, npm).
_FAILED = re.compile(
    r"(?m)(?:^=+ .*\b\d+ (?:failed|errors?)\b|^FAILED \(|^Tests?:\s+\d+ failed|^FAIL\s|"
    r"^--- FAIL:|test result: FAILED|^\s*\d+ failing$|^\d+ examples?, [1-9]\d* failures?)"
)
_PASSED = re.compile(
    r"(?m)(?:^=+ (?:\d+ passed)[^=]*=+$|^OK(?: \(|$)|^Tests?:\s+\d+ passed|^ok\s+\S+\s+[\d.]+s$|"
    r"test result: ok\.|^\s*\d+ passing\b|^\d+ examples?, 0 failures)"
)


def test_outcome(output: str) -> bool | None:
    """True/False when the output ends a test run that passed/failed, None when it shows no test run."""
    tail = output[-4000:]  # summaries come last; long outputs are not scanned whole
    # Every summary holds one of these words: looking for them is far quicker than the patterns' search.
    failing = "fail" in tail or "FAIL" in tail or "error" in tail
    if failing and _FAILED.search(tail):
        return False
    if (failing or "pass" in tail or "ok" in tail or "OK" in tail) and _PASSED.search(tail):
        return True
    return None


def exit_code_failed(output: str) -> bool | None:
    """Whether a shell tool's text output reports a non-zero exit code, None when it does not say."""
    found = _EXIT_CODE.search(output[:400])
    return None if found is None else found[1] != "0"


_EXIT_CODE = re.compile(r"(?i)\bexit(?:ed with)?[ _]code:?\s*(-?\d+)")


def env_path(env: Mapping[str, str], name: str, default: Path) -> Path:
    value = env.get(name)
    return Path(value).expanduser() if value else default


def scan(path: Path) -> list[os.DirEntry[str]]:
    """A directory's entries by name; none when it is missing or unreadable (a host not installed)."""
    try:
        return sorted(os.scandir(path), key=lambda entry: entry.name)
    except OSError:
        return []


def file_stamp(path: Path) -> tuple[int, ...]:
    """(size, mtime in ns, inode): an unchanged stamp means an unchanged log."""
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns, info.st_ino
