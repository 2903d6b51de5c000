"""The house as docs/architecture.md draws it: no import cycle between modules or packages
(function-level imports included), and the import-linter contracts of pyproject.toml kept."""

from __future__ import annotations

from collections import defaultdict

import grimp
import pytest

#: Packages whose children are the units of the package-level graph.
CONTAINERS = ("townpaths", "townpaths.studies")


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("townpaths", include_external_packages=False, cache_dir=None)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    nodes = sorted(set(edges) | {t for ts in edges.values() for t in ts})
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def _unit(module: str) -> str | None:
    """The package-level unit of a module: ``townpaths.web``, ``townpaths.studies.qda``, ..."""
    parts = module.split(".")
    for depth, container in sorted(((c.count(".") + 1, c) for c in CONTAINERS), reverse=True):
        if module.startswith(container + ".") and len(parts) > depth:
            return ".".join(parts[: depth + 1])
    return None


def test_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_back() -> None:
    graph = _graph()
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    assert _cycles(edges) == []


def test_no_package_imports_itself_back() -> None:
    graph = _graph()
    edges: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        source = _unit(module)
        for target in graph.find_modules_directly_imported_by(module):
            unit = _unit(target)
            if (
                source
                and unit
                and unit != source
                and not (source == "townpaths.studies" or unit == "townpaths.studies")
            ):
                edges[source].add(unit)
    assert len(edges) > 5
    assert _cycles(dict(edges)) == []


def test_import_contracts_are_kept() -> None:
    from importlinter.cli import lint_imports

    assert lint_imports(no_cache=True) == 0


@pytest.mark.parametrize("module", ["townpaths.ranking", "townpaths.studies.qda.core.agreement"])
def test_pure_cores_load_without_a_database_or_web_framework(module: str) -> None:
    import subprocess
    import sys

    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in ('sqlalchemy', 'fastapi', 'starlette', 'typer') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
