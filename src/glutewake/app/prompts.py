"""The prompt desk: what glutewake shows outside its windows, and what the user answers.

It shows the latest prompt the loop published (with the routine the coach offers), takes a
prompt back once a break has begun, asks about an ambiguous quiet spell once the user is back,
and records what became of every prompt. Answers go back to the loop as policy actions or
facts; nothing here decides when to prompt.

A notifier that cannot show a note (the notification service went away, plyer lost its
backend) says so on `failed`; the desk then moves to the next way of notifying, shows the
note there, and tells the user through the tray what happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum, StrEnum

from PySide6.QtCore import QObject, Signal

from glutewake.app.coach import Coach
from glutewake.app.loop import SittingLoop, Update
from glutewake.app.recorder import HistoryRecorder
from glutewake.core.durations import whole_minutes
from glutewake.core.models import PromptResponse
from glutewake.core.policy import Prompt
from glutewake.core.routine_builder import summary
from glutewake.notify import Note, Notifier, prompt_note, question_note

log = logging.getLogger("glutewake.app")


class OnScreen(Enum):
    """What glutewake has on screen outside its own windows."""

    NOTHING = "nothing"
    PROMPT = "prompt"
    QUESTION = "question"


class Choice(StrEnum):
    """An answer from a notification's buttons or the tray menu (the notifiers' action keys)."""

    START = "start"
    SNOOZE = "snooze"
    SKIP = "skip"
    DISMISSED = "dismissed"
    AWAY = "yes"
    SEATED = "no"


#: Which prompt response each answer to a prompt records.
RESPONSE_FOR = {
    Choice.START: PromptResponse.DONE,
    Choice.SNOOZE: PromptResponse.SNOOZED,
    Choice.SKIP: PromptResponse.SKIPPED,
    Choice.DISMISSED: PromptResponse.DISMISSED,
}

#: Builds the notifier to try after one that failed (None: nothing else can show notes).
Fallback = Callable[[Notifier], Notifier | None]


class PromptDesk(QObject):
    """Shows prompts and questions through one notifier at a time; hears the answers."""

    asking = Signal(object)  # the minutes of the quiet spell asked about, or None
    notifier_changed = Signal(str)  # a sentence for the tray: which notifier, and why

    def __init__(
        self,
        loop: SittingLoop,
        recorder: HistoryRecorder,
        coach: Coach,
        notifier: Notifier,
        fallback: Fallback,
    ) -> None:
        super().__init__()
        self._loop = loop
        self._recorder = recorder
        self._coach = coach
        self._fallback = fallback
        self.on_screen = OnScreen.NOTHING
        self._prompt: Prompt | None = None  # the prompt on screen, until its answer is known
        self._note: Note | None = None  # what is on screen, to show again elsewhere
        self._asked: float | None = None  # spell_start of the last question asked
        self.notifier = notifier
        self._connect(notifier)
        coach.started.connect(self._routine_started)

    # -- the notifier -------------------------------------------------------------------------
    def use(self, notifier: Notifier) -> None:
        """Swap in another notifier (the user changed the notification style)."""
        self.notifier.withdraw()
        self._switch_to(notifier)
        self.on_screen, self._note = OnScreen.NOTHING, None

    def _connect(self, notifier: Notifier) -> None:
        notifier.action.connect(self.on_choice)
        notifier.failed.connect(self._on_failed)

    def _switch_to(self, notifier: Notifier) -> None:
        """Hear `notifier` from now on, and no longer the one before it."""
        self.notifier.action.disconnect(self.on_choice)
        self.notifier.failed.disconnect(self._on_failed)
        self.notifier = notifier
        self._connect(notifier)

    def _on_failed(self, reason: str) -> None:
        failed = self.notifier
        nxt = self._fallback(failed)
        if nxt is None:
            message = f"glutewake cannot show prompts: {failed.name} failed ({reason})"
            log.warning("%s", message)
            self.notifier_changed.emit(message)
            return
        note = self._note
        self._switch_to(nxt)
        message = f"{failed.name} failed ({reason}); prompts now come as {nxt.name} notifications"
        log.warning("notifications: %s", message)
        self.notifier_changed.emit(message)
        if note is not None:
            self._show(note)

    def _show(self, note: Note) -> None:
        self._note = note
        self.notifier.show(note)

    def _withdraw(self) -> None:
        self.notifier.withdraw()
        self.on_screen, self._note = OnScreen.NOTHING, None

    # -- what the loop decided ---------------------------------------------------------------
    def on_update(self, update: Update) -> None:
        if update.prompts:
            self._show_prompt(update.prompts[-1])  # a burst collapses to the latest one
        if self.on_screen is OnScreen.PROMPT and not update.sitting:
            self._withdraw()  # a break began: the prompt has done its job
            self._resolve(PromptResponse.IGNORED)
        question = update.question
        if (
            question is not None
            and self.on_screen is OnScreen.NOTHING
            and self._asked != question.spell_start
            and update.sitting  # ask only once the user is back
        ):
            minutes = max(1, question.minutes)
            self.on_screen = OnScreen.QUESTION
            self._asked = question.spell_start
            self.asking.emit(minutes)
            self._show(question_note(minutes))
        if question is None:
            self.asking.emit(None)

    def _show_prompt(self, prompt: Prompt) -> None:
        self._resolve(PromptResponse.IGNORED)  # a new prompt replaces one left unanswered
        self._prompt = prompt
        routine = self._coach.offer()
        minutes = whole_minutes(prompt.sitting_s)
        length = max(1, round(routine.total_s / 60))
        self.on_screen = OnScreen.PROMPT
        self._show(prompt_note(minutes, f"{length} min: {summary(routine)}"))
        log.info("prompted after %d minutes of sitting (repeat %d)", minutes, prompt.repeat)

    def _resolve(self, response: PromptResponse) -> None:
        """Record what the user did with the prompt on screen (once)."""
        prompt, self._prompt = self._prompt, None
        if prompt is not None:
            offered = self._coach.offered
            self._recorder.add_prompt(prompt, response, offered.id if offered else None)

    def _routine_started(self) -> None:
        self._withdraw()

    # -- the user's answers -------------------------------------------------------------------
    def on_choice(self, key: str) -> None:
        """An answer from a notification (its action key) or the tray."""
        try:
            choice = Choice(key)
        except ValueError:
            log.warning("ignoring an unknown answer %r", key)
            return
        response = RESPONSE_FOR.get(choice)
        if response is not None:
            self._resolve(response)
        self.on_screen, self._note = OnScreen.NOTHING, None
        if choice is Choice.START:
            self._coach.start_offered()
            self._loop.refresh()
        elif choice is Choice.SNOOZE:
            self._loop.snooze()
        elif choice is Choice.SKIP:
            self._loop.skip()
        elif choice in (Choice.AWAY, Choice.SEATED):
            self._loop.answer(away=choice is Choice.AWAY)
        else:
            self._loop.refresh()

    def close(self) -> None:
        """At quit: a prompt still on screen was ignored; take it back."""
        self._resolve(PromptResponse.IGNORED)
        self.notifier.withdraw()
