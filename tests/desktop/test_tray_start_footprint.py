"""What the tray app loads at start: only what the tray needs, the rest when first used.

The real `glutewake` process runs on the test desktop (Xvfb, trayer, dunst on a private bus)
under ``python -X importtime``, which writes a line for every module the process imports. Once
it answers `glutewake status`, the test reads which modules it imported and which shared
libraries it mapped. A window's module, a command's module, a second notification path or a
library only a window uses would each cost every user memory all day, whether they open that
window or not; the footprint benchmark (bench/footprint.py) measures how much.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desktop.desktop_session import Desktop, app_status, desktop, missing_tools, wait_for

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=f"missing {missing_tools()}")

NOT_AT_START = {
    "pyqtgraph": "the charts' plotting library",
    "numpy": "pyqtgraph's arrays",
    "tomlkit": "the config writer, needed on the first save",
    "glutewake.store.config_writer": "the config writer",
    "plyer": "the fallback notification path, only where D-Bus does not do",
    "glutewake.notify.plyer_notifier": "the fallback notification path",
    "glutewake.ui.chart_window": "the chart window",
    "glutewake.ui.settings_dialog": "the settings window",
    "glutewake.ui.welcome": "the first-run welcome (already seen here)",
    "glutewake.ui.routine_window": "the routine window, opened when a routine starts",
    "PySide6.QtNetwork": "Qt's network module (the instance socket is Python's own)",
    "PySide6.QtSvg": "Qt's SVG module, for the routine window's illustrations",
    "PySide6.QtSvgWidgets": "Qt's SVG widgets, for the routine window",
    "glutewake.traces.simulation": "`glutewake demo`",
    "glutewake.traces.replay": "`glutewake replay` and `demo`",
    "glutewake.system.autostart.macos": "macOS's login item",
    "glutewake.system.autostart.windows": "Windows' login item",
    "hashlib": "OpenSSL's hashes (the app's ids use Python's own SHA-256)",
    "difflib": "typo suggestions, only when a typo is explained",
    "html": "an entity table for escaping three characters",
}
"""Module -> what it is for; none of them may be imported by a tray that nobody clicked."""

NEEDED_AT_START = ("glutewake.app.root", "glutewake.ui.tray", "apscheduler.schedulers.base")
"""What a started tray must have imported: proof that the import log was read at all."""

LIBRARIES_NOT_AT_START = {
    "libssl.so": "TLS: the app opens no network connection",
    "libcrypto.so": "OpenSSL, which `hashlib` or `ssl` would load",
    "libQt6Network.so": "Qt's network library (the instance socket is Python's own)",
    "libQt6Svg.so": "Qt's SVG module (the tray's icon is drawn, its window icon is PNG)",
    "libqsvgicon.so": "Qt's SVG icon engine",
    "_multiarray_umath": "numpy, with the charts",
}

_IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \| (?P<indent>\s*)(?P<name>[\w.]+)\s*$")


@pytest.fixture(scope="module")
def started_tray(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, set[str]]]:
    """The running tray's pid and the modules it imported by the time it answered."""
    folder = tmp_path_factory.mktemp("tray-start")
    with desktop(folder) as session:
        yield _start(session)


def _start(session: Desktop) -> tuple[int, set[str]]:
    data = session.folder / "glutewake-data"
    data.mkdir()
    (data / "welcome-seen").touch(mode=0o600)  # a user's every start after the first
    config = session.folder / "config.toml"
    config.write_text("", encoding="utf-8")
    proc: subprocess.Popen[bytes] = session.spawn(
        sys.executable,
        "-X",
        "importtime",
        "-m",
        "glutewake",
        "--data-dir",
        str(data),
        "--config",
        str(config),
        log_name="glutewake-importtime",
    )
    wait_for(lambda: app_status(data, session.env).get("running") is True, 30, "the app to answer")
    log = session.folder / "glutewake-importtime.log"
    return proc.pid, imported_modules(log.read_text(encoding="utf-8", errors="replace"))


def imported_modules(importtime_log: str) -> set[str]:
    """The modules an ``-X importtime`` log says were imported."""
    return {
        match["name"]
        for match in map(_IMPORT_LINE.match, importtime_log.splitlines())
        if match is not None
    }


def test_the_tray_imports_no_window_command_or_fallback_module_at_start(
    started_tray: tuple[int, set[str]],
) -> None:
    _, imported = started_tray
    assert set(NEEDED_AT_START) <= imported, "the import log was not read"
    loaded = {name: why for name, why in NOT_AT_START.items() if name in imported}
    assert not loaded, f"imported at start: {loaded}"


def test_the_tray_maps_no_tls_svg_or_chart_library_at_start(
    started_tray: tuple[int, set[str]],
) -> None:
    pid, _ = started_tray
    mapped = {line.split()[-1] for line in Path(f"/proc/{pid}/maps").read_text().splitlines()}
    libraries = {Path(path).name for path in mapped if "/" in path}
    assert any(name.startswith("libQt6Widgets.so") for name in libraries), "maps were not read"
    found = {
        part: why
        for part, why in LIBRARIES_NOT_AT_START.items()
        if any(part in name for name in libraries)
    }
    assert not found, f"mapped at start: {found}"


def test_an_importtime_log_line_names_the_module() -> None:
    # The parser the two tests above rely on, on lines as CPython 3.11 writes them.
    log = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       116 |        116 |     glutewake.cli.periods\n"
        "import time:      2797 |       2797 |         _hashlib\n"
        "glutewake: a warning that is not an import line\n"
    )
    assert imported_modules(log) == {"glutewake.cli.periods", "_hashlib"}
