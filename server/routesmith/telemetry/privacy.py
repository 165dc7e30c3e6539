"""Grouping repeated prompts without storing them: a keyed hash with a per-user secret salt.

The salt lives in the user data directory (mode 0600), never beside the log (wherever that is), and never
leaves the machine, so a hash cannot be matched against hashes of guessed prompts computed elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from routesmith.dirs import user_dir
from routesmith.telemetry.log import TelemetryError

SALT_BYTES = 32


def _salt(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return path.read_bytes()
    except OSError as exc:
        raise TelemetryError(f"{path}: cannot create the prompt-hash salt: {exc.strerror}") from None
    salt = secrets.token_bytes(SALT_BYTES)
    with os.fdopen(fd, "wb") as file:
        file.write(salt)
    return salt


SALT_NAME = "prompt-salt"


def salt_path() -> Path:
    return user_dir("data") / SALT_NAME


def salted_hasher() -> Callable[[str], str]:
    """`text -> salted 128-bit hex digest`, reading the salt once (importers hash every id they keep)."""
    keyed = hashlib.blake2b(key=_salt(salt_path()), digest_size=16)

    def digest(text: str) -> str:
        hasher = keyed.copy()  # a copy skips hashing the key block again: a third of the cost per id
        hasher.update(text.encode())
        return hasher.hexdigest()

    return digest


def prompt_hash(text: str) -> str:
    """A stable, salted 128-bit hex digest of `text` for OutcomeRecord.prompt_hash."""
    return salted_hasher()(text)
