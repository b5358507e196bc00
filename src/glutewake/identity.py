"""The application's reverse-DNS ID, written once.

Why one constant: the desktop file, the AppStream metainfo, the hicolor icons, the macOS
bundle identifier and LaunchAgent label and Qt's desktop file name must all say the same
thing, or a desktop shows a generic icon and a second, unrelated menu entry. The files that
must carry the ID in their names (resources/linux/, resources/icons/hicolor/) are checked
against this constant by tests/packaging/test_desktop_metadata.py.
"""

from __future__ import annotations

APP_ID = "invalid.example.glutewake"
