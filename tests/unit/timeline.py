"""A small script language for activity: write a day as the user lived it, get facts back.

    day = Timeline("2026-03-02 09:00")
    day.typing(minutes=40).quiet(minutes=3).lock().wait(minutes=10).unlock().typing(minutes=5)

Times advance as the script goes; `at(...)` reads the clock as POSIX seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from glutewake.core.facts import (
    Answer,
    Call,
    Fact,
    Input,
    Media,
    Pause,
    Quiet,
    QuietReason,
    RoutineBreak,
    Session,
    SessionChange,
    Standing,
)

BERLIN = ZoneInfo("Europe/Berlin")


def moment(text: str, zone: ZoneInfo = BERLIN) -> float:
    """'2026-03-02 09:00' (local) as POSIX seconds."""
    return datetime.fromisoformat(text).replace(tzinfo=zone).timestamp()


@dataclass
class Timeline:
    start: str
    zone: ZoneInfo = BERLIN
    facts: list[Fact] = field(default_factory=list)
    now: float = 0.0

    def __post_init__(self) -> None:
        self.now = moment(self.start, self.zone)

    def local(self, t: float) -> datetime:
        return datetime.fromtimestamp(t, self.zone)

    def wait(self, minutes: float = 0.0, seconds: float = 0.0) -> Timeline:
        self.now += minutes * 60 + seconds
        return self

    quiet = wait

    def typing(self, minutes: float, every_s: float = 3.0) -> Timeline:
        """Steady input: one input second every `every_s` seconds for `minutes`."""
        end = self.now + minutes * 60
        while self.now < end:
            self.facts.append(Input(self.now, keys=4, pointer=2))
            self.now += every_s
        return self

    def key(self) -> Timeline:
        self.facts.append(Input(self.now, keys=1))
        self.now += 1
        return self

    def bump(self) -> Timeline:
        """One second of pointer motion: a bumped mouse."""
        self.facts.append(Input(self.now, pointer=5))
        self.now += 1
        return self

    def _session(self, change: SessionChange) -> Timeline:
        self.facts.append(Session(self.now, change))
        return self

    def lock(self) -> Timeline:
        return self._session(SessionChange.LOCK)

    def unlock(self) -> Timeline:
        return self._session(SessionChange.UNLOCK)

    def suspend(self) -> Timeline:
        return self._session(SessionChange.SUSPEND)

    def resume(self) -> Timeline:
        return self._session(SessionChange.RESUME)

    def quiet_request(self, reason: QuietReason, active: bool) -> Timeline:
        """The desktop asks for quiet (a fullscreen window, do-not-disturb), or stops."""
        self.facts.append(Quiet(self.now, reason, active))
        return self

    def call(self, active: bool) -> Timeline:
        self.facts.append(Call(self.now, active))
        return self

    def media(self, playing: bool) -> Timeline:
        self.facts.append(Media(self.now, playing))
        return self

    def standing(self, active: bool) -> Timeline:
        self.facts.append(Standing(self.now, active))
        return self

    def answer(self, spell_start: float, away: bool) -> Timeline:
        self.facts.append(Answer(self.now, spell_start, away))
        return self

    def pause(self, until: float | None) -> Timeline:
        self.facts.append(Pause(self.now, until))
        return self

    def routine(self, started: float) -> Timeline:
        self.facts.append(RoutineBreak(self.now, started))
        return self
