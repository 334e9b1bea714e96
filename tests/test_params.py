"""Parameter files are validated before any kernel starts."""

import papermill
import pytest

from motcua.config import NOTEBOOKS_DIR, PARAMS_DIR
from motcua.errors import ParamsError
from motcua.runs.outputs import report_dir
from motcua.runs.params import NOTEBOOK_PARAMS, AuditParams, check_against_notebook, load_params

NB = NOTEBOOKS_DIR / "01_claims_audit.ipynb"
GOOD = 'slug: "x-1"\ntitle: "T"\nclaims_files: ["huu-lung.yaml"]\n'


def write(tmp_path, text):
    p = tmp_path / "p.yaml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("notebook", sorted(NOTEBOOK_PARAMS))
@pytest.mark.parametrize("path", sorted(PARAMS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_bundled_params_validate_and_fit_every_notebook(path, notebook):
    model = NOTEBOOK_PARAMS[notebook]
    params = load_params(path, notebook)
    assert params.slug == path.stem
    nb = NOTEBOOKS_DIR / f"{notebook}.ipynb"
    assert set(check_against_notebook(params, nb)) == set(model.model_fields)


@pytest.mark.parametrize("notebook", sorted(NOTEBOOK_PARAMS))
def test_model_matches_notebook_parameters_cell(notebook):
    nb = NOTEBOOKS_DIR / f"{notebook}.ipynb"
    assert set(papermill.inspect_notebook(str(nb))) == set(NOTEBOOK_PARAMS[notebook].model_fields)


def test_every_notebook_has_a_parameter_model():
    assert {p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")} == set(NOTEBOOK_PARAMS)


def test_claims_audit_does_not_apply_without_claims(tmp_path):
    p = write(tmp_path, 'slug: "x-1"\ntitle: "T"\n')
    assert "no published claims" in load_params(p).not_applicable()


def test_section_keys_are_checked(tmp_path):
    p = write(tmp_path, GOOD + "nonsense_section:\n  a: 1\n")
    with pytest.raises(ParamsError, match="nonsense_section"):
        load_params(p)


@pytest.mark.parametrize("text, key", [
    (GOOD + "colour: red\n", "'colour': unknown parameter"),
    (GOOD.replace('"x-1"', '"../escape"'), "'slug'"),
    (GOOD.replace('"x-1"', '"/abs"'), "'slug'"),
    (GOOD.replace('"x-1"', "2022"), "'slug'"),  # unquoted: YAML makes it an int
    (GOOD.replace("huu-lung.yaml", "nowhere.yaml"), "'claims_files"),
    (GOOD + "confidence: 1.5\n", "'confidence'"),
    ('title: "T"\nclaims_files: ["huu-lung.yaml"]\n', "'slug'"),
])
def test_bad_params_name_file_and_key(tmp_path, text, key):
    p = write(tmp_path, text)
    with pytest.raises(ParamsError) as exc:
        load_params(p)
    assert str(p) in str(exc.value) and key in str(exc.value)


def test_good_params_load(tmp_path):
    assert load_params(write(tmp_path, GOOD)).slug == "x-1"


def test_output_folder_cannot_escape(tmp_path):
    assert report_dir(tmp_path, "ok").parent == tmp_path
    for bad in ("../x", "a/b", "/etc"):
        with pytest.raises(ParamsError):
            report_dir(tmp_path, bad)
