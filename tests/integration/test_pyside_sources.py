"""PySide's look at every imported module's source must not keep the source in memory.

Each case runs in a fresh interpreter, because the effect is on everything imported after
PySide6 in that process: two small modules are imported after it, one that mentions PySide6
and one that does not, and the test reads what linecache kept and what PySide decided.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, linecache, sys
{setup}
import PySide6.QtCore
sys.path.insert(0, {folder!r})
import uses_qt, plain
feature = sys.modules.get("PySide6.support.feature")
decided = getattr(feature, "pyside_feature_dict", {{}})
print(json.dumps({{
    "applied": applied,
    "cached": sorted(name for name in linecache.cache if name.startswith({folder!r})),
    "uses_qt": decided.get("uses_qt"),
    "plain": decided.get("plain"),
}}))
"""


def probe(folder: Path, *, uncached: bool) -> dict[str, object]:
    folder.mkdir()
    (folder / "uses_qt.py").write_text("import PySide6.QtCore\n\nX = 1\n", encoding="utf-8")
    (folder / "plain.py").write_text("Y = 2\n", encoding="utf-8")
    setup = (
        "from glutewake.ui.pyside_sources import read_sources_uncached\n"
        "applied = read_sources_uncached()"
        if uncached
        else "applied = None"
    )
    code = PROBE.format(setup=setup, folder=str(folder))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert isinstance(result, dict)
    return result


def test_imported_modules_sources_are_not_kept_and_pyside_decides_as_before(
    tmp_path: Path,
) -> None:
    stock = probe(tmp_path / "stock", uncached=False)
    if not stock["cached"]:
        pytest.skip("this PySide6 no longer keeps the sources it looks at")
    ours = probe(tmp_path / "ours", uncached=True)
    assert ours["applied"] is True
    assert ours["cached"] == [], "the sources PySide read are still held in linecache"
    # The same verdicts as PySide's own check: a module that names PySide6 may switch
    # features (0), one that does not is ignored (-1).
    assert (ours["uses_qt"], ours["plain"]) == (stock["uses_qt"], stock["plain"]) == (0, -1)
