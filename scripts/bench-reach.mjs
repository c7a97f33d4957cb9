#!/usr/bin/env node
// scripts/bench-reach.mjs - what GET /api/reach (the reach matrix, and one pair) costs when it is answered from the
// live store, at 200 and 1,000 containers shaped like a real deployment, next to GET /api/topology from the same
// store; and how the /reach page behaves in Debian's Chromium at the largest size (time until the matrix is drawn,
// the longest main-thread task). Prints every figure against the issue's budget as a ratio. Not a timed test.
// Each request is timed in three states of the server: "repeat" (the same request again at once), "after a change"
// (a new store version: the analysis is rebuilt), "facts re-read" (more than 3 s after the last request).
// Usage: DOCKER_HOST=unix:///run/netatlas-lab/bench/docker.sock npm run bench:reach [-- --sizes=200,1000]
// Options (argv wins over env): --sizes / SIZES (200,1000), --samples / SAMPLES (20), --warmup / WARMUP (3),
// --spaced-samples / SPACED_SAMPLES (5: "after a change" and "facts re-read", each > 3 s apart), --off-samples /
// OFF_SAMPLES (2: group=off above 300 containers, when the server answers it at all),
// --page-loads / PAGE_LOADS (3, 0 = no browser), --concurrency / CONCURRENCY (8 Engine API calls in flight while
// creating), --url / NETATLAS_URL, --app-dir / NETATLAS_APP_DIR, --docker-host / DOCKER_HOST (unix:// only),
// --subnets / SUBNETS (10.170: network i gets 10.170.<i>.0/24), --verbose / VERBOSE=1, --cleanup-only.
// Everything it creates is named nabench-<run>-… and labelled netatlas.bench=reach; exactly those are removed at
// start and at exit (also after an error or a first Ctrl-C).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { chromium } from "@playwright/test";
import {
  appDirOption,
  auth,
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
  mib,
  parseArgs,
  percentile,
  processCpuMs,
  procStatusBytes,
  REPO,
  requireImage,
  runScript,
  secs,
  sleep,
  startServer,
  stopServer,
  subnetsOption,
  UsageError,
  urlOption,
  verboseOption,
} from "./lib/bench-common.mjs";

const LABEL_VALUE = "reach";
const LABEL = `${LABEL_KEY}=${LABEL_VALUE}`;
const RUN_LABEL = `${LABEL_KEY}.run`;
const COMPOSE_PROJECT = "com.docker.compose.project";
const COMPOSE_SERVICE = "com.docker.compose.service";
// The same Debian chromium and flags as the e2e tests.
const chromiumLaunch = JSON.parse(readFileSync(join(REPO, "e2e/chromium.json"), "utf8"));
const CHROMIUM = chromiumLaunch.executablePath;
/** The issue's budgets: the matrix for 200 containers in 50 ms, the grouped matrix for 1,000 in 200 ms. */
const BUDGETS = [
  { upTo: 200, grouped: null, ms: 50 },
  { upTo: 1000, grouped: true, ms: 200 },
];
/** MAX_UNGROUPED in lib/analysis/reach-matrix.ts (declared, not enforced): above it group=off gets OFF_SAMPLES. */
const MAX_UNGROUPED = 300;
/** lib/host/facts.ts FACTS_TTL_MS: a request later than this after the last one re-reads the host's facts. */
const FACTS_TTL_MS = Number(process.env.NETATLAS_HOST_FACTS_TTL_MS ?? 3000);
const STORE_TIMEOUT_MS = 10 * 60_000;
const PAGE_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------------------------------------- options

function parseOptions() {
  const args = parseArgs(
    [
      "sizes",
      "samples",
      "warmup",
      "spaced-samples",
      "off-samples",
      "page-loads",
      "concurrency",
      "url",
      "docker-host",
      "app-dir",
      "subnets",
      "verbose",
      "cleanup-only",
    ],
    "--sizes=200,1000",
  );
  const env = process.env;
  const { dockerHost, socketPath } = engineOption(args, "scripts/lab.sh up --name bench");
  const subnets = subnetsOption(args, "10.170");
  const sizes = [
    ...new Set(
      String(args.sizes ?? env.SIZES ?? "200,1000")
        .split(",")
        .map((s) => intOption("SIZES", s.trim(), 2)),
    ),
  ].sort((a, b) => a - b);
  const options = {
    sizes,
    samples: intOption("SAMPLES", args.samples ?? env.SAMPLES ?? 20, 1),
    warmup: intOption("WARMUP", args.warmup ?? env.WARMUP ?? 3, 0),
    spacedSamples: intOption("SPACED_SAMPLES", args["spaced-samples"] ?? env.SPACED_SAMPLES ?? 5, 1),
    offSamples: intOption("OFF_SAMPLES", args["off-samples"] ?? env.OFF_SAMPLES ?? 2, 0),
    pageLoads: intOption("PAGE_LOADS", args["page-loads"] ?? env.PAGE_LOADS ?? 3, 0),
    concurrency: intOption("CONCURRENCY", args.concurrency ?? env.CONCURRENCY ?? 8, 1),
    url: urlOption(args, { loopback: true }),
    dockerHost,
    socketPath,
    appDir: appDirOption(args),
    subnets,
    verbose: verboseOption(args),
    cleanupOnly: "cleanup-only" in args,
  };
  if (sizes.at(-1) > MAX_SIZE) throw new UsageError(`at most ${MAX_SIZE} containers (one host port each)`);
  const networks = 2 * projectsFor(sizes.at(-1));
  if (networks > 256 * (256 - Number(subnets.split(".")[1])))
    throw new UsageError(`${networks} networks do not fit in /24s from ${subnets}.0.0`);
  return options;
}

// ------------------------------------------------------------------------------------------ helpers

const fmt = (v) => (v === null || v === undefined ? "n/a" : v < 10 ? v.toFixed(2) : v.toFixed(1));
const kib = (bytes) => (bytes >= 1024 * 1024 ? mib(bytes) : `${(bytes / 1024).toFixed(1)} KiB`);

/** The budget that applies to a matrix of n containers, grouped or not; null when the issue sets none. */
function budgetFor(n, grouped) {
  const b = BUDGETS.find((x) => n <= x.upTo);
  return b && (b.grouped === null || b.grouped === grouped) ? b.ms : null;
}

/**
 * GET over loopback with the session, timed to the first byte and to the last byte; the body is parsed after
 * the clock stops (the budget is the server's answer, not this client's JSON.parse).
 */
function timedGet(base, path) {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const req = request(
      {
        hostname: base.hostname,
        port: base.port,
        path,
        headers: { ...auth.headers, Accept: "application/json" },
      },
      (res) => {
        const ttfb = performance.now() - t0;
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const ms = performance.now() - t0;
          const raw = Buffer.concat(chunks);
          let json = null;
          try {
            json = JSON.parse(raw.toString("utf8"));
          } catch {}
          resolvePromise({
            status: res.statusCode,
            ms,
            ttfb,
            bytes: raw.length,
            json,
            text: raw.toString("utf8"),
          });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

// --------------------------------------------------------------------------------------- the deployment

/**
 * One Compose-like project per 20 containers, on two networks of its own (front, back): a third of the
 * containers on both, replicas sharing their service's alias, published ports on the proxies (any address) and on
 * some databases (127.0.0.1), and the back network --internal in every fourth project.
 */
const ROLES = [
  { role: "proxy", count: 2, nets: ["front"], alias: false, publish: "any" },
  { role: "web", count: 4, nets: ["front", "back"], alias: true, publish: null },
  { role: "api", count: 3, nets: ["front", "back"], alias: true, publish: null },
  { role: "worker", count: 6, nets: ["back"], alias: false, publish: null },
  { role: "cache", count: 3, nets: ["back"], alias: true, publish: null },
  { role: "db", count: 2, nets: ["back"], alias: true, publish: "lo" },
];
const PROJECT_SIZE = ROLES.reduce((sum, r) => sum + r.count, 0);
const projectsFor = (n) => Math.ceil(n / PROJECT_SIZE);
/** Container i publishes (if it does) on host port ANY_PORTS + i (any address) or LO_PORTS + i (127.0.0.1). */
const ANY_PORTS = 20000;
const LO_PORTS = 26000;
const MAX_SIZE = LO_PORTS - ANY_PORTS;
const internalBack = (k) => k % 4 === 3;
const dbPublishes = (k) => k % 3 === 0 && !internalBack(k);

const projectName = (run, k) => `nabench-${run}-p${k}`;
const netName = (run, k, which) => `${projectName(run, k)}-${which}`;

/** Container i of the deployment: its project, service, networks (first one at create), aliases, port. */
function containerPlan(run, i) {
  const k = Math.floor(i / PROJECT_SIZE);
  let j = i % PROJECT_SIZE;
  const r = ROLES.find((x) => {
    if (j < x.count) return true;
    j -= x.count;
    return false;
  });
  const publish = r.publish === "lo" ? (dbPublishes(k) ? "lo" : null) : r.publish;
  return {
    k,
    role: r.role,
    name: `${projectName(run, k)}-${r.role}-${j + 1}`,
    nets: r.nets.map((which) => netName(run, k, which)),
    aliases: r.alias ? [r.role] : [],
    publish,
    // Fixed host ports: Docker's random ones can collide between 0.0.0.0 and 127.0.0.1 ("address already in use").
    hostPort: publish === "lo" ? LO_PORTS + i : publish ? ANY_PORTS + i : null,
  };
}

function labels(run, extra) {
  return { [LABEL_KEY]: LABEL_VALUE, [RUN_LABEL]: run, ...extra };
}

/**
 * mapBounded, but a failure stops new calls and is thrown only once every call in flight has ended, so that the
 * cleanup never races calls still creating objects.
 */
async function eachBounded(items, limit, fn) {
  let failure = null;
  await mapBounded(items, limit, async (item, index) => {
    if (failure) return;
    try {
      await fn(item, index);
    } catch (err) {
      failure ??= err;
    }
  });
  if (failure) throw failure;
}

/** Creates the networks of projects [fromK, toK) and containers [from, to), started. */
async function grow(client, options, run, from, to) {
  const { docker } = client;
  const [o1, o2] = options.subnets.split(".").map(Number);
  const fromK = projectsFor(from);
  const toK = projectsFor(to);
  let t = performance.now();
  const nets = [];
  for (let k = fromK; k < toK; k++) for (const which of ["front", "back"]) nets.push({ k, which });
  await eachBounded(nets, options.concurrency, async ({ k, which }) => {
    checkStop();
    const index = 2 * k + (which === "back" ? 1 : 0);
    const prefix = `${o1}.${o2 + Math.floor(index / 256)}.${index % 256}`;
    try {
      await docker("POST", "/networks/create", {
        Name: netName(run, k, which),
        Driver: "bridge",
        CheckDuplicate: true,
        Internal: which === "back" && internalBack(k),
        Labels: labels(run, { [COMPOSE_PROJECT]: projectName(run, k), "com.docker.compose.network": which }),
        IPAM: { Driver: "default", Config: [{ Subnet: `${prefix}.0/24`, Gateway: `${prefix}.1` }] },
      });
    } catch (err) {
      if (/overlap/i.test(err.message))
        err.message += ` (another network uses ${options.subnets}.x: set SUBNETS to another prefix)`;
      throw err;
    }
  });
  const networksMs = performance.now() - t;
  t = performance.now();
  let done = 0;
  const plans = Array.from({ length: to - from }, (_, x) => containerPlan(run, from + x));
  await eachBounded(plans, options.concurrency, async (p) => {
    checkStop();
    const [first, ...rest] = p.nets;
    const port = p.role === "db" ? "5432/tcp" : "80/tcp";
    const created = await docker("POST", `/containers/create?name=${p.name}`, {
      Image: IMAGE,
      Cmd: ["sleep", "2147483647"],
      Labels: labels(run, { [COMPOSE_PROJECT]: projectName(run, p.k), [COMPOSE_SERVICE]: p.role }),
      ...(p.publish ? { ExposedPorts: { [port]: {} } } : {}),
      HostConfig: {
        NetworkMode: first,
        ...(p.publish
          ? {
              PortBindings: {
                [port]: [{ HostIp: p.publish === "lo" ? "127.0.0.1" : "", HostPort: String(p.hostPort) }],
              },
            }
          : {}),
      },
      NetworkingConfig: { EndpointsConfig: { [first]: { Aliases: p.aliases } } },
    });
    const id = created.json.Id;
    for (const net of rest) {
      checkStop();
      await docker("POST", `/networks/${net}/connect`, {
        Container: id,
        EndpointConfig: { Aliases: p.aliases },
      });
    }
    await docker("POST", `/containers/${id}/start`);
    done++;
    if (options.verbose && done % 100 === 0) console.log(`  … ${from + done} containers`);
  });
  const containersMs = performance.now() - t;
  return { networks: nets.length, networksMs, containersMs };
}

/** What the deployment of n containers holds. */
function shape(run, n) {
  const plans = Array.from({ length: n }, (_, i) => containerPlan(run, i));
  const projects = projectsFor(n);
  return {
    containers: n,
    projects,
    networks: 2 * projects,
    internal: Array.from({ length: projects }, (_, k) => k).filter(internalBack).length,
    twoNetworks: plans.filter((p) => p.nets.length === 2).length,
    attachments: plans.reduce((sum, p) => sum + p.nets.length, 0),
    aliased: plans.filter((p) => p.aliases.length > 0).length,
    publishedAny: plans.filter((p) => p.publish === "any").length,
    publishedLo: plans.filter((p) => p.publish === "lo").length,
    plans,
  };
}

// ------------------------------------------------------------------------------------ the live client

/**
 * One client of GET /api/events, so that the server's store is live; it follows the snapshot and deltas far
 * enough to tell when the store holds every bench container, running, with every endpoint.
 */
function openStream(base, run) {
  const s = {
    version: null,
    feeds: [],
    containers: new Map(),
    endpoints: new Map(),
    messages: 0,
    bytes: 0,
    ended: null,
    listeners: new Set(),
  };
  const notify = () => {
    for (const l of s.listeners) l();
  };
  const apply = (kind, delta) => {
    const map = kind === "container" ? s.containers : kind === "endpoint" ? s.endpoints : null;
    if (!map) return;
    if (delta.op === "remove") map.delete(delta.key);
    else map.set(delta.key, delta.value);
  };
  const dispatch = (event, data) => {
    s.messages++;
    const m = JSON.parse(data);
    if (event === "snapshot") {
      s.version = m.version;
      s.feeds = m.feeds;
      s.containers = new Map(m.topology.containers.map((c) => [`${c.engine}/${c.id}`, c]));
      s.endpoints = new Map(
        m.topology.endpoints.map((e) => [`${e.engine}/${e.networkName}/${e.containerId}`, e]),
      );
    } else if (event === "delta") {
      s.version = m.version;
      for (const d of m.deltas) apply(d.kind, d);
    } else if (event === "status") {
      s.feeds = m.feeds;
    }
    notify();
  };
  const req = request(
    {
      hostname: base.hostname,
      port: base.port,
      path: "/api/events",
      headers: { ...auth.headers, Accept: "text/event-stream" },
    },
    (res) => {
      if (res.statusCode !== 200) {
        s.ended = `GET /api/events answered ${res.statusCode}`;
        res.resume();
        notify();
        return;
      }
      res.setEncoding("utf8");
      let buffer = "";
      let event = "message";
      let data = [];
      res.on("data", (chunk) => {
        s.bytes += Buffer.byteLength(chunk);
        buffer += chunk;
        for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
          const line = buffer.slice(0, nl).replace(/\r$/, "");
          buffer = buffer.slice(nl + 1);
          if (line === "") {
            if (data.length) dispatch(event, data.join("\n"));
            event = "message";
            data = [];
          } else if (!line.startsWith(":")) {
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "event") event = value;
            else if (field === "data") data.push(value);
          }
        }
      });
      res.on("end", () => {
        s.ended ??= "the stream ended";
        notify();
      });
    },
  );
  req.on("error", (err) => {
    s.ended ??= `the stream failed: ${err.message}`;
    notify();
  });
  req.end();

  /** The bench containers and endpoints the stream's copy of the store holds. */
  const counts = () => {
    const bench = new Set();
    let running = 0;
    for (const c of s.containers.values()) {
      if (c.labels?.[RUN_LABEL] !== run) continue;
      bench.add(c.id);
      if (c.state === "running") running++;
    }
    let endpoints = 0;
    for (const e of s.endpoints.values()) if (bench.has(e.containerId) && e.ipv4Address) endpoints++;
    return { containers: bench.size, running, endpoints, total: s.containers.size };
  };

  return {
    state: s,
    counts,
    live: () => s.feeds.length > 0 && s.feeds.every((f) => f.state === "live"),
    /** Resolves once `predicate()` holds (checked at every message), or fails after timeoutMs. */
    until(predicate, timeoutMs, what) {
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          try {
            checkStop();
          } catch (err) {
            return done(err);
          }
          if (s.ended) return done(new Error(`${what}: ${s.ended}`));
          if (predicate()) done(null);
        };
        const timer = setTimeout(
          () => done(new Error(`${what}: not within ${timeoutMs / 1000} s (${JSON.stringify(counts())})`)),
          timeoutMs,
        );
        const poll = setInterval(check, 500);
        function done(err) {
          clearTimeout(timer);
          clearInterval(poll);
          s.listeners.delete(check);
          if (err) reject(err);
          else resolvePromise();
        }
        s.listeners.add(check);
        check();
      });
    },
    close: () => req.destroy(),
  };
}

// ------------------------------------------------------------------------------------------ measuring

const readAtOf = (json) => (json?.hosts ? json.hosts.map((h) => h.readAt).join(",") : null);

/**
 * How a request can find the server. lib/live/analysis.ts keeps one analysis index (and what was computed from it)
 * per store version and host-facts read; the facts are read again once they are older than FACTS_TTL_MS.
 * - repeat: the same request again at once (same version, facts still fresh): what a second viewer gets;
 * - change: right after a Docker change (a new store version, facts still fresh): what every open page asks after
 *   each change, and what "answered from the store" means most strictly;
 * - facts: more than FACTS_TTL_MS after the last request: the answer comes from the last read while the script
 *   runs again in the background (lib/host/facts.ts); a re-read that finds the same facts keeps what was computed
 *   (and its readAt), so from outside this state shows only as the cost of the read running beside the request.
 */
const REGIMES = {
  repeat: "repeat",
  change: "after a change",
  facts: "facts re-read",
};

/** `warmup` requests, then `samples` back to back. */
async function repeatSeries(base, path, { samples, warmup, pid }) {
  let last = null;
  for (let i = 0; i < warmup; i++) {
    checkStop();
    last = await okGet(base, path);
  }
  const times = [];
  const ttfbs = [];
  let odd = 0;
  const cpu0 = processCpuMs(pid);
  for (let i = 0; i < samples; i++) {
    checkStop();
    const r = await okGet(base, path);
    // A sample that carries other host facts than the one before it re-read them (their 3 s ran out meanwhile).
    if (last && readAtOf(r.json) !== readAtOf(last.json)) odd++;
    times.push(r.ms);
    ttfbs.push(r.ttfb);
    last = r;
  }
  const cpu1 = processCpuMs(pid);
  return {
    times,
    ttfbs,
    odd,
    bytes: last.bytes,
    json: last.json,
    cpuPerReq: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / samples,
  };
}

/**
 * Samples spaced more than FACTS_TTL_MS apart. "facts": the request itself finds the facts stale. "change": a pair
 * request reads them first, then a bench container is renamed and the stream shows the new version, then the timed
 * request (facts fresh, store new: the stream has shown the new version before it is sent). No sample can miss
 * its state, so none is counted as odd (readAt cannot tell: identical facts keep the first read's).
 */
async function spacedSeries(base, path, regime, ctx, { samples, pid }) {
  const times = [];
  const ttfbs = [];
  let cpu = 0;
  let last = null;
  for (let i = 0; i < samples; i++) {
    checkStop();
    await sleep(FACTS_TTL_MS + 300);
    if (regime === "change") {
      await okGet(base, ctx.pairPath);
      const v0 = ctx.stream.state.version;
      ctx.renamed = !ctx.renamed;
      await ctx.client.docker(
        "POST",
        `/containers/${ctx.target.id}/rename?name=${ctx.target.name}${ctx.renamed ? "-renamed" : ""}`,
      );
      await ctx.stream.until(() => ctx.stream.state.version > v0, 30_000, "a rename never reached the store");
    }
    const cpu0 = processCpuMs(pid);
    const r = await okGet(base, path);
    const cpu1 = processCpuMs(pid);
    if (cpu0 !== null && cpu1 !== null) cpu += cpu1 - cpu0;
    times.push(r.ms);
    ttfbs.push(r.ttfb);
    last = r;
  }
  if (ctx.renamed) {
    await ctx.client.docker("POST", `/containers/${ctx.target.id}/rename?name=${ctx.target.name}`);
    ctx.renamed = false;
  }
  return {
    times,
    ttfbs,
    odd: 0,
    bytes: last.bytes,
    json: last.json,
    cpuPerReq: pid === null ? null : cpu / samples,
  };
}

/** timedGet that must answer 200. */
async function okGet(base, path) {
  const r = await timedGet(base, path);
  if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${r.text.slice(0, 300)}`);
  return r;
}

/** Checks a matrix answer against what the engine holds; returns its row count (Outside excluded). */
function checkMatrix(json, path, expectContainers, grouped) {
  if (!json || !Array.isArray(json.members) || !Array.isArray(json.cells))
    throw new Error(`${path}: not a matrix`);
  const n = json.members.length;
  if (json.cells.length !== n || json.cells.some((line) => line.length !== n))
    throw new Error(`${path}: ${n} members but the cells are not ${n}×${n}`);
  if (json.containers !== expectContainers)
    throw new Error(`${path}: ${json.containers} containers, the store has ${expectContainers}`);
  const inRows = json.members.reduce((sum, m) => sum + m.members.length, 0);
  if (inRows !== expectContainers)
    throw new Error(`${path}: the rows hold ${inRows} containers, expected ${expectContainers}`);
  if (json.grouped !== grouped) throw new Error(`${path}: grouped is ${json.grouped}, expected ${grouped}`);
  return n - 1;
}

function verdictCounts(json) {
  const counts = {};
  for (const line of json.cells) for (const ch of line) counts[ch] = (counts[ch] ?? 0) + 1;
  return Object.entries(counts)
    .sort()
    .map(([k, v]) => `${k}:${v}`)
    .join(" ");
}

// ---------------------------------------------------------------------------------------- the page

/** Page side, before the app runs: long tasks, and when the matrix is in the DOM and drawn. */
function instrumentReachPage() {
  const w = window;
  const b = { longtasks: [], inDomAt: null, drawnAt: null, paintedAt: null, kind: null, rows: null };
  w.__nabench = b;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  const check = () => {
    if (b.drawnAt !== null) return;
    const el = document.querySelector(
      'canvas[aria-label^="Reach matrix"], table[aria-label^="Reach matrix"]',
    );
    if (!el) return;
    b.inDomAt ??= performance.now();
    b.kind = el.tagName.toLowerCase();
    // A canvas is drawn once its effect has sized it (its default width is 300).
    if (b.kind === "canvas" && el.width === 300) return;
    b.drawnAt = performance.now();
    b.rows =
      b.kind === "canvas"
        ? Number(/of (\d+) members/.exec(el.getAttribute("aria-label") ?? "")?.[1])
        : el.querySelectorAll("tbody > tr").length;
    requestAnimationFrame(() =>
      setTimeout(() => {
        b.paintedAt = performance.now();
      }, 0),
    );
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["width"],
  });
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.log(`browser: ${CHROMIUM} is missing, running scripts/ensure-chromium.sh`);
  const result = spawnSync("bash", [join(REPO, "scripts", "ensure-chromium.sh")], { stdio: "inherit" });
  if (result.status !== 0 || !existsSync(CHROMIUM)) throw new Error("could not install chromium; see above");
}

const longest = (tasks, from, to) =>
  tasks.filter((t) => t.start >= from && t.start < to).reduce((m, t) => Math.max(m, t.duration), 0);
const blocking = (tasks, from, to) =>
  tasks
    .filter((t) => t.start >= from && t.start < to)
    .reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0);

/** One fresh load of /reach: until the matrix is drawn, then a click on a cell until its answer shows. */
async function loadReachPage(baseUrl) {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    extraHTTPHeaders: auth.headers,
  });
  try {
    const page = await context.newPage();
    await page.addInitScript(instrumentReachPage);
    await page.goto(`${baseUrl}/reach`, { waitUntil: "commit" });
    await page.waitForFunction(() => window.__nabench?.paintedAt !== null, null, {
      timeout: PAGE_TIMEOUT_MS,
      polling: 100,
    });
    await sleep(2000);
    const load = await page.evaluate(() => {
      const b = window.__nabench;
      const nav = performance.getEntriesByType("navigation")[0];
      const reach = performance
        .getEntriesByType("resource")
        .filter((r) => /\/api\/reach(\?|$)/.test(new URL(r.name).pathname + new URL(r.name).search))
        .map((r) => ({
          start: r.startTime,
          end: r.responseEnd,
          bytes: r.decodedBodySize,
          wire: r.transferSize,
        }));
      return {
        ...b,
        longtasks: [...b.longtasks],
        html: nav
          ? {
              ttfb: nav.responseStart,
              end: nav.responseEnd,
              bytes: nav.decodedBodySize,
              wire: nav.transferSize,
            }
          : null,
        dcl: nav?.domContentLoadedEventEnd ?? null,
        reach,
      };
    });
    // Responsiveness after it is drawn: click the cell row 1 (the first container or group) → column 2, until
    // its answer is in the panel.
    const canvas = page.locator('canvas[aria-label^="Reach matrix"]');
    const isCanvas = (await canvas.count()) > 0;
    await page.evaluate(() => {
      const b = window.__nabench;
      b.clickAt = null;
      b.answerAt = null;
      document.addEventListener("pointerdown", () => (b.clickAt ??= performance.now()), {
        capture: true,
        once: true,
      });
      new MutationObserver((_, observer) => {
        if (b.clickAt !== null && document.querySelector('[data-testid="reach-summary"]')) {
          b.answerAt = performance.now();
          observer.disconnect();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    if (isCanvas) {
      // The canvas: a 220 px label strip, then 12 px cells (components/reach/ReachMatrix.tsx).
      const box = await canvas.boundingBox();
      await page.mouse.click(box.x + 220 + 2 * 12 + 6, box.y + 1 * 12 + 6);
    } else {
      await page.locator('button[data-cell="1,2"]').click();
    }
    await page.waitForFunction(() => window.__nabench.answerAt !== null, null, {
      timeout: PAGE_TIMEOUT_MS,
      polling: 50,
    });
    await sleep(1000);
    const click = await page.evaluate(() => {
      const b = window.__nabench;
      return {
        ms: b.answerAt - b.clickAt,
        clickAt: b.clickAt,
        answerAt: b.answerAt,
        longtasks: [...b.longtasks],
        summary: document.querySelector('[data-testid="reach-summary"]')?.textContent ?? "",
        // What the click fetched: the page's server render (Next's RSC request) and the pair.
        fetched: performance
          .getEntriesByType("resource")
          .filter((r) => r.startTime >= b.clickAt && r.startTime <= b.answerAt)
          .map((r) => {
            const u = new URL(r.name);
            return {
              what: u.pathname.startsWith("/api/")
                ? `${u.pathname}?${u.searchParams.has("from") ? "from=…" : u.search.slice(1, 40)}`
                : `${u.pathname} (page${u.searchParams.has("_rsc") ? ", RSC" : ""})`,
              start: r.startTime - b.clickAt,
              ms: r.responseEnd - r.startTime,
              bytes: r.decodedBodySize,
            };
          }),
      };
    });
    return { load, click };
  } finally {
    await context.close().catch(() => {});
  }
}

// ------------------------------------------------------------------------------------------------ main

let activeClient = null;
let stream = null;
let browser = null;
let cleanupPromise = null;

async function finish() {
  cleanupPromise ??= (async () => {
    if (browser) {
      await browser.close().catch(() => {});
      browser = null;
    }
    stream?.close();
    await stopServer();
    if (activeClient?.api) {
      const removed = await cleanupLabelled(activeClient, LABEL, 8);
      console.log(
        `cleanup: removed ${removed.containers} containers and ${removed.networks} networks labelled ${LABEL} in ${secs(removed.ms)}`,
      );
    }
  })();
  return cleanupPromise;
}

function caseLine(name, r, budget) {
  const med = median(r.times);
  const p95 = percentile(r.times, 95);
  const ratio = budget
    ? `  ${(med / budget).toFixed(2)}× / ${(p95 / budget).toFixed(2)}× of ${budget} ms`
    : "";
  return `  ${name.padEnd(42)} ${fmt(med).padStart(8)} ${fmt(p95).padStart(8)} ${fmt(Math.min(...r.times)).padStart(8)} ${fmt(Math.max(...r.times)).padStart(8)} ${kib(r.bytes).padStart(10)} ${(r.cpuPerReq === null ? "n/a" : `${fmt(r.cpuPerReq)} ms`).padStart(10)}${ratio}`;
}

async function measureSize(base, options, run, n, pid, client, summary) {
  const { samples, warmup } = options;
  const spaced = options.spacedSamples;
  const topo = await repeatSeries(base, "/api/topology", { samples, warmup, pid });
  const total = topo.json.containers.length;
  const benchInTopo = topo.json.containers.filter((c) => c.labels?.[RUN_LABEL] === run).length;
  if (benchInTopo !== n) throw new Error(`/api/topology has ${benchInTopo} bench containers, expected ${n}`);
  const byName = new Map(topo.json.containers.map((c) => [c.name, c]));
  const plans = shape(run, n).plans;
  const pick = (role) => byName.get(plans.find((p) => p.role === role).name);
  // The pair: the first web replica of the first project to its first db (they share the back network).
  const fromC = pick("web");
  const toC = pick("db");
  const pairPath = `/api/reach?from=${encodeURIComponent(`${fromC.engine}/${fromC.id}`)}&to=${encodeURIComponent(`${toC.engine}/${toC.id}`)}`;
  // The Docker change of the "change" samples: renaming the first worker (and back at the end).
  const worker = pick("worker");
  const ctx = { client, stream, pairPath, target: { id: worker.id, name: worker.name }, renamed: false };

  console.log(
    `  ${samples} samples back to back after ${warmup} warm-up ("repeat"), ${spaced} spaced ones ("after a change", "facts re-read"); ms to the last byte (this client's JSON.parse not included); server CPU per request from /proc (10 ms ticks)`,
  );
  console.log(
    `  ${"case".padEnd(42)} ${"median".padStart(8)} ${"p95".padStart(8)} ${"min".padStart(8)} ${"max".padStart(8)} ${"body".padStart(10)} ${"CPU/req".padStart(10)}  vs budget (median / p95)`,
  );
  console.log(caseLine("GET /api/topology (store)", { ...topo }, null));
  const results = { n, total, topology: topo, cases: [], refused: [] };
  const matrices = [
    { group: "off", grouped: false, regimes: ["repeat", "change", "facts"] },
    { group: "on", grouped: true, regimes: ["repeat", "change", "facts"] },
    { group: "auto", grouped: total > 40, regimes: ["repeat"] },
  ];
  for (const m of matrices) {
    const path = `/api/reach?group=${m.group}`;
    const heavy = m.group === "off" && total > MAX_UNGROUPED;
    let regimes = m.regimes;
    if (heavy) {
      // Above MAX_UNGROUPED the server may refuse; if it answers, a few samples only.
      const probe = await timedGet(base, path);
      if (probe.status !== 200) {
        const why = probe.json?.error?.message ?? probe.text.slice(0, 200);
        console.log(`  ${path.padEnd(42)} refused: ${probe.status} ${why} (${fmt(probe.ms)} ms)`);
        results.refused.push({ group: m.group, status: probe.status, ms: probe.ms });
        continue;
      }
      if (options.offSamples === 0) continue;
      regimes = ["repeat"];
    }
    for (const regime of regimes) {
      const r =
        regime === "repeat"
          ? await repeatSeries(base, path, {
              samples: heavy ? options.offSamples : samples,
              warmup: heavy ? 0 : warmup,
              pid,
            })
          : await spacedSeries(base, path, regime, ctx, { samples: spaced, pid });
      const rows = checkMatrix(r.json, path, total, m.grouped);
      const budget = heavy ? null : budgetFor(total, m.grouped);
      console.log(
        caseLine(`${path} ${REGIMES[regime]}${heavy ? ` (${options.offSamples}×)` : ""}`, r, budget),
      );
      results.cases.push({ group: m.group, grouped: m.grouped, regime, path, r, rows, budget });
    }
  }
  const pair = {};
  for (const regime of ["repeat", "change", "facts"]) {
    pair[regime] =
      regime === "repeat"
        ? await repeatSeries(base, pairPath, { samples, warmup, pid })
        : await spacedSeries(base, pairPath, regime, ctx, { samples: spaced, pid });
    if (!pair[regime].json?.pair?.verdict) throw new Error(`${pairPath}: no verdict`);
    console.log(caseLine(`GET /api/reach?from=…&to=… ${REGIMES[regime]}`, pair[regime], null));
  }
  results.pair = { ...pair, from: fromC.name, to: toC.name, verdict: pair.repeat.json.pair.verdict };

  const topoMedian = median(topo.times);
  for (const c of results.cases.filter((x) => x.regime === "repeat")) {
    const cells = (c.rows + 1) ** 2;
    console.log(
      `  group=${c.group}: ${c.rows} rows + Outside (${c.grouped ? "grouped" : "one per container"}), ${cells.toLocaleString("en")} cells [${verdictCounts(c.r.json)}]`,
    );
  }
  for (const c of results.cases) {
    const cells = (c.rows + 1) ** 2;
    console.log(
      `    group=${c.group} ${REGIMES[c.regime]}: ${((median(c.r.times) * 1000) / cells).toFixed(1)} µs per cell at the median (CPU ${c.r.cpuPerReq === null ? "n/a" : ((c.r.cpuPerReq * 1000) / cells).toFixed(1)} µs); first byte ${fmt(median(c.r.ttfbs))} ms; ${(median(c.r.times) / topoMedian).toFixed(2)}× /api/topology${c.r.odd ? `; ${c.r.odd} of ${c.r.times.length} samples not in that state (facts re-read or not)` : ""}`,
    );
  }
  console.log(
    `  pair ${results.pair.from} → ${results.pair.to}: ${results.pair.verdict} ("${pair.repeat.json.pair.summary.slice(0, 100)}…"); repeat ${(median(pair.repeat.times) / topoMedian).toFixed(2)}× /api/topology`,
  );
  results.rss = procStatusBytes(pid, "VmRSS");
  results.hwm = procStatusBytes(pid, "VmHWM");
  console.log(`  server RSS ${mib(results.rss)} (peak so far ${mib(results.hwm)}); load average ${load()}`);
  summary.push(results);
}

async function main() {
  const options = parseOptions();
  const client = dockerClient(options.socketPath, { strictJson: true });
  const version = await client.negotiate();
  activeClient = client;
  const run = randomBytes(3).toString("hex");
  console.log(
    "Netatlas reach benchmark: GET /api/reach (matrix and pair) from the live store, and the /reach page",
  );
  console.log(machine());
  console.log(`  docker ${version.Version}, engine API ${version.ApiVersion} at ${options.dockerHost}`);
  if (await clearLeftovers(client, LABEL, { cleanupOnly: options.cleanupOnly, note: " (a crashed run?)" })) {
    activeClient = null;
    return;
  }
  await requireImage(client, "scripts/lab.sh up builds it; never pulled");
  if (options.pageLoads > 0) ensureChromium();
  if (!options.url) ensureBuild(options.appDir);
  const others = (await client.docker("GET", "/containers/json?all=1")).json.length;
  console.log(
    `  run ${run}: sizes ${options.sizes.join(", ")}; ${PROJECT_SIZE} containers per project on 2 networks; load average ${load()}${others ? `; ${others} other containers on the engine count too` : ""}`,
  );

  const summary = [];
  let made = 0;
  let pid = null;
  let base = null;
  for (const n of options.sizes) {
    checkStop();
    const s = shape(run, n);
    // No live client while creating: the server stops reading events (and creating is not slowed by it); the
    // stream opened afterwards makes the store afresh from a listing, as a page opening would.
    stream?.close();
    stream = null;
    const grown = await grow(client, options, run, made, n);
    console.log(
      `\nN=${n}: ${s.projects} projects, ${s.networks} networks (${grown.networks} new in ${secs(grown.networksMs)}; ${s.internal} --internal), ${n - made} containers created, connected and started in ${secs(grown.containersMs)} (${(((n - made) / grown.containersMs) * 1000).toFixed(1)}/s, ${options.concurrency} calls in flight)`,
    );
    console.log(
      `  ${s.twoNetworks} containers on two networks, ${s.attachments} attachments, ${s.aliased} with a shared service alias, ${s.publishedAny + s.publishedLo} published ports (${s.publishedAny} on any address, ${s.publishedLo} on 127.0.0.1)`,
    );
    made = n;
    if (!base) {
      if (options.url) {
        base = new URL(options.url);
        console.log(`server: using ${options.url}; its CPU and memory are not measured (not started here)`);
      } else {
        const server = await startServer(options);
        pid = server.pid;
        base = new URL(server.url);
        console.log(
          `server: next start at ${server.url} (pid ${pid}), ready in ${secs(server.readyMs)}; build ${server.buildId}`,
        );
      }
    }
    stream = openStream(base, run);
    const t = performance.now();
    await stream.until(
      () => {
        const c = stream.counts();
        return stream.live() && c.containers === n && c.running === n && c.endpoints === s.attachments;
      },
      STORE_TIMEOUT_MS,
      `the live store never held all ${n} containers`,
    );
    console.log(
      `  live store: one client on /api/events; all ${n} bench containers running with ${s.attachments} endpoints at v${stream.state.version}, ${secs(performance.now() - t)} after it connected (${stream.state.messages} messages, ${mib(stream.state.bytes)})`,
    );
    await measureSize(base, options, run, n, pid, client, summary);
  }

  let pages = null;
  if (options.pageLoads > 0) {
    browser = await chromium.launch(chromiumLaunch);
    const n = options.sizes.at(-1);
    console.log(
      `\npage: /reach in Chromium ${browser.version()} at N=${n}, ${options.pageLoads} fresh loads (new browser context each)`,
    );
    pages = [];
    for (let i = 0; i < options.pageLoads; i++) {
      checkStop();
      const r = await loadReachPage(base.href.replace(/\/$/, ""));
      const l = r.load;
      const reachCalls = l.reach.map((x) => `${fmt(x.start)}→${fmt(x.end)}`).join(", ");
      const c = r.click;
      const p = {
        drawn: l.paintedAt,
        inDom: l.inDomAt,
        longestLoad: longest(l.longtasks, 0, l.paintedAt),
        // From the answer the page kept (the last /api/reach) to drawn: the matrix's own parse, render and draw.
        longestMatrix: l.reach.length ? longest(l.longtasks, l.reach.at(-1).end - 1, l.paintedAt) : null,
        blockingLoad: blocking(l.longtasks, 0, l.paintedAt),
        longestAfter: longest(l.longtasks, l.paintedAt, l.paintedAt + 2000),
        longtasks: l.longtasks.filter((x) => x.start < l.paintedAt).length,
        html: l.html,
        reach: l.reach,
        rows: l.rows,
        kind: l.kind,
        clickMs: c?.ms ?? null,
        longestClick: c ? longest(c.longtasks, c.clickAt - 1, c.answerAt + 1) : null,
      };
      pages.push(p);
      console.log(
        `  load ${i + 1}: matrix drawn ${fmt(p.drawn)} ms after navigation start (in the DOM at ${fmt(p.inDom)}, a ${p.kind} of ${p.rows ?? "?"} members); HTML first byte ${fmt(l.html?.ttfb)} ms, ${kib(l.html?.bytes ?? 0)}; DOMContentLoaded ${fmt(l.dcl)} ms; /api/reach calls ${reachCalls || "none seen"} (${kib(l.reach.at(-1)?.bytes ?? 0)})`,
      );
      console.log(
        `    long tasks until drawn: ${p.longtasks}, longest ${fmt(p.longestLoad)} ms (from the kept /api/reach answer to drawn: ${fmt(p.longestMatrix)} ms), blocking time ${fmt(p.blockingLoad)} ms; longest in the 2 s after ${fmt(p.longestAfter)} ms`,
      );
      if (c)
        console.log(
          `    click on a cell → answer shown ${fmt(c.ms)} ms, longest task meanwhile ${fmt(p.longestClick)} ms; fetched ${c.fetched.map((f) => `${f.what} +${fmt(f.start)} ms for ${fmt(f.ms)} ms, ${kib(f.bytes)}`).join("; ")} ("${c.summary.slice(0, 60)}…")`,
        );
    }
  }

  // The summary: each budget with its ratio.
  console.log("\nsummary (ms; ratio = measured / budget):");
  for (const r of summary) {
    const topoMedian = median(r.topology.times);
    console.log(`  N=${r.n}: GET /api/topology from the store median ${fmt(topoMedian)} ms`);
    for (const c of r.cases) {
      const med = median(c.r.times);
      const p95 = percentile(c.r.times, 95);
      const vs = c.budget
        ? `= ${(med / c.budget).toFixed(2)}× the ${c.budget} ms budget (p95 ${fmt(p95)} = ${(p95 / c.budget).toFixed(2)}×): ${p95 <= c.budget ? "MET" : med <= c.budget ? "MET at the median, not at p95" : "MISSED"}`
        : `(no budget; p95 ${fmt(p95)})`;
      console.log(
        `    matrix group=${c.group} (${c.rows} rows), ${REGIMES[c.regime]}: median ${fmt(med)} ms ${vs}; ${(med / topoMedian).toFixed(2)}× /api/topology; server CPU ${fmt(c.r.cpuPerReq)} ms per request`,
      );
    }
    for (const x of r.refused)
      console.log(`    matrix group=${x.group}: refused with ${x.status} in ${fmt(x.ms)} ms`);
    const p = r.pair;
    console.log(
      `    pair: repeat median ${fmt(median(p.repeat.times))} ms, after a change ${fmt(median(p.change.times))} ms, facts re-read ${fmt(median(p.facts.times))} ms (so a new index costs about ${fmt(median(p.change.times) - median(p.repeat.times))} ms, and reading the facts about ${fmt(median(p.facts.times) - median(p.change.times))} ms more); server RSS ${mib(r.rss)}`,
    );
  }
  if (pages?.length) {
    const drawn = pages.map((p) => p.drawn);
    const long = pages.map((p) => p.longestLoad);
    const own = pages.map((p) => p.longestMatrix ?? 0);
    console.log(
      `  page /reach at ${options.sizes.at(-1)}: drawn median ${fmt(median(drawn))} ms (max ${fmt(Math.max(...drawn))}); longest main-thread task median ${fmt(median(long))} ms (max ${fmt(Math.max(...long))}), of which drawing the matrix itself ${fmt(median(own))} ms${pages[0].clickMs !== null ? `; click → answer median ${fmt(median(pages.map((p) => p.clickMs)))} ms` : ""}`,
    );
  }
  console.log(`load average now ${load()}`);
}

await runScript({
  name: "bench-reach",
  npmScript: "bench:reach",
  inFlight: "step",
  main,
  finish,
  forceExit: true,
});
