"""The sitting estimator: activity facts in, continuous sitting bouts and breaks out.

Other break tools decide "away" from one idle threshold, and so read a video call as a break
and a two-minute unlocked trip as reading. This estimator weighs every signal it has:

- a lock or a suspend means the user left at their last input, at once;
- a call or media playing keeps a quiet spell seated (up to a generous cap);
- standing-desk mode is not sitting;
- otherwise a quiet spell counts as a break once it reaches `quiet_away_s` (the longer
  `settle_quiet_s` when it begins just after a return or a call); a shorter one is ambiguous,
  and the estimator offers a question about it (`pending_question`) when the answer would
  change what the user is told;
- a return is recognised only after real activity: two input seconds close together, not a
  single bumped mouse;
- an absence shorter than the user's break length (`break_s`) does not end the bout.

Time is an argument everywhere: one monotonic timeline in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from glutewake.core.facts import (
    Answer,
    Call,
    Fact,
    Input,
    Media,
    Pause,
    Quiet,
    RoutineBreak,
    Session,
    SessionChange,
    Standing,
)
from glutewake.core.models import Bout, BreakKind


@dataclass(frozen=True, slots=True)
class Question:
    """Worth asking on return: "Were you away from your desk for those N minutes?"."""

    spell_start: float
    spell_end: float
    counted_as_away: bool

    @property
    def minutes(self) -> int:
        return round((self.spell_end - self.spell_start) / 60.0)


@dataclass(frozen=True, slots=True)
class EstimatorParams:
    """The estimator's thresholds, with the reasons for their defaults.

    - `quiet_away_s`: an unlocked quiet spell this long is taken as a break. In the middle of
      work about 95 % of seated hands-off spells end within four to five minutes, while from
      four minutes on an unlocked quiet spell is a trip about as often as not.
    - `settle_s` / `settle_quiet_s`: a quiet spell that begins within `settle_s` of a return
      to the desk or of the end of a call may last up to `settle_quiet_s` and still be seated.
      People settle in or wrap up then (read what came in, take notes), and someone who has
      just come back rarely leaves again within minutes: long seated spells cluster there.
    - `break_s`: an absence shorter than this does not end a bout (the user's break length).
    - `confirm_s`: a return needs a second input second within this window.
    - `bump_quiet_s`: after this much quiet, one pointer-only second is a bump until confirmed.
    - `call_quiet_s` / `media_quiet_s`: how long a call or media playing can keep a spell
      with no input seated; past that, a forgotten player no longer proves anyone is there.
    - `ask_min_s` / `ask_max_s`: quiet spells in this range are ambiguous enough to ask about.
    - `ask_min_bout_s`: ask only when the bout the answer would change is at least this long.
    - `ask`: the user's choice to be asked at all.
    """

    quiet_away_s: float = 240.0
    break_s: float = 60.0
    confirm_s: float = 30.0
    bump_quiet_s: float = 60.0
    call_quiet_s: float = 3600.0
    media_quiet_s: float = 1800.0
    ask_min_s: float = 180.0
    ask_max_s: float = 900.0
    ask_min_bout_s: float = 600.0
    ask: bool = True
    settle_s: float = 600.0
    settle_quiet_s: float = 600.0


class _Mode(Enum):
    IDLE = "idle"  # away, or before any activity
    SEATED = "seated"
    STANDING = "standing"


class SittingEstimator:
    """Follows one user through the day; feed it facts in time order, and advance it between."""

    def __init__(self, params: EstimatorParams | None = None) -> None:
        self.params = params or EstimatorParams()
        self._mode = _Mode.IDLE
        self._bout_start: float | None = None
        self._last_activity: float | None = None
        self._last_input: float | None = None
        self._away_since: float | None = None
        self._away_kind = BreakKind.NATURAL
        self._return_first: float | None = None
        self._return_last: float | None = None
        self._bump: float | None = None
        self._call = False
        self._media = False
        self._standing = False
        self._settle_from: float | None = None  # the last return to the desk, or call end
        self._closed: list[Bout] = []
        self._question: Question | None = None
        self._now = float("-inf")

    # -- reading the estimate ------------------------------------------------------------
    @property
    def bouts(self) -> list[Bout]:
        """Closed bouts, oldest first."""
        return list(self._closed)

    @property
    def bout_start(self) -> float | None:
        """Start of the bout in progress, or None while away, standing or not yet seen."""
        return self._bout_start if self._mode is _Mode.SEATED else None

    @property
    def last_input(self) -> float | None:
        return self._last_input

    @property
    def call_active(self) -> bool:
        return self._call

    @property
    def media_playing(self) -> bool:
        return self._media

    @property
    def standing(self) -> bool:
        return self._standing

    @property
    def away_since(self) -> float | None:
        return self._away_since if self._mode is _Mode.IDLE else None

    @property
    def pending_question(self) -> Question | None:
        return self._question

    def forget_closed(self, before: float) -> int:
        """Drop closed bouts that ended before `before`, always keeping the last one.

        A process that runs for months must not keep every bout it ever saw; only the last
        can still change (a short return resumes it, an answer joins it). Returns how many
        were dropped from the front, so a caller indexing `bouts` can shift its own list.
        """
        keep_from = 0
        for i, bout in enumerate(self._closed[:-1]):
            if bout.end < before:
                keep_from = i + 1
        del self._closed[:keep_from]
        return keep_from

    @property
    def open_bout(self) -> Bout | None:
        """The bout in progress, from its start to the end of its last activity."""
        if self._mode is not _Mode.SEATED or self._bout_start is None:
            return None
        return Bout(self._bout_start, max(self._bout_start, self._end_of_activity()))

    def carry_on(self, bout: Bout) -> None:
        """Begin with a bout an earlier run left open (it stopped, or crashed, mid-bout).

        The bout counts as closed where its activity ended; if the user is back within
        `break_s` of that, it goes on as one bout, exactly as after any short absence.
        Call before the first fact.
        """
        closed = Bout(bout.start, bout.end, BreakKind.NATURAL)
        self._closed.append(closed)
        self._mode = _Mode.IDLE
        self._away_since, self._away_kind = closed.end, BreakKind.NATURAL
        self._now = max(self._now, closed.end)

    def sitting_s(self, now: float) -> float:
        start = self.bout_start
        return 0.0 if start is None else max(0.0, now - start)

    def away_at(self, now: float) -> float | None:
        """When the live quiet spell will count as a break if nothing happens, or None."""
        if self._mode is not _Mode.SEATED or self._last_activity is None:
            return None
        if self._call:
            return self._last_activity + self.params.call_quiet_s
        if self._media:
            return self._last_activity + self.params.media_quiet_s
        return self._last_activity + self._quiet_limit()

    def _quiet_limit(self) -> float:
        """How long an unlocked quiet spell may last before it counts as a break.

        Right after a return or the end of a call people settle in or wrap up: they read,
        think and take notes with their hands off the machine, and someone who has just come
        back rarely leaves again within minutes. A quiet spell that begins then gets the
        longer `settle_quiet_s`.
        """
        p = self.params
        assert self._last_activity is not None
        settle_from = self._settle_from
        if settle_from is not None and self._last_activity - settle_from < p.settle_s:
            return max(p.quiet_away_s, p.settle_quiet_s)
        return p.quiet_away_s

    def finish(self, now: float) -> list[Bout]:
        """Close the day: the bout in progress ends at the last activity. Returns all bouts."""
        self.advance(now)
        if self._mode is _Mode.SEATED and self._bout_start is not None:
            end = self._end_of_activity()
            if self._call or self._media:
                end = max(end, now)  # a call or video still going holds the user in the seat
            self._close(end, None)
            self._mode = _Mode.IDLE
        return self.bouts

    # -- feeding facts ---------------------------------------------------------------------
    def advance(self, now: float) -> None:
        """Let time pass to `now`: a quiet spell that has grown long enough becomes a break."""
        self._now = max(self._now, now)
        if (
            self._return_first is not None
            and now - (self._return_last or now) > self.params.confirm_s
        ):
            self._return_first = self._return_last = None  # a lone input: a bumped mouse
        if self._bump is not None and now - self._bump > self.params.confirm_s:
            self._bump = None
        away_at = self.away_at(now)
        if away_at is not None and now >= away_at:
            self._leave(self._end_of_activity(), BreakKind.NATURAL)

    def feed(self, fact: Fact) -> None:
        """One fact. A fact older than the last one (a clock stepped back) counts as now."""
        if fact.t < self._now:
            fact = replace(fact, t=self._now)
        self.advance(fact.t)
        match fact:
            case Input():
                self._on_input(fact)
            case Session(change=SessionChange.LOCK):
                self._on_leave_signal(fact.t, BreakKind.LOCK)
            case Session(change=SessionChange.SUSPEND):
                self._on_leave_signal(fact.t, BreakKind.SUSPEND)
            case Session():
                pass  # unlock or resume: the user is back only once they use the machine
            case Call(active=active):
                if self._call and not active:
                    self._settle_from = fact.t  # wrapping up after a call
                self._call = active
                self._on_presence_signal(fact.t, strong=active)
            case Media(playing=playing):
                self._media = playing
                self._on_presence_signal(fact.t, strong=False)
            case Standing(active=active):
                self._on_standing(fact.t, active)
            case Answer():
                self._on_answer(fact)
            case RoutineBreak():
                self._on_routine(fact)
            case Pause() | Quiet():
                pass  # holding prompts does not change what the user's body is doing

    # -- the rules -------------------------------------------------------------------------
    def _on_input(self, fact: Input) -> None:
        t = fact.t
        self._last_input = t
        if self._mode is _Mode.STANDING:
            return
        if self._mode is _Mode.SEATED:
            assert self._last_activity is not None
            quiet = t - self._last_activity
            if fact.pointer_only and quiet >= self.params.bump_quiet_s and self._bump is None:
                self._bump = t  # wait for a second input before the quiet spell counts as over
                return
            spell_start = self._end_of_activity()
            self._bump = None
            self._mark_activity(t)
            self._maybe_ask(spell_start, t, counted_as_away=False)
            return
        # Away: a return needs two input seconds within `confirm_s`.
        if self._return_first is None:
            self._return_first = self._return_last = t
            return
        self._return_last = t
        self._come_back(self._return_first, t)

    def _on_presence_signal(self, t: float, *, strong: bool) -> None:
        """Calls and media bracket quiet spells: their edges count as activity."""
        if self._mode is _Mode.SEATED:
            self._mark_activity(t)
        elif self._mode is _Mode.IDLE and strong:
            # Joining a call takes a person at the desk.
            self._come_back(t, t)

    def _on_leave_signal(self, t: float, kind: BreakKind) -> None:
        self._return_first = self._return_last = None
        if self._mode is _Mode.SEATED:
            self._leave(self._end_of_activity(), kind)
        elif self._mode is _Mode.IDLE and self._away_kind is BreakKind.NATURAL:
            self._away_kind = kind  # the break is now known for what it is

    def _on_standing(self, t: float, active: bool) -> None:
        self._standing = active
        self._return_first = self._return_last = None
        if active:
            if self._mode is _Mode.SEATED:
                self._close(t, BreakKind.STANDING)
            self._mode = _Mode.STANDING
            self._away_since, self._away_kind = t, BreakKind.STANDING
            return
        if self._mode is _Mode.STANDING:
            # Switching standing mode off is a click at the desk: a seat is likely, but a
            # return still needs a second input (people switch it off on their way out).
            self._mode = _Mode.IDLE
            self._return_first = self._return_last = t

    def _on_routine(self, fact: RoutineBreak) -> None:
        """A guided routine ran from `started` to `t`: a prompted break, whatever its length."""
        if self._mode is _Mode.SEATED and self._bout_start is not None:
            self._close(max(self._bout_start, fact.started), BreakKind.ROUTINE)
            self._mode = _Mode.IDLE
            self._away_since, self._away_kind = fact.started, BreakKind.ROUTINE
        self._return_first = self._return_last = None

    def _on_answer(self, fact: Answer) -> None:
        question = self._question
        if question is None or question.spell_start != fact.spell_start:
            return  # an answer to an older question: the estimate has moved on
        self._question = None
        if fact.away and not question.counted_as_away and self._mode is _Mode.SEATED:
            assert self._bout_start is not None
            if self._bout_start < question.spell_start:
                self._closed.append(Bout(self._bout_start, question.spell_start, BreakKind.ANSWER))
            self._bout_start = question.spell_end
        elif not fact.away and question.counted_as_away and self._closed:
            previous = self._closed[-1]
            if previous.end == question.spell_start and self._mode is _Mode.SEATED:
                self._closed.pop()
                self._bout_start = previous.start

    # -- state changes -------------------------------------------------------------------
    def _mark_activity(self, t: float) -> None:
        if self._last_activity is None or t > self._last_activity:
            self._last_activity = t

    def _end_of_activity(self) -> float:
        """Where a bout ends when the user left: one second after the last input second."""
        assert self._last_activity is not None
        end = self._last_activity
        if self._last_input is not None and self._last_input == end:
            end += 1.0
        return end

    def _leave(self, at: float, kind: BreakKind) -> None:
        assert self._bout_start is not None
        self._close(max(self._bout_start, at), kind)
        self._mode = _Mode.IDLE
        self._away_since, self._away_kind = at, kind
        self._bump = None

    def _close(self, end: float, kind: BreakKind | None) -> None:
        assert self._bout_start is not None
        if end > self._bout_start:
            self._closed.append(Bout(self._bout_start, end, kind))
        self._bout_start = None

    def _come_back(self, at: float, now: float) -> None:
        """Real activity after an absence: resume the last bout if the absence was short."""
        self._return_first = self._return_last = None
        away_since = self._away_since
        previous = self._closed[-1] if self._closed else None
        resumable = (
            previous is not None
            and away_since is not None
            and previous.end == away_since
            and previous.ended_by not in (BreakKind.ROUTINE, BreakKind.STANDING)
            and at - away_since < self.params.break_s
        )
        self._mode = _Mode.SEATED
        self._last_activity = None
        self._mark_activity(now)
        if resumable:
            assert previous is not None
            self._closed.pop()
            self._bout_start = previous.start
            return
        self._bout_start = at
        self._settle_from = at  # settling in after a return
        if away_since is not None and self._away_kind is BreakKind.NATURAL:
            self._maybe_ask(away_since, at, counted_as_away=True)

    def _maybe_ask(self, spell_start: float, spell_end: float, *, counted_as_away: bool) -> None:
        """Ask about an unlocked quiet spell when the answer would change the bout a lot."""
        p = self.params
        length = spell_end - spell_start
        if not p.ask or not p.ask_min_s <= length < p.ask_max_s or self._call or self._media:
            return
        if counted_as_away:
            previous = self._closed[-1] if self._closed else None
            if previous is None or previous.seconds < p.ask_min_bout_s:
                return
        elif self._bout_start is None or spell_start - self._bout_start < p.ask_min_bout_s:
            return
        self._question = Question(spell_start, spell_end, counted_as_away)
