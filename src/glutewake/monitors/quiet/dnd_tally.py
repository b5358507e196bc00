"""What each do-not-disturb source says, and why the others say nothing.

Sources report here (and only here), so that the monitor's answer is "any source asks for
quiet" however many backends there are, and a lost source never holds prompts back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from glutewake.log_once import LogOnce

log = logging.getLogger("glutewake.monitors")

NO_DAEMON = "no notification daemon on the session bus"
INHIBITED = "notifications Inhibited"
DUNST_PAUSED = "dunst paused"
GNOME_BANNERS = "GNOME show-banners"
ORDER = (INHIBITED, DUNST_PAUSED, GNOME_BANNERS)
"""The order sources are named in the status line."""


class Tally:
    """Source -> asks for quiet (only sources that work), and source -> why it is not followed.

    `on_change` runs after every report; the monitor compares the answer with the last one.
    """

    def __init__(self, on_change: Callable[[], None]) -> None:
        self.says: dict[str, bool] = {}
        self.missing: dict[str, str] = {}
        self._on_change = on_change
        self._once = LogOnce(log)

    def say(self, source: str, quiet: bool) -> None:
        self.says[source] = quiet
        self.missing.pop(source, None)
        self._on_change()

    def lose(self, source: str, why: str) -> None:
        """This source says nothing (any more); the reason is logged once."""
        self.says.pop(source, None)
        self.missing[source] = why
        if why == NO_DAEMON:  # one line for all the daemon's sources
            self.note(why, f"do-not-disturb monitor: {why}")
        else:
            self.note(f"{source}: {why}", f"do-not-disturb monitor without {source}: {why}")
        self._on_change()

    def note(self, key: str, text: str, level: int = logging.INFO) -> None:
        """Log `text` the first time `key` comes up."""
        self._once.log(key, level, "%s", text)

    @property
    def quiet(self) -> bool:
        return any(self.says.values())
