#!/usr/bin/env bash
# scripts/test-flow.test.sh - tries scripts/test.sh's control flow without running any stage: a copy of the
# scripts in a temporary folder, run with NETATLAS_TEST_FAKE so each step just exits with the code it is given.
# Checks that every stage runs after a failure, that stages needing a missing lab engine or build are "not
# run" with the reason, that the lab comes down with NETATLAS_LAB_KEEP=0 after failures, that the summary is
# printed, and the exit code. Needs only bash and node: `bash scripts/test-flow.test.sh`.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/scripts/lib"
cp "$here/scripts/test.sh" "$here/scripts/test-summary.mjs" "$work/scripts/"
cp "$here/scripts/lib/test-summary.mjs" "$work/scripts/lib/"
# Node modules installed and current: no npm ci step (the last case removes them).
mkdir "$work/node_modules"
touch -d '1 hour ago' "$work/package-lock.json"
touch "$work/node_modules/.package-lock.json"

failures=0
# case NAME EXPECTED_EXIT FAKE [KEY=VALUE env...]: runs test.sh, keeps its output in $out and stage file in $stages.
case_() {
  local name=$1 expected=$2 fake=$3 code=0
  shift 3
  out=$(cd "$work" && env NETATLAS_TEST_FAKE="$fake" "$@" bash scripts/test.sh 2>&1) || code=$?
  stages=$(cat "$work/test-results/stages.tsv")
  if [ "$code" != "$expected" ]; then
    echo "✗ $name: exit $code, expected $expected"
    printf '%s\n' "$out" | sed 's/^/    /'
    failures=$((failures + 1))
  else
    echo "✓ $name: exit $code"
  fi
}
# has WHAT PATTERN: the last case's stage file (stage) or output (out) matches the extended regex.
has() {
  local what=$1 pattern=$2 text
  if [ "$what" = stage ]; then text=$stages; else text=$out; fi
  if ! grep -qE -- "$pattern" <<<"$text"; then
    echo "  ✗ $what has no line matching: $pattern"
    failures=$((failures + 1))
  fi
}
hasnt() {
  if grep -qE -- "$2" <<<"$([ "$1" = stage ] && echo "$stages" || echo "$out")"; then
    echo "  ✗ $1 has a line matching: $2"
    failures=$((failures + 1))
  fi
}
T=$'\t'

case_ "everything passes" 0 ""
has stage "^biome${T}passed"
has stage "^e2e${T}passed${T}[0-9]+${T}test-results/e2e.json"
hasnt stage "lab-down"
has out "^stages: 8 passed, 0 failed$"
has out "^tests: 10 passed, 0 failed$"
has out "^PASSED$"

case_ "the first stage fails: the others still run, the summary is printed" 1 "biome=1" NETATLAS_LAB_KEEP=0
has stage "^biome${T}failed${T}[0-9]+${T}${T}exited 1$"
has stage "^typecheck${T}passed"
has stage "^e2e${T}passed"
has stage "^lab-down${T}passed"
has out "^stages: 8 passed, 1 failed$"
has out "^FAILED$"

case_ "unit tests fail: counted from the report" 1 "unit=1"
has out "^unit +failed +[0-9]+s +1 passed, 1 failed; exited 1$"
has out "^tests: 9 passed, 1 failed$"

case_ "lab A/B cannot come up: integration-26 failed, swarm and e2e not run, the lab still comes down" 1 \
  "lab-ab=1" NETATLAS_LAB_KEEP=0
has stage "^integration-26${T}failed${T}0${T}${T}lab engines A and B did not come up \(lab.sh up --hosts 2 exited 1\)$"
has stage "^swarm${T}not run${T}0${T}${T}lab engines A and B did not come up$"
has stage "^e2e${T}not run${T}0${T}${T}lab engine A did not come up$"
has stage "^integration-20${T}passed"
has stage "^build${T}passed"
has stage "^lab-down${T}passed"
has out "^stages: [0-9]+ passed, 1 failed, 2 not run$"

case_ "lab 'old' cannot come up: integration-20 failed, the rest runs" 1 "lab-old=3"
has stage "^integration-20${T}failed${T}0${T}${T}lab engine 'old' \(Docker 20.10\) did not come up"
has stage "^e2e${T}passed"

case_ "20.10 skipped on purpose: not a failure" 0 "" NETATLAS_TEST_SKIP_2010=1
has stage "^integration-20${T}skipped${T}0${T}${T}NETATLAS_TEST_SKIP_2010=1$"
has out "^stages: 7 passed, 0 failed, 1 skipped$"

case_ "the build fails: e2e not run" 1 "build=1"
has stage "^e2e${T}not run${T}0${T}${T}the production build failed$"

case_ "chromium cannot be installed: e2e failed to start" 1 "chromium=100"
has stage "^e2e${T}failed${T}0${T}${T}Debian's chromium could not be installed"

case_ "the lab cannot be taken down: a failure" 1 "lab-down=1" NETATLAS_LAB_KEEP=0
has stage "^lab-down${T}failed"

touch "$work/scripts/container-test.sh"
case_ "scripts/container-test.sh present: its own stage, after the integration stages" 1 "container=1"
has stage "^container${T}failed${T}[0-9]+${T}${T}exited 1$"
has out "^container +failed"
[ "$(cut -f1 <<<"$stages" | grep -n -x -e container -e integration-20 -e build | cut -d: -f2 | tr '\n' ' ')" = \
  "integration-20 container build " ] || {
  echo "  ✗ container is not between integration-20 and build"
  failures=$((failures + 1))
}
case_ "scripts/container-test.sh present, lab A down: container not run" 1 "lab-ab=1"
has stage "^container${T}not run${T}0${T}${T}lab engine A did not come up$"
rm "$work/scripts/container-test.sh"

rm -r "$work/node_modules"
case_ "node modules missing, npm ci fails: nothing else can run" 1 "npm-ci=1"
has stage "^npm-ci${T}failed"
has stage "^e2e${T}not run${T}0${T}${T}npm ci failed$"

echo
if [ "$failures" = 0 ]; then echo "scripts/test.sh flow: all cases pass"; else echo "scripts/test.sh flow: $failures failed"; fi
[ "$failures" = 0 ]
