#!/usr/bin/env bash
# scripts/test.sh - `npm test`: the whole suite on a fresh machine of this kind. Installs what is missing
# (node modules, Debian's docker.io/chromium via the lab scripts), then runs Biome, the type check, unit tests,
# integration tests against real lab engines (Docker 26.1, and 20.10 for the integration part), the two-host
# swarm tests (engine A 26.1 + engine B 20.10), and the
# Playwright e2e tests in Debian's chromium against the production build. Needs root (lab engines).
# Env: NETATLAS_TEST_SKIP_2010=1 skips the 20.10 integration run; NETATLAS_LAB_KEEP=0 stops the lab after.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*" >&2; }
results=()
record() { results+=("$1"); }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi

step "biome (lint + format)"
npx biome check --error-on-warnings .

step "typecheck"
npx next typegen >/dev/null
npx tsc --noEmit

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=test-results/unit.json
record unit

step "lab engines A (Docker 26.1, swarm manager) and B (Docker 20.10, worker): two hosts in a swarm"
lab_env=$(bash scripts/lab.sh up --hosts 2 --engine 26.1 | tail -n 2)
host_a=$(sed -n 1p <<<"$lab_env")
engines_ab=$(sed -n 2p <<<"$lab_env")
[[ $host_a == DOCKER_HOST=* && $engines_ab == NETATLAS_ENGINES=* ]] || { echo "lab.sh up --hosts 2 printed: $lab_env" >&2; exit 1; }

step "integration tests on Docker 26.1"
env "$host_a" npx vitest run --project integration --reporter=default --reporter=json \
  --outputFile.json=test-results/integration-26.json
record integration-26

step "two-host swarm tests (A and B)"
env "$host_a" "$engines_ab" npx vitest run --project swarm --reporter=default --reporter=json \
  --outputFile.json=test-results/swarm.json
record swarm

if [ "${NETATLAS_TEST_SKIP_2010:-0}" != 1 ]; then
  step "lab engine 'old' (Docker 20.10) and integration tests on it"
  host_old=$(bash scripts/lab.sh up --name old --engine 20.10 | tail -n 1)
  env "$host_old" npx vitest run --project integration --reporter=default --reporter=json \
    --outputFile.json=test-results/integration-20.json
  record integration-20
fi

step "chromium and production build"
bash scripts/ensure-chromium.sh
npx next build

step "end-to-end tests (Playwright, Debian chromium, next start)"
rm -rf test-results/e2e-data
env "$host_a" npx playwright test
record e2e

if [ "${NETATLAS_LAB_KEEP:-1}" = 0 ]; then bash scripts/lab.sh down --all; fi

node scripts/test-summary.mjs "${results[@]}"
