"""Screenshot of Neovim showing RouteSmith's inlay hints: nvim runs in a detached tmux pane of a fixed size,
`tmux capture-pane -e` reads the screen with its colours, and headless Chromium renders that as a PNG.

    python editors/nvim/test/screenshot.py --nvim NVIM --file PROMPT --ansi OUT.ansi [--html OUT.html]
        [--png OUT.png] [--expect TEXT ...] [--size 110x10]

Runs in the caller's environment and working directory (the workspace, with `routesmith` on PATH).
Waits until every `--expect` text is on screen, else exits 1 with the last screen.
Run by tests/editors/test_nvim.py.
"""

from __future__ import annotations

import argparse
import html
import math
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

NVIM_DIR = Path(__file__).resolve().parents[1]
SGR = re.compile(r"\x1b\[([0-9;:]*)m")
OTHER_ESCAPE = re.compile(r"\x1b(?:\[[0-9;?]*[A-Za-ln-z]|[()][A-Za-z0-9])")  # all but SGR (…m)
# The xterm palette for the 16 basic colours and the 256-colour cube, for panes that use indexed colours.
BASIC = [
    "#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
    "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
]  # fmt: skip
CELL_PX = (9.65, 20)  # a cell of DejaVu Sans Mono at 16px/20px is 9.63 x 20 px


def indexed(n: int) -> str:
    if n < 16:
        return BASIC[n]
    if n < 232:
        r, g, b = ((n - 16) // 36, (n - 16) // 6 % 6, (n - 16) % 6)
        return "#" + "".join(f"{0 if c == 0 else 55 + 40 * c:02x}" for c in (r, g, b))
    return "#" + f"{8 + 10 * (n - 232):02x}" * 3


def apply_sgr(style: dict[str, object], params: str) -> None:
    """Updates `style` (fg, bg, bold, dim, italic, underline, reverse) from one SGR sequence."""
    codes = [int(p) if p else 0 for p in re.split("[;:]", params)] if params else [0]
    i = 0
    while i < len(codes):
        code = codes[i]
        if code == 0:
            style.clear()
        elif code in (1, 2, 3, 4, 7):
            style[{1: "bold", 2: "dim", 3: "italic", 4: "underline", 7: "reverse"}[code]] = True
        elif code == 22:
            style.pop("bold", None)
            style.pop("dim", None)
        elif code in (23, 24, 27):
            style.pop({23: "italic", 24: "underline", 27: "reverse"}[code], None)
        elif 30 <= code <= 37 or 90 <= code <= 97:
            style["fg"] = indexed(code - 30 if code < 90 else code - 82)
        elif 40 <= code <= 47 or 100 <= code <= 107:
            style["bg"] = indexed(code - 40 if code < 100 else code - 92)
        elif code in (39, 49):
            style.pop("fg" if code == 39 else "bg", None)
        elif code in (38, 48, 58) and i + 1 < len(codes):
            key = {38: "fg", 48: "bg", 58: "underline_color"}[code]
            if codes[i + 1] == 5 and i + 2 < len(codes):
                style[key] = indexed(codes[i + 2])
                i += 2
            elif codes[i + 1] == 2 and i + 4 < len(codes):
                style[key] = "#" + "".join(f"{c:02x}" for c in codes[i + 2 : i + 5])
                i += 4
        i += 1


def css(style: dict[str, object], default_fg: str, default_bg: str) -> str:
    fg, bg = style.get("fg", default_fg), style.get("bg", default_bg)
    if style.get("reverse"):
        fg, bg = bg, fg
    rules = [f"color:{fg}", f"background:{bg}"]
    if style.get("bold"):
        rules.append("font-weight:bold")
    if style.get("italic"):
        rules.append("font-style:italic")
    if style.get("dim"):
        rules.append("opacity:.7")
    if style.get("underline"):
        rules.append("text-decoration:underline")
    return ";".join(rules)


def cell_html(text: str, rules: str) -> str:
    """Narrow characters share one span; a wide one (CJK, emoji) gets a box of exactly two cells, since
    no font's glyphs are exactly twice the width of the monospace cell."""
    out: list[str] = []
    run = ""
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            if run:
                out.append(f'<span style="{rules}">{html.escape(run)}</span>')
                run = ""
            out.append(f'<span class="w" style="{rules}">{html.escape(char)}</span>')
        else:
            run += char
    if run:
        out.append(f'<span style="{rules}">{html.escape(run)}</span>')
    return "".join(out)


def ansi_to_html(ansi: str, columns: int, default_fg: str, default_bg: str) -> str:
    """One `<div>` per screen line; each line padded to `columns` cells in the screen's background."""
    lines = []
    for raw in ansi.rstrip("\n").split("\n"):
        style: dict[str, object] = {}
        parts: list[str] = []
        width = 0
        pos = 0
        raw = OTHER_ESCAPE.sub("", raw)
        for match in [*SGR.finditer(raw), None]:
            end = match.start() if match else len(raw)
            text = raw[pos:end]
            if text:
                parts.append(cell_html(text, css(style, default_fg, default_bg)))
                width += sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
            if match:
                apply_sgr(style, match[1])
                pos = match.end()
        if width < columns:
            parts.append(" " * (columns - width))
        lines.append(f"<div>{''.join(parts)}</div>")
    return (
        "<!doctype html><meta charset=utf-8><style>"
        f"html,body{{margin:0;background:{default_bg}}}"
        f"pre{{margin:0;padding:10px;color:{default_fg};font:16px/20px 'DejaVu Sans Mono',monospace;"
        "white-space:pre}"
        "div{height:20px}"
        ".w{display:inline-block;width:2ch;text-align:center;overflow:hidden;vertical-align:top}"
        f"</style><pre>{''.join(lines)}</pre>\n"
    )


def normal_colours(nvim: str) -> tuple[str, str]:
    """Normal's colours in Neovim's default colorscheme (dark), for cells the screen leaves unstyled."""
    script = (
        "vim.o.background = 'dark'; vim.cmd.colorscheme('default');"
        "local n = vim.api.nvim_get_hl(0, { name = 'Normal' });"
        "io.stdout:write(('#%06x #%06x'):format(n.fg, n.bg))"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run([nvim, "--clean", "-l", f.name], capture_output=True, text=True, check=True)
    finally:
        Path(f.name).unlink()
    fg, bg = out.stdout.split()
    return fg, bg


def capture(nvim: str, file: str, columns: int, rows: int, expect: list[str], timeout: float) -> str:
    """Starts nvim on `file` in a private tmux server and returns the screen (with SGR colours) once
    every `expect` text is shown."""
    with tempfile.TemporaryDirectory() as tmp:
        tmux = ["tmux", "-S", str(Path(tmp) / "sock"), "-f", "/dev/null"]
        command = [
            nvim,
            "--clean",
            "--cmd",
            f"set rtp^={NVIM_DIR}",
            "--cmd",
            "lua vim.lsp.enable('routesmith')",
            "-c",
            "set termguicolors background=dark noruler noshowmode shortmess+=I laststatus=2",
            # The statusline as :help routesmith-statusline suggests it.
            "-c",
            "set statusline=%f\\ %=%{v:lua.require'routesmith'.statusline()}\\ ",
            file,
        ]
        subprocess.run(
            [*tmux, "new-session", "-d", "-x", str(columns), "-y", str(rows), "--", *command], check=True
        )
        try:
            subprocess.run([*tmux, "set-option", "-g", "status", "off"], check=True)
            deadline = time.monotonic() + timeout
            screen = ""
            while time.monotonic() < deadline:
                screen = subprocess.run(
                    [*tmux, "capture-pane", "-p"], capture_output=True, text=True, check=True
                ).stdout
                if all(text in screen for text in expect):
                    time.sleep(0.5)  # let the last redraw land
                    return subprocess.run(
                        [*tmux, "capture-pane", "-p", "-e"], capture_output=True, text=True, check=True
                    ).stdout
                time.sleep(0.2)
            raise TimeoutError(f"not on screen after {timeout:.0f}s: {expect}\n--- screen ---\n{screen}")
        finally:
            subprocess.run([*tmux, "kill-server"], capture_output=True, check=False)


def render_png(page: str, png: Path, columns: int, rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "screen.html"
        source.write_text(page, encoding="utf-8")
        size = f"{math.ceil(columns * CELL_PX[0]) + 20},{rows * CELL_PX[1] + 20}"  # 10px padding each side
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={tmp}/profile",
                f"--window-size={size}",
                f"--screenshot={png}",
                source.as_uri(),
            ],
            capture_output=True,
            check=True,
            timeout=120,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nvim", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--ansi", required=True, type=Path, help="write the captured screen here")
    parser.add_argument("--html", type=Path, help="write the screen as HTML here")
    parser.add_argument("--png", type=Path, help="also render it to this PNG (needs chromium)")
    parser.add_argument("--expect", action="append", default=[], help="text to wait for (repeatable)")
    parser.add_argument("--size", default="110x10", help="terminal COLUMNSxROWS")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    match = re.fullmatch(r"(\d+)x(\d+)", args.size)
    if not match:
        parser.error(f"--size: expected COLUMNSxROWS, got {args.size!r}")
    columns, rows = int(match[1]), int(match[2])
    try:
        screen = capture(args.nvim, args.file, columns, rows, args.expect, args.timeout)
    except TimeoutError as e:
        print(e, file=sys.stderr)
        return 1
    args.ansi.write_text(screen, encoding="utf-8")
    if args.html or args.png:
        page = ansi_to_html(screen, columns, *normal_colours(args.nvim))
        if args.html:
            args.html.write_text(page, encoding="utf-8")
        if args.png:
            render_png(page, args.png, columns, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
