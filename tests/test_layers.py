"""The layers of docs/architecture.md hold: import-linter's contracts pass."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_the_import_contracts_are_kept():
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_clock_is_read_in_one_place():
    # Anything else that asks the computer for today ignores the TODAY setting
    # that demos and tests rely on.
    readers = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "ltoapp").rglob("*.py")
        if "migrations" not in path.parts
        and re.search(r"\bdate\.today\b|datetime\.now\(\)", path.read_text())
    ]
    assert readers == ["ltoapp/clock.py"]
