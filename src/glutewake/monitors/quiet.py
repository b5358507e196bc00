"""Quiet: the desktop asks for no pop-ups (a fullscreen window, or do-not-disturb).

A prompt that covers a film, a game or a presentation is worse than a late one, and a user
who switched notifications off said so: the app should wait. Both monitors emit `Quiet`
facts only when the answer changes (and once at start if quiet already).

Fullscreen, X11 (python-xlib, imported at start): with a window manager that speaks EWMH,
the root's _NET_ACTIVE_WINDOW and that window's _NET_WM_STATE, followed through
PropertyNotify events (no polling: a check costs three round trips, only when something
changed). With no window manager, the input focus's top-level window, checked every 2 s:
fullscreen if its _NET_WM_STATE says so, or it is mapped and covers the whole screen (about
six round trips a check). glutewake's own windows (_NET_WM_PID equal to ours) never count.
Only window ids, atoms, pids and sizes are read: never a title, a class or the pointer.
Windows: SHQueryUserNotificationState, polled. Wayland and macOS: not detectable.

Do-not-disturb, any of (session bus unless noted):
- the `Inhibited` property of org.freedesktop.Notifications (KDE Plasma's notification
  server sends PropertiesChanged for it);
- dunst's `paused` property on its org.dunstproject.cmd0 interface (what `dunstctl
  set-paused` sets; dunst sends PropertiesChanged for it);
- GNOME's org.gnome.desktop.notifications show-banners=false, through `gsettings monitor`
  (a child process), only on GNOME.
PySide6 cannot read the a{sv} a PropertiesChanged carries, so a change makes us ask the
property again, asynchronously: a hung daemon cannot freeze the tray.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QProcess, QSocketNotifier, QTimer, Signal, Slot
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusMessage,
    QDBusPendingCallWatcher,
    QDBusServiceWatcher,
    QDBusVariant,
)

from glutewake.core.facts import Quiet, QuietReason
from glutewake.monitors.buses import given_or_default, slot

if TYPE_CHECKING:
    from glutewake.clock import Clock

log = logging.getLogger("glutewake.monitors")

FULLSCREEN_POLL_MS = 2000
NOT_DETECTABLE = "fullscreen: not detectable here"


class FullscreenUnavailable(Exception):
    """Fullscreen windows cannot be seen here; the message says why."""


class FullscreenProbe(Protocol):
    """Asks the window system whether the window the user looks at is fullscreen."""

    @property
    def needs_poll(self) -> bool:
        """True when changes must be polled for (no events announce them)."""
        ...

    def is_fullscreen(self) -> bool | None:
        """None once the probe cannot answer any more (`broken` says why)."""
        ...

    @property
    def broken(self) -> str: ...

    def describe(self) -> str: ...

    def close(self) -> None: ...


# -- X11 --------------------------------------------------------------------------------------
_ATOMS = (
    "_NET_ACTIVE_WINDOW",
    "_NET_SUPPORTING_WM_CHECK",
    "_NET_SUPPORTED",
    "_NET_WM_STATE",
    "_NET_WM_STATE_FULLSCREEN",
    "_NET_WM_PID",
)


class X11FullscreenProbe:
    """Fullscreen on X11, through a python-xlib connection of its own.

    Events arrive on `fileno()`; call `take_events()` when it is readable (and after every
    check: replies read along the way may have queued events without the socket waking
    anyone). It returns whether a check is due.
    """

    def __init__(self, display_name: str | None = None, pid: int | None = None) -> None:
        try:
            import Xlib.display  # noqa: PLC0415 (imported only where X11 is tried)
            import Xlib.error  # noqa: PLC0415
            import Xlib.X  # noqa: PLC0415
            import Xlib.Xatom  # noqa: PLC0415
        except ImportError as exc:
            raise FullscreenUnavailable(f"python-xlib missing: {exc}") from exc
        self._x: Any = Xlib.X
        self._xatom: Any = Xlib.Xatom
        self._x_error: type[BaseException] = Xlib.error.XError
        self._lost: tuple[type[BaseException], ...] = (
            Xlib.error.ConnectionClosedError,
            OSError,
        )
        try:
            self._display: Any = Xlib.display.Display(display_name)
        except (
            Xlib.error.DisplayError,
            Xlib.error.ConnectionClosedError,
            Xlib.error.XauthError,
            Xlib.error.XNoAuthError,
            OSError,
        ) as exc:
            raise FullscreenUnavailable(f"no X display: {exc}") from exc
        # Errors of requests without a reply (selecting events on a window that has just
        # gone) would otherwise be printed on stderr.
        self._display.set_error_handler(self._on_async_error)
        screen = self._display.screen()
        self._root: Any = screen.root
        self._screen_size = (int(screen.width_in_pixels), int(screen.height_in_pixels))
        self._atom = {name: int(self._display.intern_atom(name)) for name in _ATOMS}
        self._pid = os.getpid() if pid is None else pid
        self._root.change_attributes(event_mask=self._x.PropertyChangeMask)
        self._display.flush()
        self._wm_check: int | None = None  # the EWMH window manager's check window
        self._wm_unknown = True
        self._watched: Any = None  # the active window whose _NET_WM_STATE we follow
        self._broken = ""

    # -- FullscreenProbe ------------------------------------------------------------------
    @property
    def needs_poll(self) -> bool:
        return self._wm_check is None

    @property
    def broken(self) -> str:
        return self._broken

    def describe(self) -> str:
        if self._wm_check is not None:
            return "fullscreen: X11 active window (EWMH events)"
        return "fullscreen: X11 focused window (no window manager: polled)"

    def fileno(self) -> int:
        return int(self._display.fileno())

    def is_fullscreen(self) -> bool | None:
        if self._broken:
            return None
        try:
            if self._wm_unknown:
                self._wm_unknown = False
                self._wm_check = self._find_window_manager()
            if self._wm_check is not None:
                window = self._active_window()
                self._follow(window)
            else:
                self._follow(None)
                window = self._focused_top_level()
            if window is None:
                return False
            return self._counts(window)
        except self._lost as exc:
            self._broken = f"the X connection ended: {exc}"
            return None
        except self._x_error as exc:  # the window went away while we asked about it
            log.debug("fullscreen check met an X error: %s", exc)
            return False

    def take_events(self) -> bool:
        """Read the events waiting; True when one of them may change the answer."""
        if self._broken:
            return False
        due = False
        root = self._root.id
        try:
            while self._display.pending_events():
                event = self._display.next_event()
                if event.type == self._x.PropertyNotify:
                    atom = int(event.atom)
                    if event.window.id == root:
                        if atom in (
                            self._atom["_NET_SUPPORTING_WM_CHECK"],
                            self._atom["_NET_SUPPORTED"],
                        ):
                            self._wm_unknown = True
                            due = True
                        elif atom == self._atom["_NET_ACTIVE_WINDOW"]:
                            due = True
                    elif (
                        atom == self._atom["_NET_WM_STATE"]
                        and self._watched is not None
                        and event.window.id == self._watched.id
                    ):
                        due = True
                elif event.type == self._x.DestroyNotify and event.window.id == self._wm_check:
                    self._wm_unknown = True  # the window manager has gone
                    due = True
        except self._lost as exc:
            self._broken = f"the X connection ended: {exc}"
            return True
        return due

    def close(self) -> None:
        try:
            self._display.close()
        except (self._x_error, *self._lost) as exc:
            log.debug("closing the fullscreen monitor's display: %s", exc)

    # -- X requests -------------------------------------------------------------------------
    def _on_async_error(self, error: Any, request: Any) -> None:
        log.debug("fullscreen monitor: X error for a request without reply: %s", error)

    def _cardinals(self, window: Any, name: str, kind: int) -> list[int] | None:
        """A 32-bit list property, or None when the window lacks it (or has gone)."""
        try:
            prop = window.get_full_property(self._atom[name], kind)
        except self._x_error:
            return None
        if prop is None or prop.format != 32:
            return None
        return [int(value) for value in prop.value]

    def _find_window_manager(self) -> int | None:
        """The check window of a living EWMH window manager that sets _NET_ACTIVE_WINDOW."""
        found = self._cardinals(self._root, "_NET_SUPPORTING_WM_CHECK", self._xatom.WINDOW)
        if not found or not found[0]:
            return None
        check = self._display.create_resource_object("window", found[0])
        # A window manager that died leaves the root's property behind; its window is gone.
        if self._cardinals(check, "_NET_SUPPORTING_WM_CHECK", self._xatom.WINDOW) != found[:1]:
            return None
        supported = self._cardinals(self._root, "_NET_SUPPORTED", self._xatom.ATOM) or []
        if self._atom["_NET_ACTIVE_WINDOW"] not in supported:
            return None
        check.change_attributes(event_mask=self._x.StructureNotifyMask)  # hear it leave
        self._display.flush()
        return found[0]

    def _active_window(self) -> Any:
        found = self._cardinals(self._root, "_NET_ACTIVE_WINDOW", self._xatom.WINDOW)
        if not found or not found[0]:
            return None
        return self._display.create_resource_object("window", found[0])

    def _focused_top_level(self) -> Any:
        """The top-level window holding the input focus (children of the root are top-level
        when no window manager reparents them)."""
        focus = self._display.get_input_focus().focus
        if isinstance(focus, int):  # None or PointerRoot: no window has the focus
            return None
        window = focus
        root = self._root.id
        if window.id == root:
            return None
        for _ in range(32):  # a bound against a broken tree
            parent = window.query_tree().parent
            if isinstance(parent, int) or parent.id == root:
                return window
            window = parent
        return None

    def _follow(self, window: Any) -> None:
        """Hear the active window's property changes (and stop hearing the previous one's).

        Event masks are per connection: this never changes what the window's own client
        (or Qt, for our own windows) asked for.
        """
        old = self._watched
        if (old is None and window is None) or (
            old is not None and window is not None and old.id == window.id
        ):
            return
        if old is not None:
            old.change_attributes(event_mask=self._x.NoEventMask)
        if window is not None:
            window.change_attributes(event_mask=self._x.PropertyChangeMask)
        self._watched = window
        self._display.flush()

    def _counts(self, window: Any) -> bool:
        pid = self._cardinals(window, "_NET_WM_PID", self._xatom.CARDINAL)
        if pid and pid[0] == self._pid:
            return False  # our own window (a routine shown fullscreen must not hush us)
        states = self._cardinals(window, "_NET_WM_STATE", self._xatom.ATOM) or []
        if self._atom["_NET_WM_STATE_FULLSCREEN"] in states:
            return True
        if self._wm_check is not None:
            return False  # a window manager says what is fullscreen
        if window.get_attributes().map_state != self._x.IsViewable:
            return False
        geometry = window.get_geometry()
        border = 2 * int(geometry.border_width)
        width, height = self._screen_size
        left, top = int(geometry.x), int(geometry.y)
        return (
            left <= 0
            and top <= 0
            and left + int(geometry.width) + border >= width
            and top + int(geometry.height) + border >= height
        )


# -- Windows (not exercised by this repository's tests) ---------------------------------------
QUNS_BUSY = 2
QUNS_RUNNING_D3D_FULL_SCREEN = 3
QUNS_PRESENTATION_MODE = 4
_QUNS_FULLSCREEN = frozenset({QUNS_BUSY, QUNS_RUNNING_D3D_FULL_SCREEN, QUNS_PRESENTATION_MODE})


class WindowsFullscreenProbe:
    """SHQueryUserNotificationState: Windows' own answer to "may I show a pop-up now?"."""

    _query: Any
    _broken: str
    _failures: int

    def __init__(self) -> None:
        if sys.platform != "win32":
            raise FullscreenUnavailable("SHQueryUserNotificationState is Windows only")
        try:
            self._query = ctypes.WinDLL("shell32").SHQueryUserNotificationState
        except (OSError, AttributeError) as exc:
            raise FullscreenUnavailable(f"shell32 unusable: {exc}") from exc
        self._query.argtypes = [ctypes.POINTER(ctypes.c_int)]
        self._query.restype = ctypes.c_long  # HRESULT
        self._broken = ""
        self._failures = 0

    @property
    def needs_poll(self) -> bool:
        return True

    @property
    def broken(self) -> str:
        return self._broken

    def describe(self) -> str:
        return "fullscreen: Windows notification state (polled)"

    def is_fullscreen(self) -> bool | None:
        state = ctypes.c_int(0)
        result = int(self._query(ctypes.byref(state)))
        if result != 0:
            self._failures += 1
            if self._failures >= 5:
                self._broken = (
                    f"SHQueryUserNotificationState keeps failing (0x{result & 0xFFFFFFFF:08x})"
                )
                return None
            return False
        self._failures = 0
        return state.value in _QUNS_FULLSCREEN

    def close(self) -> None:
        pass


def _is_wayland() -> bool:
    return os.environ.get("XDG_SESSION_TYPE", "").lower() == "wayland" or (
        bool(os.environ.get("WAYLAND_DISPLAY")) and not os.environ.get("DISPLAY")
    )


class FullscreenMonitor(QObject):
    """`Quiet(t, FULLSCREEN, True)` while the window the user looks at is fullscreen."""

    fact = Signal(object)

    def __init__(
        self,
        clock: Clock,
        *,
        display_name: str | None = None,
        poll_ms: int = FULLSCREEN_POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._display_name = display_name
        self._probe: FullscreenProbe | None = None
        self._notifier: QSocketNotifier | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.check)
        self._fullscreen = False
        self._why = ""

    @property
    def fullscreen(self) -> bool:
        return self._fullscreen

    def start(self) -> None:
        if sys.platform == "darwin" or (sys.platform != "win32" and _is_wayland()):
            where = "macOS" if sys.platform == "darwin" else "Wayland"
            self._why = NOT_DETECTABLE
            log.info("fullscreen monitor off: fullscreen windows cannot be seen on %s", where)
            return
        try:
            if sys.platform == "win32":
                self._probe = WindowsFullscreenProbe()
            else:
                probe = X11FullscreenProbe(self._display_name)
                self._probe = probe
                self._notifier = QSocketNotifier(probe.fileno(), QSocketNotifier.Type.Read, self)
                self._notifier.activated.connect(self._on_x_events)
        except FullscreenUnavailable as exc:
            self._why = str(exc)
            log.warning("fullscreen monitor off: %s", exc)
            return
        self.check()

    def stop(self) -> None:
        self._timer.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._probe is not None:
            self._probe.close()
            self._probe = None

    def describe(self) -> str:
        if self._why == NOT_DETECTABLE:
            return NOT_DETECTABLE
        if self._why:
            return f"fullscreen: off ({self._why})"
        if self._probe is None:
            return "fullscreen: not running"
        text = self._probe.describe()
        if self._probe.needs_poll:
            text += f" every {self._timer.interval() / 1000:g} s"
        return text

    @Slot()
    def check(self) -> None:
        """Ask now (the poll timer and X events call this; so may a test)."""
        probe = self._probe
        if probe is None:
            return
        answer = probe.is_fullscreen()
        if answer is not None and isinstance(probe, X11FullscreenProbe) and probe.take_events():
            # Events read along with our replies wake no socket notifier: look again, soon.
            QTimer.singleShot(0, self, self.check)
        if answer is None:
            self._give_up(probe.broken or "the probe stopped answering")
            return
        self._set(answer)
        if probe.needs_poll and not self._timer.isActive():
            self._timer.start()
        elif not probe.needs_poll and self._timer.isActive():
            self._timer.stop()

    @Slot()
    def _on_x_events(self) -> None:
        probe = self._probe
        if isinstance(probe, X11FullscreenProbe) and probe.take_events():
            self.check()

    def _give_up(self, why: str) -> None:
        log.warning("fullscreen monitor stopped: %s", why)
        self.stop()
        self._why = why
        self._set(False)  # a monitor that cannot see must not hold prompts back

    def _set(self, fullscreen: bool) -> None:
        if fullscreen != self._fullscreen:
            self._fullscreen = fullscreen
            self.fact.emit(Quiet(self._clock.now(), QuietReason.FULLSCREEN, fullscreen))


# -- Do not disturb -----------------------------------------------------------------------------
NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
DUNST_INTERFACE = "org.dunstproject.cmd0"
PROPERTIES = "org.freedesktop.DBus.Properties"
GNOME_SCHEMA = "org.gnome.desktop.notifications"
GNOME_KEY = "show-banners"
CALL_TIMEOUT_MS = 2000
GSETTINGS_SETTLE_MS = 500
"""After `gsettings monitor` starts, read the key once it has surely subscribed: a change
made while it was starting is then not lost."""

NO_DAEMON = "no notification daemon on the session bus"
INHIBITED = "notifications Inhibited"
DUNST_PAUSED = "dunst paused"
GNOME_BANNERS = "GNOME show-banners"
_ORDER = (INHIBITED, DUNST_PAUSED, GNOME_BANNERS)
_DBUS_SOURCES = {INHIBITED: (NOTIFICATIONS, "Inhibited"), DUNST_PAUSED: (DUNST_INTERFACE, "paused")}
_SLOW_ERRORS = frozenset(
    {"org.freedesktop.DBus.Error.NoReply", "org.freedesktop.DBus.Error.Timeout"}
)
_NO_DAEMON_ERRORS = frozenset(
    {"org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner"}
)


def _is_gnome() -> bool:
    return "GNOME" in os.environ.get("XDG_CURRENT_DESKTOP", "").upper()


class DoNotDisturbMonitor(QObject):
    """`Quiet(t, DO_NOT_DISTURB, True)` while any source says notifications are held back.

    `gnome=None` follows GNOME's setting only on GNOME with gsettings installed; True or
    False decides (tests). A source that is missing or stops answering counts as "not
    asking for quiet", so a lost source can never hold prompts back for good.
    """

    fact = Signal(object)

    def __init__(
        self,
        clock: Clock,
        bus: QDBusConnection | None = None,
        *,
        gnome: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._given = bus
        self._gnome = gnome
        self._bus: QDBusConnection | None = None
        self._subscribed = False
        self._watcher: QDBusServiceWatcher | None = None
        self._waiting: set[QDBusPendingCallWatcher] = set()
        self._asking: dict[str, int] = {}  # source -> questions out to the current daemon
        self._epoch = 0  # counts notification daemons: a late answer from a gone one is void
        self._says: dict[str, bool] = {}  # source -> asks for quiet; only sources that work
        self._missing: dict[str, str] = {}  # source -> why it is not followed
        self._logged: set[str] = set()
        self._gsettings: str | None = None
        self._processes: list[QProcess] = []
        self._gnome_output = b""
        self._running = False
        self._active = False

    @property
    def active(self) -> bool:
        return self._active

    @property
    def asking(self) -> list[str]:
        """The sources asking for quiet right now, e.g. ["dunst paused"]."""
        return [source for source in _ORDER if self._says.get(source)]

    # -- life cycle -----------------------------------------------------------------------
    def start(self) -> None:
        self._running = True
        self._bus, why = given_or_default(self._given, "session")
        if self._bus is None:
            for source in _DBUS_SOURCES:
                self._missing[source] = why
        else:
            self._follow_daemon(self._bus)
        wanted = _is_gnome() if self._gnome is None else self._gnome
        if wanted:
            self._start_gnome()
        if self._bus is None and not wanted:
            self._log_once("bus", f"do-not-disturb monitor off: {why}", logging.WARNING)

    def stop(self) -> None:
        self._running = False
        if self._bus is not None and self._subscribed:
            self._bus.disconnect(
                NOTIFICATIONS,
                NOTIFICATIONS_PATH,
                PROPERTIES,
                "PropertiesChanged",
                self,
                slot("_on_properties(QDBusMessage)"),
            )
        self._subscribed = False
        if self._watcher is not None:
            self._watcher.setWatchedServices([])
            self._watcher = None
        for process in self._processes:
            process.kill()
            process.waitForFinished(1000)
        self._processes.clear()
        self._bus = None

    def describe(self) -> str:
        following = [source for source in _ORDER if source in self._says]
        if self._asking:
            following.append("asking the notification daemon")
        if following:
            return "do-not-disturb: " + ", ".join(following)
        reasons = sorted(set(self._missing.values()))
        return "do-not-disturb: nothing to follow" + (f" ({'; '.join(reasons)})" if reasons else "")

    # -- D-Bus sources ----------------------------------------------------------------------
    def _follow_daemon(self, bus: QDBusConnection) -> None:
        # By well-known name: QtDBus follows whichever process owns it now.
        if bus.connect(
            NOTIFICATIONS,
            NOTIFICATIONS_PATH,
            PROPERTIES,
            "PropertiesChanged",
            self,
            slot("_on_properties(QDBusMessage)"),
        ):
            self._subscribed = True
        else:
            why = bus.lastError().message() or "cannot subscribe"
            self._log_once("subscribe", f"do-not-disturb monitor cannot follow changes: {why}")
        self._watcher = QDBusServiceWatcher(
            NOTIFICATIONS, bus, QDBusServiceWatcher.WatchModeFlag.WatchForOwnerChange, self
        )
        self._watcher.serviceOwnerChanged.connect(self._on_owner)
        for source in _DBUS_SOURCES:
            self._ask(source)

    @Slot(str, str, str)
    def _on_owner(self, name: str, old: str, new: str) -> None:
        if not self._running:
            return
        self._epoch += 1
        self._asking.clear()
        for source in _DBUS_SOURCES:
            if new:
                self._ask(source)  # a (new) notification daemon: what does it say?
            else:
                self._lose(source, NO_DAEMON)
        self._update()

    @Slot(QDBusMessage)
    def _on_properties(self, signal: QDBusMessage) -> None:
        args = signal.arguments()
        interface = args[0] if args else None
        for source, (source_interface, _name) in _DBUS_SOURCES.items():
            if interface == source_interface:
                self._ask(source)

    def _ask(self, source: str) -> None:
        bus = self._bus
        if bus is None:
            return
        interface, name = _DBUS_SOURCES[source]
        get = QDBusMessage.createMethodCall(NOTIFICATIONS, NOTIFICATIONS_PATH, PROPERTIES, "Get")
        get.setArguments([interface, name])
        get.setAutoStartService(False)  # asking must not launch a notification daemon
        epoch = self._epoch
        self._asking[source] = self._asking.get(source, 0) + 1

        def answered(args: list[Any]) -> None:
            value = args[0].variant() if args and isinstance(args[0], QDBusVariant) else None
            if not isinstance(value, bool):
                self._lose(source, f"{name} is {value!r}, not a boolean")
            else:
                self._says[source] = value
                self._missing.pop(source, None)
            self._update()

        def failed(error_name: str, message: str) -> None:
            if error_name in _NO_DAEMON_ERRORS:
                self._lose(source, NO_DAEMON)
            elif error_name in _SLOW_ERRORS:  # asked again at its next PropertiesChanged
                self._lose(source, f"the notification daemon did not answer about {name}")
            else:  # UnknownProperty, InvalidArgs, UnknownInterface: this daemon lacks it
                self._lose(source, f"the notification daemon has no {name} ({error_name})")
            self._update()

        def finished(done: QDBusPendingCallWatcher) -> None:
            # Drop the last reference (which deletes the watcher) only once its signal has
            # returned: deleting it from inside crashes.
            QTimer.singleShot(0, lambda: self._waiting.discard(done))
            if not self._running or epoch != self._epoch:
                return  # stopped, or asked of a daemon that has gone since
            left = self._asking.pop(source, 1) - 1
            if left > 0:
                self._asking[source] = left
            if done.isError():
                error = done.error()
                failed(error.name(), error.message())
            else:
                answered(done.reply().arguments())

        watcher = QDBusPendingCallWatcher(bus.asyncCall(get, CALL_TIMEOUT_MS))
        self._waiting.add(watcher)
        watcher.finished.connect(finished)

    def _lose(self, source: str, why: str) -> None:
        """This source says nothing (any more); the reason is logged once."""
        self._says.pop(source, None)
        self._missing[source] = why
        if why == NO_DAEMON:  # one line for all the daemon's sources
            self._log_once(why, f"do-not-disturb monitor: {why}")
        else:
            self._log_once(f"{source}: {why}", f"do-not-disturb monitor without {source}: {why}")

    # -- GNOME ------------------------------------------------------------------------------
    def _start_gnome(self) -> None:
        self._gsettings = shutil.which("gsettings")
        if self._gsettings is None:
            self._missing[GNOME_BANNERS] = "gsettings is not installed"
            self._log_once("gsettings", "do-not-disturb monitor without GNOME: no gsettings")
            return
        monitor = self._process(self._on_gnome_ended)
        monitor.readyReadStandardOutput.connect(lambda: self._on_gnome_lines(monitor))
        monitor.started.connect(
            lambda: QTimer.singleShot(GSETTINGS_SETTLE_MS, self, self._read_gnome)
        )
        monitor.start(self._gsettings, ["monitor", GNOME_SCHEMA, GNOME_KEY])

    def _process(self, on_end: Callable[[QProcess], None]) -> QProcess:
        process = QProcess(self)
        process.finished.connect(lambda *_: on_end(process))
        process.errorOccurred.connect(
            lambda error: on_end(process) if error == QProcess.ProcessError.FailedToStart else None
        )
        self._processes.append(process)
        return process

    def _read_gnome(self) -> None:
        if not self._running or self._gsettings is None:
            return
        reader = self._process(self._on_gnome_read)
        reader.start(self._gsettings, ["get", GNOME_SCHEMA, GNOME_KEY])

    def _on_gnome_read(self, reader: QProcess) -> None:
        if reader in self._processes:
            self._processes.remove(reader)
        reader.deleteLater()
        if not self._running:
            return
        if reader.exitStatus() != QProcess.ExitStatus.NormalExit or reader.exitCode() != 0:
            error = bytes(reader.readAllStandardError().data()).decode(errors="replace").strip()
            self._lose(GNOME_BANNERS, f"gsettings get failed: {error or reader.errorString()}")
            self._update()
            return
        self._gnome_says(bytes(reader.readAllStandardOutput().data()).decode(errors="replace"))

    def _on_gnome_lines(self, monitor: QProcess) -> None:
        self._gnome_output += bytes(monitor.readAllStandardOutput().data())
        *lines, self._gnome_output = self._gnome_output.split(b"\n")
        for line in lines:  # "show-banners: false"
            key, _, value = line.decode(errors="replace").partition(":")
            if key.strip() == GNOME_KEY:
                self._gnome_says(value)

    def _gnome_says(self, value: str) -> None:
        if not self._running:
            return
        text = value.strip()
        if text not in ("true", "false"):
            self._lose(GNOME_BANNERS, f"gsettings answered {text[:40]!r}")
        else:
            self._says[GNOME_BANNERS] = text == "false"  # banners off: do not disturb
            self._missing.pop(GNOME_BANNERS, None)
        self._update()

    def _on_gnome_ended(self, monitor: QProcess) -> None:
        if not self._running:
            return
        error = bytes(monitor.readAllStandardError().data()).decode(errors="replace").strip()
        self._lose(GNOME_BANNERS, f"gsettings monitor ended: {error or monitor.errorString()}")
        self._update()

    # -- shared ----------------------------------------------------------------------------
    def _log_once(self, key: str, text: str, level: int = logging.INFO) -> None:
        if key not in self._logged:
            self._logged.add(key)
            log.log(level, "%s", text)

    def _update(self) -> None:
        active = any(self._says.values())
        if active != self._active:
            self._active = active
            self.fact.emit(Quiet(self._clock.now(), QuietReason.DO_NOT_DISTURB, active))
