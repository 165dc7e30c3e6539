"""Text surgery for `install`: marked blocks, generated-file seals and top-level YAML keys.

Everything here works on exact text (line endings kept), so whatever is outside RouteSmith's own
block survives install and uninstall byte for byte.
"""

from __future__ import annotations

import hashlib
import re

import msgspec

from routesmith.errors import UserError


class Markers(msgspec.Struct, frozen=True):
    begin: str
    end: str


MARKDOWN = Markers("<!-- routesmith:begin -->", "<!-- routesmith:end -->")
YAML = Markers("# routesmith:begin", "# routesmith:end")

# Last line of a file RouteSmith created whole: the hash of everything above it tells
# "unchanged since install" (safe to replace or delete) from "edited by someone" (leave alone).
_SEAL_LINE = r"<!-- routesmith:generated sha256=([0-9a-f]{64}) -->"
_SEAL = re.compile(_SEAL_LINE + r"\n?\Z")


def find_block(text: str, markers: Markers, where: str) -> tuple[int, int] | None:
    """Line indexes (begin, end) of the one marked block, or None; malformed marking is an error."""
    begin: int | None = None
    found: tuple[int, int] | None = None
    for index, line in enumerate(text.splitlines()):
        stripped = line.strip()
        if stripped == markers.begin:
            if begin is not None or found is not None:
                raise UserError(f"{where}:{index + 1}: second `{markers.begin}`; keep one RouteSmith block")
            begin = index
        elif stripped == markers.end:
            if begin is None:
                raise UserError(f"{where}:{index + 1}: `{markers.end}` without a `{markers.begin}` before it")
            found, begin = (begin, index), None
    if begin is not None:
        raise UserError(f"{where}:{begin + 1}: `{markers.begin}` is never closed by `{markers.end}`")
    return found


def wrap(body: str, markers: Markers) -> str:
    return f"{markers.begin}\n{body.rstrip()}\n{markers.end}\n"


def put_block(text: str | None, body: str, markers: Markers, where: str) -> str:
    """`text` with RouteSmith's block replaced, or appended after a blank line when there is none."""
    block = wrap(body, markers)
    if not text:
        return block
    span = find_block(text, markers, where)
    lines = text.splitlines(keepends=True)
    if span is not None:
        start, end = span
        return "".join([*lines[:start], block, *lines[end + 1 :]])
    return text + ("" if text.endswith("\n") else "\n") + "\n" + block


def drop_block(text: str, markers: Markers, where: str) -> str:
    """`text` without RouteSmith's block (and the blank line `put_block` put before an appended one)."""
    span = find_block(text, markers, where)
    if span is None:
        return text
    start, end = span
    lines = text.splitlines(keepends=True)
    if end == len(lines) - 1 and start > 0 and not lines[start - 1].strip():
        start -= 1
    return "".join(lines[:start] + lines[end + 1 :])


def seal(text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return f"{text}<!-- routesmith:generated sha256={digest} -->\n"


def is_sealed_intact(text: str) -> bool:
    """True when `text` is a generated file nobody has edited since RouteSmith wrote it."""
    match = _SEAL.search(text)
    return match is not None and hashlib.sha256(text[: match.start()].encode()).hexdigest() == match.group(1)


def is_sealed(text: str) -> bool:
    """True when RouteSmith wrote the file, whether or not it was edited since."""
    return re.search(_SEAL_LINE, text) is not None


_YAML_KEY = re.compile(r"""^(?P<key>[A-Za-z0-9_][A-Za-z0-9_.-]*|"[^"\\]+"|'[^']+')[ \t]*:(?:[ \t]|$)""")


def yaml_top_level_keys(text: str, where: str) -> set[str]:
    """Top-level keys of a block-style YAML mapping, outside RouteSmith's block.

    Only the shapes that can be merged safely by adding lines are accepted; anything else (a list or
    flow mapping at the top, several documents, tab indentation, complex keys) is refused with the line.
    """
    span = find_block(text, YAML, where)
    keys: set[str] = set()
    for index, line in enumerate(text.splitlines()):
        number = index + 1
        if span is not None and span[0] <= index <= span[1]:
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("\t"):
            raise UserError(f"{where}:{number}: tab indentation is not valid YAML; fix it and re-run")
        if line[0] == " ":
            if not keys:
                raise UserError(
                    f"{where}:{number}: indented line before any top-level key; cannot merge safely"
                )
            continue
        if line.rstrip() == "---" and index == 0:
            continue
        match = _YAML_KEY.match(line)
        if match is None:
            raise UserError(
                f"{where}:{number}: `{line.strip()[:40]}` is not a simple top-level `key: value`; "
                "cannot merge safely, so the file was left untouched"
            )
        keys.add(match.group("key").strip("\"'"))
    return keys


def yaml_scalar(value: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML), safe for any model id."""
    return msgspec.json.encode(value).decode()
