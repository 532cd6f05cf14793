"""The layers of docs/architecture.md hold: import-linter's contracts pass."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
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


def test_every_feature_package_has_its_place_in_the_package_order():
    # A new package left out of the layers contract could import any other
    # and bring the cycles back; the demo and migrations are not features.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    [order] = [
        contract["layers"]
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract["type"] == "layers"
    ]
    placed = {name.strip() for layer in order for name in re.split(r"[|:]", layer)}
    packages = {
        f"ltoapp.{path.parent.name}"
        for path in (ROOT / "ltoapp").glob("*/__init__.py")
        if path.parent.name not in ("demo", "migrations")
    }
    assert packages <= placed, sorted(packages - placed)
