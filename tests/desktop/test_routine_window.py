"""The guided routine window, walked through as a user would, with the count driven by hand."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from glutewake.core.models import RoutineOutcome
from glutewake.ui.routine_window import MEDICAL_NOTE, RoutineWindow, StepView


def step(
    name: str, *, reps: int | None = None, hold_s: int | None = None, side: str | None = None
) -> StepView:
    return StepView(
        name=name,
        side=side,
        reps=reps,
        hold_s=hold_s,
        seconds=hold_s or (reps or 0) * 3,
        setup="Stand tall beside the desk.",
        movement="Squeeze, hold, release.",
        mistake="arching the lower back",
        illustration=None,
    )


STEPS = [
    step("Standing glute squeeze", reps=10),
    step("Side plank", hold_s=3, side="left"),
    step("Side plank", hold_s=3, side="right"),
]


class FakeNow:
    """The window's clock for the record: moves only when the test says so."""

    def __init__(self) -> None:
        self.t = 1_000.0

    def __call__(self) -> float:
        return self.t


def window(qtbot: QtBot, **kwargs: object) -> tuple[RoutineWindow, FakeNow]:
    now = FakeNow()
    win = RoutineWindow("r1", "2-minute office routine", list(STEPS), now, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.show()
    return win, now


def test_a_routine_walked_to_the_end_is_recorded_as_done(qtbot: QtBot) -> None:
    win, now = window(qtbot)
    assert win.heading.text() == "Standing glute squeeze"
    assert win.count.text() == "10 reps"
    assert win.position.text() == "Step 1 of 3"
    win.next_button.click()
    assert win.heading.text() == "Side plank - left side"
    assert win.count.text() == "0:03"
    for _ in range(3):
        win.tick()
    assert win.heading.text() == "Side plank - right side"  # the side switch
    now.t += 95
    with qtbot.waitSignal(win.finished, timeout=1000) as blocker:
        for _ in range(3):
            win.tick()
    outcome = blocker.args[0]
    assert isinstance(outcome, RoutineOutcome)
    assert outcome.outcome == "done"
    assert (outcome.steps_done, outcome.steps_total) == (3, 3)
    assert outcome.ended - outcome.started == 95
    assert not win.isVisible()


def test_pause_stops_the_count_and_resume_continues_it(qtbot: QtBot) -> None:
    win, _ = window(qtbot)
    win.next_button.click()
    win.tick()
    assert win.count.text() == "0:02"
    win.pause_button.click()
    assert win.count.text() == "Paused"
    win.tick()
    win.tick()
    win.pause_button.click()
    assert win.count.text() == "0:02"


def test_keyboard_space_arrows_and_escape(qtbot: QtBot) -> None:
    win, _ = window(qtbot)
    qtbot.keyClick(win, Qt.Key.Key_Space)  # reps step: Space means done
    assert win.index == 1
    qtbot.keyClick(win, Qt.Key.Key_Space)  # hold step: Space pauses
    assert win.count.text() == "Paused"
    qtbot.keyClick(win, Qt.Key.Key_Left)
    assert win.index == 0
    with qtbot.waitSignal(win.finished, timeout=1000) as blocker:
        qtbot.keyClick(win, Qt.Key.Key_Escape)
    assert blocker.args[0].outcome == "partial"


def test_closing_at_once_is_recorded_as_skipped_and_only_once(qtbot: QtBot) -> None:
    win, _ = window(qtbot)
    outcomes: list[RoutineOutcome] = []
    win.finished.connect(outcomes.append)
    win.close()
    win.done_button.click()
    assert [o.outcome for o in outcomes] == ["skipped"]


def test_skipping_a_step_does_not_count_it_as_done(qtbot: QtBot) -> None:
    win, _ = window(qtbot)
    outcomes: list[RoutineOutcome] = []
    win.finished.connect(outcomes.append)
    win.skip_button.click()
    win.next_button.click()
    win.next_button.click()
    assert outcomes[0].outcome == "partial"
    assert outcomes[0].steps_done == 2


def test_controls_are_labelled_for_screen_readers(qtbot: QtBot) -> None:
    win, _ = window(qtbot)
    for widget in (win.heading, win.picture, win.cues, win.count, win.progress):
        assert widget.accessibleName()
    assert all(b.toolTip() for b in (win.pause_button, win.skip_button, win.done_button))


def test_it_opens_without_taking_keyboard_focus(qtbot: QtBot) -> None:
    win, _ = window(qtbot)
    assert win.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)


def test_the_medical_note_shows_only_when_asked(qtbot: QtBot) -> None:
    first, _ = window(qtbot, show_medical_note=True)
    assert first.note.isVisible()
    assert "not medical advice" in first.note.text()
    assert first.note.text() == MEDICAL_NOTE
    later, _ = window(qtbot)
    assert not later.note.isVisible()


def test_an_empty_routine_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one step"):
        RoutineWindow("r", "t", [], FakeNow())
