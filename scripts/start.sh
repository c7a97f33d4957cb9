#!/usr/bin/env bash
# scripts/start.sh - `npm start`: the dashboard's production build on http://127.0.0.1:3000 against the
# user's engine (NETATLAS_ENGINES, DOCKER_HOST or /var/run/docker.sock). When no engine answers and we run
# as root, it starts the private lab engine (scripts/lab.sh) and seeds a small example topology; otherwise
# it says what to do. Binds 127.0.0.1 unless HOST is set. On the first run (no users in the data folder,
# NETATLAS_DATA_DIR, default ./data) the server prints a one-time /setup link that creates the admin.
# `npm start -- --hosts 2`: the lab brings up two hosts in a swarm (engines A and B, docs/lab.md) instead of one.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf 'netatlas: %s\n' "$*" >&2; }
# The long steps print little or nothing for minutes: say what is happening before each, and when it is done.
done_in() { say "$1 in $((SECONDS - $2)) s"; }
hosts=1
if [ "${1:-}" = --hosts ]; then hosts=${2:-}; fi
case $hosts in 1 | 2) ;; *) say "--hosts takes 1 or 2"; exit 2 ;; esac

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing dependencies (npm ci, about 2 minutes; first run, or package-lock.json changed)…"
  t0=$SECONDS
  npm ci --no-audit --no-fund
  done_in "dependencies installed" "$t0"
fi

if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib public next.config.js instrumentation.ts proxy.ts package.json -newer .next/BUILD_ID -print -quit)" ]; then
  say "building the production bundle (next build, a minute or two; the sources changed since the last build)…"
  t0=$SECONDS
  npx next build
  done_in "production bundle built" "$t0"
fi

if [ -z "${NETATLAS_ENGINES:-}" ]; then
  host=${DOCKER_HOST:-unix:///var/run/docker.sock}
  say "looking for a Docker engine at $host…"
  if ! node scripts/probe-engine.mjs "$host"; then
    if [ "$(id -u)" = 0 ] && [ -z "${DOCKER_HOST:-}" ]; then
      if [ "$hosts" = 2 ]; then what="two lab Docker engines in a swarm"; else what="a lab Docker engine"; fi
      say "no Docker engine answers at $host: starting $what, Netatlas's private one (docs/lab.md; the first time it downloads Docker from Debian, a few minutes)…"
      t0=$SECONDS
      lab_env=$(bash scripts/lab.sh up --hosts "$hosts" | tail -n "$hosts")
      done_in "started $what" "$t0"
      while read -r line; do export "${line?}"; done <<<"$lab_env"
      say "seeding a small example topology on it (scripts/seed.sh; 'scripts/seed.sh remove' undoes it)…"
      bash scripts/seed.sh
    else
      say "no Docker engine answers at $host."
      say "start Docker, or point Netatlas at an engine: DOCKER_HOST=unix:///path/to/docker.sock npm start"
      say "(as root, unset DOCKER_HOST and npm start brings up a private lab engine by itself)"
      exit 1
    fi
  fi
fi

say "starting the server: Netatlas on http://${HOST:-127.0.0.1}:${PORT:-3000} (engine: ${NETATLAS_ENGINES:-${DOCKER_HOST:-unix:///var/run/docker.sock}})…"
exec node scripts/server.mjs -H "${HOST:-127.0.0.1}" -p "${PORT:-3000}"
