"""Short ids: the same SHA-256 digests as before, without loading OpenSSL into the tray."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from glutewake.core.digest import short_id


@pytest.mark.parametrize(
    "text", ["", "glutewake-data", "bridge:-:12:0:0|ß→🏃"]
)
def test_short_ids_are_the_sha256_digests_they_always_were(text: str) -> None:
    # Routine ids and the instance key were written with hashlib; they must not change.
    assert short_id(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    assert short_id(text, 20) == hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def test_making_an_id_does_not_load_openssl() -> None:
    code = (
        "import sys; from glutewake.core.digest import short_id; short_id('x'); "
        "print(sorted(m for m in ('hashlib', '_hashlib', 'ssl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
