#!/usr/bin/env bash
# `npm test`: everything CI checks, in the order that fails fastest.
# Static checks → build → Storybook build → rule engine → server suite (PGlite and PostgreSQL 15) → component tests in
# Chromium → end-to-end on the demo site → size budgets.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s ===\n' "$*"; }

step "Chromium for browser tests"
bash scripts/ensure-chromium.sh

step "Generated files (API types, custom-elements.json)"
npm run --silent gen

step "Lint (zero warnings)"
npm run --silent lint

step "Type check"
npm run --silent typecheck

step "Build"
npm run --silent build

step "Storybook builds (every story compiles)"
mkdir -p .tmp
npx storybook build --quiet -o .tmp/storybook-check > .tmp/storybook-build.log 2>&1 || { cat .tmp/storybook-build.log; exit 1; }

step "Permit rule engine and rule packs"
npm run --silent test:engine

step "Server tests: PGlite, then PostgreSQL 15"
bash scripts/with-postgres.sh npm run --silent test:server

step "Component tests in Chromium"
npm run --silent test:browser

step "End-to-end on the demo site"
npm run --silent test:e2e

step "Size budgets"
node --import tsx scripts/bench/sizes.ts --check
