"""The tray app never speaks TLS, so it does not load OpenSSL.

glutewake opens no network connection (times and counts stay on this machine). APScheduler 3
imports asyncio for one helper (``iscoroutinefunction``), and asyncio imports ``ssl`` when it
can, which maps OpenSSL and builds its tables: ~5 MB resident for nothing. asyncio is written
to run without ssl (``ssl = None`` when the import fails), so the tray app marks ``ssl`` as
unavailable before anything imports it. Anything that still tried to open a TLS connection
from the tray would fail at once with ImportError instead of reaching the network.

Only the tray app's entry point calls this; the commands and the tests import ssl as usual.
"""

from __future__ import annotations

import sys


def refuse_tls() -> bool:
    """Make ``import ssl`` fail in this process; False if something already imported it."""
    if "ssl" in sys.modules:
        return sys.modules["ssl"] is None
    sys.modules["ssl"] = None  # type: ignore[assignment]  # the documented import block
    return True
