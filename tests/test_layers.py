"""The command modules sit on top: the CLI dispatcher imports them, nothing else does (the language server
and the MCP server share what lies below them)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "server" / "routesmith"


def imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_nothing_below_the_command_layer_imports_a_command_module() -> None:
    below = [
        path
        for path in PACKAGE.rglob("*.py")
        if path.parent.name != "commands" and path.name != "cli.py" and "__pycache__" not in path.parts
    ]
    assert len(below) > 30
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m for m in imported(path) if m.startswith("routesmith.commands")
        )
        for path in below
    }
    assert {path: modules for path, modules in offenders.items() if modules} == {}
