"""Errors a user can act on. The CLI prints them as one line and exits with their code."""

from __future__ import annotations


class UserError(Exception):
    """Bad input from the user: a message naming the file, line and key (or argument), no traceback."""

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
