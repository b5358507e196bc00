"""Short SHA-256 ids, without loading OpenSSL.

``hashlib`` loads OpenSSL's libcrypto when it is imported (~3.4 MB resident, and its tables
initialised) to hash two short strings: the single-instance key and a routine's id. CPython
carries its own SHA-256 (the one ``hashlib`` falls back to when built without OpenSSL), and it
gives the same digest, so ids stay what they were.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def _own_sha256() -> Callable[[bytes], Any]:
    for name in ("_sha2", "_sha256"):  # Python 3.12 and later, then 3.11
        try:
            return importlib.import_module(name).sha256  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    import hashlib  # noqa: PLC0415 (a Python built without its own SHA-256)

    return hashlib.sha256


_SHA256 = _own_sha256()


def short_id(text: str, length: int = 12) -> str:
    """The first `length` hex digits of the SHA-256 of `text` (UTF-8)."""
    return str(_SHA256(text.encode("utf-8")).hexdigest())[:length]
