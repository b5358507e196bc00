"""The documentation tells the truth: the settings users can set, and pictures that exist."""

from __future__ import annotations

import re
from pathlib import Path

from glutewake.core.settings import describe

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_settings_doc_lists_every_setting_exactly_as_declared() -> None:
    text = (DOCS / "SETTINGS.md").read_text(encoding="utf-8")
    assert describe() in text, "docs/SETTINGS.md is out of date: paste the output of describe()"


def test_every_picture_and_link_in_the_docs_exists() -> None:
    root = DOCS.parent
    pages = [root / "README.md", *sorted(DOCS.glob("*.md"))]
    missing = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" in target:
                continue
            if not (page.parent / target).exists():
                missing.append(f"{page.relative_to(root)} -> {target}")
    assert not missing, missing
