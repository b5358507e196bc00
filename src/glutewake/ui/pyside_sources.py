"""PySide6 without a copy of every module's source kept for the life of the process.

Once a PySide6 Qt module is imported, PySide looks at every module imported after it, to see
whether it might say ``from __feature__ import ...``: it reads the module's source with
``inspect.getsource``, which goes through ``linecache``, and linecache keeps every line it
read. For the tray app's ~300 modules that is ~9 MB of source text held all day, and the
memory does not come back when linecache is cleared later (it is spread over the heap among
everything imported since). `read_sources_uncached` gives PySide the same answer from the
module's loader, which reads the source without keeping it.

Applied once, by the tray app's entry point, before anything else imports Qt. If PySide no
longer has this check, nothing is changed.
"""

from __future__ import annotations

import sys
from types import ModuleType

_FEATURE_MODULE = "PySide6.support.feature"
_CHECK = "_mod_uses_pyside"


def read_sources_uncached() -> bool:
    """Make PySide's per-import check read sources without caching them; True if applied."""
    import PySide6.QtCore  # noqa: F401, PLC0415 (installs the check this replaces)

    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, _CHECK, None)):
        return False
    setattr(feature, _CHECK, mentions_pyside)
    return True


def mentions_pyside(module: ModuleType) -> bool:
    """PySide's own test, "PySide6" anywhere in the module's source, without linecache."""
    loader = getattr(module, "__loader__", None)
    get_source = getattr(loader, "get_source", None)
    if get_source is None:
        return False
    try:
        source = get_source(module.__name__)
    except (ImportError, OSError, SyntaxError, UnicodeDecodeError):
        return False
    return isinstance(source, str) and "PySide6" in source
