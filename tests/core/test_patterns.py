"""Patterns compiled on first use: the same answers as re.compile, and a short prompt compiles few."""

from __future__ import annotations

import copy
import re
import subprocess
import sys

from routesmith.patterns import LazyPattern


def test_a_lazy_pattern_answers_like_the_compiled_one() -> None:
    lazy = LazyPattern(r"^(?P<key>\w+)\s*=", re.MULTILINE)
    eager = re.compile(lazy.source, lazy.flags)
    text = "# comment\nname = 1\nOther=2\n"
    assert "finditer" not in vars(lazy)  # nothing compiled yet
    assert [m.group("key") for m in lazy.finditer(text)] == [m.group("key") for m in eager.finditer(text)]
    assert lazy.search(text).span() == eager.search(text).span()  # type: ignore[union-attr]
    assert lazy.match(text) is None and lazy.pattern == eager.pattern
    assert LazyPattern("abc", re.IGNORECASE).fullmatch("ABC") is not None  # the flags are kept
    assert copy.copy(lazy).sub("", text) == eager.sub("", text)  # copying probes dunders: no compile


def test_a_one_line_prompt_compiles_few_of_the_decomposers_patterns() -> None:
    # Count the patterns compiled by the time a one-line prompt is decomposed: each compiled one holds
    # the compiled pattern's attributes beside its source and flags.
    code = (
        "import sys; from routesmith.decompose import decompose; from routesmith.patterns import LazyPattern;"
        "decompose('Plan this feature, implement it, add tests, and write docs');"
        "found = [v for m in list(sys.modules.values()) for v in vars(m).values()"
        " if isinstance(v, LazyPattern)];"
        "print(len(found), sum(len(vars(p)) > 2 for p in found))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    total, compiled = map(int, result.stdout.split())
    assert total >= 30  # the decomposer's module-level patterns are lazy
    assert compiled <= 4, result.stdout
