"""Reading a file the user edits by hand (config.toml, exercises.toml), defensively.

A config or exercise file may be a folder, a FIFO, a device or something huge by mistake;
reading one must neither block start-up nor eat memory.
"""

from __future__ import annotations

import errno
import stat
import tomllib
from pathlib import Path
from typing import Any


def read_user_file(path: Path, max_bytes: int) -> bytes:
    """The whole file, refusing what is not a regular file or is larger than `max_bytes`.

    Checking the type first keeps a FIFO or a device at the path from blocking start-up.
    Raises OSError (IsADirectoryError for a folder) with a reason worded for the user.
    """
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "it is a directory, not a file", str(path))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "it is not a regular file", str(path))
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise OSError(errno.EFBIG, f"it is larger than {max_bytes // 1024} KiB", str(path))
    return data


class UnreadableFile(Exception):
    """Why a hand-edited file could not be read, worded to follow its path ("is not ...")."""


def read_user_toml(path: Path, max_bytes: int) -> dict[str, Any]:
    """The file parsed as TOML; every way it can fail is an UnreadableFile with the reason.

    A missing file is left as FileNotFoundError: for these files that is the normal case.
    Python's TOML reader lets some malformed input through as other errors (a number too long
    to turn into an int, nesting deep enough to exhaust the stack); those are caught here, so
    no file the user writes can stop glutewake from starting.
    """
    try:
        data = read_user_file(path, max_bytes)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise UnreadableFile(f"could not be read ({error.strerror or error})") from None
    try:
        # utf-8-sig: Windows editors often start the file with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        raise UnreadableFile(f"is not UTF-8 text (line {line}, column {column})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # The message already ends with "(at line L, column C)".
        raise UnreadableFile(f"is not valid TOML: {error}") from None
    except ValueError:
        # More than 4300 digits in an int: a plain ValueError (TOMLDecodeError is one too).
        raise UnreadableFile("is not valid TOML: a number too long to read") from None
    except RecursionError:
        # One level of recursion per nested array or inline table.
        raise UnreadableFile("is not valid TOML: arrays or tables nested too deeply") from None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset, so the user can find a bad byte in an editor.

    The column counts characters, as editors do, not bytes.
    """
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset].decode("utf-8", errors="replace").removeprefix("\ufeff")
    return line, len(before) + 1
