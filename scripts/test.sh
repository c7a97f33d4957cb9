#!/usr/bin/env bash
# scripts/test.sh - `npm test`: the whole suite on a fresh machine of this kind. Installs what is missing
# (node modules, Debian's docker.io/chromium via the lab scripts), then runs Biome, the type check, unit tests,
# integration tests against real lab engines (Docker 26.1, and 20.10 for the integration part), the two-host
# swarm tests (engine A 26.1 + engine B 20.10), the container test (scripts/container-test.sh, when present)
# and the Playwright e2e tests in Debian's chromium against the production build. Needs root (lab engines).
# Every stage runs, whatever failed before it; a stage that needs something that could not be had (a lab engine,
# the build) is "not run", with the reason. It ends with a table of every stage and the test counts
# (scripts/test-summary.mjs, from test-results/stages.tsv and the JSON reports) and exits 1 if anything failed.
# Env: NETATLAS_TEST_SKIP_2010=1 skips the 20.10 integration run; NETATLAS_LAB_KEEP=0 stops the lab after (also
# after failures). NETATLAS_TEST_FAKE="name=code ..." runs no command at all: each step (a stage, or lab-ab,
# lab-old, chromium, lab-down) just exits with the code given (0 when not named), to try this script's flow
# (scripts/test-flow.test.sh does).
set -uo pipefail
cd "$(dirname "$0")/.."

RESULTS=test-results
STAGES=$RESULTS/stages.tsv
mkdir -p "$RESULTS"
: >"$STAGES"

step() { printf '\n=== %s\n' "$*" >&2; }

# run NAME CMD...: runs CMD, or under NETATLAS_TEST_FAKE exits with the code named for NAME (lab steps that pass
# print the lines lab.sh up prints).
run() {
  local name=$1 code=0 word
  shift
  if [ -z "${NETATLAS_TEST_FAKE+set}" ]; then
    "$@"
    return
  fi
  for word in $NETATLAS_TEST_FAKE; do [ "${word%%=*}" = "$name" ] && code=${word#*=}; done
  echo "fake $name (exit $code): $*" >&2
  if [ "$code" = 0 ]; then
    case $name in
      lab-ab) printf 'DOCKER_HOST=unix:///fake/a.sock\nNETATLAS_ENGINES=a=unix:///fake/a.sock,b=unix:///fake/b.sock\n' ;;
      lab-old) printf 'DOCKER_HOST=unix:///fake/old.sock\n' ;;
    esac
  fi
  return "$code"
}

# record NAME OUTCOME SECONDS [REPORT] [NOTE]: one line of the stage file (format: scripts/lib/test-summary.mjs).
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" "${5:-}" >>"$STAGES"; }
not_run() { record "$1" "not run" 0 "" "$2"; }
failed_to_start() { record "$1" failed 0 "" "$2"; }

# stage NAME REPORT CMD...: runs one stage (REPORT: its JSON report, removed first so an old one is not read,
# or ""), records passed or failed with its time; returns its exit code.
stage() {
  local name=$1 report=$2 start=$SECONDS code=0
  shift 2
  step "$name"
  [ -n "$report" ] && rm -f "$report"
  run "$name" "$@" || code=$?
  if [ -n "${NETATLAS_TEST_FAKE+set}" ] && [ -n "$report" ]; then
    printf '{"numTotalTests":2,"numPassedTests":%d,"numFailedTests":%d,"success":%s,"testResults":[]}\n' \
      $((code ? 1 : 2)) $((code ? 1 : 0)) "$([ "$code" = 0 ] && echo true || echo false)" >"$report"
  fi
  if [ "$code" = 0 ]; then
    record "$name" passed $((SECONDS - start)) "$report"
  else
    record "$name" failed $((SECONDS - start)) "$report" "exited $code"
  fi
  return "$code"
}

vitest() { # PROJECT REPORT [VAR=value...]
  local project=$1 report=$2
  shift 2
  env "$@" npx vitest run --project "$project" --reporter=default --reporter=json --outputFile.json="$report"
}
typecheck() { npx next typegen >/dev/null && npx tsc --noEmit; }
e2e() {
  rm -rf "$RESULTS/e2e-data"
  env "$host_a" npx playwright test
}

lab_down_done=0
lab_down() {
  [ "${NETATLAS_LAB_KEEP:-1}" = 0 ] && [ "$lab_down_done" = 0 ] || return 0
  lab_down_done=1
  stage lab-down "" bash scripts/lab.sh down --all
}
# Interrupted: the lab still comes down when asked, and the table shows what ran so far.
trap 'lab_down; node scripts/test-summary.mjs "$STAGES"; exit 130' INT TERM

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! stage npm-ci "" npm ci --no-audit --no-fund; then
    for s in biome typecheck unit integration-26 swarm integration-20 build e2e; do not_run "$s" "npm ci failed"; done
    node scripts/test-summary.mjs "$STAGES"
    exit 1
  fi
fi

stage biome "" npx biome check --error-on-warnings .
stage typecheck "" typecheck
stage unit "$RESULTS/unit.json" vitest unit "$RESULTS/unit.json"

# --- lab engines A (Docker 26.1, swarm manager) and B (Docker 20.10, worker): two hosts in a swarm -----------
step "lab engines A (Docker 26.1, swarm manager) and B (Docker 20.10, worker): two hosts in a swarm"
host_a="" engines_ab="" lab_ab_error=""
if lab_env=$(run lab-ab bash scripts/lab.sh up --hosts 2 --engine 26.1 | tail -n 2); then
  host_a=$(sed -n 1p <<<"$lab_env")
  engines_ab=$(sed -n 2p <<<"$lab_env")
  [[ $host_a == DOCKER_HOST=* && $engines_ab == NETATLAS_ENGINES=* ]] ||
    lab_ab_error="lab.sh up --hosts 2 printed no DOCKER_HOST and NETATLAS_ENGINES (it printed: ${lab_env//$'\n'/ | })"
else
  lab_ab_error="lab.sh up --hosts 2 exited $?"
fi
[ -z "$lab_ab_error" ] || echo "lab engines A and B did not come up: $lab_ab_error" >&2

if [ -z "$lab_ab_error" ]; then
  stage integration-26 "$RESULTS/integration-26.json" vitest integration "$RESULTS/integration-26.json" "$host_a"
  stage swarm "$RESULTS/swarm.json" vitest swarm "$RESULTS/swarm.json" "$host_a" "$engines_ab"
else
  failed_to_start integration-26 "lab engines A and B did not come up ($lab_ab_error)"
  not_run swarm "lab engines A and B did not come up"
fi

# --- lab engine 'old' (Docker 20.10) -------------------------------------------------------------------------
if [ "${NETATLAS_TEST_SKIP_2010:-0}" = 1 ]; then
  record integration-20 skipped 0 "" "NETATLAS_TEST_SKIP_2010=1"
else
  step "lab engine 'old' (Docker 20.10)"
  if host_old=$(run lab-old bash scripts/lab.sh up --name old --engine 20.10 | tail -n 1) &&
    [[ $host_old == DOCKER_HOST=* ]]; then
    stage integration-20 "$RESULTS/integration-20.json" vitest integration "$RESULTS/integration-20.json" "$host_old"
  else
    failed_to_start integration-20 "lab engine 'old' (Docker 20.10) did not come up (lab.sh up printed: ${host_old:-nothing})"
  fi
fi

# --- the container image, built and run on engine A (scripts/container-test.sh, when present) ----------------
if [ -f scripts/container-test.sh ]; then
  if [ -z "$lab_ab_error" ]; then
    stage container "" env "$host_a" bash scripts/container-test.sh
  else
    not_run container "lab engine A did not come up"
  fi
fi

# --- production build and e2e -----------------------------------------------------------------------------------
build_ok=0
stage build "" npx next build && build_ok=1

if [ -n "$lab_ab_error" ]; then
  not_run e2e "lab engine A did not come up"
elif [ "$build_ok" != 1 ]; then
  not_run e2e "the production build failed"
else
  step "chromium (Debian's, for Playwright)"
  if run chromium bash scripts/ensure-chromium.sh; then
    stage e2e "$RESULTS/e2e.json" e2e
  else
    failed_to_start e2e "Debian's chromium could not be installed (scripts/ensure-chromium.sh failed)"
  fi
fi

lab_down
trap - INT TERM

node scripts/test-summary.mjs "$STAGES"
summary=$?
# The summary decides; a stage file that says failed wins even if the summary could not be made.
if [ "$summary" = 0 ] && ! cut -f2 "$STAGES" | grep -qx -e failed -e 'not run'; then exit 0; fi
exit 1
