#!/usr/bin/env node
// scripts/load-live.mjs - a load check of the live stream (GET /api/events), not a timed test: 50 SSE clients each
// keep their own topology from the snapshot and the deltas while a burst of 1,000 Docker changes runs; once quiet,
// every client must equal what the engine says, and the server must let go of memory and its events reader after;
// a client that comes back with ?lastEventId after that idle period, with Docker changed meanwhile, must equal it too.
// Usage: DOCKER_HOST=unix:///run/netatlas-lab/bench/docker.sock npm run load:live [-- --clients=50 --changes=1000]
// Options (argv wins over env): --clients / CLIENTS (50), --changes / CHANGES (1000), --concurrency / CONCURRENCY (8),
// --quiet-ms / QUIET_MS (3000), --idle-ms / IDLE_MS (5000), --churn-ms / CHURN_MS (1000: that often during the burst
// one client drops its connection and resumes with ?lastEventId; 0 = never), --url / NETATLAS_URL (default: start
// our own `next start`), --app-dir / NETATLAS_APP_DIR (the built app to start; default the repo), --docker-host /
// DOCKER_HOST (unix:// only), --subnets / SUBNETS (first two octets, default 10.160), --cleanup-only.
// Every object it creates carries the label netatlas.bench=live; exactly those are removed at start and at exit.
import { spawnSync } from "node:child_process";
import { request } from "node:http";
import { performance } from "node:perf_hooks";
import {
  appDirOption,
  auth,
  call,
  checkStop,
  cleanupLabelled,
  clearLeftovers,
  dockerClient,
  engineOption,
  IMAGE,
  intOption,
  LABEL_KEY,
  labelFilter,
  load,
  MIB,
  machine,
  mapBounded,
  mib,
  parseArgs,
  processCpuMs,
  procStatusBytes,
  requireImage,
  runScript,
  secs,
  sleep,
  startServer,
  stopServer,
  subnetsOption,
  urlOption,
} from "./lib/bench-common.mjs";

const LABEL_VALUE = "live";
const LABEL = `${LABEL_KEY}=${LABEL_VALUE}`;
/** After the clients leave, RSS must come back to at most baseline * 1.25 + 20 MiB. */
const RSS_RETURN_FACTOR = 1.25;
const RSS_RETURN_SLACK = 20 * MIB;

// ---------------------------------------------------------------------------------------------- options

function parseOptions() {
  const args = parseArgs(
    [
      "clients",
      "changes",
      "concurrency",
      "quiet-ms",
      "churn-ms",
      "idle-ms",
      "url",
      "docker-host",
      "app-dir",
      "subnets",
      "cleanup-only",
    ],
    "--clients=50",
  );
  const env = process.env;
  const { dockerHost, socketPath } = engineOption(args, "scripts/lab.sh env --name bench");
  const subnets = subnetsOption(args, "10.160");
  const url = urlOption(args, { loopback: true });
  return {
    clients: intOption("CLIENTS", args.clients ?? env.CLIENTS ?? 50, 1),
    changes: intOption("CHANGES", args.changes ?? env.CHANGES ?? 1000, 1),
    concurrency: intOption("CONCURRENCY", args.concurrency ?? env.CONCURRENCY ?? 8, 1),
    quietMs: intOption("QUIET_MS", args["quiet-ms"] ?? env.QUIET_MS ?? 3000, 100),
    churnMs: intOption("CHURN_MS", args["churn-ms"] ?? env.CHURN_MS ?? 1000, 0),
    idleMs: intOption("IDLE_MS", args["idle-ms"] ?? env.IDLE_MS ?? 5000, 0),
    url,
    dockerHost,
    socketPath,
    appDir: appDirOption(args),
    subnets,
    cleanupOnly: "cleanup-only" in args,
  };
}

// ------------------------------------------------------------------------------------------ helpers

/**
 * How many unix-socket connections `pid` holds to the engine's socket (from `ss -xpn`): the events stream plus the
 * keep-alive pool of the read path. Informational only: an idle keep-alive connection looks like any other.
 */
function engineConnections(pid, socketPath) {
  if (pid === null) return null;
  const r = spawnSync("ss", ["-xpn"], { encoding: "utf8", maxBuffer: 64 * MIB });
  if (r.status !== 0) return null;
  const engineSide = new Set();
  const ours = [];
  for (const line of r.stdout.split("\n")) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 8 || cols[0] !== "u_str") continue;
    const [, , , , local, localInode, , peerInode] = cols;
    if (local === socketPath) engineSide.add(localInode);
    if (line.includes(`pid=${pid},`)) ours.push(peerInode);
  }
  return ours.filter((inode) => engineSide.has(inode)).length;
}

/**
 * What the engine holds, read as the server reads it (lib/docker/read.ts + map.ts): networks from the list,
 * containers from the list and each one's inspect, endpoints from inspect's NetworkSettings.Networks.
 */
async function engineState(client) {
  const { docker } = client;
  const [networks, list] = await Promise.all([
    docker("GET", "/networks"),
    docker("GET", "/containers/json?all=1"),
  ]);
  const inspects = await mapBounded(list.json, 8, (c) =>
    docker("GET", `/containers/${c.Id}/json`, undefined, [404]),
  );
  const state = { networks: new Map(), containers: new Map(), endpoints: new Map() };
  for (const n of networks.json) state.networks.set(n.Id, { name: n.Name });
  for (const { status, json: c } of inspects) {
    if (status !== 200) continue;
    state.containers.set(c.Id, { name: c.Name.replace(/^\//, ""), state: c.State.Status });
    for (const [networkName, ep] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
      state.endpoints.set(`${c.Id}/${networkName}`, {
        ipv4: ep.IPAddress ? `${ep.IPAddress}/${ep.IPPrefixLen ?? 0}` : null,
        aliases: ep.Aliases ?? null,
      });
    }
  }
  return state;
}

// ---------------------------------------------------------------------------------------- the workload

/**
 * The burst: cycles of 15 Engine API calls on their own objects, `concurrency` cycles at a time (the calls of one
 * cycle in order). Cycle k: network A, container c1 on A (shared alias), start; network B, connect c1 to B with an
 * alias, container c2 on B, start c2; disconnect c1 from B, connect it again with a static IP and another alias;
 * stop/pause/restart c1; rename c2; start/unpause/kill c1; remove c2; disconnect c1 from B; remove B.
 * What stays: network A and c1 on it (running, or exited for every third cycle). The last cycle is cut short at
 * exactly `changes` calls, so some of its objects stay in between states.
 */
function planBurst(options, client) {
  const { docker } = client;
  const labels = { [LABEL_KEY]: LABEL_VALUE };
  const [o1, o2] = options.subnets.split(".").map(Number);
  const prefix = (i) => `${o1}.${o2 + Math.floor(i / 256)}.${i % 256}`;
  const netBody = (name, i) => ({
    Name: name,
    Driver: "bridge",
    CheckDuplicate: true,
    Labels: labels,
    IPAM: { Driver: "default", Config: [{ Subnet: `${prefix(i)}.0/24`, Gateway: `${prefix(i)}.1` }] },
  });
  const containerBody = (network, aliases) => ({
    Image: IMAGE,
    Cmd: ["sleep", "2147483647"],
    Labels: labels,
    HostConfig: { NetworkMode: network },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: aliases } } },
  });
  const cycles = [];
  let total = 0;
  for (let k = 0; total < options.changes; k++) {
    const s = {};
    const nA = `natlive-n${k}a`;
    const nB = `natlive-n${k}b`;
    const c1 = `natlive-c${k}`;
    const c2 = `natlive-c${k}x`;
    const v = k % 3;
    const ops = [
      [
        "create network A",
        async () => (s.a = (await docker("POST", "/networks/create", netBody(nA, 2 * k))).json.Id),
      ],
      [
        "create c1 on A",
        async () =>
          (s.c1 = (
            await docker("POST", `/containers/create?name=${c1}`, containerBody(nA, [`natlive-svc${k % 10}`]))
          ).json.Id),
      ],
      ["start c1", () => docker("POST", `/containers/${s.c1}/start`)],
      [
        "create network B",
        async () => (s.b = (await docker("POST", "/networks/create", netBody(nB, 2 * k + 1))).json.Id),
      ],
      [
        "connect c1 to B",
        () =>
          docker("POST", `/networks/${s.b}/connect`, {
            Container: s.c1,
            EndpointConfig: { Aliases: [`${c1}-b1`] },
          }),
      ],
      [
        "create c2 on B",
        async () =>
          (s.c2 = (
            await docker("POST", `/containers/create?name=${c2}`, containerBody(nB, [`natlive-svc${k % 10}`]))
          ).json.Id),
      ],
      ["start c2", () => docker("POST", `/containers/${s.c2}/start`)],
      ["disconnect c1 from B", () => docker("POST", `/networks/${s.b}/disconnect`, { Container: s.c1 })],
      [
        "connect c1 to B again (static IP)",
        () =>
          docker("POST", `/networks/${s.b}/connect`, {
            Container: s.c1,
            EndpointConfig: {
              Aliases: [`${c1}-b2`],
              IPAMConfig: { IPv4Address: `${prefix(2 * k + 1)}.200` },
            },
          }),
      ],
      v === 0
        ? ["stop c1", () => docker("POST", `/containers/${s.c1}/stop?t=0`)]
        : v === 1
          ? ["pause c1", () => docker("POST", `/containers/${s.c1}/pause`)]
          : ["restart c1", () => docker("POST", `/containers/${s.c1}/restart?t=0`)],
      ["rename c2", () => docker("POST", `/containers/${s.c2}/rename?name=${c2}y`)],
      v === 0
        ? ["start c1", () => docker("POST", `/containers/${s.c1}/start`)]
        : v === 1
          ? ["unpause c1", () => docker("POST", `/containers/${s.c1}/unpause`)]
          : ["kill c1", () => docker("POST", `/containers/${s.c1}/kill`)],
      ["remove c2", () => docker("DELETE", `/containers/${s.c2}?force=1`)],
      ["disconnect c1 from B", () => docker("POST", `/networks/${s.b}/disconnect`, { Container: s.c1 })],
      ["remove network B", () => docker("DELETE", `/networks/${s.b}`)],
    ].slice(0, options.changes - total);
    total += ops.length;
    cycles.push({ k, ops });
  }
  return { cycles, total };
}

/** Runs the cycles, `concurrency` at a time; a failed call skips the rest of its cycle. */
async function runBurst(plan, options, onCall) {
  const errors = [];
  let calls = 0;
  let skipped = 0;
  await mapBounded(plan.cycles, options.concurrency, async (cycle) => {
    for (let i = 0; i < cycle.ops.length; i++) {
      checkStop();
      const [label, op] = cycle.ops[i];
      try {
        calls++;
        await op();
        onCall();
      } catch (err) {
        errors.push(`cycle ${cycle.k}, ${label}: ${err.message}`);
        skipped += cycle.ops.length - i - 1;
        return;
      }
    }
  });
  return { calls, errors, skipped };
}

/**
 * Changes made while no client listens (the server's events reader is stopped): the first bench container (by
 * name) is removed with the networks only it used, and the second is disconnected from its first network.
 */
async function changeWhileIdle(client) {
  const { docker } = client;
  const list = (await docker("GET", `/containers/json?all=1&filters=${labelFilter(LABEL)}`)).json.sort(
    (a, b) => a.Names[0].localeCompare(b.Names[0]),
  );
  const done = [];
  const [gone, left] = list;
  if (gone) {
    await docker("DELETE", `/containers/${gone.Id}?force=1`);
    done.push(`removed container ${gone.Names[0].slice(1)}`);
    for (const [name, ep] of Object.entries(gone.NetworkSettings?.Networks ?? {})) {
      const res = await docker("DELETE", `/networks/${ep.NetworkID || name}`, undefined, [403, 404, 409]);
      if (res.status < 300) done.push(`removed network ${name}`);
    }
  }
  const net = left && Object.keys(left.NetworkSettings?.Networks ?? {})[0];
  if (net) {
    await docker("POST", `/networks/${net}/disconnect`, { Container: left.Id, Force: true });
    done.push(`disconnected ${left.Names[0].slice(1)} from ${net}`);
  }
  return done;
}

async function until(predicate, timeoutMs) {
  const end = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > end) return false;
    await sleep(50);
  }
  return true;
}

// ---------------------------------------------------------------------------------------- SSE clients

const KINDS = ["engine", "network", "container", "endpoint"];
const LISTS = { engine: "engines", network: "networks", container: "containers", endpoint: "endpoints" };
const KEY = {
  engine: (e) => e.id,
  network: (n) => `${n.engine}/${n.id}`,
  container: (c) => `${c.engine}/${c.id}`,
  endpoint: (e) => `${e.engine}/${e.networkName}/${e.containerId}`,
};

/** The same upsert-or-delete by key as lib/topology/delta.ts applyDeltas, on one Map per kind. */
function applyDeltas(topology, deltas) {
  for (const d of deltas) {
    const map = topology[d.kind];
    if (!map) throw new Error(`unknown delta kind ${d.kind}`);
    if (d.op === "remove") map.delete(d.key);
    else if (d.op === "add" || d.op === "change") map.set(d.key, d.value);
    else throw new Error(`unknown delta op ${d.op}`);
  }
}

function fromSnapshot(dto) {
  const topology = {};
  for (const kind of KINDS) topology[kind] = new Map(dto[LISTS[kind]].map((v) => [KEY[kind](v), v]));
  return topology;
}

/** Shared across clients: when the last delta arrived, so "quiet" can be told. */
const traffic = { lastDeltaAt: 0, messages: 0, deltas: 0 };

/**
 * One EventSource-like client over node:http: parses the stream (lines; `event:`, `id:`, `data:`; `:` comments),
 * keeps a topology from the snapshot and the deltas, checks the versions are consecutive, and on a gap or a drop
 * reconnects with ?lastEventId=<last applied version> (as lib/client/live.ts does on a drop).
 */
class SseClient {
  constructor(index, baseUrl) {
    this.index = index;
    this.url = new URL(baseUrl);
    this.topology = null;
    this.version = null;
    this.feeds = [];
    this.stats = {
      snapshots: 0,
      deltas: 0,
      gaps: 0,
      drops: 0,
      duplicates: 0,
      heartbeats: 0,
      resumed: 0,
      bounces: 0,
      resumeSnapshots: 0,
    };
    this.errors = [];
    this.closed = false;
    this.generation = 0;
    this.req = null;
    this.firstSnapshot = null;
    this.onSnapshot = null;
    /** Called with every delta message applied (for the resume check). */
    this.onDelta = null;
  }

  /** Resolves with the first snapshot message. */
  open() {
    const first = new Promise((resolvePromise, reject) => {
      this.onSnapshot = resolvePromise;
      this.onFail = reject;
    });
    this.connect(null);
    return first;
  }

  connect(lastEventId) {
    if (this.closed) return;
    const generation = ++this.generation;
    const path = `/api/events${lastEventId === null ? "" : `?lastEventId=${lastEventId}`}`;
    if (lastEventId !== null) this.stats.resumed++;
    const req = request(
      {
        hostname: this.url.hostname,
        port: this.url.port,
        path,
        headers: { ...auth.headers, Accept: "text/event-stream", "Cache-Control": "no-cache" },
        agent: false,
      },
      (res) => {
        if (res.statusCode !== 200) {
          this.fail(`GET ${path} answered ${res.statusCode}`);
          res.resume();
          return;
        }
        res.setEncoding("utf8");
        let buffer = "";
        let event = { type: "", data: "", id: null, hasData: false };
        res.on("data", (chunk) => {
          if (generation !== this.generation) return;
          buffer += chunk;
          let nl = buffer.indexOf("\n");
          while (nl >= 0 && generation === this.generation) {
            let line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (line.endsWith("\r")) line = line.slice(0, -1);
            if (line === "") {
              if (event.hasData) this.dispatch(event.type || "message", event.data.slice(0, -1), event.id);
              event = { type: "", data: "", id: null, hasData: false };
            } else if (line.startsWith(":")) {
              this.stats.heartbeats++;
            } else {
              const colon = line.indexOf(":");
              const field = colon < 0 ? line : line.slice(0, colon);
              let value = colon < 0 ? "" : line.slice(colon + 1);
              if (value.startsWith(" ")) value = value.slice(1);
              if (field === "event") event.type = value;
              else if (field === "data") {
                event.data += `${value}\n`;
                event.hasData = true;
              } else if (field === "id") event.id = value;
              // "retry" and unknown fields are ignored, as EventSource does.
            }
            nl = buffer.indexOf("\n");
          }
        });
        const lost = () => {
          if (generation !== this.generation || this.closed) return;
          this.stats.drops++;
          setTimeout(() => this.connect(this.version), 100);
        };
        res.on("end", lost);
        res.on("error", lost);
        res.on("aborted", lost);
      },
    );
    req.on("error", (err) => {
      if (generation !== this.generation || this.closed) return;
      this.stats.drops++;
      if (this.version === null) return this.fail(`GET ${path}: ${err.message}`);
      setTimeout(() => this.connect(this.version), 100);
    });
    req.end();
    this.req = req;
  }

  fail(message) {
    this.errors.push(message);
    this.onFail?.(new Error(`client ${this.index}: ${message}`));
  }

  dispatch(type, data, id) {
    traffic.messages++;
    if (type === "snapshot") {
      const m = JSON.parse(data);
      if (id !== null && Number(id) !== m.version)
        this.errors.push(`snapshot id ${id} != version ${m.version}`);
      // A snapshot on a resumed connection: the server could not replay from our version.
      if (this.stats.snapshots > 0) this.stats.resumeSnapshots++;
      this.topology = fromSnapshot(m.topology);
      this.version = m.version;
      this.feeds = m.feeds;
      this.stats.snapshots++;
      this.firstSnapshot ??= m;
      this.onSnapshot?.(m);
      this.onSnapshot = null;
    } else if (type === "delta") {
      const m = JSON.parse(data);
      traffic.lastDeltaAt = performance.now();
      traffic.deltas += m.deltas.length;
      if (id !== null && Number(id) !== m.version) this.errors.push(`delta id ${id} != version ${m.version}`);
      if (this.version === null) {
        this.errors.push(`delta ${m.version} before any snapshot`);
        return;
      }
      if (m.version <= this.version) {
        this.stats.duplicates++;
        return;
      }
      if (m.version !== this.version + 1) {
        // A gap: ask for what was missed from the last version applied.
        this.stats.gaps++;
        const resumeFrom = this.version;
        this.req?.destroy();
        this.generation++;
        setTimeout(() => this.connect(resumeFrom), 0);
        return;
      }
      applyDeltas(this.topology, m.deltas);
      this.version = m.version;
      this.stats.deltas++;
      this.onDelta?.(m);
    } else if (type === "status") {
      this.feeds = JSON.parse(data).feeds;
    }
  }

  /** Drops the connection on purpose and resumes from the last version applied, as after a network blip. */
  bounce() {
    if (this.closed || this.version === null) return;
    this.stats.bounces++;
    this.generation++;
    this.req?.destroy();
    const resumeFrom = this.version;
    setTimeout(() => this.connect(resumeFrom), 50);
  }

  /** Comes back after close(), resuming from the last version applied, as the browser does after a drop. */
  reopen() {
    this.closed = false;
    this.generation++;
    this.connect(this.version);
  }

  close() {
    this.closed = true;
    this.generation++;
    this.req?.destroy();
  }
}

// ------------------------------------------------------------------------------------------ comparing

/** "3 add container, 1 remove endpoint" */
function summarize(deltas) {
  const counts = new Map();
  for (const d of deltas) counts.set(`${d.op} ${d.kind}`, (counts.get(`${d.op} ${d.kind}`) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
}

/** A client's (or a snapshot's) topology reduced to what is compared, for one engine id. */
function reduceTopology(topology, engineId) {
  const state = { networks: new Map(), containers: new Map(), endpoints: new Map() };
  for (const n of topology.network.values())
    if (n.engine === engineId) state.networks.set(n.id, { name: n.name });
  for (const c of topology.container.values())
    if (c.engine === engineId) state.containers.set(c.id, { name: c.name, state: c.state });
  for (const e of topology.endpoint.values()) {
    if (e.engine !== engineId) continue;
    state.endpoints.set(`${e.containerId}/${e.networkName}`, { ipv4: e.ipv4Address, aliases: e.aliases });
  }
  return state;
}

/** Differences between a reduced topology and the engine's state, one line each; empty when equal. */
function compare(seen, truth) {
  const out = [];
  const names = (id) => truth.containers.get(id)?.name ?? seen.containers.get(id)?.name ?? id.slice(0, 12);
  const show = (v) => JSON.stringify(v);
  const each = (kind, label) => {
    for (const [key, want] of truth[kind]) {
      const got = seen[kind].get(key);
      if (!got) out.push(`${kind.slice(0, -1)} ${label(key)}: missing (docker: ${show(want)})`);
      else if (show(got) !== show(want))
        out.push(`${kind.slice(0, -1)} ${label(key)}: client ${show(got)}, docker ${show(want)}`);
    }
    for (const [key, got] of seen[kind])
      if (!truth[kind].has(key))
        out.push(`${kind.slice(0, -1)} ${label(key)}: extra, gone from docker (${show(got)})`);
  };
  each(
    "networks",
    (id) => `${truth.networks.get(id)?.name ?? seen.networks.get(id)?.name} (${id.slice(0, 12)})`,
  );
  each("containers", (id) => `${names(id)} (${id.slice(0, 12)})`);
  each("endpoints", (key) => {
    const [id, network] = key.split("/");
    return `${names(id)} on ${network}`;
  });
  return out;
}

// ------------------------------------------------------------------------------------------------ main

let activeClient = null;
const clients = [];
let cleanupPromise = null;

async function finish() {
  cleanupPromise ??= (async () => {
    for (const c of clients) c.close();
    await stopServer();
    if (activeClient?.api) {
      const removed = await cleanupLabelled(activeClient, LABEL);
      console.log(
        `cleanup: removed ${removed.containers} containers and ${removed.networks} networks labelled ${LABEL}`,
      );
    }
  })();
  return cleanupPromise;
}

/** Opens one SSE client, waits for its snapshot, and closes it: warm-up and the after-idle probe. */
async function probeSnapshot(baseUrl) {
  const probe = new SseClient(-1, baseUrl);
  try {
    return await Promise.race([
      probe.open(),
      sleep(30_000).then(() => {
        throw new Error("no snapshot within 30 s");
      }),
    ]);
  } finally {
    probe.close();
  }
}

async function main() {
  const options = parseOptions();
  const client = dockerClient(options.socketPath);
  const version = await client.negotiate();
  activeClient = client;
  console.log("Netatlas live load check: SSE clients against a burst of Docker changes");
  console.log(machine());
  console.log(
    `  docker ${version.Version}, engine API ${version.ApiVersion} (calls made with ${client.api}) at ${options.dockerHost}`,
  );
  if (await clearLeftovers(client, LABEL, { cleanupOnly: options.cleanupOnly })) {
    activeClient = null;
    return;
  }
  await requireImage(client, "scripts/lab.sh up builds it");
  console.log(
    `  ${options.clients} clients, ${options.changes} changes at concurrency ${options.concurrency}; quiet after ${options.quietMs} ms without a delta; load average ${load()}`,
  );

  let baseUrl = options.url;
  let pid = null;
  if (!baseUrl) {
    const server = await startServer(options);
    pid = server.pid;
    baseUrl = server.url;
    console.log(
      `server: next start at ${baseUrl} (pid ${pid}), ready in ${secs(server.readyMs)}; build ${server.buildId}`,
    );
  } else {
    console.log(`server: using ${baseUrl}; its memory and CPU are not measured (not started here)`);
  }
  const failures = [];

  // Warm-up: the page, the topology read and the stream once each, then let the feed go idle again.
  const base = new URL(baseUrl);
  for (let i = 0; i < 3; i++) {
    await call({ url: base, path: "/" });
    await call({ url: base, path: "/api/topology" });
    await probeSnapshot(baseUrl);
  }
  await sleep(3000);
  const rss = { baseline: procStatusBytes(pid, "VmRSS"), hwmBefore: procStatusBytes(pid, "VmHWM"), peak: 0 };
  const engineId = (await call({ url: base, path: "/api/health" })).json?.engines?.find(
    (e) => e.host === options.dockerHost,
  )?.id;
  if (!engineId)
    throw new Error(`the server at ${baseUrl} does not read the engine at ${options.dockerHost}`);
  console.log(`warm-up: done; server RSS baseline ${mib(rss.baseline)} (VmHWM so far ${mib(rss.hwmBefore)})`);

  // The clients.
  let t = performance.now();
  for (let i = 0; i < options.clients; i++) clients.push(new SseClient(i, baseUrl));
  const snapshots = await Promise.all(clients.map((c) => c.open()));
  const startVersion = Math.max(...snapshots.map((s) => s.version));
  console.log(
    `clients: ${options.clients} connected with snapshots in ${secs(performance.now() - t)} (versions ${Math.min(...snapshots.map((s) => s.version))}..${startVersion}); RSS ${mib(procStatusBytes(pid, "VmRSS"))}`,
  );

  // The burst, with RSS sampled until quiet.
  const plan = planBurst(options, client);
  const sampler = setInterval(() => {
    const now = procStatusBytes(pid, "VmRSS");
    if (now !== null && now > rss.peak) rss.peak = now;
  }, 100);
  const cpu0 = processCpuMs(pid);
  t = performance.now();
  let lastCallAt = t;
  let churned = 0;
  const churn =
    options.churnMs > 0
      ? setInterval(() => clients[churned++ % clients.length].bounce(), options.churnMs)
      : null;
  const burst = await runBurst(plan, options, () => {
    lastCallAt = performance.now();
  }).finally(() => churn && clearInterval(churn));
  const burstMs = performance.now() - t;
  console.log(
    `burst: ${burst.calls} Engine API calls (${plan.cycles.length} cycles) in ${secs(burstMs)} (${((burst.calls / burstMs) * 1000).toFixed(0)}/s), ${burst.errors.length} failed, ${burst.skipped} skipped after a failure`,
  );
  for (const e of burst.errors.slice(0, 10)) console.log(`  FAILED CALL ${e}`);
  if (burst.errors.length > 0) failures.push(`${burst.errors.length} Docker calls of the burst failed`);

  // Quiet: no delta for quietMs (and at least quietMs since the last call).
  const quietDeadline = performance.now() + 180_000;
  for (;;) {
    checkStop();
    const last = Math.max(traffic.lastDeltaAt, lastCallAt);
    if (performance.now() - last >= options.quietMs) break;
    if (performance.now() > quietDeadline) throw new Error("the stream did not go quiet within 180 s");
    await sleep(100);
  }
  clearInterval(sampler);
  const cpu1 = processCpuMs(pid);
  const lagMs = Math.max(0, traffic.lastDeltaAt - lastCallAt);
  const connectionsLive = engineConnections(pid, options.socketPath);
  console.log(
    `quiet: last delta ${lagMs.toFixed(0)} ms after the last Docker call returned; ${traffic.messages} SSE messages and ${traffic.deltas} deltas received over all clients; server CPU during burst + settle ${cpu0 === null ? "n/a" : `${((cpu1 - cpu0) / 1000).toFixed(1)} s`}`,
  );

  // Compare every client with the engine, and with a fresh snapshot of the server's store.
  const truth = await engineState(client);
  const fresh = await probeSnapshot(baseUrl);
  const storeDiff = compare(reduceTopology(fromSnapshot(fresh.topology), engineId), truth);
  console.log(
    `engine: ${truth.containers.size} containers, ${truth.networks.size} networks, ${truth.endpoints.size} endpoints; the server's store (a fresh snapshot at version ${fresh.version}): ${storeDiff.length === 0 ? "equal" : `${storeDiff.length} differences`}`,
  );
  for (const line of storeDiff.slice(0, 20)) console.log(`  STORE ${line}`);
  if (storeDiff.length > 0)
    failures.push(`the server's store differs from the engine in ${storeDiff.length} places`);

  const groups = new Map();
  const totals = Object.fromEntries(Object.keys(clients[0].stats).map((key) => [key, 0]));
  const versions = new Set();
  let clientErrors = 0;
  for (const c of clients) {
    for (const key of Object.keys(totals)) totals[key] += c.stats[key];
    versions.add(c.version);
    clientErrors += c.errors.length;
    for (const e of c.errors.slice(0, 3)) console.log(`  CLIENT ${c.index} PROTOCOL ${e}`);
    const diff = c.topology ? compare(reduceTopology(c.topology, engineId), truth) : ["no topology"];
    if (c.version !== fresh.version) diff.unshift(`version ${c.version}, the server is at ${fresh.version}`);
    if (diff.length === 0) continue;
    const key = diff.join("\n");
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(c.index);
  }
  const bad = [...groups.values()].reduce((sum, g) => sum + g.length, 0);
  console.log(
    `clients: ${options.clients - bad} of ${options.clients} equal the engine; per client: ${(totals.deltas / options.clients).toFixed(0)} delta messages (versions ${startVersion}->${[...versions].join(",")}), gaps ${totals.gaps}, drops ${totals.drops}, deliberate drops ${totals.bounces}, resumes with ?lastEventId ${totals.resumed} (answered with a snapshot: ${totals.resumeSnapshots}), duplicates ${totals.duplicates}, snapshots ${totals.snapshots}, heartbeats ${totals.heartbeats} (totals over all clients)`,
  );
  for (const [diff, members] of groups) {
    const lines = diff.split("\n");
    console.log(
      `  MISMATCH in ${members.length} client(s) (#${members.slice(0, 10).join(", #")}${members.length > 10 ? ", ..." : ""}): ${lines.length} differences`,
    );
    for (const line of lines.slice(0, 20)) console.log(`    ${line}`);
    if (lines.length > 20) console.log(`    ... and ${lines.length - 20} more`);
  }
  if (bad > 0) failures.push(`${bad} of ${options.clients} clients differ from the engine`);
  if (clientErrors > 0) failures.push(`${clientErrors} protocol errors in the clients`);
  if (totals.gaps > 0) console.log(`  note: ${totals.gaps} gaps were detected and resumed with lastEventId`);

  // The clients leave; the server should stop its events reader (~1 s) and give memory back.
  const versionBefore = fresh.version;
  for (const c of clients) c.close();
  const closedAt = Date.now();
  await sleep(options.idleMs);
  rss.after = procStatusBytes(pid, "VmRSS");
  rss.hwm = procStatusBytes(pid, "VmHWM");
  const connectionsIdle = engineConnections(pid, options.socketPath);

  // Docker changes while nobody listens. Then client #0 comes back with ?lastEventId=<its last version>, as the
  // browser does after a dropped connection, and a new client connects: both must equal the engine.
  const idleChanges = await changeWhileIdle(client);
  const returning = clients[0];
  const resumedFrom = returning.version;
  const replayed = [];
  const snapshotsBefore = returning.stats.snapshots;
  returning.onDelta = (m) =>
    replayed.push(`v${m.version} ${m.cause}: ${m.deltas.length} deltas (${summarize(m.deltas)})`);
  returning.reopen();
  const answered = await until(
    () => replayed.length > 0 || returning.stats.snapshots > snapshotsBefore,
    15_000,
  );
  await sleep(1500);
  returning.close();
  const again = await probeSnapshot(baseUrl);
  const truthAfter = await engineState(client);
  const resumeDiff = compare(reduceTopology(returning.topology, engineId), truthAfter);
  const freshDiff = compare(reduceTopology(fromSnapshot(again.topology), engineId), truthAfter);
  console.log(
    `resume after idle: while no client listened: ${idleChanges.join(", ") || "nothing to change"}; client #0 came back with ?lastEventId=${resumedFrom} and got ${
      !answered
        ? "NOTHING within 15 s"
        : returning.stats.snapshots > snapshotsBefore
          ? "a snapshot"
          : `${replayed.length} replayed delta message(s): ${replayed.join("; ")}`
    }: ${resumeDiff.length === 0 ? "equal to the engine" : `${resumeDiff.length} DIFFERENCES from the engine`}`,
  );
  for (const line of resumeDiff.slice(0, 20)) console.log(`  RESUMED ${line}`);
  if (resumeDiff.length > 0)
    failures.push(
      `a client resuming with ?lastEventId after the server went idle differs from the engine in ${resumeDiff.length} places`,
    );
  console.log(
    `  a new client at the same time: snapshot at version ${again.version}, ${freshDiff.length === 0 ? "equal to the engine" : `${freshDiff.length} DIFFERENCES from the engine`}`,
  );
  for (const line of freshDiff.slice(0, 20)) console.log(`  NEW CLIENT ${line}`);
  if (freshDiff.length > 0)
    failures.push(`a new client after idle differs from the engine in ${freshDiff.length} places`);

  const feed = again.feeds.find((f) => f.engine === engineId);
  const restarted =
    feed && Date.parse(feed.since) >= closedAt && feed.resyncs === 0 && again.version === versionBefore + 1;
  console.log(
    `idle: after ${options.idleMs / 1000} s without clients the feed was "${feed?.state}" since ${feed?.since} (clients left at ${new Date(closedAt).toISOString()}), resyncs ${feed?.resyncs}, version ${versionBefore} -> ${again.version} (one rebuild): ${restarted ? "the events reader had stopped and was started afresh" : "THE EVENTS READER KEPT RUNNING"}`,
  );
  if (connectionsLive !== null)
    console.log(
      `  server's connections to the engine socket: ${connectionsLive} while clients listened, ${connectionsIdle} when idle (events stream + idle keep-alive sockets; informational)`,
    );
  if (!restarted) failures.push("the server did not stop its events reader after the last client left");

  if (pid !== null) {
    const limit = rss.baseline * RSS_RETURN_FACTOR + RSS_RETURN_SLACK;
    const back = rss.after <= limit;
    console.log(
      `memory: RSS baseline ${mib(rss.baseline)}, peak during the burst ${mib(rss.peak)} (VmHWM ${mib(rss.hwm)}), ${options.idleMs / 1000} s after the clients left ${mib(rss.after)} (limit ${mib(limit)} = baseline x ${RSS_RETURN_FACTOR} + ${mib(RSS_RETURN_SLACK)}): ${back ? "returned" : "DID NOT RETURN"}`,
    );
    if (!back) failures.push(`RSS ${mib(rss.after)} after the clients left is above ${mib(limit)}`);
  }
  console.log(`load average now ${load()}`);
  if (failures.length === 0) console.log("LOAD CHECK PASSED");
  else {
    console.log(`LOAD CHECK FAILED: ${failures.join("; ")}`);
    process.exitCode = 1;
  }
}

// Open sockets or timers must not keep a finished run alive (forceExit).
await runScript({
  name: "load-live",
  npmScript: "load:live",
  inFlight: "calls",
  main,
  finish,
  forceExit: true,
});
