# Sourced by scripts/reports.sh and scripts/test.sh: make .venv with plain Python 3.11 + pip and
# install the pinned stack. Re-installs only when pyproject.toml changes (stamp = its SHA-256).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' \
  || { echo "motcua needs Python 3.11 (found: $("$PY" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2; exit 1; }
VENV="${MOTCUA_VENV:-$ROOT/.venv}"
STAMP="$VENV/.motcua-install-stamp"
WANT="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ]; then
  echo "motcua: creating virtual environment in $VENV" >&2
  "$PY" -m venv "$VENV"
fi
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT" ]; then
  echo "motcua: installing pinned dependencies (first run takes about a minute)" >&2
  LOG="$VENV/pip-install.log"
  # pip's own chatter goes to a log; on failure the log's end is shown.
  { "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24" \
      && "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[test]"
  } >"$LOG" 2>&1 || { tail -n 30 "$LOG" >&2; echo "motcua: pip install failed (log: $LOG)" >&2; exit 1; }
  echo "$WANT" > "$STAMP"
fi
# Keep Jupyter, IPython and matplotlib from writing under $HOME, and make the venv's python3
# kernelspec win over any in the user's home (stack-notes.md, "Kernels").
export JUPYTER_PREFER_ENV_PATH=1
export JUPYTER_CONFIG_DIR="$VENV/etc/jupyter-config"
export JUPYTER_DATA_DIR="$VENV/share/jupyter-data"
export JUPYTER_RUNTIME_DIR="$VENV/var/jupyter-runtime"
export IPYTHONDIR="$VENV/etc/ipython"
export MPLCONFIGDIR="$VENV/etc/matplotlib"
export PYTHONHASHSEED=0
export PATH="$VENV/bin:$PATH"
cd "$ROOT"
