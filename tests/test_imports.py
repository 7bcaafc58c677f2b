"""The shape of the package, from its source: no import cycle (imports inside functions
count too), commands above the library, and the plain library free of MkDocs."""

import ast
from pathlib import Path

from helpers import REPO

SRC = REPO / "src"
LIBRARY = "iplibrary"
COMMANDS = "iplibrary.commands"
GLUE = "iplibrary_mkdocs"
MKDOCS_PACKAGES = ("mkdocs", "material", "mkdocs_static_i18n", GLUE)


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: str) -> dict[str, Path]:
    """Every module of `package` under src/, by dotted name."""
    return {module_name(path): path for path in sorted((SRC / package.replace(".", "/")).rglob("*.py"))}


def imported_names(name: str, path: Path) -> set[str]:
    """Every module `name` imports, anywhere in its file (at the top, in functions, under
    `if`), as dotted names; `from a import b` counts as `a.b` where b is a module."""
    found = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package upwards
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join(package + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def import_graph(package: str) -> dict[str, set[str]]:
    """Module -> the modules of `package` it imports."""
    known = modules(package)
    return {name: {other for other in imported_names(name, path) if other in known and other != name}
            for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_walk_sees_imports_inside_functions():
    graph = import_graph(LIBRARY)
    assert len(graph) > 40, "the walk found too few modules to prove anything"
    # build.finish_build imports the writers of the finished site inside the function
    assert "iplibrary.redirect_pages" in graph["iplibrary.build"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_library_has_no_import_cycle():
    assert cycles(import_graph(LIBRARY)) == []


def test_the_glue_has_no_import_cycle():
    assert cycles(import_graph(GLUE)) == []


def test_nothing_in_the_library_imports_a_command():
    graph = import_graph(LIBRARY)
    importers = sorted(f"{name} imports {other}" for name, imported in graph.items() if not name.startswith(COMMANDS)
                       for other in imported if other == COMMANDS or other.startswith(COMMANDS + "."))
    assert importers == []


def test_the_library_imports_nothing_of_mkdocs():
    offenders = sorted(f"{name} imports {other}" for name, path in modules(LIBRARY).items()
                       for other in imported_names(name, path)
                       if other.split(".")[0] in MKDOCS_PACKAGES)
    assert offenders == []


def test_the_glue_is_mkdocs_code():
    """What moved out of the library for knowing MkDocs is where the hook finds it."""
    names = set().union(*(imported_names(name, path) for name, path in modules(GLUE).items()))
    assert {"mkdocs_static_i18n.reconfigure"} <= names
    hook = imported_names("library", REPO / "hooks" / "library.py")
    assert {"iplibrary_mkdocs.speedups", "iplibrary_mkdocs.html_fixes"} <= hook
