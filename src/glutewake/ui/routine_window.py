"""The guided routine: one step at a time, with its picture, three short cues and a count.

Built to be taken in at a glance (reading a routine must not take longer than doing it) and
to stay out of the way: it opens without taking keyboard focus, so a user typing when it
appears keeps typing; once they click it, Space, the arrows and Esc drive it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glutewake.core.models import RoutineOutcome, RoutineResult

MEDICAL_NOTE = (
    "glutewake is not medical advice. Persistent back or hip pain belongs with a doctor "
    "or physiotherapist."
)


@dataclass(frozen=True, slots=True)
class StepView:
    """Everything the window shows for one step."""

    name: str
    side: str | None
    reps: int | None
    hold_s: int | None
    seconds: int
    setup: str
    movement: str
    mistake: str
    illustration: Path | None


class RoutineWindow(QWidget):
    """Walks the user through the steps; emits `finished` once, however it ends."""

    finished = Signal(object)  # RoutineOutcome

    def __init__(
        self,
        routine_id: str,
        title: str,
        steps: list[StepView],
        now: Callable[[], float],
        *,
        show_medical_note: bool = False,
    ) -> None:
        super().__init__()
        if not steps:
            raise ValueError("a routine needs at least one step")
        self._routine_id = routine_id
        self._steps = steps
        self._now = now
        self._started = now()
        self._index = 0
        self._done = 0
        self._remaining = 0
        self._paused = False
        self._ended = False
        self.setWindowTitle(f"glutewake - {title}")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)  # never steal focus
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(QSize(420, 520))

        self.note = QLabel(MEDICAL_NOTE)
        self.note.setWordWrap(True)
        self.note.setVisible(show_medical_note)
        self.note.setStyleSheet(
            "background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-radius: 4px; padding: 6px;"
        )
        self.note.setAccessibleName("Not medical advice")
        self.position = QLabel()
        self.position.setAccessibleName("Step number")
        self.heading = QLabel()
        self.heading.setAccessibleName("Exercise")
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.picture = QSvgWidget()
        self.picture.setFixedSize(QSize(200, 200))
        self.picture.setAccessibleName("Illustration of the exercise")
        self.cues = QLabel()
        self.cues.setWordWrap(True)
        self.cues.setAccessibleName("How to do it")
        self.count = QLabel()
        self.count.setAccessibleName("Count")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count.setStyleSheet("font-size: 28pt; font-weight: bold;")
        self.progress = QProgressBar()
        self.progress.setRange(0, len(steps))
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Routine progress")

        self.pause_button = QPushButton("Pause")
        self.pause_button.setToolTip("Pause or resume the count (Space)")
        self.skip_button = QPushButton("Skip step")
        self.skip_button.setToolTip("Go to the next step (Right arrow)")
        self.next_button = QPushButton("Next")
        self.next_button.setToolTip("This step is done (Right arrow)")
        self.done_button = QPushButton("Done")
        self.done_button.setToolTip("Finish the routine (Esc closes it)")
        self.pause_button.clicked.connect(self.toggle_pause)
        self.skip_button.clicked.connect(self.skip_step)
        self.next_button.clicked.connect(self.complete_step)
        self.done_button.clicked.connect(self.finish)
        buttons = QHBoxLayout()
        for button in (self.pause_button, self.skip_button, self.next_button, self.done_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the window
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.position)
        layout.addWidget(self.heading)
        layout.addWidget(self.picture, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.cues)
        layout.addWidget(self.count)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self._show_step()

    # -- the steps -------------------------------------------------------------------------
    @property
    def step(self) -> StepView:
        return self._steps[self._index]

    @property
    def index(self) -> int:
        return self._index

    def _show_step(self) -> None:
        step = self.step
        side = f" - {step.side} side" if step.side else ""
        self.position.setText(f"Step {self._index + 1} of {len(self._steps)}")
        self.heading.setText(f"{step.name}{side}")
        self.cues.setText(f"{step.setup}\n{step.movement}\n{step.mistake}")
        if step.illustration is not None and step.illustration.exists():
            self.picture.load(str(step.illustration))
        self.progress.setValue(self._index)
        self._paused = False
        self.pause_button.setText("Pause")
        if step.hold_s:
            self._remaining = step.hold_s
            self.count.setText(_clock(self._remaining))
            self.pause_button.setEnabled(True)
            self._timer.start()
        else:
            self._remaining = 0
            self.count.setText(f"{step.reps} reps" if step.reps else "Go")
            self.pause_button.setEnabled(False)
            self._timer.stop()

    def tick(self) -> None:
        """One second of a hold; at zero the step is done and the next one starts."""
        if self._paused or self._remaining <= 0 or self._ended:
            return
        self._remaining -= 1
        self.count.setText(_clock(self._remaining))
        if self._remaining == 0:
            self.complete_step()

    def toggle_pause(self) -> None:
        if not self.step.hold_s:
            return
        self._paused = not self._paused
        self.pause_button.setText("Resume" if self._paused else "Pause")
        self.count.setText("Paused" if self._paused else _clock(self._remaining))

    def complete_step(self) -> None:
        self._done += 1
        self._advance()

    def skip_step(self) -> None:
        self._advance()

    def previous_step(self) -> None:
        if self._index > 0:
            self._index -= 1
            self._show_step()

    def _advance(self) -> None:
        if self._index + 1 >= len(self._steps):
            self.finish()
            return
        self._index += 1
        self._show_step()

    def finish(self) -> None:
        """Record how it went (once) and close."""
        if self._ended:
            return
        self._ended = True
        self._timer.stop()
        if self._done >= len(self._steps):
            outcome = RoutineResult.DONE
        elif self._done == 0:
            outcome = RoutineResult.SKIPPED
        else:
            outcome = RoutineResult.PARTIAL
        self.progress.setValue(len(self._steps))
        self.finished.emit(
            RoutineOutcome(
                routine_id=self._routine_id,
                outcome=outcome,
                steps_done=self._done,
                steps_total=len(self._steps),
                started=self._started,
                ended=self._now(),
            )
        )
        self.close()

    # -- keyboard --------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space:
            if self.step.hold_s:
                self.toggle_pause()
            else:
                self.complete_step()
        elif key == Qt.Key.Key_Right:
            if self.step.hold_s:
                self.skip_step()  # a hold is done when its count runs out
            else:
                self.complete_step()
        elif key == Qt.Key.Key_Left:
            self.previous_step()
        elif key == Qt.Key.Key_Escape:
            self.finish()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.finish()  # closing the window is finishing the routine, partly or not at all
        super().closeEvent(event)


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"
