"""Fixtures the desktop tests share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from glutewake.app import AppOptions, GlutewakeApp
from glutewake.core.settings import Settings
from glutewake.store.paths import Paths
from tests.desktop.app_in_process import MovableClock


@pytest.fixture
def make_app(qapp: object, tmp_path: Path) -> Iterator[Callable[..., GlutewakeApp]]:
    made: list[GlutewakeApp] = []

    def make(start: float, settings: Settings | None = None) -> GlutewakeApp:
        data = tmp_path / "data"
        data.mkdir()
        (data / "welcome-seen").touch(mode=0o600)
        paths = Paths(data_dir=data, config_file=tmp_path / "config.toml")
        app = GlutewakeApp(
            AppOptions(data_dir=data), paths, settings or Settings(), clock=MovableClock(start)
        )
        made.append(app)
        assert app.start()
        return app

    yield make
    for app in made:  # stop timers and input listeners before the display goes away
        app.stop()
