"""The rules that keep the stages apart (docs/architecture.md), read from the code's own imports.

Every import counts, those inside functions too; only imports a type checker
alone follows (under ``if TYPE_CHECKING:``) are left out.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("search", "indexer", "web")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def imported(path: Path, name: str, modules: set[str]) -> set[str]:
    """The modules ``path`` (module ``name``) imports: project modules by their
    full names, others by their top-level name and as written."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking_only(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in child.names:
                    # ``from search import manifest`` imports the module search.manifest.
                    submodule = f"{base}.{alias.name}"
                    found.add(submodule if submodule in modules or _is_module(submodule) else base)
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imported(path, name, set(modules)) for name, path in modules.items()}


def importers(graph: dict[str, set[str]], prefix: str, target: str) -> list[str]:
    """The modules under ``prefix`` that import ``target`` or anything under it."""
    return sorted(
        f"{name} imports {dependency}"
        for name, dependencies in graph.items()
        if name == prefix or name.startswith(prefix + ".")
        for dependency in dependencies
        if dependency == target or dependency.startswith(target + ".")
    )


def test_the_graph_sees_the_imports_it_checks():
    graph = import_graph()
    assert "search.embedded.docsets" in graph["search.embedded.collect"]
    assert "search.manifest" in graph["search.originals"]  # from search import manifest
    assert "indexer.extract" in graph["indexer.build"]
    assert "whoosh.query" in graph["search.query.nodes"]


def test_the_library_never_imports_the_indexing_job_or_the_web():
    graph = import_graph()
    assert importers(graph, "search", "indexer") == []
    assert importers(graph, "search", "web") == []
    assert importers(graph, "indexer", "web") == []


def test_the_extractor_stands_alone():
    """Page → record needs nothing of the indexing job, the engines or the query side."""
    graph = import_graph()
    outside = [
        line
        for line in importers(graph, "indexer.extract", "indexer") + importers(graph, "indexer.extract", "search")
        if not line.split(" imports ")[1].startswith(("indexer.extract", "search.manifest"))
    ]
    assert outside == []


def test_whoosh_internals_stay_in_the_embedded_engine():
    """Outside search/embedded/, only Whoosh's public query, analysis and schema
    classes are used (the query tree and the analyzer are Whoosh's own); web/ and
    indexer/ use none of Whoosh, and no module outside the engines names one."""
    graph = import_graph()
    public = ("whoosh.query", "whoosh.analysis", "whoosh.fields", "whoosh.reading")
    leaks = [
        f"{name} imports {dependency}"
        for name, dependencies in graph.items()
        if not name.startswith("search.embedded")
        for dependency in dependencies
        if dependency.split(".")[0] == "whoosh"
        and (not name.startswith("search") or not dependency.startswith(public))
    ]
    assert leaks == []
    for outsider in ("web", "indexer", "search.cluster", "search.query", "search.analysis"):
        assert importers(graph, outsider, "search.embedded") == []
    assert importers(graph, "web", "search.cluster.engine") == []
    assert importers(graph, "indexer", "search.cluster") == []


def test_the_engines_do_not_know_each_other():
    graph = import_graph()
    assert importers(graph, "search.embedded", "search.cluster") == []
    assert importers(graph, "search.cluster", "search.embedded") == []


def test_no_import_cycles():
    graph = import_graph()
    graph = {name: {dep for dep in deps if dep in graph and dep != name} for name, deps in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(name: str) -> None:  # Tarjan's strongly connected components
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for dependency in graph[name]:
            if dependency not in index:
                connect(dependency)
                low[name] = min(low[name], low[dependency])
            elif dependency in on_stack:
                low[name] = min(low[name], index[dependency])
        if low[name] == index[name]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == name:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            connect(name)
    assert cycles == []


def test_the_extractor_is_reached_through_its_one_entry():
    """The indexing job and the web front end use indexer/extract/__init__.py, never its inner modules."""
    graph = import_graph()
    inner = [
        line
        for outsider in ("web", "indexer.build", "indexer.files", "indexer.prepare", "indexer.workers")
        for line in importers(graph, outsider, "indexer.extract")
        if not line.endswith(" imports indexer.extract")
    ]
    assert inner == []
