"""Where the desktop tests put the screenshots they take of what a user sees.

A test run writes them into a folder of its own, so running the suite never changes the
repository. `scripts/render-doc-screenshots` runs those tests with GLUTEWAKE_DOC_SCREENSHOTS
set, and then they refresh the pictures in docs/screenshots/ that the docs and the AppStream
metainfo show.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

DOC_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot_folder() -> Path:
    """docs/screenshots when refreshing the docs' pictures, else a fresh temporary folder."""
    if os.environ.get("GLUTEWAKE_DOC_SCREENSHOTS"):
        folder = DOC_SCREENSHOTS
    else:
        folder = Path(tempfile.gettempdir()) / "glutewake-test-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
