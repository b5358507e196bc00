"""Answering "Were you away?" through the whole app: what the answer changes is acted on at once."""

from __future__ import annotations

from collections.abc import Callable

from glutewake.app import GlutewakeApp
from glutewake.app.prompts import Choice, OnScreen
from glutewake.core.settings import Settings
from glutewake.notify import PROMPT_TITLE, Note
from tests.desktop.app_in_process import type_for

START = 1_780_000_000.0  # a Thursday morning in May 2026


def test_saying_i_was_at_my_desk_brings_the_prompt_the_joined_bout_is_due(
    make_app: Callable[..., GlutewakeApp],
) -> None:
    # Every day and hour is working time, so only sitting decides when to prompt.
    settings = Settings(
        interval_minutes=30,
        working_days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
        working_hours_start="00:00",
        working_hours_end="24:00",
    )
    app = make_app(START, settings)
    shown: list[Note] = []
    show = app.notifier.show

    def keep_and_show(note: Note) -> None:
        shown.append(note)
        show(note)

    app.notifier.show = keep_and_show  # type: ignore[method-assign]

    type_for(app, 26)
    app.clock.t += 5 * 60  # type: ignore[attr-defined]  # five quiet minutes: counted as a break
    type_for(app, 1)
    assert app.started.prompts.on_screen is OnScreen.QUESTION
    assert [note.title for note in shown][-1].startswith("Were you away")

    app.started.prompts.on_choice(Choice.SEATED)

    # One bout of 32 minutes now, past the 30-minute interval: the prompt comes at once.
    assert app.engine.estimator.sitting_s(app.clock.now()) > 30 * 60
    assert shown[-1].title == PROMPT_TITLE
    assert app.started.prompts.on_screen is OnScreen.PROMPT
