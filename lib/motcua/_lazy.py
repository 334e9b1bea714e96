"""Lazy public APIs for the subpackages (PEP 562): ``from motcua.claims import audit`` imports
only the module that defines ``audit``, so a notebook pays for the imports it uses."""

from __future__ import annotations

import importlib


def lazy_api(package: str, api: dict[str, str]):
    """``__getattr__`` and ``__dir__`` for ``package`` exporting ``name -> module`` (a module
    name alone exports the submodule itself)."""

    def __getattr__(name: str):
        if name not in api:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(f"{package}.{api[name]}")
        value = module if name == api[name] else getattr(module, name)
        globals_of(package)[name] = value
        return value

    def __dir__():
        return sorted(api)

    return __getattr__, __dir__


def globals_of(package: str) -> dict:
    return vars(importlib.import_module(package))
