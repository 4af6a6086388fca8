"""The layout's rules (docs/architecture.md), read from the source: every import of every module, by `ast`.

A failure names the module and the import that breaks a rule; the fix is to move the code to the part that
may touch what it needs, not to relax the rule.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = ("bot", "db", "handlers", "jobs")
MAX_LINES = 340  # "about 300": a file one reads in one sitting
LONGER_ALLOWED = {"bot/texts.py"}  # every user text in one place (the developer guide); data, not logic

# what no module of a part may import (a prefix matches the module and everything below it)
FORBIDDEN = {
    "bot.domain": ("telegram", "sqlmodel", "sqlalchemy", "db", "handlers", "jobs", "bot.app", "bot.cli",
                   "bot.services", "bot.settings", "bot.delivery", "bot.operations", "bot.documents",
                   "bot.webapp", "bot.testing", "importlib.resources", "subprocess", "socket", "urllib",
                   "http", "asyncio"),
    "bot.texts": ("telegram", "sqlmodel", "sqlalchemy", "db", "handlers", "jobs", "bot.app", "bot.cli",
                  "bot.services", "bot.delivery", "bot.operations", "bot.documents", "bot.webapp", "bot.testing"),
    "db": ("telegram", "handlers", "jobs", "bot.app", "bot.cli", "bot.services", "bot.settings", "bot.texts",
           "bot.delivery", "bot.operations", "bot.documents", "bot.webapp", "bot.testing"),
    "jobs": ("handlers", "bot.testing", "bot.cli"),
    "handlers": ("jobs.sender", "bot.testing", "bot.cli", "bot.app"),
    "bot.delivery": ("handlers", "jobs", "bot.testing", "bot.cli", "bot.app"),
    "bot.operations": ("handlers", "jobs", "bot.testing", "bot.cli", "bot.app"),
    "bot.documents": ("telegram", "handlers", "jobs", "bot.testing", "bot.cli", "bot.app"),
    "bot.webapp": ("jobs.sender", "bot.testing", "bot.cli", "bot.app"),
    "bot.services": ("handlers", "jobs", "bot.webapp", "bot.testing", "bot.cli", "bot.app"),
    "bot.app": ("bot.testing", "bot.cli"),
    "bot.health": ("handlers", "jobs", "bot.webapp", "bot.testing", "bot.cli", "bot.app"),
    # every part counts into the metrics, so they import nothing of the project
    "bot.metrics": ("bot", "db", "handlers", "jobs"),
}
# parts that may import from bot/ only what is listed (db/ shares the domain's types, nothing else)
ONLY_FROM_BOT = {"db": ("bot.domain",), "bot.domain": ("bot.domain", "bot.texts"), "bot.texts": ("bot.domain",)}
# The one edge into bot.testing from production code: the CLI's `demo` command, imported inside the function
# so that no other command loads the demo.
LAZY_ONLY = {("bot.cli.service", "bot.testing.demo")}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (or the module a name was imported from)
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def first_party_modules() -> dict[str, Path]:
    return {module_name(p): p for part in FIRST_PARTY for p in sorted((ROOT / part).rglob("*.py"))}


MODULES = first_party_modules()


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(name: str, path: Path) -> list[Import]:
    """Every import the module runs, with the function-level ones marked; `if TYPE_CHECKING:` ones do not run."""
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking_only(child):
                for stmt in child.orelse:
                    visit(stmt, in_function)
                continue
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                found.extend(Import(name, a.name, child.lineno, in_function) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(name, path, child)
                for a in child.names:
                    sub = f"{base}.{a.name}"
                    target = sub if sub in MODULES else base  # `from bot import texts` imports bot.texts
                    found.append(Import(name, target, child.lineno, in_function))
            visit(child, nested)

    visit(ast.parse(path.read_text(), filename=str(path)), False)
    return found


def _absolute(name: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


IMPORTS = {name: imports_of(name, path) for name, path in MODULES.items()}


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def rule_for(module: str) -> tuple[str, tuple[str, ...]] | None:
    """The most specific part a module belongs to, and what that part may not import."""
    parts = [p for p in FORBIDDEN if _within(module, p)]
    if not parts:
        return None
    part = max(parts, key=len)
    return part, FORBIDDEN[part]


def test_the_rules_see_every_part():
    """A guard for the test itself: it finds the modules and their imports, so an empty pass means something."""
    for part in [*FORBIDDEN, *ONLY_FROM_BOT]:
        assert any(_within(m, part) for m in MODULES), part
    assert any(i.target == "bot.domain.reply_reader" for i in IMPORTS["handlers.replies"])
    assert ("bot.cli.service", "bot.testing.demo") in {(i.source, i.target) for imps in IMPORTS.values()
                                                        for i in imps if i.in_function}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_forbidden_arrow(module):
    rule = rule_for(module)
    bad = []
    for imp in IMPORTS[module]:
        if rule is not None and any(_within(imp.target, f) for f in rule[1]):
            if (imp.source, imp.target) in LAZY_ONLY and imp.in_function:
                continue
            bad.append(f"{module}:{imp.line} imports {imp.target} ({rule[0]} may not import {rule[1]})")
        elif (rule is not None and rule[0] in ONLY_FROM_BOT and _within(imp.target, "bot")
              and not any(_within(imp.target, a) for a in ONLY_FROM_BOT[rule[0]])):
            bad.append(f"{module}:{imp.line} imports {imp.target}: {rule[0]} imports from bot/ only "
                       f"{ONLY_FROM_BOT[rule[0]]}")
        elif _within(imp.target, "bot.testing") and not _within(module, "bot.testing"):
            if not ((imp.source, imp.target) in LAZY_ONLY and imp.in_function):
                bad.append(f"{module}:{imp.line} imports {imp.target}: production code never imports bot.testing")
    assert not bad, "\n".join(bad)


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []
    cycles: list[list[str]] = []

    def walk(m: str) -> None:
        state[m] = 1
        path.append(m)
        for t in graph.get(m, []):
            if state.get(t) == 1:
                cycles.append(path[path.index(t):] + [t])
            elif t not in state:
                walk(t)
        path.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            walk(m)
    return cycles


def test_no_import_cycle():
    """Between modules, counting imports inside functions too: a lazy import hides a circle, it does not break it."""
    graph = {m: sorted({i.target for i in IMPORTS[m] if i.target in MODULES and i.target != m}) for m in MODULES}
    # importing bot.cli.main runs bot/cli/__init__.py first: a package's own __init__ is not an edge
    graph = {m: [t for t in ts if not _within(m, t)] for m, ts in graph.items()}
    cycles = find_cycles(graph)
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small(module):
    path = MODULES[module]
    rel = path.relative_to(ROOT).as_posix()
    lines = len(path.read_text().splitlines())
    if rel in LONGER_ALLOWED or rel.startswith("db/migrations/versions/"):
        return
    assert lines <= MAX_LINES, f"{rel} has {lines} lines: split it by what its parts do"


def test_a_forbidden_arrow_and_a_cycle_are_caught(tmp_path):
    """The checks fail on what they forbid: a db module importing a handler, and a circle of two."""
    fake = tmp_path / "db" / "bad.py"
    fake.parent.mkdir()
    fake.write_text("from handlers.replies import on_text\n\n\ndef f():\n    from jobs.sender import kick_sender\n")
    found = imports_of("db.bad", fake)
    assert [(i.target, i.in_function) for i in found] == [("handlers.replies", False), ("jobs.sender", True)]
    assert all(any(_within(i.target, f) for f in rule_for("db.bad")[1]) for i in found)
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": ["b"], "b": [], "d": ["a", "b"]}) == []
