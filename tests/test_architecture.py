"""The house rules that keep the layout readable: no import cycles inside the package (counting imports made
inside functions too), stages importing only what flows into them, and no development tool in the package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pipeline"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                # the deepest module of the package that the import names
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles():
    assert find_cycle(import_graph()) is None


def test_the_cycle_check_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_stages_do_not_import_later_stages():
    """ingest → ocr → restore → parse → output: a stage never imports a later one (the recipe, the CLI, the API and
    the batch runner compose them)."""
    order = ["ingest", "ocr", "restore", "parse", "output"]
    graph = import_graph()
    for name, targets in graph.items():
        parts = name.split(".")
        if len(parts) < 2 or parts[1] not in order:
            continue
        stage = order.index(parts[1])
        for target in targets:
            tparts = target.split(".")
            if len(tparts) >= 2 and tparts[1] in order:
                assert order.index(tparts[1]) <= stage or tparts[1] == "ocr" and parts[1] == "ingest", (name, target)


def test_no_development_tools_in_the_package():
    names = {p.stem for p in PACKAGE.rglob("*.py")}
    assert not names & {"render", "evaluate", "build_restore", "build_digits"}
    for path in PACKAGE.rglob("*.py"):
        assert "argparse" not in path.read_text(encoding="utf-8"), path


def test_every_import_of_the_package_is_a_declared_dependency():
    """A clean install gets what the code imports (a lost pyproject line once left .html input unreadable there),
    and nothing is declared that no module imports (pypdf's crypto extra and dask's distributed extra aside)."""
    import re
    import sys
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    from importlib.metadata import packages_distributions

    declared = {re.split(r"[\[<>=; ]", d, maxsplit=1)[0].lower().replace("_", "-")
                for d in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]}
    to_distribution = {name: [d.lower().replace("_", "-") for d in dists] for name, dists in packages_distributions().items()}
    imported: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
            imported |= {n.split(".")[0] for n in names}
    third_party = {n for n in imported if n not in sys.stdlib_module_names and n != "pipeline"}
    used = {d for n in third_party for d in to_distribution.get(n, [n])}
    assert not third_party - {n for n in third_party if set(to_distribution.get(n, [n])) & declared}, \
        sorted(third_party - {n for n in third_party if set(to_distribution.get(n, [n])) & declared})
    assert declared - used <= {"python-multipart", "lxml"}, sorted(declared - used)  # used by fastapi / bs4 by name
