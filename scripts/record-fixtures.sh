#!/usr/bin/env bash
# scripts/record-fixtures.sh - re-records the unit-test fixtures from both real engine versions:
# starts lab slots "a" (Docker 26.1) and "old" (Docker 20.10), seeds the example topology on each,
# and records their answers with record-fixtures.mjs; then records the reach scenario on each
# (lib/analysis/__fixtures__/reach-<version>.json). Needs root (see docs/lab.md).
set -euo pipefail
cd "$(dirname "$0")/.."
for slot in "a 26.1" "old 20.10"; do
  set -- $slot
  host=$(bash scripts/lab.sh up --name "$1" --engine "$2" | tail -n 1)
  export "${host?}"
  bash scripts/seed.sh
  node scripts/record-fixtures.mjs
  # The reach scenario (every reason the reach model knows), recorded by its integration test.
  NETATLAS_RECORD_REACH=lib/analysis/__fixtures__ npx vitest run --project integration app/api/reach.integration.test.ts
done
