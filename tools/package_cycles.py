"""Count the package-level import cycles in ltoapp.

Run with ``python tools/package_cycles.py``. Each first-level part of
``ltoapp`` (a subpackage such as ``reviews`` or a top module such as
``demo``) is one node; an edge A -> B means some module in A imports some
module in B. The script prints the strongly connected groups of more than one
node and the number of simple cycles among them, so the numbers in
``docs/architecture.md`` can be measured again after a change.

``--domain`` leaves out what the import contracts leave out: imports made only
for type hints, and the web layer (view modules, the request's side of access,
error pages, template filters, the demo and the command line), so it counts
the cycles among models, rules, operations and queries.
"""

from __future__ import annotations

import sys

import grimp

ROOT = "ltoapp"
WEB_LAYER = (
    "ltoapp.access",
    "ltoapp.cli",
    "ltoapp.demo",
    "ltoapp.errors",
    "ltoapp.formatting",
)
#: Web modules inside a feature package that are not a blueprint's views: the
#: step and check pages, drawn for the workflows, reviews and actions views.
WEB_PAGES = ("ltoapp.workflows.check_page", "ltoapp.workflows.step_pages")


def is_web(module: str) -> bool:
    """Say whether a module draws pages or answers requests, as the contracts do.

    A blueprint's views may be one module (``views``, ``reveal_views``) or a
    package of them (``views.respond``).
    """
    pieces = module.split(".")
    return (
        any(piece == "views" or piece.endswith("_views") for piece in pieces[2:])
        or part_of(module) in WEB_LAYER
        or module in WEB_PAGES
    )


def part_of(module: str) -> str:
    """Return the first-level part of ``ltoapp`` a module belongs to."""
    pieces = module.split(".")
    return ".".join(pieces[:2]) if len(pieces) > 1 else module


def package_edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Return, for each first-level part, the parts it imports."""
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        source = part_of(module)
        edges.setdefault(source, set())
        for imported in graph.find_modules_directly_imported_by(module):
            target = part_of(imported)
            if target != source and target.startswith(ROOT + "."):
                edges[source].add(target)
    return edges


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return Tarjan's strongly connected components with more than one node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def simple_cycles(edges: dict[str, set[str]], nodes: list[str]) -> list[list[str]]:
    """Return every simple cycle inside one group, each starting at its least node."""
    inside = set(nodes)
    cycles: list[list[str]] = []

    def walk(start: str, node: str, path: list[str]) -> None:
        for nxt in sorted(edges.get(node, ()) & inside):
            if nxt == start:
                cycles.append([*path, start])
            elif nxt > start and nxt not in path:
                walk(start, nxt, [*path, nxt])

    for start in sorted(inside):
        walk(start, start, [start])
    return cycles


def main() -> int:
    """Print the cycle groups and counts; exit 1 when there is any cycle."""
    domain = "--domain" in sys.argv[1:]
    # No cache: a measure must read the code as it is now.
    graph = grimp.build_graph(
        ROOT, exclude_type_checking_imports=domain, cache_dir=None
    )
    if domain:
        for module in sorted(graph.modules):
            if is_web(module):
                graph.remove_module(module)
    edges = package_edges(graph)
    groups = strongly_connected(edges)
    total = 0
    for group in groups:
        cycles = simple_cycles(edges, group)
        total += len(cycles)
        print(f"cycle group of {len(group)}: {', '.join(group)}")
        for cycle in cycles:
            short = [name.removeprefix(ROOT + ".") for name in cycle]
            print("   ", " -> ".join(short))
    mutual = sorted(
        (a, b) for a in edges for b in edges[a] if a < b and a in edges.get(b, ())
    )
    print("mutual:", ", ".join(f"{a[7:]}<->{b[7:]}" for a, b in mutual) or "none")
    print(
        f"{len(groups)} group(s), {sum(map(len, groups))} packages in them,"
        f" {len(mutual)} mutual pair(s), {total} simple cycle(s) between packages"
    )
    return 1 if groups else 0


if __name__ == "__main__":
    sys.exit(main())
