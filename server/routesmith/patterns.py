"""Regular expressions compiled on first use.

Compiling the decomposer's patterns at import was about 4 ms of a short `routesmith explain` (python -X
importtime), and a one-line prompt uses few of them: no frontmatter, headings, lists or tool names.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """`re.compile(source, flags)`, compiled when one of its attributes (`match`, `search`, ...) is first
    read; the attribute is then kept on the instance, so later reads cost what a compiled pattern's do."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source, self.flags = source, flags

    def __getattr__(self, name: str) -> Any:
        # Called only for names not set yet: the compiled pattern's own.
        if name.startswith("__"):
            raise AttributeError(name)  # copy, pickle and friends probe for these
        value = getattr(re.compile(self.source, self.flags), name)
        setattr(self, name, value)
        return value
