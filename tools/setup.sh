#!/usr/bin/env bash
# One-command setup for a fresh machine: system packages (as root, where possible), npm ci, the
# faiss-node native build. Safe to run again: each step skips what is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libfaiss-dev libopenblas-dev dataset-fashion-mnist)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "[setup] installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "[setup] WARNING: missing system packages: ${missing[*]}"
    echo "[setup]          install them as root: sudo apt-get install -y ${missing[*]}"
    echo "[setup]          continuing without them (no faiss: exact tfjs search; no Fashion-MNIST default folder)."
  fi
else
  echo "[setup] system packages present: ${APT_PACKAGES[*]}"
fi

if [[ -d node_modules && node_modules/.package-lock.json -nt package-lock.json ]]; then
  echo "[setup] node_modules up to date with package-lock.json"
else
  echo "[setup] npm ci"
  npm ci --no-audit --no-fund
fi

node tools/build-faiss.mjs
echo "[setup] done."
