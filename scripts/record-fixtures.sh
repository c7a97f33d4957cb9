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
  # The reach scenario (every reason the reach model knows), recorded by its integration test. On 26.1
  # with an encrypted overlay in use, so the recorded host firewall holds Docker's INPUT rule against
  # unencrypted VXLAN (the facts parser's test reads it); that needs the swarm of `lab.sh up --hosts 2`.
  if [ "$2" = 26.1 ]; then
    bash scripts/lab.sh up --hosts 2 --engine 26.1 >/dev/null
    docker network create -d overlay --opt encrypted --attachable natest-rec-enc >/dev/null
    docker run -d --name natest-rec-enc --network natest-rec-enc netatlas/busybox sleep 900 >/dev/null
  fi
  NETATLAS_RECORD_REACH=lib/analysis/__fixtures__ npx vitest run --project integration app/api/reach.integration.test.ts
  if [ "$2" = 26.1 ]; then
    docker rm -f natest-rec-enc >/dev/null
    docker network rm natest-rec-enc >/dev/null
    # The errors real TLS and SSH engines give (lib/docker/__fixtures__/connect-errors.json), from the
    # remote-engines test's own slot.
    NETATLAS_RECORD_CONNECT_ERRORS=lib/docker/__fixtures__ npx vitest run --project integration \
      lib/docker/remote-engines.integration.test.ts
  fi
done
