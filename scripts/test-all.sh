#!/usr/bin/env bash
# `npm test`: everything CI checks, in the order that fails fastest.
# Static checks (beside the build) → build → Storybook build → package install → rule engine → server suite (PGlite and PostgreSQL 15)
# beside the component tests in Chromium → end-to-end on the demo site → size budgets.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's wall time is printed when the next one starts, and all of them at the end.
started=$SECONDS
step_name=''
step_start=$SECONDS
timings=''
step_done() { [ -z "$step_name" ] || timings+=$(printf '%5ss  %s' "$((SECONDS - step_start))" "$step_name")$'\n'; }
step() {
  step_done
  step_name="$*"
  step_start=$SECONDS
  printf '\n=== %s ===\n' "$*"
}

# Every runner's output also goes to one log, so the last line can count all tests.
mkdir -p .tmp
log=.tmp/test-output.log
: > "$log"

step "Chromium for browser tests"
bash scripts/ensure-chromium.sh

step "Generated files (API types, custom-elements.json)"
npm run --silent gen

# Lint and the type check (one core each, mostly) run beside the build and the Storybook build;
# their output is printed whole when they end, and a failure stops the run there.
step "Lint (zero warnings) and type check, beside the build"
( npm run --silent lint > .tmp/lint.log 2>&1 && echo "lint: ok" >> .tmp/lint.log && npm run --silent typecheck >> .tmp/lint.log 2>&1 && echo "typecheck: ok" >> .tmp/lint.log ) &
static_pid=$!

step "Build"
npm run --silent build

step "Storybook builds (every story compiles)"
mkdir -p .tmp
npx storybook build --quiet -o .tmp/storybook-check > .tmp/storybook-build.log 2>&1 || { cat .tmp/storybook-build.log; exit 1; }

step "Lint and type check (waiting for them)"
static_ok=0
wait "$static_pid" || static_ok=$?
cat .tmp/lint.log
[ "$static_ok" -eq 0 ] || { echo "lint or type check failed"; exit 1; }

step "Package: the packed tarball installs, type-checks, builds and renders in a fresh Vite + TypeScript app"
LUUKKU_PACKAGE_REUSE_BUILD=1 npm run --silent test:package 2>&1 | tee -a "$log"

step "Permit rule engine and rule packs"
npm run --silent test:engine 2>&1 | tee -a "$log"

# The server suite (node, PGlite in WebAssembly, one file at a time) and the component tests
# (Chromium, one page at a time) each keep about one core busy, so they run side by side: the
# component tests print as they go, the server suite's output is printed whole when it ends.
step "Server tests (PGlite, then PostgreSQL 15) beside the component tests in Chromium"
( bash scripts/with-postgres.sh npm run --silent test:server > .tmp/server-tests.log 2>&1 ) &
server_pid=$!
browser_ok=0
npm run --silent test:browser 2>&1 | tee .tmp/browser-tests.log || browser_ok=$?
server_ok=0
wait "$server_pid" || server_ok=$?
printf '\n--- server tests ---\n'
cat .tmp/server-tests.log
cat .tmp/server-tests.log .tmp/browser-tests.log >> "$log"
[ "$server_ok" -eq 0 ] || { echo "server tests failed"; exit 1; }
[ "$browser_ok" -eq 0 ] || { echo "component tests failed"; exit 1; }

step "End-to-end on the demo site"
npm run --silent test:e2e 2>&1 | tee -a "$log"

step "Size budgets"
node --import tsx scripts/bench/sizes.ts --check

# One closing line for all runners: node:test's "# pass/# fail" and web-test-runner's last tally.
node_pass=$(grep -E '^# pass [0-9]+$' "$log" | awk '{s+=$3} END {print s+0}')
node_fail=$(grep -E '^# fail [0-9]+$' "$log" | awk '{s+=$3} END {print s+0}')
wtr_line=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
wtr_pass=$(echo "$wtr_line" | awk '{print $1+0}')
wtr_fail=$(echo "$wtr_line" | awk '{print $3+0}')
step_done
echo
printf 'Step times (wall):\n%s%5ss  total\n' "$timings" "$((SECONDS - started))"
echo
echo "luukku: $((node_pass + wtr_pass)) passed, $((node_fail + wtr_fail)) failed"
