"""Names the dead-code check (vulture, in scripts/run-tests) cannot see being used.

Each is called by something outside Python's view: Qt's meta-object system (slots named in
SLOT() strings, D-Bus adaptor methods), the datetime machinery (tzinfo methods), a library
that calls a hook by name (pynput, APScheduler), or a field that is data for another reader.
Anything else vulture reports is dead: remove it rather than listing it here.
"""

# ruff: noqa: B018, F821
# tzinfo protocol, called by datetime (clock.LocalZone)
_.utcoffset
_.dst
_.tzname
_.fromutc
# ctypes structure field the Windows API reads (monitors.idle LASTINPUTINFO)
_.cbSize
# Qt slots connected by their SLOT() signature string (D-Bus signals)
_._on_properties
_._on_session_path
_._on_session_error
_._on_logind_lock
_._on_logind_unlock
_._on_prepare_for_sleep
_.action_invoked
_.notification_closed
# The typed schema QtDBus introspects by name to learn Notify's argument types (notify.dbus)
_.Notify
_.CloseNotification
# pynput listener hooks, called by pynput's Xlib backend by name, with its own argument names
_._stop_platform
_._handle_message
injected
# APScheduler's BaseScheduler hook, overridden for the timer fix (scheduling.SteadyQtScheduler)
_._start_timer
# Health of the input listeners and the scheduler's timer, read by their desktop tests to
# wait for a real state instead of sleeping, and by the soak test to count wakeups
_.listening
_.restarts
_.wakeups
_.next_run
# A field of the simulated truth that scoring and the replay tests read
posture
