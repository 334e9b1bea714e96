#!/usr/bin/env bash
# Regenerate the golden notebooks nbval compares against (after changing a notebook or lib/).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
exec python scripts/update_goldens.py "$@"
