"""The documentation tells the truth about the settings users can set."""

from __future__ import annotations

from pathlib import Path

from glutewake.core.settings import describe

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_settings_doc_lists_every_setting_exactly_as_declared() -> None:
    text = (DOCS / "SETTINGS.md").read_text(encoding="utf-8")
    assert describe() in text, "docs/SETTINGS.md is out of date: paste the output of describe()"
