"""Quiet: the desktop asks for no pop-ups (a fullscreen window, or do-not-disturb).

A prompt that covers a film, a game or a presentation is worse than a late one, and a user
who switched notifications off said so: the app should wait. Both monitors emit `Quiet`
facts only when the answer changes (and once at start if quiet already).

Fullscreen, one probe per window system: X11 (`fullscreen_x11`, EWMH events or a polled
focus), Windows (`fullscreen_windows`, polled); Wayland and macOS: not detectable.
Do-not-disturb, any of: the notification daemon's `Inhibited` or dunst's `paused`
(`dnd_daemon`), GNOME's show-banners=false (`dnd_gnome`), summed up in `dnd_tally`.
"""

from glutewake.monitors.quiet.dnd import DoNotDisturbMonitor
from glutewake.monitors.quiet.fullscreen import FullscreenMonitor

__all__ = ["DoNotDisturbMonitor", "FullscreenMonitor"]
