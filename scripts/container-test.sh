#!/usr/bin/env bash
# scripts/container-test.sh - CI check of the container image (Dockerfile) on a lab engine: builds it, runs it
# the way the README's deployment section and compose.yaml say (non-root, read-only root filesystem, no
# capabilities, the engine's socket mounted with its group added, a /data volume, NETATLAS_ADMIN_PASSWORD)
# and checks that the unattended admin signs in, /api/topology answers, a network created through the
# container's API is on the engine (and in the audit log with the client's address from the socket), the
# health check turns healthy, and after `docker restart` the data volume kept the admin and the session.
# Prints the image's size and the time from `docker run` until /api/health answers 200 (signed in), then
# the median of NETATLAS_SHIP_STARTS (default 3) more starts. Exits non-zero when any check fails; removes
# everything it made (container, volume, network, images; not the base image, a cache) even on failure.
#
# What it exercises (this machine reaches no registry, and lab engines cannot pull): the Dockerfile's
# offline path. The base image is made from Debian packages (scripts/container-base.sh; or BASE_IMAGE=<image
# already on the engine>), `next build` runs on the host in a copy of the working tree, and the image is built
# with PREBUILT=1 (the legacy builder when buildx is missing). The normal path (npm ci + next build inside
# the build, on node:20-bookworm-slim) is not run here.
# Usage (root, lab up): bash scripts/container-test.sh. DOCKER_HOST defaults to lab slot a's socket, and only
# a lab socket is accepted. NETATLAS_SHIP_KEEP_IMAGE=1 keeps the built image.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
say() { printf 'container-test: %s\n' "$*" >&2; }

export DOCKER_HOST=${DOCKER_HOST:-unix:///run/netatlas-lab/a/docker.sock}
[[ $DOCKER_HOST =~ ^unix:///run/netatlas-lab/([a-z0-9-]+)/docker\.sock$ ]] || {
  say "runs only against a lab engine (DOCKER_HOST=unix:///run/netatlas-lab/<slot>/docker.sock), not $DOCKER_HOST"
  exit 2
}
slot=${BASH_REMATCH[1]}
sock=${DOCKER_HOST#unix://}
[ -S "$sock" ] && docker version >/dev/null 2>&1 || {
  say "lab engine $slot does not answer at $sock (bash scripts/lab.sh up)"
  exit 2
}
# The lab's namespace is reached from here at its lab address (docs/lab.md): the port is published there.
lab_addr=$(ip netns exec "netatlas-$slot" ip -4 -o addr show dev eth0 | awk '{split($4, a, "/"); print a[1]; exit}')
[ -n "$lab_addr" ] || { say "no lab address for slot $slot"; exit 2; }
if docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=1; else export DOCKER_BUILDKIT=0; fi

run=$(date +%s)-$$
name=nat-ship-$run
image=netatlas-ship:$run
volume=$name-data
network=$name-net
password="ship test password $run"
work=$(mktemp -d "${TMPDIR:-/tmp}/netatlas-ship.XXXXXX")
failed=0

cleanup() {
  local rc=$?
  set +e
  [ "$failed" = 0 ] && [ "$rc" = 0 ] || {
    say "logs of $name (last 40 lines):"
    docker logs --tail 40 "$name" 2>&1 | sed 's/^/  | /' >&2
  }
  docker rm -f "$name" "$name-start" >/dev/null 2>&1
  docker volume rm -f "$volume" "$name-start-data" >/dev/null 2>&1
  docker network ls -q --filter "label=netatlas.ship-test=$run" | xargs -r docker network rm >/dev/null 2>&1
  if [ "${NETATLAS_SHIP_KEEP_IMAGE:-0}" != 1 ]; then
    docker rmi -f "$image" "$image-build" >/dev/null 2>&1
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  failed=1
  say "FAIL: $*"
  exit 1
}
ok() { say "ok: $*"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# --- the base image ---
if [ -n "${BASE_IMAGE:-}" ]; then
  base=$BASE_IMAGE
  docker image inspect "$base" >/dev/null 2>&1 || fail "BASE_IMAGE $base is not on the lab engine (it cannot pull)"
else
  base=$(bash scripts/container-base.sh | tail -n1)
fi
say "base image $base ($(($(docker image inspect -f '{{.Size}}' "$base") / 1000000)) MB)"

# --- next build on the host, in a copy of the working tree (never in the repository's own .next) ---
t0=$SECONDS
mkdir -p "$work/src" "$work/context/.next" "$work/context/scripts/lib"
if git rev-parse --git-dir >/dev/null 2>&1; then
  git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$work/src"
else
  tar --exclude=./node_modules --exclude=./.next --exclude=./data --exclude=./test-results -cf - . | tar -xf - -C "$work/src"
fi
[ -d node_modules ] || fail "no node_modules here (npm ci first)"
# Hard links are quick and cost no space; another filesystem gets a copy.
cp -al node_modules "$work/src/" 2>/dev/null || { rm -rf "$work/src/node_modules"; cp -a node_modules "$work/src/"; }
say "next build (standalone) in $work/src…"
(cd "$work/src" && NETATLAS_BUILD_STANDALONE=1 NEXT_TELEMETRY_DISABLED=1 npx next build >"$work/next-build.log" 2>&1) || {
  tail -n 30 "$work/next-build.log" >&2
  fail "next build failed"
}
(cd "$work/src" && cp -a .next/standalone .next/static "$work/context/.next/" && cp -a public "$work/context/" &&
  cp scripts/server.mjs scripts/container-server.mjs "$work/context/scripts/" &&
  cp scripts/lib/http-metrics.mjs "$work/context/scripts/lib/" &&
  mkdir -p "$work/context/lib/labs" && cp -a lib/labs/library "$work/context/lib/labs/")
cp Dockerfile "$work/context/Dockerfile"
next_s=$((SECONDS - t0))

# --- docker build (the build stage gets its own tag, so that cleanup removes it too) ---
t0=$SECONDS
build() { docker build --build-arg "BASE_IMAGE=$base" --build-arg PREBUILT=1 "$@" "$work/context" >>"$work/docker-build.log" 2>&1; }
build --target build -t "$image-build" && build -t "$image" || {
  tail -n 30 "$work/docker-build.log" >&2
  fail "docker build failed (DOCKER_BUILDKIT=$DOCKER_BUILDKIT)"
}
build_s=$((SECONDS - t0))
size=$(docker image inspect -f '{{.Size}}' "$image")
ok "image $image built: $((size / 1000000)) MB (next build ${next_s} s, docker build ${build_s} s, builder $([ "$DOCKER_BUILDKIT" = 1 ] && echo BuildKit || echo legacy))"

# --- run it as the README says ---
gid=$(stat -c %g "$sock")
run_container() { # name volume [extra docker run args]
  local n=$1 v=$2
  shift 2
  docker run -d --name "$n" --read-only --tmpfs /tmp \
    --group-add "$gid" -v "$sock:/var/run/docker.sock" -v "$v:/data" \
    --cap-drop ALL --security-opt no-new-privileges -p "$lab_addr::3000" --health-interval 1s \
    -e NETATLAS_ADMIN_PASSWORD="$password" "$@" "$image" >/dev/null
}
url_of() { echo "http://$lab_addr:$(docker port "$1" 3000/tcp | head -n1 | sed 's/.*://')"; }

# curl to the container; prints the status code; the body goes to $work/body.
http() { # method url [cookie-jar] [json body]
  local args=(-s -o "$work/body" -w '%{http_code}' --max-time 10 -X "$1")
  [ -n "${3:-}" ] && args+=(-b "$3" -c "$3")
  [ -n "${4:-}" ] && args+=(-H "Origin: $origin" -H 'Content-Type: application/json' --data "$4")
  curl "${args[@]}" "$2" || true
}
login_body() { printf '{"username":"admin","password":"%s"}' "$password"; }

# Waits (max 30 s) until the signed-in /api/health answers 200; prints the ms since $1 (the `docker run`).
wait_ready() { # start-ms url jar
  local start=$1 url=$2 jar=$3 code
  while :; do
    [ $(($(now_ms) - start)) -lt 30000 ] || return 1
    code=$(http GET "$url/api/health" "$jar")
    [ "$code" = 200 ] && break
    # Not signed in yet: sign in as soon as the server answers (401).
    [ "$code" = 401 ] && [ "$(http POST "$url/api/auth/login" "$jar" "$(login_body)")" = 200 ] && continue
    sleep 0.05
  done
  echo $(($(now_ms) - start))
}

t_run=$(now_ms)
run_container "$name" "$volume" || fail "docker run failed"
url=$(url_of "$name")
origin=$url
jar=$work/cookies
first_ms=$(wait_ready "$t_run" "$url" "$jar") || fail "the signed-in /api/health did not answer 200 within 30 s"
ok "the unattended admin signed in; /api/health answered 200 ${first_ms} ms after docker run (first start: creates the admin)"
docker logs "$name" 2>&1 | grep -q 'created the admin "admin" from NETATLAS_ADMIN_PASSWORD' ||
  fail "the log does not say the admin was created from NETATLAS_ADMIN_PASSWORD"

[ "$(docker inspect -f '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}' "$name")" = "1000:1000 true" ] ||
  fail "not running as 1000:1000 on a read-only root filesystem"
[ "$(docker exec "$name" id -u)" = 1000 ] || fail "the server's user is not uid 1000"
[ "$(docker exec "$name" stat -c '%a %u' /data)" = "700 1000" ] || fail "/data is not mode 0700 owned by uid 1000"
ok "runs as uid 1000 with a read-only root filesystem; /data is 0700, its own"

code=$(http GET "$url/api/topology" "$jar")
[ "$code" = 200 ] || fail "GET /api/topology answered $code: $(head -c 300 "$work/body")"
grep -q '"status":"up"' "$work/body" || fail "GET /api/topology: the engine is not up: $(head -c 300 "$work/body")"
ok "GET /api/topology answered 200 with the engine up"

# The shipped lab files travel in the image (Next's tracing leaves them out); with no docker CLI inside, the labs
# are listed as not runnable, saying why.
code=$(http GET "$url/api/labs" "$jar")
[ "$code" = 200 ] || fail "GET /api/labs answered $code: $(head -c 300 "$work/body")"
labs=$(grep -o '"id":"[a-z0-9-]*"' "$work/body" | wc -l)
shipped=$(find lib/labs/library -name '*.yaml' | wc -l)
[ "$labs" -eq "$shipped" ] || fail "GET /api/labs lists $labs labs, the image should hold $shipped: $(head -c 300 "$work/body")"
grep -q '"invalid":\[\]' "$work/body" || fail "GET /api/labs: invalid lab files in the image: $(head -c 300 "$work/body")"
grep -q 'docker CLI is not installed' "$work/body" || fail "GET /api/labs: the labs should say the image has no docker CLI"
ok "GET /api/labs lists the $shipped shipped labs, not runnable here (no docker CLI in the image)"

code=$(http POST "$url/api/networks" "$jar" "{\"name\":\"$network\",\"labels\":{\"netatlas.ship-test\":\"$run\"}}")
[ "$code" = 201 ] || fail "POST /api/networks answered $code: $(head -c 300 "$work/body")"
[ "$(docker network inspect -f "{{index .Labels \"netatlas.ship-test\"}}" "$network" 2>/dev/null)" = "$run" ] ||
  fail "network $network, created through the container's API, is not on the engine"
ok "network $network created through the container's API is on the engine (docker network inspect)"

# The audit log has the client's address from the socket (scripts/server.mjs and its peer key): not "unknown".
code=$(http GET "$url/api/audit?action=network.create" "$jar")
[ "$code" = 200 ] || fail "GET /api/audit answered $code"
address=$(node -e 'const b = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(b.entries.find((e) => e.target.endsWith(process.argv[2]))?.address ?? "none")' "$work/body" "$network")
[ "$address" != unknown ] && [ "$address" != none ] || fail "the audit entry of the network's creation has address $address"
ok "the audit log has the creation with the client's address from the socket ($address)"

# Metrics (issue 16): the request counter comes from scripts/server.mjs and its route table from the build, the
# change counter from the audit log; both must work in the image's standalone layout.
code=$(http GET "$url/api/metrics" "$jar")
[ "$code" = 200 ] || fail "GET /api/metrics answered $code: $(head -c 300 "$work/body")"
grep -q '^netatlas_engine_up{engine="local"} 1' "$work/body" || fail "GET /api/metrics: no netatlas_engine_up 1 for the engine"
grep -q '^netatlas_http_requests_total{.*route="/api/networks"' "$work/body" ||
  fail "GET /api/metrics: no request counted for /api/networks: $(grep -m3 http_requests "$work/body")"
grep '^netatlas_changes_total{' "$work/body" | grep 'action="network.create"' | grep -q 'result="ok"} 1$' ||
  fail "GET /api/metrics: the network's creation is not counted: $(grep -m3 changes_total "$work/body")"
ok "GET /api/metrics counts the engine up, the requests by route and the network's creation"

for _ in $(seq 1 60); do
  health=$(docker inspect -f '{{.State.Health.Status}}' "$name")
  [ "$health" = healthy ] && break
  sleep 0.5
done
[ "$health" = healthy ] || fail "the image's HEALTHCHECK says $health"
ok "the image's HEALTHCHECK says healthy"

# --- restart: the data volume keeps the admin, the session (and its signing key) ---
cp "$jar" "$work/cookies-before"
t_restart=$(now_ms)
docker restart "$name" >/dev/null || fail "docker restart failed"
url=$(url_of "$name")
origin=$url
until [ "$(http GET "$url/api/health")" = 401 ]; do
  [ $(($(now_ms) - t_restart)) -lt 30000 ] || fail "no answer within 30 s of docker restart"
  sleep 0.05
done
restart_ms=$(($(now_ms) - t_restart))
code=$(http GET "$url/api/health" "$work/cookies-before")
[ "$code" = 200 ] || fail "the session from before the restart no longer works ($code): the data volume lost it"
[ "$(docker logs "$name" 2>&1 | grep -c 'created the admin')" = 1 ] ||
  fail "the admin was created again after the restart: the data volume did not keep it"
rm -f "$jar"
code=$(http POST "$url/api/auth/login" "$jar" "$(login_body)")
[ "$code" = 200 ] || fail "the admin cannot sign in after the restart ($code): $(head -c 300 "$work/body")"
ok "after docker restart (answering in ${restart_ms} ms): the earlier session still works, the admin signs in again, not created twice"

# --- more starts, for the median time to ready (a fresh container on the data volume each) ---
docker rm -f "$name" >/dev/null || fail "cannot remove $name"
starts=${NETATLAS_SHIP_STARTS:-3}
times=()
for i in $(seq 1 "$starts"); do
  docker rm -f "$name-start" >/dev/null 2>&1 || true
  t=$(now_ms)
  run_container "$name-start" "$volume" || fail "docker run (start $i) failed"
  u=$(url_of "$name-start")
  origin=$u
  rm -f "$work/cookies-start"
  ms=$(wait_ready "$t" "$u" "$work/cookies-start") || fail "start $i: not ready within 30 s"
  times+=("$ms")
done
docker rm -f "$name-start" >/dev/null 2>&1 || true
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}')

say "image size: $((size / 1000000)) MB ($size bytes) on base $base (goal <= 250 MB)"
say "time to ready (docker run -> signed-in /api/health 200): first start ${first_ms} ms; next ${starts} starts ${times[*]} ms, median ${median} ms (goal <= 3000 ms)"
[ $((size / 1000000)) -le 250 ] || say "warning: the image is above the 250 MB goal"
[ "$median" -le 3000 ] || say "warning: the median start is above the 3 s goal"
say "all checks passed"
