"""Measure the house: largest modules, longest views, content keys in Python.

Run with ``python tools/house_measures.py``. It prints the figures the closing
note of issue 14 compares before and after, so they can be measured again:

- the largest Python modules of ``ltoapp`` (lines);
- the longest view functions (functions a blueprint routes to, in lines from
  the decorator's ``def`` to the end of the body);
- content keys written into Python: string literals in ``ltoapp`` that equal a
  key of the framework (groups, columns, questions) or of a workflow file
  (workflows, steps, prompts), outside the loaders that read those files.
  Wording such as ``"notes"`` that only happens to equal a prompt key is
  counted too, so the figure is an upper bound; ``--list`` shows each one.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "ltoapp"
#: Modules that read the content files: keys there are the reader's business.
LOADERS = {"framework/definition.py", "workflows/engine.py", "workflows/tables.py"}


def modules() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def largest(count: int = 3) -> list[tuple[int, str]]:
    sizes = [
        (len(p.read_text().splitlines()), str(p.relative_to(ROOT))) for p in modules()
    ]
    return sorted(sizes, reverse=True)[:count]


def _is_route(decorator: ast.expr) -> bool:
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(call, ast.Attribute) and call.attr in {
        "route", "get", "post", "put", "delete", "patch",
    }  # fmt: skip


def longest_views(count: int = 3) -> list[tuple[int, str]]:
    views = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any(
                _is_route(d) for d in node.decorator_list
            ):
                length = node.end_lineno - node.lineno + 1
                views.append((length, f"{path.relative_to(ROOT)}:{node.name}"))
    return sorted(views, reverse=True)[:count]


def _keys(table: object, into: set[str], kinds: set[str]) -> None:
    if isinstance(table, dict):
        if isinstance(table.get("key"), str):
            into.add(table["key"])
        for word in ("kind", "role", "reading"):
            if isinstance(table.get(word), str):
                kinds.add(table[word])
        for value in table.values():
            _keys(value, into, kinds)
    elif isinstance(table, list):
        for value in table:
            _keys(value, into, kinds)


def content_keys() -> set[str]:
    """Keys of the framework and the workflow files, less the code's own words.

    A step or prompt kind (``"results"``), a role or reading (``"now"``), a
    side (``"lto"``) and the vocabulary's words are names the code defines,
    not content, even where a content key happens to be spelled the same.
    """
    keys: set[str] = set()
    kinds: set[str] = set()
    files = [ROOT / "framework" / "framework.toml"]
    files += sorted((ROOT / "workflows" / "definitions").glob("*.toml"))
    for path in files:
        _keys(tomllib.loads(path.read_text()), keys, kinds)
    sys.path.insert(0, str(ROOT.parent))
    from ltoapp.config import LABELS
    from ltoapp.reviews.models import Side

    return keys - kinds - set(LABELS) - {side.value for side in Side}


def keys_in_python() -> list[str]:
    keys = content_keys()
    found = []
    for path in modules():
        name = str(path.relative_to(ROOT))
        if name in LOADERS:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and node.value in keys:
                found.append(f"{name}:{node.lineno}: {node.value!r}")
    return found


def main() -> None:
    print("largest modules:")
    for lines, name in largest():
        print(f"  {lines:4d}  {name}")
    print("longest views:")
    for lines, name in longest_views():
        print(f"  {lines:4d}  {name}")
    found = keys_in_python()
    demo = [line for line in found if line.startswith("demo/")]
    print(
        f"content keys written in Python (outside the loaders): {len(found)},"
        f" of them {len(demo)} in the demo's data"
    )
    if "--list" in sys.argv:
        for line in found:
            print(f"  {line}")


if __name__ == "__main__":
    main()
