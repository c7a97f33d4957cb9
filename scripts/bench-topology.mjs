#!/usr/bin/env node
// scripts/bench-topology.mjs - how much GET /api/topology costs over the raw Docker API calls it stands for,
// measured side by side (interleaved) in one run on a synthetic topology of N containers on M networks.
// Usage: DOCKER_HOST=unix:///run/netatlas-lab/a/docker.sock npm run bench:topology [-- --n=50 --m=10]
// Options (argv wins over env): --n / N (200), --m / M (40), --rounds / ROUNDS (15), --warmup / WARMUP (2),
// --url / NETATLAS_URL (default: start our own `next start`), --docker-host / DOCKER_HOST (unix:// only),
// --app-dir / NETATLAS_APP_DIR (the built app to start; default the repo), --subnets / SUBNETS
// ("10.150" = 10.150.<i>.0/24, or "auto" to let Docker pick), --verbose / VERBOSE=1, --cleanup-only.
// Every object it creates carries the label netatlas.bench=1; exactly those are removed at start and at exit.
import { performance } from "node:perf_hooks";
import {
  appDirOption,
  call,
  checkStop,
  cleanupLabelled,
  clearLeftovers,
  dockerClient,
  engineOption,
  ensureBuild,
  IMAGE,
  intOption,
  LABEL_KEY,
  load,
  machine,
  mapBounded,
  median,
  parseArgs,
  percentile,
  processCpuMs,
  requireImage,
  runScript,
  secs,
  startServer,
  stopServer,
  subnetsOption,
  UsageError,
  urlOption,
  verboseOption,
} from "./lib/bench-common.mjs";

const LABEL = `${LABEL_KEY}=1`;
/** The same bound as lib/docker/read.ts INSPECT_CONCURRENCY, so both sides fan out alike. */
const INSPECT_CONCURRENCY = 8;
const SETUP_CONCURRENCY = 8;
const GOAL_RATIO = 1.3;

// ---------------------------------------------------------------------------------------------- options

function parseOptions() {
  const args = parseArgs(
    ["n", "m", "rounds", "warmup", "url", "docker-host", "app-dir", "subnets", "verbose", "cleanup-only"],
    "--n=200",
  );
  const env = process.env;
  const { dockerHost, socketPath } = engineOption(args, "scripts/lab.sh env");
  const subnets = subnetsOption(args, "10.150", { auto: true });
  const options = {
    n: intOption("N", args.n ?? env.N ?? 200, 1),
    m: intOption("M", args.m ?? env.M ?? 40, 1),
    rounds: intOption("ROUNDS", args.rounds ?? env.ROUNDS ?? 15, 1),
    warmup: intOption("WARMUP", args.warmup ?? env.WARMUP ?? 2, 0),
    url: urlOption(args),
    dockerHost,
    socketPath,
    appDir: appDirOption(args),
    subnets,
    verbose: verboseOption(args),
    cleanupOnly: "cleanup-only" in args,
  };
  if (subnets !== "auto" && options.m > 256 * (256 - Number(subnets.split(".")[1]))) {
    throw new UsageError(`M=${options.m} does not fit in /24s from ${subnets}.0.0`);
  }
  return options;
}

// ------------------------------------------------------------------------------------------ helpers

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const ownCpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

// --------------------------------------------------------------------------------------- docker side

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

// ------------------------------------------------------------------------------------------ measuring

/** (A) The whole of Netatlas: GET /api/topology over loopback, body read and parsed. */
async function measureA(url) {
  const t = performance.now();
  const res = await call({ url, path: url.pathname, strictJson: true });
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

let activeClient = null;
let cleanupPromise = null;

async function finish() {
  cleanupPromise ??= (async () => {
    await stopServer();
    if (activeClient?.api) {
      const removed = await cleanupLabelled(activeClient, LABEL, SETUP_CONCURRENCY);
      console.log(
        `cleanup: removed ${removed.containers} containers and ${removed.networks} networks in ${secs(removed.ms)}`,
      );
    }
  })();
  return cleanupPromise;
}

async function main() {
  const options = parseOptions();
  // Strict: a 2xx body that is not JSON fails the round rather than counting as an empty read.
  const client = dockerClient(options.socketPath, { strictJson: true });
  const version = await client.negotiate();
  activeClient = client;
  console.log(
    "Netatlas topology benchmark: GET /api/topology (A) against the raw Docker calls behind it (B)",
  );
  console.log(machine());
  console.log(
    `  docker ${version.Version}, engine API ${version.ApiVersion} (calls made with ${client.api}), ${version.Os}/${version.Arch}, at ${options.dockerHost}`,
  );

  const { cleanupOnly } = options;
  if (
    await clearLeftovers(client, LABEL, {
      cleanupOnly,
      concurrency: SETUP_CONCURRENCY,
      note: " (a crashed run?)",
    })
  ) {
    activeClient = null;
    return;
  }

  console.log(
    `  N=${options.n} containers, M=${options.m} networks, ${options.rounds} rounds after ${options.warmup} warm-up; inspect concurrency ${INSPECT_CONCURRENCY}; load average ${load()}`,
  );
  await requireImage(client, "scripts/lab.sh up builds it; never pulled");

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
    const server = await startServer(options, { logLines: 40 });
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

await runScript({ name: "bench-topology", npmScript: "bench:topology", inFlight: "calls", main, finish });
