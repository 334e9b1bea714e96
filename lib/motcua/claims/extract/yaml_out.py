"""The draft register as YAML that a person can edit and ``load_register`` reads back.

YAML coerces unquoted ``007`` to 7, ``010`` to 8 and ``17.391`` to a float: codes, ids, dates and
every ``value_text`` are therefore written in double quotes.
"""

from __future__ import annotations

import yaml


class _Quoted(str):
    """A string YAML must write in double quotes."""


class _Dumper(yaml.SafeDumper):
    pass


def _repr_quoted(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


_Dumper.add_representer(_Quoted, _repr_quoted)

QUOTED_FIELDS = frozenset({"id", "value_text", "code", "period_start", "period_end", "published",
                           "title", "quote", "name", "note", "published_note", "publisher",
                           "denominator_ref", "locality", "parent"})


def _quote(obj, key=None):
    if isinstance(obj, dict):
        return {k: _quote(v, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_quote(v, key) for v in obj]
    if isinstance(obj, str) and key in QUOTED_FIELDS:
        return _Quoted(obj)
    return obj


def dump_yaml(register: dict) -> str:
    """The register as YAML: codes, dates, ids and every ``value_text`` in double quotes,
    Vietnamese unescaped, keys and claims in their order (claims are in text order)."""
    header = ("# DRAFT written by `motcua claims extract`: every claim needs a person's review\n"
              "# (metric, locality, period, kind); `confidence` is the extractor's own guess.\n")
    body = yaml.dump(_quote(register), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=10_000, default_flow_style=False)
    return header + body
