"""`glutewake … | head`: a reader that stops early ends the command quietly, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("args", [("demo",), ("config",)])
def test_a_reader_that_stops_after_one_line_gets_no_traceback(args: tuple[str, ...]) -> None:
    # `sh -c` with `head -n 1`, as a user types it: head exits after a line and closes the pipe.
    command = f"{sys.executable} -m glutewake {' '.join(args)} | head -n 1 >/dev/null"
    done = subprocess.run(
        ["sh", "-c", command], capture_output=True, text=True, timeout=60, check=False
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert "BrokenPipeError" not in done.stderr, done.stderr
