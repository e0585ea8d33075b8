#!/usr/bin/env bash
# One-command setup for a fresh machine: system packages (as root, where possible), npm ci, the
# faiss-node native build and @nln/models' native ATen kernels. Safe to run again: each step skips what is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libfaiss-dev libopenblas-dev libtorch-dev dataset-fashion-mnist chromium redis-server)

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
    echo "[setup]          continuing without them (no faiss: exact tfjs search; no libtorch-dev: no aten backend; no Fashion-MNIST default folder; no chromium: the viewer's browser test skips; no redis-server: the job-queue test skips)."
  fi
else
  echo "[setup] system packages present: ${APT_PACKAGES[*]}"
fi

# WebGPU on a software adapter (llvmpipe): Dawn needs mesa >= 25, which Debian 12 has only in
# bookworm-backports (its own mesa 22.3 gives no adapter). Without it the webgpu tests skip themselves.
webgpu_mesa() {
  if ! grep -qs '^VERSION_CODENAME=bookworm$' /etc/os-release; then
    echo "[setup] webgpu: not Debian 12; install a Vulkan driver (mesa >= 25 for a software adapter) to run the webgpu tests"
    return
  fi
  if dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | grep -q 'bpo12'; then
    echo "[setup] webgpu: mesa-vulkan-drivers from bookworm-backports present"
    return
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "[setup] WARNING: no mesa-vulkan-drivers from bookworm-backports: the webgpu tests will skip"
    echo "[setup]          as root: add the bookworm-backports suite of your Debian mirror, then"
    echo "[setup]          apt-get install -y -t bookworm-backports mesa-vulkan-drivers libvulkan1"
    return
  fi
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    # The mirror already configured for bookworm: deb822 stanzas (*.sources), then one-line entries.
    local mirror
    mirror=$(awk 'BEGIN { RS = ""; FS = "\n" }
      { uri = ""; hit = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, u, /[ \t]+/); uri = u[1] }
          if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) hit = 1
        }
        if (hit && uri != "") { print uri; exit } }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    if [[ -z $mirror ]]; then
      mirror=$(grep -hsE '^deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
        sed -E 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' | awk '$2 == "bookworm" { print $1; exit }' || true)
    fi
    if [[ -z $mirror ]]; then
      echo "[setup] WARNING: no bookworm mirror found in /etc/apt; skipping the backports mesa (webgpu tests will skip)"
      return
    fi
    echo "[setup] webgpu: adding bookworm-backports from $mirror"
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$mirror" >/etc/apt/sources.list.d/bookworm-backports.sources
  fi
  echo "[setup] webgpu: installing mesa-vulkan-drivers and libvulkan1 from bookworm-backports"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null; }; then
    echo "[setup] WARNING: could not install the backports mesa; the webgpu tests will skip"
  fi
}
webgpu_mesa

if [[ -d node_modules && node_modules/.package-lock.json -nt package-lock.json ]]; then
  echo "[setup] node_modules up to date with package-lock.json"
else
  echo "[setup] npm ci"
  npm ci --no-audit --no-fund
fi

node tools/build-faiss.mjs
node packages/models/native/build.mjs
echo "[setup] done."
