"""Notebooks are written as jupytext percent scripts; the .ipynb must be their conversion, so a
reviewer reading the .py reads what runs. Goldens must match the template's code."""

import json

import jupytext
import pytest

from motcua.config import NOTEBOOKS_DIR, PROJECT_ROOT

PAIRS = sorted(NOTEBOOKS_DIR.glob("*.py"))


def code_cells(nb) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"
            and "injected-parameters" not in c.get("metadata", {}).get("tags", [])]


@pytest.mark.parametrize("py", PAIRS, ids=lambda p: p.stem)
def test_ipynb_is_the_conversion_of_the_py(py):
    want = jupytext.read(py)
    have = jupytext.read(py.with_suffix(".ipynb"))
    assert [c.source for c in have.cells] == [c.source for c in want.cells]
    assert [c.cell_type for c in have.cells] == [c.cell_type for c in want.cells]
    assert have.metadata["kernelspec"]["name"] == "python3"
    tags = [c.metadata.get("tags", []) for c in have.cells]
    assert ["parameters"] in tags


@pytest.mark.parametrize("py", PAIRS, ids=lambda p: p.stem)
def test_parameters_cell_holds_literals_only(py):
    import ast

    nb = jupytext.read(py)
    [cell] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    for node in ast.parse(cell.source).body:
        assert isinstance(node, ast.Assign)
        ast.literal_eval(node.value)  # raises on anything but a literal


@pytest.mark.parametrize("golden", sorted((PROJECT_ROOT / "tests" / "golden").glob("*/*.ipynb")),
                         ids=lambda p: p.parent.name)
def test_golden_is_current(golden):
    template = json.loads((NOTEBOOKS_DIR / golden.name).read_text(encoding="utf-8"))
    got = json.loads(golden.read_text(encoding="utf-8"))
    assert code_cells(got) == code_cells(template), (
        f"{golden} is stale: run scripts/update-goldens.sh")
