"""The layout shows the architecture, and stays that way (docs/architecture.md, "Layout").

Read from the source with ``ast`` (nothing is imported except the subpackages' ``_API``):

* imports flow one way, down the data flow (``LAYERS``); ``claims`` and ``records`` do not import
  each other;
* no module imports another module's ``_private`` name;
* notebooks import only what the subpackages list in ``_API`` (and public names of the
  top-level modules);
* no module over ``MAX_MODULE_LINES`` lines, no function over ``MAX_FUNCTION_LINES``;
* comments and docstrings point only at what a reader of the repository can open;
* each rule in one place: the rounding half-width, and names that mean one thing.

Known offenders in modules other engineers are restructuring are listed explicitly and marked
``xfail(strict=True)``: when one is fixed its entry XPASSes and the test fails until the entry
is removed, so each list can only shrink.
"""

from __future__ import annotations

import ast
import importlib
import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / "lib" / "motcua"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))

#: Import layers, lowest first: a module may import modules of its own layer or a lower one.
#: ``claims`` and ``records`` share a layer but must not import each other (``SIBLINGS``).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("motcua", "_lazy", "config", "errors", "safe_yaml", "stats", "findings", "vn"),
    ("claims", "records"),
    ("analysis",),
    ("synth",),
    ("reports",),
    ("runs",),
)
SIBLINGS = {("claims", "records"), ("records", "claims")}
SUBPACKAGES = ("vn", "claims", "records", "analysis", "synth", "reports", "runs")

MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 80


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(LIB.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(LIB.rglob("*.py"))}
TREES: dict[str, ast.Module] = {m: ast.parse(p.read_text(encoding="utf-8"), str(p))
                                for m, p in MODULES.items()}


def _top(module: str) -> str:
    """``motcua.claims.checks.sums`` → ``claims``; ``motcua`` → ``motcua``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _layer(module: str) -> int:
    top = _top(module)
    return next(i for i, names in enumerate(LAYERS) if top in names)


def _imports(module: str, tree: ast.Module):
    """(imported module, [names], line) for every ``motcua`` import anywhere in the module."""
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "motcua":
                    yield a.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "motcua":
                yield target, [a.name for a in node.names], node.lineno


def _targets(target: str, names: list[str]) -> list[str]:
    """The modules an import reaches: ``from motcua.vn import numbers`` reaches motcua.vn.numbers."""
    found = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
    return found or [target]


def _upward_imports() -> list[str]:
    bad = []
    for module, tree in TREES.items():
        for target, names, line in _imports(module, tree):
            for t in _targets(target, names):
                if t not in MODULES and t.rpartition(".")[0] not in MODULES:
                    bad.append(f"{module}:{line} imports {t}, which does not exist")
                elif _layer(t) > _layer(module) or (_top(module), _top(t)) in SIBLINGS:
                    bad.append(f"{module}:{line} imports {t}")
    return bad


def test_imports_flow_down_the_data_flow():
    assert _upward_imports() == []


def test_layers_name_every_subpackage():
    tops = {_top(m) for m in MODULES}
    assert tops <= {name for layer in LAYERS for name in layer}


def _private_imports() -> list[str]:
    bad = []
    for module, tree in TREES.items():
        for target, names, line in _imports(module, tree):
            for n in names:
                if n.startswith("_") and not n.startswith("__") and f"{target}.{n}" not in MODULES:
                    bad.append(f"{module}:{line} imports {target}.{n}")
        aliases = {a.asname or a.name: a.name for node in ast.walk(tree)
                   if isinstance(node, ast.Import) for a in node.names
                   if a.name.startswith("motcua")}
        aliases.update({a.asname or a.name: f"{node.module}.{a.name}" for node in ast.walk(tree)
                        if isinstance(node, ast.ImportFrom) and node.module and not node.level
                        and node.module.startswith("motcua") for a in node.names
                        if f"{node.module}.{a.name}" in MODULES})
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                bad.append(f"{module}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    return bad


#: Private names imported across modules today (their owners are fixing them).
KNOWN_PRIVATE: set[str] = set()


def test_no_private_name_crosses_a_module():
    assert [b for b in _private_imports() if b.split(":")[0] not in KNOWN_PRIVATE] == []


@pytest.mark.parametrize("module", sorted(KNOWN_PRIVATE))
@pytest.mark.xfail(strict=True, reason="imports a private name; its owner is fixing it")
def test_known_private(module):
    assert [b for b in _private_imports() if b.split(":")[0] == module] == []


def _api(package: str) -> set[str]:
    return set(getattr(importlib.import_module(f"motcua.{package}"), "_API"))


def _notebook_imports(path: Path) -> list[str]:
    bad = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bad += [f"{path.name}:{node.lineno} import {a.name}" for a in node.names
                    if a.name.startswith("motcua.")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("motcua"):
            parts = node.module.split(".")
            names = [a.name for a in node.names]
            if len(parts) == 2 and parts[1] in SUBPACKAGES:
                api = _api(parts[1])
                bad += [f"{path.name}:{node.lineno} {node.module}.{n} is not in its _API"
                        for n in names if n not in api]
            elif len(parts) == 2 and f"motcua.{parts[1]}" in MODULES:  # config, findings, stats
                bad += [f"{path.name}:{node.lineno} {node.module}.{n}" for n in names
                        if n.startswith("_")]
            else:
                bad.append(f"{path.name}:{node.lineno} from {node.module} (not a public API)")
    return bad


#: Notebooks being written that import modules not yet in their subpackage's ``_API``.
KNOWN_NOTEBOOKS: set[str] = set()


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name not in KNOWN_NOTEBOOKS],
                         ids=lambda p: p.name)
def test_notebooks_import_the_public_api(path):
    assert _notebook_imports(path) == []


@pytest.mark.parametrize("name", sorted(KNOWN_NOTEBOOKS))
@pytest.mark.xfail(strict=True, reason="imports past the _API; its owner is fixing it")
def test_known_notebooks(name):
    assert _notebook_imports(ROOT / "notebooks" / name) == []


def test_every_api_entry_resolves():
    for package in SUBPACKAGES:
        mod = importlib.import_module(f"motcua.{package}")
        for name, where in mod._API.items():
            assert f"motcua.{package}.{where}" in MODULES, (package, name, where)


# ---- sizes ----------------------------------------------------------------------------------

def _sizes() -> list[str]:
    out = []
    for module, tree in TREES.items():
        n = len(MODULES[module].read_text(encoding="utf-8").splitlines())
        if n > MAX_MODULE_LINES:
            out.append(f"{module} ({n} lines)")
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    out.append(f"{module}.{node.name} ({length} lines)")
    return out


#: Too long today, in modules their owners are restructuring. Remove an entry once fixed.
KNOWN_SIZE: dict[str, str] = {}


def _size_key(entry: str) -> str:
    return entry.split(" (")[0]


def test_no_new_oversized_module_or_function():
    assert [e for e in _sizes() if _size_key(e) not in KNOWN_SIZE] == []


@pytest.mark.parametrize("name", sorted(KNOWN_SIZE))
@pytest.mark.xfail(strict=True, reason="known oversized; its owner is splitting it")
def test_known_oversized(name):
    assert name not in {_size_key(e) for e in _sizes()}


# ---- comments and docstrings ----------------------------------------------------------------

_SHARED = re.compile(r"\.\./shared")
_ISSUE = re.compile(r"(?i)\b(?:tracker\s+)?issues?\s*#?\s*\d+")
_HASH = re.compile(r"#(\d+)\b")
#: "papermill #818", "papermill #511, #239": an upstream project's tracker, named before it.
_UPSTREAM = re.compile(r"\b([A-Za-z][\w.-]*)\s+(?:#\d+(?:,\s*|/|\s+and\s+))*$")
_NOT_A_PROJECT = {"issue", "issues", "tracker", "item", "items", "see", "ticket", "bug", "in"}


def _prose(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every comment and docstring in a Python file."""
    src = path.read_text(encoding="utf-8")
    out = [(t.start[0], t.string) for t in tokenize.generate_tokens(io.StringIO(src).readline)
           if t.type == tokenize.COMMENT]
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(
                    getattr(body[0], "value", None), ast.Constant) and isinstance(
                    body[0].value.value, str):
                out.append((body[0].lineno, body[0].value.value))
    return out


def _bad_references(text: str) -> list[str]:
    text = re.sub(r"\s+", " ", text)  # "papermill" may end one line and "#511" begin the next
    bad = [m.group(0) for m in _SHARED.finditer(text)] + [m.group(0) for m in _ISSUE.finditer(text)]
    for m in _HASH.finditer(text):
        if m.start() and text[m.start() - 1] in "&\"'":  # "&#39;", a colour in quotes
            continue
        up = _UPSTREAM.search(text[: m.start()])
        if not up or up.group(1).lower() in _NOT_A_PROJECT:
            bad.append(m.group(0))
    return bad


def _references(paths) -> dict[str, list[str]]:
    out = {}
    for path in paths:
        found = [f"{line}: {ref}" for line, text in _prose(path) for ref in _bad_references(text)]
        if found:
            out[str(path.relative_to(ROOT))] = found
    return out


#: Tracker references still in modules their owners are restructuring.
KNOWN_REFERENCES: set[str] = set()


def test_reference_rules_themselves():
    assert _bad_references("see issue 3 item 8") and _bad_references("tracker issue 4")
    assert _bad_references("(#12)") and _bad_references("../shared/docs/domain.md")
    assert not _bad_references("papermill #818; papermill #511, #239; nbval #13/#106")
    assert not _bad_references("port races (papermill\n#511, #239)")
    assert not _bad_references("docs/domain.md §1.5 and docs/anchors.md C2")


def test_comments_point_inside_the_repository():
    paths = [*MODULES.values(), *NOTEBOOKS]
    found = _references(p for p in paths if str(p.relative_to(ROOT)) not in KNOWN_REFERENCES)
    assert found == {}


@pytest.mark.parametrize("name", sorted(KNOWN_REFERENCES))
@pytest.mark.xfail(strict=True, reason="known tracker references; its owner is rewriting it")
def test_known_references(name):
    assert _references([ROOT / name]) == {}


# ---- each rule in one place -----------------------------------------------------------------

#: The rounding half-width 5 / 10**(d+1), written out; only vn/numbers.py may hold it.
_HALF_WIDTH = re.compile(r"Fraction\(\s*5\s*,|Decimal\(\s*5\s*\)|\b5\s*/\s*\(?\s*10\s*\*\*|"
                         r"0\.5\s*\*\s*10\s*\*\*|0\.5\s*/\s*10\s*\*\*")


#: Modules that still write the half-width out (their owners are rewriting them).
KNOWN_HALF_WIDTH: set[str] = set()


def _half_widths() -> set[str]:
    return {m for m, p in MODULES.items() if m != "motcua.vn.numbers"
            for line in p.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith("#") and _HALF_WIDTH.search(line)}


def test_one_rounding_half_width():
    assert _half_widths() - KNOWN_HALF_WIDTH == set()


@pytest.mark.parametrize("module", sorted(KNOWN_HALF_WIDTH))
@pytest.mark.xfail(strict=True, reason="writes the half-width out; should call vn.numbers")
def test_known_half_width(module):
    assert module not in _half_widths()


#: Names that once meant different things in different modules, and the one module each may be
#: defined in now (None: nowhere, the specific names say what they hold).
ONE_MEANING = {
    "STATUSES": "motcua.findings",  # finding statuses; dossier statuses are DOSSIER_STATUSES
    "LEVELS": None,  # LOCALITY_LEVELS, SATISFACTION_LEVELS, COMPARISON_LEVELS, ...
    "CODE_LISTS": "motcua.vn.localities",  # the registry of code-list files
    "KINDS": None,  # CLAIM_KINDS, TABLE_KINDS, PERSONAL_DATA_KINDS
    "LIMIT_UNITS": "motcua.vn.calendar",
}
#: Still defined elsewhere, in modules their owners are writing. Remove an entry once fixed.
KNOWN_REUSE: set[tuple[str, str]] = set()


def _definitions() -> set[tuple[str, str]]:
    out = set()
    for module, tree in TREES.items():
        for node in tree.body:
            targets = (node.targets if isinstance(node, ast.Assign) else
                       [node.target] if isinstance(node, ast.AnnAssign) else [])
            out |= {(module, t.id) for t in targets
                    if isinstance(t, ast.Name) and t.id in ONE_MEANING}
    return {(m, n) for m, n in out if ONE_MEANING[n] != m}


def test_names_mean_one_thing():
    assert _definitions() - KNOWN_REUSE == set()


@pytest.mark.parametrize("entry", sorted(KNOWN_REUSE), ids=lambda e: f"{e[0]}.{e[1]}")
@pytest.mark.xfail(strict=True, reason="known reuse of a name; its owner is renaming it")
def test_known_reuse(entry):
    assert entry not in _definitions()


def test_vocabularies_agree_with_their_one_copy():
    from motcua.vn import calendar, vocab

    assert vocab.VOCABULARIES["limit_unit"][1] is calendar.LIMIT_UNITS
    assert not hasattr(vocab, "STATUSES") and vocab.DOSSIER_STATUSES[0] == "submitted"


# ---- the rules catch what they are meant to catch --------------------------------------------

def test_rules_catch_a_planted_module(monkeypatch):
    src = ("from motcua.analysis.reconcile import recompute\n"
           "from motcua.records.tables import Records\n"
           "from motcua.claims.book import _private\n"
           "import motcua.claims.wording as W\n"
           "x = W._hidden\n"
           "STATUSES = ('a',)\n"
           "def long():\n" + "    pass\n" * (MAX_FUNCTION_LINES + 1))
    fake = "motcua.claims.planted"
    monkeypatch.setitem(MODULES, fake, LIB / "claims" / "planted.py")
    monkeypatch.setitem(TREES, fake, ast.parse(src))
    upward = [b for b in _upward_imports() if b.startswith(fake)]
    assert len(upward) == 2  # analysis is above claims; records is a sibling
    private = [b for b in _private_imports() if b.startswith(fake)]
    assert len(private) == 2  # the imported _private and the attribute W._hidden
    assert (fake, "STATUSES") in _definitions()
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: src)
    assert f"{fake}.long ({MAX_FUNCTION_LINES + 2} lines)" in _sizes()
