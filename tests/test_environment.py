"""environment.yml (conda users) and pyproject.toml (pip, CI) pin the same versions."""

import re
import tomllib

import yaml

from motcua.config import PROJECT_ROOT


def _norm(req: str) -> tuple[str, str]:
    name, _, version = req.partition("==")
    assert version, f"not pinned exactly: {req!r}"
    return re.sub(r"[-_.]+", "-", name.strip().lower()), version.strip()


def pyproject_pins() -> dict[str, str]:
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(data["dependencies"])
    for extra in data.get("optional-dependencies", {}).values():
        reqs += extra
    return dict(_norm(r) for r in reqs)


def environment_pins() -> dict[str, str]:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    return dict(_norm(r) for r in pip if not r.startswith("-e"))


def test_same_pins():
    py, env = pyproject_pins(), environment_pins()
    only_py = {k: v for k, v in py.items() if k not in env}
    only_env = {k: v for k, v in env.items() if k not in py}
    differ = {k: (py[k], env[k]) for k in py.keys() & env.keys() if py[k] != env[k]}
    assert not (only_py or only_env or differ), (only_py, only_env, differ)


def test_python_version_agrees():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    assert data["requires-python"] == ">=3.11,<3.12"


def test_norm_catches_a_disagreement():
    # the comparison above must be able to fail: a changed pin is seen
    assert _norm("PyYAML==6.0.3") != _norm("pyyaml==6.0.2")
    assert _norm("jupyter_client==8.10.0") == _norm("jupyter-client==8.10.0")
