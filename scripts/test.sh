#!/usr/bin/env bash
# One command: create .venv, install the pinned stack, run the whole test suite (unit + notebooks).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
exec python -m pytest -n 2 --dist loadfile "$@"
