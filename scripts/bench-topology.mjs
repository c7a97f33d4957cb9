#!/usr/bin/env node
// scripts/bench-topology.mjs - how much GET /api/topology costs over the raw Docker API calls it stands for,
// measured side by side (interleaved) in one run on a synthetic topology of N containers on M networks.
// Usage: DOCKER_HOST=unix:///run/netatlas-lab/a/docker.sock npm run bench:topology [-- --n=50 --m=10]
// Options (argv wins over env): --n / N (200), --m / M (40), --rounds / ROUNDS (15), --warmup / WARMUP (2),
// --url / NETATLAS_URL (default: start our own `next start`), --docker-host / DOCKER_HOST (unix:// only),
// --app-dir / NETATLAS_APP_DIR (the built app to start; default the repo), --subnets / SUBNETS
// ("10.150" = 10.150.<i>.0/24, or "auto" to let Docker pick), --verbose / VERBOSE=1, --cleanup-only.
// Every object it creates carries the label netatlas.bench=1; exactly those are removed at start and at exit.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const LABEL_KEY = "netatlas.bench";
const LABEL = `${LABEL_KEY}=1`;
const IMAGE = "netatlas/busybox:latest";
/** The same bound as lib/docker/read.ts INSPECT_CONCURRENCY, so both sides fan out alike. */
const INSPECT_CONCURRENCY = 8;
const SETUP_CONCURRENCY = 8;
/** The newest API Netatlas speaks (lib/docker/versions.ts MAX_API_VERSION); it negotiates min(engine, this). */
const MAX_API_VERSION = "1.45";
const GOAL_RATIO = 1.3;

// ---------------------------------------------------------------------------------------------- options

/** A wrong option or environment: reported by its message alone, without a stack. */
class UsageError extends Error {}

function parseOptions() {
  const args = {};
  for (const arg of process.argv.slice(2)) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unknown argument ${arg} (options look like --n=200)`);
    args[m[1]] = m[2] ?? "1";
  }
  const known = [
    "n",
    "m",
    "rounds",
    "warmup",
    "url",
    "docker-host",
    "app-dir",
    "subnets",
    "verbose",
    "cleanup-only",
  ];
  for (const key of Object.keys(args)) {
    if (!known.includes(key)) throw new UsageError(`unknown option --${key} (known: ${known.join(", ")})`);
  }
  const env = process.env;
  const int = (name, value, min) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new UsageError(`${name} must be an integer >= ${min}, not ${value}`);
    return n;
  };
  const dockerHost = args["docker-host"] ?? env.DOCKER_HOST;
  if (!dockerHost) {
    throw new UsageError(
      'set DOCKER_HOST=unix:///path (e.g. `eval "export $(scripts/lab.sh env)"`): no default engine',
    );
  }
  if (!dockerHost.startsWith("unix://"))
    throw new UsageError(`DOCKER_HOST must be unix:///path, not ${dockerHost}`);
  const subnets = args.subnets ?? env.SUBNETS ?? "10.150";
  if (subnets !== "auto" && !/^\d{1,3}\.\d{1,3}$/.test(subnets)) {
    throw new UsageError(`SUBNETS must be "auto" or the first two octets, like 10.150; not ${subnets}`);
  }
  const options = {
    n: int("N", args.n ?? env.N ?? 200, 1),
    m: int("M", args.m ?? env.M ?? 40, 1),
    rounds: int("ROUNDS", args.rounds ?? env.ROUNDS ?? 15, 1),
    warmup: int("WARMUP", args.warmup ?? env.WARMUP ?? 2, 0),
    url: (args.url ?? env.NETATLAS_URL ?? "").replace(/\/+$/, "") || null,
    dockerHost,
    socketPath: dockerHost.slice("unix://".length),
    appDir: resolve(
      args["app-dir"] ?? env.NETATLAS_APP_DIR ?? join(dirname(fileURLToPath(import.meta.url)), ".."),
    ),
    subnets,
    verbose: (args.verbose ?? env.VERBOSE ?? "0") !== "0",
    cleanupOnly: "cleanup-only" in args,
  };
  if (subnets !== "auto" && options.m > 256 * (256 - Number(subnets.split(".")[1]))) {
    throw new UsageError(`M=${options.m} does not fit in /24s from ${subnets}.0.0`);
  }
  return options;
}

// ------------------------------------------------------------------------------------------ helpers

const secs = (t) => `${(t / 1000).toFixed(1)} s`;
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** CPU time (user + system) a process has used, from /proc (Linux; clock ticks of 10 ms); null elsewhere. */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
const ownCpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile. */
function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

/** At most `limit` calls in flight, results in input order: the same scheme as lib/docker/limit.ts. */
async function mapBounded(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

let stopping = false;
function checkStop() {
  if (stopping) throw new Error("interrupted");
}

/**
 * One HTTP call, body read in full and JSON.parse'd. A plain `http.request` with no agent option, exactly as
 * docker-modem (dockerode) makes every call: so both sides get Node's global agent and the same connection
 * reuse (Node 20's global agent keeps connections alive).
 */
function call({ socketPath, url, method = "GET", path, body }) {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = payload
      ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }
      : {};
    const target = socketPath
      ? { socketPath, path, headers: { ...headers, Host: "docker" } }
      : { hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers };
    const req = request({ ...target, method }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch (err) {
          if (res.statusCode < 300)
            return reject(new Error(`${method} ${path}: body is not JSON (${err.message})`));
        }
        resolvePromise({ status: res.statusCode, json, bytes: Buffer.byteLength(text) });
      });
    });
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

// --------------------------------------------------------------------------------------- docker side

function dockerClient(socketPath) {
  let api = null;
  async function raw(method, path, body) {
    return call({ socketPath, method, path: api && path.startsWith("/") ? `/v${api}${path}` : path, body });
  }
  /** Throws on any status outside 2xx, except those listed in `allowed`. */
  async function docker(method, path, body, allowed = []) {
    const res = await raw(method, path, body);
    if ((res.status < 200 || res.status >= 300) && !allowed.includes(res.status)) {
      throw new Error(`docker ${method} ${path}: ${res.status} ${res.json?.message ?? ""}`.trim());
    }
    return res;
  }
  return {
    docker,
    get api() {
      return api;
    },
    async negotiate() {
      const version = (await docker("GET", "/version")).json;
      const [em, en] = version.ApiVersion.split(".").map(Number);
      const [om, on] = MAX_API_VERSION.split(".").map(Number);
      api = em < om || (em === om && en < on) ? version.ApiVersion : MAX_API_VERSION;
      return version;
    },
  };
}

const labelFilter = encodeURIComponent(JSON.stringify({ label: [LABEL] }));

/** Removes every container (forced) and then every network labelled netatlas.bench=1. */
async function cleanup(client) {
  const { docker } = client;
  const started = performance.now();
  const containers = (await docker("GET", `/containers/json?all=1&filters=${labelFilter}`)).json;
  await mapBounded(containers, SETUP_CONCURRENCY, (c) =>
    docker("DELETE", `/containers/${c.Id}?force=1&v=1`, undefined, [404]),
  );
  const networks = (await docker("GET", `/networks?filters=${labelFilter}`)).json;
  await mapBounded(networks, SETUP_CONCURRENCY, (n) =>
    docker("DELETE", `/networks/${n.Id}`, undefined, [404]),
  );
  return { containers: containers.length, networks: networks.length, ms: performance.now() - started };
}

const netName = (i) => `natbench-net-${i}`;
const containerName = (i) => `natbench-c-${i}`;

/** Container i: on 1-3 networks (the first given at create, the rest connected), some with aliases. */
function plan(n, m) {
  return Array.from({ length: n }, (_, i) => {
    const count = Math.min(1 + (i % 3), m);
    const nets = [i % m];
    for (let c = (i * 7 + 1) % m; nets.length < count; c = (c + 1) % m) if (!nets.includes(c)) nets.push(c);
    return nets.map((net, k) => ({
      net,
      // A shared alias (round-robin DNS) on some first networks, a per-container one on some connected ones.
      aliases:
        k === 0 && i % 3 === 0
          ? [`natbench-svc-${i % 10}`]
          : k > 0 && i % 4 === 1
            ? [`natbench-c-${i}-alt`]
            : [],
    }));
  });
}

async function setup(client, options) {
  const { docker } = client;
  const { n, m } = options;
  let t = performance.now();
  const networks = await mapBounded(
    Array.from({ length: m }, (_, i) => i),
    SETUP_CONCURRENCY,
    async (i) => {
      checkStop();
      const body = { Name: netName(i), Driver: "bridge", CheckDuplicate: true, Labels: { [LABEL_KEY]: "1" } };
      if (options.subnets !== "auto") {
        const [a, b] = options.subnets.split(".").map(Number);
        const prefix = `${a}.${b + Math.floor(i / 256)}.${i % 256}`;
        body.IPAM = { Driver: "default", Config: [{ Subnet: `${prefix}.0/24`, Gateway: `${prefix}.1` }] };
      }
      try {
        return (await docker("POST", "/networks/create", body)).json.Id;
      } catch (err) {
        if (/overlap/i.test(err.message)) {
          err.message += ` (another network uses ${options.subnets}.x: set SUBNETS to another prefix, or auto)`;
        }
        throw err;
      }
    },
  );
  const networksMs = performance.now() - t;

  const containers = plan(n, m);
  const attachments = containers.reduce((sum, eps) => sum + eps.length, 0);
  t = performance.now();
  await mapBounded(containers, SETUP_CONCURRENCY, async (eps, i) => {
    checkStop();
    const [first, ...rest] = eps;
    const created = await docker("POST", `/containers/create?name=${containerName(i)}`, {
      Image: IMAGE,
      Cmd: ["sleep", "2147483647"],
      Labels: { [LABEL_KEY]: "1" },
      HostConfig: { NetworkMode: netName(first.net) },
      NetworkingConfig: { EndpointsConfig: { [netName(first.net)]: { Aliases: first.aliases } } },
    });
    const id = created.json.Id;
    for (const ep of rest) {
      checkStop();
      await docker("POST", `/networks/${networks[ep.net]}/connect`, {
        Container: id,
        EndpointConfig: { Aliases: ep.aliases },
      });
    }
    await docker("POST", `/containers/${id}/start`);
  });
  const containersMs = performance.now() - t;
  const aliases = containers.flat().filter((ep) => ep.aliases.length > 0).length;
  return { networksMs, containersMs, attachments, aliases };
}

// ---------------------------------------------------------------------------------------- the server

function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

function ensureBuild(appDir) {
  const buildId = join(appDir, ".next", "BUILD_ID");
  if (existsSync(buildId)) return;
  console.log(`build: ${buildId} is missing, running \`npx next build\` (about 15 s)`);
  const result = spawnSync("npx", ["next", "build"], { cwd: appDir, stdio: "inherit" });
  if (result.status !== 0 || !existsSync(buildId)) throw new Error("next build failed; see above");
}

async function startServer(options) {
  ensureBuild(options.appDir);
  const buildId = join(options.appDir, ".next", "BUILD_ID");
  const port = await freePort();
  const env = { ...process.env, DOCKER_HOST: options.dockerHost, NODE_ENV: "production" };
  // NETATLAS_ENGINES would win over DOCKER_HOST: the server must read exactly the engine we populate.
  delete env.NETATLAS_ENGINES;
  const started = performance.now();
  // Its own process group, so the whole of it (next start may fork) is stopped by our one pid.
  const child = spawn(
    join(options.appDir, "node_modules", ".bin", "next"),
    ["start", "-H", "127.0.0.1", "-p", port],
    {
      cwd: options.appDir,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const log = [];
  const keep = (chunk) => {
    log.push(...chunk.toString().split("\n").filter(Boolean));
    log.splice(0, Math.max(0, log.length - 40));
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  const exit = new Promise((r) =>
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      r(exited);
    }),
  );
  const server = {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    log,
    buildId: `${readFileSync(buildId, "utf8").trim()} (built ${statSync(buildId).mtime.toISOString()})`,
    async stop() {
      if (exited) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }, 5000);
      await exit;
      clearTimeout(timer);
    },
    killNow() {
      if (!exited) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }
    },
  };
  activeServer = server;
  const deadline = Date.now() + 60_000;
  for (;;) {
    checkStop();
    if (exited) throw new Error(`next start exited (${JSON.stringify(exited)}):\n${log.join("\n")}`);
    try {
      const res = await call({ url: new URL(`${server.url}/api/health`), path: "/api/health" });
      if (res.status === 200) {
        server.health = res.json;
        break;
      }
      if (Date.now() > deadline)
        throw new Error(`/api/health answers ${res.status}: ${JSON.stringify(res.json)}`);
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`server not ready after 60 s (${err.message}):\n${log.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.readyMs = performance.now() - started;
  return server;
}

// ------------------------------------------------------------------------------------------ measuring

/** (A) The whole of Netatlas: GET /api/topology over loopback, body read and parsed. */
async function measureA(url) {
  const t = performance.now();
  const res = await call({ url, path: url.pathname });
  const elapsed = performance.now() - t;
  if (res.status !== 200)
    throw new Error(`GET /api/topology answered ${res.status}: ${JSON.stringify(res.json)}`);
  return { ms: elapsed, topology: res.json, bytes: res.bytes };
}

/**
 * (B) The Docker calls behind one topology read, with Netatlas's concurrency (lib/docker/read.ts readSnapshot):
 * info, networks and the container list in parallel; every listed container inspected, at most 8 in flight.
 * GET /version is left out: Netatlas makes it once per negotiation and caches the result.
 */
async function measureB(client) {
  const { docker } = client;
  const t = performance.now();
  let listMs = 0;
  let bytes = 0;
  const get = async (path) => {
    const res = await docker("GET", path, undefined, [404]);
    bytes += res.bytes;
    return res;
  };
  const [info, networks, inspects] = await Promise.all([
    get("/info"),
    get("/networks"),
    get("/containers/json?all=1").then((list) => {
      listMs = performance.now() - t;
      // A container removed between list and inspect (404) is dropped, as Netatlas does.
      return mapBounded(list.json, INSPECT_CONCURRENCY, (c) => get(`/containers/${c.Id}/json`));
    }),
  ]);
  const elapsed = performance.now() - t;
  return {
    ms: elapsed,
    listMs,
    bytes,
    info: info.json,
    networks: networks.json,
    containers: inspects.filter((r) => r.status === 200).map((r) => r.json),
  };
}

/** What one side saw, and how much of it is ours. */
function countA(topology) {
  const bench = new Set(topology.containers.filter((c) => c.labels?.[LABEL_KEY] === "1").map((c) => c.id));
  const benchEndpoints = topology.endpoints.filter((e) => bench.has(e.containerId));
  return {
    containers: topology.containers.length,
    networks: topology.networks.length,
    endpoints: topology.endpoints.length,
    benchContainers: bench.size,
    benchRunning: topology.containers.filter((c) => bench.has(c.id) && c.state === "running").length,
    benchNetworks: topology.networks.filter((n) => n.labels?.[LABEL_KEY] === "1").length,
    benchEndpoints: benchEndpoints.length,
    benchAliased: benchEndpoints.filter((e) => e.aliases?.some((a) => a.startsWith("natbench-"))).length,
  };
}

function countB(b) {
  const bench = b.containers.filter((c) => c.Config?.Labels?.[LABEL_KEY] === "1");
  const endpoints = (c) => Object.values(c.NetworkSettings?.Networks ?? {});
  return {
    containers: b.containers.length,
    networks: b.networks.length,
    endpoints: b.containers.reduce((sum, c) => sum + endpoints(c).length, 0),
    benchContainers: bench.length,
    benchRunning: bench.filter((c) => c.State?.Status === "running").length,
    benchNetworks: b.networks.filter((n) => n.Labels?.[LABEL_KEY] === "1").length,
    benchEndpoints: bench.reduce((sum, c) => sum + endpoints(c).length, 0),
    benchAliased: bench.reduce(
      (sum, c) => sum + endpoints(c).filter((e) => e.Aliases?.some((a) => a.startsWith("natbench-"))).length,
      0,
    ),
  };
}

/** Fails loudly when a side did not see the whole bench topology. */
function verify(side, counts, expected) {
  const wrong = Object.entries(expected).filter(([key, value]) => counts[key] !== value);
  if (wrong.length > 0) {
    const detail = wrong.map(([key, value]) => `${key}: saw ${counts[key]}, expected ${value}`).join("; ");
    throw new Error(`VERIFY FAILED: ${side} did not see the bench topology (${detail})`);
  }
}

// ------------------------------------------------------------------------------------------------ main

let activeServer = null;
let activeClient = null;
let cleanupPromise = null;

async function finish() {
  cleanupPromise ??= (async () => {
    if (activeServer) {
      await activeServer.stop();
      console.log("server: stopped");
    }
    if (activeClient?.api) {
      const removed = await cleanup(activeClient);
      console.log(
        `cleanup: removed ${removed.containers} containers and ${removed.networks} networks in ${secs(removed.ms)}`,
      );
    }
  })();
  return cleanupPromise;
}

async function main() {
  const options = parseOptions();
  const client = dockerClient(options.socketPath);
  const version = await client.negotiate();
  activeClient = client;
  const cpuModel = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    "Netatlas topology benchmark: GET /api/topology (A) against the raw Docker calls behind it (B)",
  );
  console.log(`  node ${process.version}; ${availableParallelism()} cores (${cpuModel})`);
  console.log(
    `  docker ${version.Version}, engine API ${version.ApiVersion} (calls made with ${client.api}), ${version.Os}/${version.Arch}, at ${options.dockerHost}`,
  );

  const leftovers = await cleanup(client);
  if (options.cleanupOnly) {
    console.log(
      `cleanup: removed ${leftovers.containers} containers and ${leftovers.networks} networks labelled ${LABEL}`,
    );
    activeClient = null;
    return;
  }
  if (leftovers.containers + leftovers.networks > 0) {
    console.log(
      `setup: removed ${leftovers.containers} containers and ${leftovers.networks} networks left labelled ${LABEL} (a crashed run?)`,
    );
  }

  console.log(
    `  N=${options.n} containers, M=${options.m} networks, ${options.rounds} rounds after ${options.warmup} warm-up; inspect concurrency ${INSPECT_CONCURRENCY}; load average ${load()}`,
  );
  const images = (
    await client.docker(
      "GET",
      `/images/json?filters=${encodeURIComponent(JSON.stringify({ reference: [IMAGE] }))}`,
    )
  ).json;
  if (images.length === 0)
    throw new Error(`image ${IMAGE} is missing on this engine (scripts/lab.sh up builds it; never pulled)`);

  // Build (if needed) before creating anything, so an interrupted build leaves nothing behind.
  if (!options.url) ensureBuild(options.appDir);

  const made = await setup(client, options);
  console.log(
    `setup: ${options.m} networks in ${secs(made.networksMs)}; ${options.n} containers (${made.attachments} attachments, ${made.aliases} with aliases) created, connected and started in ${secs(made.containersMs)} (${((options.n / made.containersMs) * 1000).toFixed(1)}/s, concurrency ${SETUP_CONCURRENCY}); total ${secs(made.networksMs + made.containersMs)}`,
  );
  const expected = {
    benchContainers: options.n,
    benchRunning: options.n,
    benchNetworks: options.m,
    benchEndpoints: made.attachments,
    benchAliased: made.aliases,
  };

  let baseUrl = options.url;
  let serverPid = null;
  if (!baseUrl) {
    const server = await startServer(options);
    serverPid = server.pid;
    baseUrl = server.url;
    console.log(
      `server: next start at ${server.url}, ready in ${secs(server.readyMs)}; build ${server.buildId}`,
    );
  } else {
    console.log(`server: using ${baseUrl} (it must read the engine at ${options.dockerHost})`);
  }
  const topologyUrl = new URL(`${baseUrl}/api/topology`);

  const a = [];
  const b = [];
  const ratios = [];
  // CPU per read: the server's (when we started it) and this process's, summed over the measured rounds.
  const cpu = { aServer: 0, aClient: 0, bClient: 0, serverKnown: serverPid !== null };
  let lastA = null;
  let lastB = null;
  if (options.verbose) console.log("round    A ms     B ms   A/B   (B: list ms, containers A/B)");
  for (let round = 0; round < options.warmup + options.rounds; round++) {
    checkStop();
    const server0 = serverPid === null ? null : processCpuMs(serverPid);
    let own = process.cpuUsage();
    const ra = await measureA(topologyUrl);
    const aClient = ownCpuMs(own);
    const server1 = serverPid === null ? null : processCpuMs(serverPid);
    own = process.cpuUsage();
    const rb = await measureB(client);
    const bClient = ownCpuMs(own);
    const ca = countA(ra.topology);
    const cb = countB(rb);
    verify("A (/api/topology)", ca, expected);
    verify("B (raw Docker calls)", cb, expected);
    const warm = round < options.warmup;
    if (!warm) {
      a.push(ra.ms);
      b.push(rb.ms);
      ratios.push(ra.ms / rb.ms);
      cpu.aClient += aClient;
      cpu.bClient += bClient;
      if (server0 === null || server1 === null) cpu.serverKnown = false;
      else cpu.aServer += server1 - server0;
    }
    lastA = { ...ra, counts: ca };
    lastB = { ...rb, counts: cb };
    if (options.verbose) {
      const label = warm ? `w${round + 1}` : String(round - options.warmup + 1);
      console.log(
        `${label.padStart(5)} ${ra.ms.toFixed(1).padStart(8)} ${rb.ms.toFixed(1).padStart(8)} ${(ra.ms / rb.ms).toFixed(2).padStart(5)}   (${rb.listMs.toFixed(1)}, ${ca.containers}/${cb.containers})`,
      );
    }
  }

  const row = (name, values) =>
    `  ${name.padEnd(28)} ${median(values).toFixed(1).padStart(8)} ${percentile(values, 90).toFixed(1).padStart(8)} ${Math.min(
      ...values,
    )
      .toFixed(1)
      .padStart(8)} ${Math.max(...values)
      .toFixed(1)
      .padStart(8)}`;
  console.log(`results over ${options.rounds} interleaved rounds (ms):   median      p90      min      max`);
  console.log(row("A  GET /api/topology", a));
  console.log(row("B  raw Docker API calls", b));
  const ratio = median(a) / median(b);
  console.log(`  median of per-round A/B: ${median(ratios).toFixed(2)}; load average now ${load()}`);
  const perRead = (total) => (total / options.rounds).toFixed(1);
  console.log(
    `  CPU per read: A = Netatlas server ${cpu.serverKnown ? `${perRead(cpu.aServer)} ms` : "unknown (not started here)"} + this client ${perRead(cpu.aClient)} ms; B = this client ${perRead(cpu.bClient)} ms (dockerd's CPU is the same for both)`,
  );
  console.log(
    `  seen by A: ${lastA.counts.containers} containers (${lastA.counts.benchContainers} bench), ${lastA.counts.networks} networks (${lastA.counts.benchNetworks} bench), ${lastA.counts.endpoints} endpoints (${lastA.counts.benchEndpoints} bench); body ${kb(lastA.bytes)}`,
  );
  console.log(
    `  seen by B: ${lastB.counts.containers} containers (${lastB.counts.benchContainers} bench), ${lastB.counts.networks} networks (${lastB.counts.benchNetworks} bench), ${lastB.counts.endpoints} endpoints (${lastB.counts.benchEndpoints} bench); ${1 + 1 + 1 + lastB.counts.containers} calls, bodies ${kb(lastB.bytes)}`,
  );
  console.log(`RATIO median(A)/median(B) = ${ratio.toFixed(2)}  (goal <= ${GOAL_RATIO})`);
  console.log(ratio <= GOAL_RATIO ? "GOAL MET" : "GOAL MISSED");
}

let interrupts = 0;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    interrupts++;
    if (interrupts > 1) {
      console.error(
        `${signal} again: exiting without cleanup; run \`npm run bench:topology -- --cleanup-only\``,
      );
      activeServer?.killNow();
      process.exit(130);
    }
    console.error(`${signal}: stopping after the calls in flight, then cleaning up (again to exit at once)`);
    stopping = true;
  });
}
process.on("exit", () => activeServer?.killNow());

try {
  await main();
} catch (err) {
  const why = err instanceof UsageError ? err.message : (err.stack ?? err);
  console.error(stopping ? "interrupted" : `bench-topology: ${why}`);
  process.exitCode = stopping ? 130 : 1;
} finally {
  try {
    await finish();
  } catch (err) {
    console.error(`cleanup failed: ${err.message}; run \`npm run bench:topology -- --cleanup-only\``);
    process.exitCode = 1;
  }
}
