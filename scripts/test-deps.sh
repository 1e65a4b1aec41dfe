#!/usr/bin/env bash
# Installs the real consumers the tests run cjm's outputs through, when missing:
# Graphviz `dot`, headless Chromium, poppler (pdftotext, pdfinfo), zsh and fish (Debian packages) and the Node tools in tests/node.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)  # the print tests measure text in the PDFs
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
command -v zsh >/dev/null 2>&1 || missing+=(zsh)    # shell completion runs for real in every shell
command -v fish >/dev/null 2>&1 || missing+=(fish)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test-deps: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "test-deps: please install ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

if [ ! -x tests/node/node_modules/.bin/yaml-language-server ] || [ tests/node/package.json -nt tests/node/node_modules/.installed ]; then
  echo "test-deps: installing Node test tools into tests/node"
  (cd tests/node && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error >/dev/null)
  touch tests/node/node_modules/.installed
fi
