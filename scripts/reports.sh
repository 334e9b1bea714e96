#!/usr/bin/env bash
# One command: create .venv, install the pinned stack, regenerate every bundled locality's reports.
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
exec motcua batch params/*.yaml --out "${1:-reports}"
