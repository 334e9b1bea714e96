"""motcua.safe_yaml, and the registers and parameter files read through it: no aliases, no
duplicate keys, bounded size, and every failure one line naming the file (line, key)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from motcua import safe_yaml
from motcua.claims.register import load_register
from motcua.config import CLAIMS_DIR
from motcua.errors import InputError, MotcuaError, ParamsError
from motcua.runs.params import load_params

GOOD_REGISTER = (CLAIMS_DIR / "kim-bang-2022.yaml").read_text(encoding="utf-8")
GOOD_PARAMS = 'slug: "x-1"\ntitle: "T"\nclaims_files: ["huu-lung.yaml"]\n'


def bomb(depth: int = 9) -> str:
    """The "billion laughs" of YAML: each level aliases the one before ten times."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, depth + 1):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_aliases_and_anchors_are_refused_fast():
    t = time.perf_counter()
    with pytest.raises(Exception) as e:
        safe_yaml.load_yaml_text(bomb())
    assert time.perf_counter() - t < 1 and "anchors" in str(e.value)
    with pytest.raises(Exception, match="aliases"):
        safe_yaml.load_yaml_text("a: 1\nb: *x\n")


def test_duplicate_keys_name_the_key_and_line():
    with pytest.raises(Exception) as e:
        safe_yaml.load_yaml_text("claims: []\nconfidence: 0.9\nconfidence: 0.8\n")
    assert "duplicate key 'confidence'" in str(e.value) and "line 2" in str(e.value)
    with pytest.raises(Exception, match="duplicate key 'x'"):
        safe_yaml.load_yaml_text("a:\n  x: 1\n  x: 2\n")


def test_plain_yaml_still_loads():
    assert safe_yaml.load_yaml_text("a: [1, 2]\nb: {c: 'd'}\n") == {"a": [1, 2],
                                                                    "b": {"c": "d"}}


def test_file_size_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_yaml, "MAX_BYTES", 100)
    p = tmp_path / "big.yaml"
    p.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        safe_yaml.load_yaml_file(p)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def one_line(exc: BaseException, path: Path, *parts: str) -> None:
    msg = str(exc)
    assert "\n" not in msg and str(path) in msg, msg
    for part in parts:
        assert part in msg, (part, msg)


def test_register_alias_bomb_is_refused(tmp_path):
    text = GOOD_REGISTER.replace("  url:", "  url_unused:") if "  url:" in GOOD_REGISTER \
        else GOOD_REGISTER
    text = text.replace("source:\n", "source:\n  url: &u0 [x, x]\n", 1) + "extra: *u0\n"
    p = write(tmp_path, "bomb.yaml", text)
    with pytest.raises(InputError) as e:
        load_register(p)
    one_line(e.value, p, "row", "anchors")


def test_register_duplicate_claims_block_names_line_and_key(tmp_path):
    p = write(tmp_path, "dup.yaml", GOOD_REGISTER + "claims: []\n")
    with pytest.raises(InputError) as e:
        load_register(p)
    one_line(e.value, p, "duplicate key 'claims'", "row")


def test_params_duplicate_key_and_alias(tmp_path):
    p = write(tmp_path, "p.yaml", GOOD_PARAMS + "confidence: 0.9\nconfidence: 0.8\n")
    with pytest.raises(ParamsError) as e:
        load_params(p)
    one_line(e.value, p, "duplicate key 'confidence'", "row 5")
    p = write(tmp_path, "a.yaml", 'slug: &s "x-1"\ntitle: *s\n')
    with pytest.raises(ParamsError) as e:
        load_params(p)
    one_line(e.value, p, "anchors")


def test_params_in_utf16_is_one_line(tmp_path):
    p = write(tmp_path, "u16.yaml", GOOD_PARAMS, "utf-16")
    with pytest.raises(ParamsError) as e:
        load_params(p)
    one_line(e.value, p, "UTF-8")


def test_register_in_utf16_is_one_line(tmp_path):
    p = write(tmp_path, "u16.yaml", GOOD_REGISTER, "utf-16")
    with pytest.raises(InputError) as e:
        load_register(p)
    one_line(e.value, p, "UTF-8")


def test_register_source_as_a_list(tmp_path):
    a, b = GOOD_REGISTER.index("source:\n"), GOOD_REGISTER.index("localities:")
    body = GOOD_REGISTER[a + len("source:\n"):b].splitlines()
    items = ["  - " + body[0][2:]] + ["  " + ln for ln in body[1:]]
    text = GOOD_REGISTER[:a] + "source:\n" + "\n".join(items) + "\n" + GOOD_REGISTER[b:]
    p = write(tmp_path, "src.yaml", text)
    with pytest.raises(InputError) as e:
        load_register(p)
    one_line(e.value, p, "source")


@pytest.mark.parametrize("value", ['"eleven"', "-3", "2.5", "[1, 2]"])
def test_register_unit_count_must_be_a_count(tmp_path, value):
    text = GOOD_REGISTER.replace("unit_count: null", f"unit_count: {value}", 1)
    p = write(tmp_path, "uc.yaml", text)
    with pytest.raises(InputError) as e:
        load_register(p)
    one_line(e.value, p, "unit_count")


def test_register_file_that_cannot_be_read(tmp_path, monkeypatch):
    p = write(tmp_path, "r.yaml", GOOD_REGISTER)
    real = Path.read_bytes

    def deny(self):
        if self == p:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(InputError) as e:
        load_register(p)
    one_line(e.value, p, "Permission denied")


@pytest.mark.parametrize("mutate", [
    lambda t: t.replace("localities:\n", "localities:\n  - broken\n", 1),
    lambda t: t.replace("claims:\n", "claims:\n  - 42\n", 1),
    lambda t: t.replace("register: kim-bang-2022", "register: [a, b]", 1),
    lambda t: t.replace("localities:\n", "localities: 7\nunused:\n", 1),
])
def test_odd_shapes_are_one_line_errors(tmp_path, mutate):
    p = write(tmp_path, "odd.yaml", mutate(GOOD_REGISTER))
    with pytest.raises(MotcuaError) as e:
        load_register(p)
    one_line(e.value, p)


def test_cli_exit_2_for_register_problems(tmp_path):
    from motcua.runs import cli

    p = write(tmp_path, "uc.yaml", GOOD_REGISTER.replace("unit_count: null",
                                                        'unit_count: "eleven"', 1))
    assert cli.main(["check-claims", str(p)]) == 2
