"""Keyboard and pointer activity: pynput for keys, clicks and wheel, the OS idle counter for motion.

Why split it so: pynput's mouse listener costs a Python round trip per pointer move, and
pointer motion is the bulk of all input (it was the whole 2 % CPU of a pointer flood in
the footprint measurement). On X11 the button listener records no motion at all (see
`xorg_listeners`); motion shows up instead as a reset of the OS idle counter that pynput
did not hear: a second with such a reset and no key or button counts as one pointer event.

Threads: the listener callbacks take `time.monotonic()` and the kind of event, nothing
else, and emit a queued Qt signal (house rules 5 and 6). The Qt side buckets them into
whole timeline seconds and emits one `Input` fact per second that had input, once the
second has closed. A 1 s timer closes seconds and polls the idle counter; a watchdog timer
restarts a listener that died. Once the user has rested `REST_AFTER_S` with nothing left to
emit, the watchdog stops, the tick slows to one look every `REST_POLL_MS`, and an X input
wake (`x_input_wake`) waits for the next input instead: the first key, click or move of a
mouse restarts the timers at once and is dated by the idle counter as before. The slow look
is for what raises no raw event (absolute XTEST motion: remote desktops, xdotool
mousemove), which is then seen within `REST_POLL_MS`, dated to its last move.

Where pynput cannot work (no X display, no RECORD, not installed) the monitor logs
"pynput unavailable: <reason>" and still reports idle-counter seconds as pointer input.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer, Signal, Slot

from glutewake.core.facts import Input
from glutewake.monitors.idle import IdleCounter, X11IdleCounter, choose_idle_counter
from glutewake.monitors.input_kinds import InputKind, Sink
from glutewake.monitors.x_input_wake import XInputWake, XInputWakeUnavailable

if TYPE_CHECKING:
    from glutewake.clock import Clock

log = logging.getLogger("glutewake.monitors")

#: Listener factories by name; each builds a fresh, unstarted listener thread.
ListenerFactory = Callable[[Sink], Any]

SETTLE_S = 0.5
"""How long an idle-counter reset waits for pynput's events to arrive before it is judged."""
CLOSE_AFTER_S = 0.6
"""A second is emitted once this long has passed after its end (>= SETTLE_S)."""
MATCH_S = 0.25
"""An idle-counter reset this close to an event pynput heard was that event."""
STAMPS_KEPT_S = 10.0
JOIN_TIMEOUT_S = 0.5
"""Per listener, when stopping: a thread that does not end by then is a daemon and is left."""
DEATHS_ALLOWED = 5
REST_AFTER_S = 5.0
"""Input this long ago, and nothing left to emit: stop ticking and wait for the next input."""
REST_POLL_MS = 5000
"""While resting, the idle counter is still asked this often (input the wake cannot hear)."""
DEATH_WINDOW_S = 60.0

_COUNTED = {InputKind.KEY: 0, InputKind.CLICK: 2, InputKind.SCROLL: 3}
_POINTER = 1


class PynputUnavailable(Exception):
    """pynput cannot listen here; the message says why."""


def load_listener_factories() -> dict[str, ListenerFactory]:
    """Import pynput (it needs a display to import at all) and pick the narrowest listeners."""
    try:
        import pynput.keyboard  # noqa: PLC0415 (needs a display to import at all)
        import pynput.mouse  # noqa: PLC0415
    except ImportError as exc:
        raise PynputUnavailable(str(exc).splitlines()[0]) from exc
    if pynput.mouse.Listener.__module__.endswith("._xorg"):
        from glutewake.monitors import xorg_listeners  # noqa: PLC0415 (imports pynput's X11 parts)

        why = xorg_listeners.check_record_extension()
        if why is not None:
            raise PynputUnavailable(why)
        return {"keyboard": xorg_listeners.KeyListener, "mouse": xorg_listeners.ButtonListener}

    # Windows and macOS: pynput's own listeners. Their hooks still see motion; only the
    # callbacks are left out (untested here: this repository's tests run on X11).
    def keyboard(sink: Sink) -> Any:
        return pynput.keyboard.Listener(
            on_press=lambda *_: sink(InputKind.KEY),
            on_release=lambda *_: sink(InputKind.KEY_UP),
        )

    def mouse(sink: Sink) -> Any:
        def on_click(*args: Any) -> None:
            sink(InputKind.CLICK if args[3] else InputKind.BUTTON_UP)

        return pynput.mouse.Listener(on_click=on_click, on_scroll=lambda *_: sink(InputKind.SCROLL))

    return {"keyboard": keyboard, "mouse": mouse}


def halt_listener(listener: Any, timeout: float = JOIN_TIMEOUT_S) -> bool:
    """Stop a listener thread and wait at most `timeout`; True if it ended."""
    if listener.is_alive():
        listener.stop()
        # threading's join, not pynput's: pynput's re-raises the thread's last error and
        # then waits again on its queue.
        threading.Thread.join(listener, timeout)
    return not listener.is_alive()


class InputMonitor(QObject):
    """Emits `Input` facts: per second, counts of keys, clicks and wheel steps, and pointer.

    `clock` maps the callbacks' monotonic stamps onto the timeline. `idle_counter` is
    "auto" (choose one at start), a counter, or None (then pointer motion goes unseen).
    `listener_factories` replaces pynput's import (the app never passes it). `wake` is
    "auto" (an `XInputWake` when the counter is X11's), a wake, or None (tick always).
    """

    fact = Signal(object)
    _seen = Signal(float, int)

    def __init__(
        self,
        clock: Clock,
        idle_counter: IdleCounter | Literal["auto"] | None = "auto",
        *,
        tick_ms: int = 1000,
        watchdog_ms: int = 2000,
        listener_factories: dict[str, ListenerFactory] | None = None,
        wake: XInputWake | Literal["auto"] | None = "auto",
        rest_after_s: float = REST_AFTER_S,
        rest_poll_ms: int = REST_POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._counter_choice = idle_counter
        self._counter: IdleCounter | None = None
        self._counter_why = "no idle counter"
        self._factories = listener_factories
        self._wake_choice = wake
        self._rest_after_s = rest_after_s
        self._rest_poll_ms = rest_poll_ms
        self._tick_ms = tick_ms
        self._wake: XInputWake | None = None
        self._wake_notifier: QSocketNotifier | None = None
        self._last_idle: float | None = None
        self._listeners: dict[str, Any] = {}
        self._deaths: dict[str, deque[float]] = {}
        self._given_up: set[str] = set()
        self._reason: str | None = None
        self._active = False
        self._accepting = False
        self._callback_failures = 0
        self._failures_lock = threading.Lock()
        self.restarts = 0
        """How many times the watchdog restarted a dead listener."""

        self._buckets: dict[int, list[int]] = {}
        self._stamps: deque[float] = deque()
        self._resets: list[float] = []
        self._last_reset = -math.inf
        self._open_from: int | None = None  # the first second not yet emitted
        self._started_at = math.inf

        # The only thing the listener threads touch: a queued signal to this object.
        self._seen.connect(self._on_seen, Qt.ConnectionType.QueuedConnection)
        self._deliver: Callable[[float, int], None] = self._seen.emit
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(self._on_tick)
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(watchdog_ms)
        self._watchdog.timeout.connect(self.check_listeners)

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        if self._active:
            return
        self._active = True
        self._started_at = self._clock.now()
        self._buckets.clear()
        self._stamps.clear()
        self._resets.clear()
        if self._counter_choice == "auto":
            self._counter, self._counter_why = choose_idle_counter()
        else:
            self._counter = self._counter_choice
        if self._counter is None:
            log.warning("pointer motion goes unseen: %s", self._counter_why)
        factories = self._factories
        if factories is None:
            try:
                factories = load_listener_factories()
            except PynputUnavailable as exc:
                self._reason = f"pynput unavailable: {exc}"
                log.warning("%s", self._reason)
        if factories is not None:
            self._factories = factories
            self._accepting = True
            for name in factories:
                self._start_listener(name)
            self._watchdog.start()
        self._start_wake()
        self._tick.start()

    def stop(self) -> None:
        """Stop listening; returns within about a second even if no input ever comes."""
        if not self._active:
            return
        self._active = False
        self._accepting = False
        self._tick.stop()
        self._watchdog.stop()
        self._stop_wake()
        if self._counter_choice == "auto" and self._counter is not None:
            self._counter.close()  # the one it chose at start; a counter handed in is the giver's
            self._counter = None
        for name, listener in self._listeners.items():
            if not halt_listener(listener):
                log.info("%s listener did not end in time; left to exit with the app", name)
        self._listeners.clear()
        self._flush()

    # -- status --------------------------------------------------------------------------
    @property
    def hears_pynput(self) -> bool:
        return self._active and self._reason is None and bool(self._listeners)

    @property
    def listening(self) -> bool:
        """Every listener thread is up and recording."""
        return self.hears_pynput and all(
            listener.is_alive() and getattr(listener, "_ready", False)
            for listener in self._listeners.values()
        )

    @property
    def resting(self) -> bool:
        """The timers are stopped until the next input (the user is away from the desk)."""
        return self._wake is not None and self._wake.armed

    @property
    def reason(self) -> str | None:
        """Why pynput is not in use, or None."""
        return self._reason

    def describe(self) -> str:
        counter = self._counter.describe() if self._counter else None
        if self._reason is None:
            if counter:
                return f"pynput + {counter}"
            return f"pynput (pointer motion unseen: {self._counter_why})"
        if counter:
            return f"{counter} only ({self._reason})"
        return f"none can see input here: {self._reason}; {self._counter_why}"

    # -- the listener threads' side --------------------------------------------------------
    def _sink(self, kind: InputKind) -> None:
        """Runs on a listener thread: a stamp and a kind, handed to the Qt thread."""
        if not self._accepting:
            return
        try:
            self._deliver(time.monotonic(), int(kind))
        except Exception:
            # pynput ends the listener on any exception from a callback; losing one event
            # is better than going deaf until the watchdog notices.
            with self._failures_lock:
                self._callback_failures += 1
                first = self._callback_failures == 1
            if first:
                log.exception(
                    "input callback failed handing a %s event to the Qt thread; "
                    "the listener keeps running (further failures are counted, not logged)",
                    kind.name,
                )

    def _start_listener(self, name: str) -> None:
        assert self._factories is not None
        listener = self._factories[name](self._sink)
        listener.start()
        self._listeners[name] = listener

    @Slot()
    def check_listeners(self) -> None:
        """The watchdog: restart any listener thread that died while we expect it running."""
        if not self._active:
            return
        for name, listener in list(self._listeners.items()):
            if listener.is_alive() or name in self._given_up:
                continue
            now = self._clock.now()
            deaths = self._deaths.setdefault(name, deque())
            deaths.append(now)
            while deaths and deaths[0] < now - DEATH_WINDOW_S:
                deaths.popleft()
            if len(deaths) > DEATHS_ALLOWED:
                self._given_up.add(name)
                log.error(
                    "%s listener died %d times within %d s; not restarting it again",
                    name,
                    len(deaths),
                    DEATH_WINDOW_S,
                )
                continue
            log.warning("%s listener stopped unexpectedly; restarting it", name)
            self.restarts += 1
            self._start_listener(name)

    # -- the Qt side -----------------------------------------------------------------------
    @Slot(float, int)
    def _on_seen(self, mono: float, kind: int) -> None:
        if not self._active:
            return  # posted just before stop()
        if self.resting:
            self._wake_up()
        t = self._clock.from_monotonic(mono)
        self._stamps.append(t)
        field = _COUNTED.get(InputKind(kind))
        if field is not None:
            self._bucket(t)[field] += 1

    def _bucket(self, t: float) -> list[int]:
        # A second already emitted is not reopened: a late event joins the first open one.
        second = math.floor(t)
        if self._open_from is not None:
            second = max(second, self._open_from)
        return self._buckets.setdefault(second, [0, 0, 0, 0])

    @Slot()
    def _on_tick(self) -> None:
        now = self._clock.now()
        if self._poll_idle(now) and self.resting:
            self._wake_up(look=False)  # input the wake could not hear
        self._judge_resets(now - SETTLE_S)
        self._close(math.floor(now - CLOSE_AFTER_S))
        self._rest_if_quiet(now)

    def _poll_idle(self, now: float) -> bool:
        """Ask the idle counter; True when it saw input that was not seen before."""
        self._last_idle = None
        if self._counter is None:
            return False
        idle = self._counter.idle_seconds()
        if idle is None:
            return False
        self._last_idle = idle
        moment = now - idle
        if moment > self._last_reset + 0.05:
            self._last_reset = moment
            if moment >= self._started_at:
                self._resets.append(moment)
            return True
        return False

    # -- resting while nobody touches anything ------------------------------------------------
    def _start_wake(self) -> None:
        choice = self._wake_choice
        if choice is None:
            return
        if isinstance(choice, XInputWake):
            wake = choice
        elif not isinstance(self._counter, X11IdleCounter):
            return  # elsewhere the counter is polled every second, as before
        else:
            try:
                wake = XInputWake()
            except XInputWakeUnavailable as exc:
                log.info("input monitor ticks every second even while idle: %s", exc)
                return
        self._wake = wake
        self._wake_notifier = QSocketNotifier(wake.fileno(), QSocketNotifier.Type.Read, self)
        self._wake_notifier.activated.connect(self._on_wake_events)

    def _stop_wake(self) -> None:
        if self._wake_notifier is not None:
            self._wake_notifier.setEnabled(False)
            self._wake_notifier = None
        if self._wake is not None:
            self._wake.disarm()
            if self._wake_choice == "auto":
                self._wake.close()  # the one it opened; a wake handed in is the giver's
            self._wake = None

    def _rest_if_quiet(self, now: float) -> None:
        """Stop the timers when the user has rested and nothing is left to emit or judge."""
        wake, idle = self._wake, self._last_idle
        if wake is None or wake.armed or idle is None or idle < self._rest_after_s:
            return
        if self._buckets or self._resets or (self._stamps and self._stamps[-1] > now - idle):
            return
        if not wake.arm():
            self._give_up_wake()
            return
        self._tick.start(self._rest_poll_ms)
        self._watchdog.stop()
        if self._poll_idle(now):  # input between the last look and the arming
            self._wake_up(look=False)

    @Slot()
    def _on_wake_events(self) -> None:
        wake = self._wake
        if wake is not None and wake.take() and wake.armed:
            self._wake_up()

    def _wake_up(self, *, look: bool = True) -> None:
        """Input came while resting: tick again, and look at once (the counter dates it)."""
        wake = self._wake
        if wake is not None and not wake.disarm():
            self._give_up_wake()
        self._tick.start(self._tick_ms)
        if self._factories is not None:
            self._watchdog.start()
            self.check_listeners()
        if look:
            self._poll_idle(self._clock.now())

    def _give_up_wake(self) -> None:
        log.info("input monitor ticks every second from now on: the input wake stopped working")
        self._stop_wake()
        self._tick.start(self._tick_ms)
        if self._factories is not None:
            self._watchdog.start()

    def _judge_resets(self, until: float) -> None:
        while self._stamps and self._stamps[0] < until - STAMPS_KEPT_S:
            self._stamps.popleft()
        pending = []
        for moment in self._resets:
            if moment > until:
                pending.append(moment)
            elif not any(abs(t - moment) <= MATCH_S for t in self._stamps):
                self._bucket(moment)[_POINTER] = 1  # a counter cannot count moves
        self._resets = pending

    def _close(self, before: int) -> None:
        for second in sorted(s for s in self._buckets if s < before):
            keys, pointer, clicks, scrolls = self._buckets.pop(second)
            self.fact.emit(Input(float(second), keys, pointer, clicks, scrolls))
        if self._open_from is None or before > self._open_from:
            self._open_from = before

    def _flush(self) -> None:
        self._judge_resets(math.inf)
        if self._buckets:
            self._close(max(self._buckets) + 1)
