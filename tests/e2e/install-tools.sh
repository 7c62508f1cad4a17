#!/usr/bin/env bash
# Installs the browser-test tools of tests/e2e (axe-core, see package.json)
# into tests/e2e/node_modules from the npm registry. The tests inject
# node_modules/axe-core/axe.min.js into the pages themselves; nothing is ever
# loaded from a CDN. Needs node and npm (Debian: apt-get install nodejs npm).
set -euo pipefail
cd "$(dirname "$0")"
if [ -f node_modules/axe-core/axe.min.js ] && grep -q '"version": "4.10.3"' node_modules/axe-core/package.json; then
  exit 0
fi
npm install --no-audit --no-fund --no-save --silent
