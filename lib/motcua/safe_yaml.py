"""Reading YAML that people write by hand (registers, parameter files), safely.

PyYAML's ``safe_load`` still expands aliases (a nine-deep "billion laughs" grows past 4 GB) and
lets a second ``claims:`` key silently replace the first. Here aliases and anchors are refused,
a duplicate key is an error naming the line, the file size is bounded, and every failure is one
line naming the file.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from motcua.errors import InputError

#: Largest YAML file read (bytes): registers and parameter files are a few kB.
MAX_BYTES = 2_000_000


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and duplicate keys."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.constructor.ConstructorError(
                None, None, "aliases (*name) are not allowed in this file", event.start_mark)
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"anchors (&{anchor}) are not allowed in this file", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first at line {seen[key] + 1})",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def load_yaml_text(text: str):
    """Parse YAML text with the rules above (raises ``yaml.YAMLError``)."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader


def load_yaml_file(path: str | Path, error: type[Exception] = InputError):
    """Read and parse a YAML file; any problem is one ``error`` naming the file (and line)."""
    path = Path(path)

    def fail(msg: str, row: int | None = None):
        if error is InputError:
            return InputError(path, msg, row=row)
        return error(f"{path}: " + (f"row {row}: " if row else "") + msg)

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(f"too large for a YAML file of this kind ({size:,} bytes; at most "
                       f"{MAX_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    try:
        return load_yaml_text(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise fail(f"not valid YAML: {problem}",
                   row=mark.line + 1 if mark is not None else None) from None
