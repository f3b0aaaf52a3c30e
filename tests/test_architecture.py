"""The house keeps its plan: the app graph in docs/architecture.md is the one the code draws.

Everything here reads the Python source (ast), imports nothing of the project, and needs no
database. Migrations and tests are left out; imports inside functions count as much as those at
the top of a module, since they are only hidden, not absent.

`python -m tests.test_architecture` prints the graph the code draws, in the form the document
uses.
"""

import ast
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "common",
    "publisher",
    "submissions",
    "editorial",
    "publishing",
    "book",
    "participation",
    "recipes",
    "kokebok",
)
PROJECT = "kokebok"
MAX_LINES = 500
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _is_skipped(path: Path) -> bool:
    return "migrations" in path.parts or "__pycache__" in path.parts


@cache
def modules() -> dict[str, Path]:
    """Every module of the packages, by dotted name (a package by its __init__)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if _is_skipped(relative):
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _resolve(name: str) -> str | None:
    """The most specific module of ours that an import of `name` loads, or None."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules():
            return candidate
        parts.pop()
    return None


def _imported_names(module: str, path: Path) -> set[str]:
    """Dotted names imported anywhere in the module (functions included), relative ones made
    absolute: `import a.b` gives `a.b`, `from a import b` gives `a.b` (a module, or a name that
    _resolve cuts back to the module `a`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                drop = node.level - 1 if is_package else node.level
                base = base[: len(base) - drop] if drop else base
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            for alias in node.names:
                names.add(prefix if alias.name == "*" else f"{prefix}.{alias.name}")
    return names


@cache
def module_graph() -> dict[str, frozenset[str]]:
    """module -> the modules of ours it imports (never itself)."""
    graph = {}
    for module, path in modules().items():
        targets = {_resolve(name) for name in _imported_names(module, path)}
        graph[module] = frozenset(t for t in targets if t and t != module)
    return graph


@cache
def all_imports() -> dict[str, frozenset[str]]:
    """module -> every dotted name it imports, ours or not."""
    return {module: frozenset(_imported_names(module, path)) for module, path in modules().items()}


def package_of(module: str) -> str:
    return module.split(".")[0]


def package_edges() -> dict[tuple[str, str], list[str]]:
    """(from package, to package) -> the module imports that draw that edge."""
    edges = defaultdict(list)
    for module, targets in module_graph().items():
        for target in targets:
            if package_of(module) != package_of(target):
                edges[package_of(module), package_of(target)].append(f"{module} -> {target}")
    return edges


def documented_edges() -> set[tuple[str, str]]:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```app-graph\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)
    assert len(blocks) == 1, "docs/architecture.md needs exactly one ```app-graph block"
    edges = set()
    for line in blocks[0].splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"(\w+)\s*->\s*(\w+)", line)
        assert match, f"not an edge `app -> app`: {line!r}"
        edges.add((match[1], match[2]))
    return edges


def find_cycle(graph: dict[str, set[str] | frozenset[str]]) -> list[str] | None:
    """One cycle of the graph as a path that ends where it starts, or None."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = grey
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if colour.get(nxt, white) == grey:
                return [*stack[stack.index(nxt) :], nxt]
            if colour.get(nxt, white) == white:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        colour[node] = black
        return None

    for node in sorted(graph):
        if colour[node] == white:
            found = visit(node)
            if found:
                return found
    return None


def test_the_documented_app_graph_is_the_one_the_code_draws():
    drawn = package_edges()
    documented = documented_edges()
    missing_from_doc = {
        f"{a} -> {b}": sorted(drawn[a, b])[:3] for a, b in sorted(set(drawn) - documented)
    }
    not_in_code = sorted(f"{a} -> {b}" for a, b in documented - set(drawn))
    assert (missing_from_doc, not_in_code) == ({}, [])


def test_no_cycle_between_packages():
    graph = defaultdict(set)
    for a, b in package_edges():
        graph[a].add(b)
    assert find_cycle(graph) is None


def test_no_cycle_between_modules():
    assert find_cycle(module_graph()) is None


def test_no_source_file_is_over_500_lines():
    too_long = {}
    # Not sources: virtualenvs (wherever they are), hidden folders but CI's, what builds make.
    venvs = {cfg.parent for cfg in ROOT.glob("*/pyvenv.cfg")}
    not_sources = {"tests", "build", "media", "staticfiles", "node_modules"}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        top = relative.parts[0]
        if top in not_sources or (top.startswith(".") and top != ".ci") or _is_skipped(relative):
            continue
        if any(venv in path.parents for venv in venvs):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long[str(relative)] = lines
    assert too_long == {}


def test_only_the_project_imports_the_project():
    """Apps reach the settings through django.conf.settings, never through kokebok.*."""
    offenders = sorted(
        f"{module} -> {target}"
        for module, targets in module_graph().items()
        for target in targets
        if package_of(target) == PROJECT and package_of(module) != PROJECT
    )
    assert offenders == []


def test_no_selector_imports_a_forms_module():
    offenders = sorted(
        f"{module} imports {name}"
        for module, names in all_imports().items()
        if module.split(".")[-1] == "selectors"
        for name in names
        if "forms" in name.split(".")
    )
    assert offenders == []


if __name__ == "__main__":
    print("```app-graph")
    for a, b in sorted(package_edges()):
        print(f"{a} -> {b}")
    print("```")
