"""Finds the files of the repository's top-level resources/ folder at run time.

Why one accessor: the build ships resources/ as the package `glutewake.resources` (see
setup.py), and each way of installing puts it somewhere else: inside site-packages for a
wheel, in the checkout for an editable install, under the bundle's folder for PyInstaller.
Asking the import system for that package's folder finds it in all three; guessing from
`__file__` finds it in only one. Locating the package does not import it. Callers get real
paths because Qt and the illustration viewer take file names, and no supported install is a
zip.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from glutewake.identity import APP_ID

RESOURCE_PACKAGE = "glutewake.resources"
LIBRARY_FILE_NAME = "exercises.toml"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
"""The pixel sizes scripts/render-icons draws the app icon at, one hicolor folder each."""


def resources_dir() -> Path:
    """The installed resources/ folder.

    Raises FileNotFoundError (an OSError, as a missing file would) when the install lacks it,
    so callers that already survive an unreadable file survive this too.
    """
    spec = importlib.util.find_spec(RESOURCE_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise FileNotFoundError(f"{RESOURCE_PACKAGE} is not installed: glutewake is incomplete")
    return Path(locations[0])


def resource(*parts: str) -> Path:
    """A file or folder inside resources/, such as resource("illustrations", "lunge.svg")."""
    return resources_dir().joinpath(*parts)


def exercise_library() -> Path:
    """The built-in exercise library."""
    return resource(LIBRARY_FILE_NAME)


def illustrations_dir() -> Path:
    """The built-in exercises' pictograms."""
    return resource("illustrations")


def icon_source() -> Path:
    """The drawing every app icon is rendered from."""
    return resource("icons", "glutewake.svg")


def icon_theme() -> Path:
    """The freedesktop hicolor theme folder: <N>x<N>/apps/<APP_ID>.png and scalable/apps/."""
    return resource("icons", "hicolor")


def theme_icon(size: int) -> Path:
    """The rendered PNG of the app icon at `size` pixels."""
    return icon_theme() / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def scalable_icon() -> Path:
    """The hicolor theme's scalable copy of the icon drawing."""
    return icon_theme() / "scalable" / "apps" / f"{APP_ID}.svg"
