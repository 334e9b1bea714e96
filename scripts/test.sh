#!/usr/bin/env bash
# One command: create .venv, install the pinned stack, run the whole test suite (unit + notebooks).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
# The browser test opens the reports in headless Chromium (Debian's package).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "motcua: installing chromium (apt-get) for the browser test" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
    >/dev/null 2>&1 || echo "motcua: could not install chromium; the browser test will fail" >&2
fi
exec python -m pytest -n 2 --dist loadfile "$@"
