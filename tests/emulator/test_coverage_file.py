"""emulator/COVERAGE.md says what the emulator implements: it must match the code."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_coverage_md_is_what_the_generator_writes_today():
    fresh = subprocess.run([sys.executable, "-m", "emulator.coverage"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout
    assert fresh == (ROOT / "emulator" / "COVERAGE.md").read_text(), \
        "emulator/COVERAGE.md is stale: run `make coverage`"
