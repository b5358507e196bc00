"""When to prompt: the break policy, a pure function of the sitting state and the user's choices.

The policy never reads a clock. The app (and `glutewake replay`) asks `wake_at()` when the
policy next needs a look, and calls `check()` at that moment with a fresh `SittingView`.

What users of other break tools complain about shaped the rules:
- nothing pops up the moment they come back from a break, a pause or a suspend;
- a prompt is shown only while the estimate says the user is seated; once a quiet spell turns
  into a break, the bout and its prompts end (the app withdraws a prompt nobody saw);
- a hold (call, pause, quiet hours) keeps counting the sitting and, when it ends, brings one
  short catch-up prompt, never a burst of the missed ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import Enum
from typing import NamedTuple

from glutewake.core.facts import QuietReason
from glutewake.core.settings import Settings

#: After a pause or quiet hours end, how long before the catch-up prompt.
CATCH_UP_DELAY_S = 60.0

#: After a call ends, how long before the catch-up prompt. The user is still in the chair
#: and has just finished a task: the natural moment to stand up, before the next one starts.
CALL_CATCH_UP_DELAY_S = 0.0

LocalTime = Callable[[float], datetime]
"""Turns a moment on the timeline into the user's local, zone-aware wall time."""


class Hold(Enum):
    """Why a due prompt is being held back; shown in the tray."""

    PAUSED = "paused"
    CALL = "on a call"
    FULLSCREEN = "fullscreen window"
    DO_NOT_DISTURB = "do not disturb"
    OUTSIDE_HOURS = "outside working hours"
    AWAY = "away from the desk"


#: Holds after which the catch-up comes at once: the user sat through them at the desk and
#: has just finished something (a call, a presentation, a focused spell).
AT_ONCE = frozenset({Hold.CALL, Hold.FULLSCREEN, Hold.DO_NOT_DISTURB})


class SittingView(NamedTuple):
    """What the policy needs to know of the sitting estimate at one moment.

    A named tuple: one is made for every fact, so it must be cheap.
    """

    now: float
    bout_start: float | None
    """Start of the current sitting bout; None while away, standing or before any activity."""
    last_input: float | None
    call_active: bool = False
    media_playing: bool = False

    def sitting_s(self) -> float:
        return 0.0 if self.bout_start is None else max(0.0, self.now - self.bout_start)


@dataclass(frozen=True, slots=True)
class Prompt:
    """A decision to prompt now. `repeat` counts earlier prompts in the same bout."""

    at: float
    bout_start: float
    sitting_s: float
    repeat: int
    catch_up: bool


class BreakPolicy:
    """Decides the moments to prompt for one user, across bouts, holds and answers."""

    def __init__(self, settings: Settings, local_time: LocalTime) -> None:
        self._settings = settings
        self._local = local_time
        self._bout: float | None = None
        self._next_at: float | None = None
        self._prompts_in_bout = 0
        self._paused_until: float | None = None
        self._held_since: float | None = None
        self._held_by: Hold | None = None
        self._catch_up_at: float | None = None
        self._hours_cache: tuple[float, float, bool] = (0.0, 0.0, False)
        self._quiet: set[QuietReason] = set()

    # -- the user's choices -------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self._settings

    def apply_settings(self, settings: Settings, view: SittingView) -> None:
        """New settings take effect at once: the next prompt is rescheduled from the bout start."""
        self._settings = settings
        self._hours_cache = (0.0, 0.0, False)
        if self._bout is not None and self._prompts_in_bout == 0:
            self._next_at = self._bout + self._interval_s

    def snooze(self, now: float) -> None:
        self._next_at = now + self._settings.snooze_minutes * 60.0
        self._catch_up_at = None

    def skip(self, now: float) -> None:
        """Skip this break: the bout goes on, the next prompt comes one interval later."""
        self._next_at = now + self._interval_s
        self._catch_up_at = None

    def pause(self, now: float, until: float) -> None:
        self._paused_until = until
        self._catch_up_at = None

    def pause_until_tomorrow(self, now: float) -> None:
        self.pause(now, self.next_local_midnight(now))

    def resume(self, now: float) -> None:
        """End a pause early; sitting counted during it stays, and a catch-up follows shortly."""
        if self._paused_until is not None and self._paused_until > now:
            self._paused_until = now

    def set_quiet(self, reason: QuietReason, active: bool) -> None:
        """The desktop asked for quiet (fullscreen, do-not-disturb), or stopped asking."""
        if active:
            self._quiet.add(reason)
        else:
            self._quiet.discard(reason)

    def paused_until(self, now: float) -> float | None:
        if self._paused_until is not None and self._paused_until > now:
            return self._paused_until
        return None

    def next_local_midnight(self, now: float) -> float:
        """The first moment of the user's next local day (DST-safe: asks the zone, not +24 h)."""
        local = self._local(now)
        tomorrow = local.date() + timedelta(days=1)
        midnight = datetime.combine(tomorrow, time(0, 0), tzinfo=local.tzinfo)
        return midnight.timestamp()

    # -- the decision ----------------------------------------------------------------------
    def hold(self, view: SittingView) -> Hold | None:
        """Why a prompt due now would wait, or None when it may be shown."""
        if self.paused_until(view.now) is not None:
            return Hold.PAUSED
        if view.call_active and self._settings.hold_during_calls:
            return Hold.CALL
        if QuietReason.FULLSCREEN in self._quiet and self._settings.hold_when_fullscreen:
            return Hold.FULLSCREEN
        if QuietReason.DO_NOT_DISTURB in self._quiet and self._settings.hold_when_do_not_disturb:
            return Hold.DO_NOT_DISTURB
        if not self.in_working_hours(view.now):
            return Hold.OUTSIDE_HOURS
        if view.bout_start is None:
            return Hold.AWAY
        return None

    def check(self, view: SittingView) -> Prompt | None:
        """Call at every wake-up and after every fact: returns a prompt to show now, if any."""
        self._follow_bout(view)
        if self._bout is None or self._next_at is None:
            return None
        if view.now < self._next_at and self._held_since is None and self._catch_up_at is None:
            return None  # nothing due and nothing held: the common case, kept cheap
        hold = self.hold(view)
        if hold is not None:
            if view.now >= self._next_at and hold is not Hold.AWAY and self._held_since is None:
                self._held_since = view.now
            if hold is not Hold.AWAY:
                self._held_by = hold
            return None
        if self._held_since is not None:
            # A hold just ended with a prompt overdue: one catch-up, at once after a call
            # (the user is still seated), a little later after a pause or quiet hours.
            delay = CALL_CATCH_UP_DELAY_S if self._held_by in AT_ONCE else CATCH_UP_DELAY_S
            self._held_since = None
            self._catch_up_at = max(self._next_at, view.now + delay)
        self._held_by = None
        due_at = self._catch_up_at if self._catch_up_at is not None else self._next_at
        if view.now < due_at:
            return None
        prompt = Prompt(
            at=view.now,
            bout_start=self._bout,
            sitting_s=view.sitting_s(),
            repeat=self._prompts_in_bout,
            catch_up=self._catch_up_at is not None,
        )
        self._prompts_in_bout += 1
        self._catch_up_at = None
        repeat_s = self._settings.repeat_minutes * 60.0
        self._next_at = view.now + repeat_s if repeat_s > 0 else None
        return prompt

    def due_at(self) -> float | None:
        """When the next prompt is due in the current bout (catch-up included), if any."""
        if self._bout is None:
            return None
        return self._catch_up_at if self._catch_up_at is not None else self._next_at

    def wake_at(self, view: SittingView) -> float | None:
        """The next moment `check` could say something new without any new fact arriving."""
        self._follow_bout(view)
        if self._bout is None or self._next_at is None:
            return None
        candidates = [self._catch_up_at if self._catch_up_at is not None else self._next_at]
        paused = self.paused_until(view.now)
        if paused is not None:
            candidates.append(paused)
        if not self.in_working_hours(view.now):
            candidates.append(self.next_working_start(view.now))
        later = [c for c in candidates if c > view.now]
        return min(later) if later else None

    def _follow_bout(self, view: SittingView) -> None:
        """A new bout (or none) restarts the prompt schedule: a break was taken."""
        if view.bout_start == self._bout:
            return
        self._bout = view.bout_start
        self._prompts_in_bout = 0
        self._held_since = None
        self._held_by = None
        self._catch_up_at = None
        self._next_at = None if view.bout_start is None else view.bout_start + self._interval_s

    @property
    def _interval_s(self) -> float:
        return self._settings.interval_minutes * 60.0

    # -- working hours ---------------------------------------------------------------------
    def in_working_hours(self, now: float) -> bool:
        """Whether `now` is inside the user's working hours; cached until the next boundary."""
        since, until, inside = self._hours_cache
        if since <= now < until:
            return inside
        local = self._local(now)
        day = local.date()
        settings = self._settings

        def at(minute: int) -> float:
            on = day + timedelta(days=minute // 1440)
            wall = time((minute % 1440) // 60, minute % 60)
            return datetime.combine(on, wall, tzinfo=local.tzinfo).timestamp()

        midnight = at(1440)
        start, end = at(settings.working_hours_start_minute), at(settings.working_hours_end_minute)
        if _WEEKDAYS[local.weekday()] not in settings.working_days or now >= end:
            self._hours_cache = (now, midnight, False)
        elif now < start:
            self._hours_cache = (now, start, False)
        else:
            self._hours_cache = (now, end, True)
        return self._hours_cache[2]

    def next_working_start(self, now: float) -> float:
        """The next moment working hours begin, searched day by day in local time."""
        local = self._local(now)
        start = self._settings.working_hours_start_minute
        for days_ahead in range(8):
            day = local.date() + timedelta(days=days_ahead)
            if _WEEKDAYS[day.weekday()] not in self._settings.working_days:
                continue
            begin = datetime.combine(day, time(start // 60, start % 60), tzinfo=local.tzinfo)
            if begin.timestamp() > now:
                return begin.timestamp()
        return now + 7 * 86400.0


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
