"""The course's fact sheet is the editors' shared sheet, byte for byte.

``seeds/fact-sheet.md`` is the copy that travels with the repository; the editors keep
the original in ``../shared/facts.md`` beside the repository. Every fact in the book
and the knowledge checks must come from it, so a stale copy would let the book cite a
sheet that no longer says what the book says.

On a machine with the shared folder the two files are compared byte for byte. The
SHA-256 recorded here is checked everywhere (CI has no shared folder): when the editors
change the sheet, copy it into ``seeds/`` and record its new hash here, in one commit.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COPY = ROOT / "seeds" / "fact-sheet.md"
SHARED = ROOT.parent / "shared" / "facts.md"
# sha256 of the shared sheet with section 7 (checked December 2026).
RECORDED_SHA256 = "4ed13b91ca599fb8e71447c4b9a0665475fccfb3befe58abf28eb31071a0ab05"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_copy_has_the_recorded_sha256():
    assert _sha256(COPY) == RECORDED_SHA256, (
        f"{COPY.relative_to(ROOT)} is not the sheet recorded in this test; if the editors "
        "changed the shared sheet, copy it again and record its new sha256 here"
    )


def test_copy_is_byte_identical_to_the_shared_sheet_where_it_exists():
    if not SHARED.is_file():
        # CI: no shared folder. The recorded hash above is the check there; here we only
        # make sure that the copy is the full sheet, with section 7, and not a stub.
        text = COPY.read_text(encoding="utf-8")
        assert "## 7. Addendum, checked December 2026" in text
        return
    assert COPY.read_bytes() == SHARED.read_bytes(), (
        f"{COPY.relative_to(ROOT)} differs from {SHARED}; copy the shared sheet byte for "
        "byte and record its sha256 in this test"
    )
    assert _sha256(SHARED) == RECORDED_SHA256
