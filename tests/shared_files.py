"""Files of `../shared` (the corpus beside the repository), which a bare clone does not have.

Where it is absent a test that needs it is skipped, saying so; under CI (`CI` set, as .ci/run is run, with
shared/ beside the clone) its absence is a failure, so CI never passes by skipping them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        reason = f"{path} is absent: ../shared (the shared corpus) is not beside this clone"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI must run every test")
        pytest.skip(reason)
    return path
