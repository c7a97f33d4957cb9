#!/usr/bin/env node
// scripts/bench-scale.mjs - the map at 1,000 running containers on 100 bridge networks (Compose-shaped projects, a
// third of the containers on two networks, 20 shared aliases), on one engine: every figure of the scale goals,
// printed next to its budget as a ratio. Not a timed test: it fails only on an error, never on a missed budget.
//   1. first useful picture after page load (budget <= 2 s): fresh loads of / in Debian's Chromium, from
//      navigation start until the canvas has drawn its nodes (data-drawn-nodes) and painted; also when the
//      picture settled (nothing drawn, moved or saved any more);
//   2. pan and zoom frame rate (>= 30 fps): wheel zoom and drag-pan for ~3 s each, frames counted with rAF;
//   3. a live change visible (p95 <= 400 ms): Engine API changes, from the call's return to the accessible list;
//   4. GET /api/topology against the raw Docker calls behind it: cold, no live client (<= 1.3x), and from the
//      live store (<= 0.1x);
//   5. server RSS and the page's JS heap with the map open (each <= 300 MiB);
//   6. the server's idle CPU with the store live and no page open (< 1 % of a core).
// Usage: DOCKER_HOST=unix:///run/netatlas-lab/scale/docker.sock npm run bench:scale [-- --containers=100 --networks=10]
// Options (argv wins over env): --containers / CONTAINERS (1000), --networks / NETWORKS (100, even: a front and a
// back per project), --aliases / ALIASES (20), --loads / LOADS (3 fresh loads per server state), --changes /
// CHANGES (30), --warmup / WARMUP (2 changes first, not counted), --rounds / ROUNDS (10 A/B pairs per state, after
// 2 warm-up pairs), --idle-s / IDLE_S (60, 0 = skip), --drive-s / DRIVE_S (3: zoom, then pan), --concurrency /
// CONCURRENCY (8 Engine API calls in flight while creating), --url / NETATLAS_URL, --app-dir / NETATLAS_APP_DIR,
// --docker-host / DOCKER_HOST (unix:// only), --subnets / SUBNETS (10.180: network i gets 10.180.<i>.0/24),
// --verbose / VERBOSE=1, --profile / PROFILE=1 (one more fresh load under the CPU profiler, summed up by
// function), --cleanup-only.
// Everything it creates is named nabench-<run>-… and labelled netatlas.bench=scale; exactly those are removed at
// start and at exit (also after an error or a first Ctrl-C).
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { chromium } from "@playwright/test";
import {
  appDirOption,
  auth,
  CLK_TCK,
  call,
  checkStop,
  chromiumLaunch,
  cleanupLabelled,
  clearLeftovers,
  clockOffset,
  dockerClient,
  eachBounded,
  engineOption,
  ensureBuild,
  ensureChromium,
  IMAGE,
  INSPECT_CONCURRENCY,
  instrumentStream,
  intOption,
  LABEL_KEY,
  load,
  MIB,
  machine,
  median,
  mib,
  openLiveStream,
  parseArgs,
  percentile,
  processCpuMs,
  procStatusBytes,
  rawTopologyRead,
  reEscape,
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
  wallClock,
  watchMapList,
} from "./lib/bench-common.mjs";

const LABEL_VALUE = "scale";
const LABEL = `${LABEL_KEY}=${LABEL_VALUE}`;
const RUN_LABEL = `${LABEL_KEY}.run`;
const COMPOSE_PROJECT = "com.docker.compose.project";
const COMPOSE_SERVICE = "com.docker.compose.service";
const COMPOSE_NETWORK = "com.docker.compose.network";
/** The issue's budgets. */
const BUDGET = {
  pictureMs: 2000,
  fps: 30,
  changeP95Ms: 400,
  coldRatio: 1.3,
  storeRatio: 0.1,
  serverRss: 300 * MIB,
  pageHeap: 300 * MIB,
  idleCpuPercent: 1,
};
/** lib/live/hub.ts IDLE_STOP_MS: the feeds stop this long after the last client left. */
const IDLE_STOP_MS = Number(process.env.NETATLAS_LIVE_IDLE_MS ?? 1000);
const STORE_TIMEOUT_MS = 10 * 60_000;
const PAGE_TIMEOUT_MS = 180_000;
const VISIBLE_TIMEOUT_MS = 30_000;
/** The picture has settled when two looks this far apart see the same thing. */
const SETTLE_POLL_MS = 200;
const VIEWPORT = { width: 1400, height: 900 };
const MAP = 'div[aria-label^="Network map"]';

// ---------------------------------------------------------------------------------------------- options

function parseOptions() {
  const args = parseArgs(
    [
      "containers",
      "networks",
      "aliases",
      "loads",
      "changes",
      "warmup",
      "rounds",
      "idle-s",
      "drive-s",
      "concurrency",
      "url",
      "docker-host",
      "app-dir",
      "subnets",
      "verbose",
      "profile",
      "cleanup-only",
    ],
    "--containers=1000",
  );
  const env = process.env;
  const { dockerHost, socketPath } = engineOption(args, "scripts/lab.sh up --name scale");
  const subnets = subnetsOption(args, "10.180");
  const options = {
    containers: intOption("CONTAINERS", args.containers ?? env.CONTAINERS ?? 1000, 2),
    networks: intOption("NETWORKS", args.networks ?? env.NETWORKS ?? 100, 4),
    aliases: intOption("ALIASES", args.aliases ?? env.ALIASES ?? 20, 0),
    loads: intOption("LOADS", args.loads ?? env.LOADS ?? 3, 1),
    changes: intOption("CHANGES", args.changes ?? env.CHANGES ?? 30, 1),
    warmup: intOption("WARMUP", args.warmup ?? env.WARMUP ?? 2, 0),
    rounds: intOption("ROUNDS", args.rounds ?? env.ROUNDS ?? 10, 1),
    idleS: intOption("IDLE_S", args["idle-s"] ?? env.IDLE_S ?? 60, 0),
    driveS: intOption("DRIVE_S", args["drive-s"] ?? env.DRIVE_S ?? 3, 1),
    concurrency: intOption("CONCURRENCY", args.concurrency ?? env.CONCURRENCY ?? 8, 1),
    url: urlOption(args, { loopback: true }),
    dockerHost,
    socketPath,
    appDir: appDirOption(args),
    subnets,
    verbose: verboseOption(args),
    profile: (args.profile ?? env.PROFILE ?? "0") !== "0",
    cleanupOnly: "cleanup-only" in args,
  };
  if (options.networks % 2) throw new UsageError("NETWORKS must be even (a front and a back per project)");
  if (options.containers < options.networks / 2)
    throw new UsageError(`at least one container per project: CONTAINERS >= ${options.networks / 2}`);
  if (options.networks > 256 * (256 - Number(subnets.split(".")[1])))
    throw new UsageError(`${options.networks} networks do not fit in /24s from ${subnets}.0.0`);
  return options;
}

// ------------------------------------------------------------------------------------------ helpers

const fmt = (v) => (v === null || v === undefined ? "n/a" : v < 10 ? v.toFixed(2) : v.toFixed(1));
const msf = (v) => (v === null || v === undefined ? "n/a" : `${v.toFixed(0)} ms`);
const kib = (bytes) => (bytes >= MIB ? mib(bytes) : `${(bytes / 1024).toFixed(1)} KiB`);
const ratio = (measured, budget) => `${(measured / budget).toFixed(2)}×`;
const verdict = (met) => (met ? "MET" : "MISSED");
/** The server's RSS now and its peak so far (VmHWM), when we started it. */
const memoryNote = (pid) =>
  pid === null
    ? "server memory not measured"
    : `server RSS ${mib(procStatusBytes(pid, "VmRSS"))}, peak so far ${mib(procStatusBytes(pid, "VmHWM"))}`;

// --------------------------------------------------------------------------------------- the deployment

/**
 * Compose-shaped projects, as bench-reach builds them: project k (NETWORKS / 2 of them) has a front and a back
 * network; container i belongs to project i % P, and by its index j in the project it is a `web` replica on both
 * networks (j % 3 = 0: a third of all containers), a `proxy` on the front or a `worker` on the back. The shared
 * aliases are services' names as Compose gives them: alias group g (of ALIASES) is a set of web replicas of
 * project g % P that answer to `nabench-<run>-svc-<g>` on both their networks (round-robin DNS).
 */
function shape(run, options) {
  const P = options.networks / 2;
  const project = (k) => `nabench-${run}-p${k}`;
  const nets = [];
  for (let k = 0; k < P; k++)
    for (const which of ["front", "back"])
      nets.push({ k, which, name: `${project(k)}-${which}`, index: 2 * k + (which === "back" ? 1 : 0) });
  const groupsOf = (k) => Math.floor(options.aliases / P) + (k < options.aliases % P ? 1 : 0);
  const containers = Array.from({ length: options.containers }, (_, i) => {
    const k = i % P;
    const j = Math.floor(i / P);
    const role = ["web", "proxy", "worker"][j % 3];
    const n = Math.floor(j / 3) + 1;
    const groups = groupsOf(k);
    const alias = role === "web" && groups > 0 ? `nabench-${run}-svc-${k + P * ((n - 1) % groups)}` : null;
    return {
      i,
      k,
      role,
      project: project(k),
      name: `${project(k)}-${role}-${n}`,
      nets:
        role === "web"
          ? [nets[2 * k], nets[2 * k + 1]]
          : role === "proxy"
            ? [nets[2 * k]]
            : [nets[2 * k + 1]],
      aliases: alias ? [alias] : [],
    };
  });
  const aliasNames = new Set(containers.flatMap((c) => c.aliases));
  return {
    projects: P,
    nets,
    containers,
    twoNetworks: containers.filter((c) => c.nets.length === 2).length,
    attachments: containers.reduce((sum, c) => sum + c.nets.length, 0),
    aliasGroups: aliasNames.size,
    aliased: containers.filter((c) => c.aliases.length > 0).length,
  };
}

function labels(run, extra) {
  return { [LABEL_KEY]: LABEL_VALUE, [RUN_LABEL]: run, ...extra };
}

const subnetOf = (options, index) => {
  const [o1, o2] = options.subnets.split(".").map(Number);
  return `${o1}.${o2 + Math.floor(index / 256)}.${index % 256}`;
};

/** Creates the networks, then the containers (connected and started), CONCURRENCY calls at a time. */
async function grow(client, options, run, s) {
  const { docker } = client;
  let t = performance.now();
  await eachBounded(s.nets, options.concurrency, async (net) => {
    checkStop();
    const prefix = subnetOf(options, net.index);
    try {
      await docker("POST", "/networks/create", {
        Name: net.name,
        Driver: "bridge",
        CheckDuplicate: true,
        Labels: labels(run, { [COMPOSE_PROJECT]: `nabench-${run}-p${net.k}`, [COMPOSE_NETWORK]: net.which }),
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
  await eachBounded(s.containers, options.concurrency, async (c) => {
    checkStop();
    const [first, ...rest] = c.nets;
    const created = await docker("POST", `/containers/create?name=${c.name}`, {
      Image: IMAGE,
      Cmd: ["sleep", "2147483647"],
      Labels: labels(run, { [COMPOSE_PROJECT]: c.project, [COMPOSE_SERVICE]: c.role }),
      HostConfig: { NetworkMode: first.name },
      NetworkingConfig: { EndpointsConfig: { [first.name]: { Aliases: c.aliases } } },
    });
    const id = created.json.Id;
    for (const net of rest) {
      checkStop();
      await docker("POST", `/networks/${net.name}/connect`, {
        Container: id,
        EndpointConfig: { Aliases: c.aliases },
      });
    }
    await docker("POST", `/containers/${id}/start`);
    done++;
    if (options.verbose && done % 100 === 0) console.log(`  … ${done} containers`);
  });
  return { networksMs, containersMs: performance.now() - t };
}

// ------------------------------------------------------------------------- 4: /api/topology against Docker

/** The bench objects one side saw: containers, running ones, their endpoints with an address. */
function countA(topology, run) {
  const bench = new Set(topology.containers.filter((c) => c.labels?.[RUN_LABEL] === run).map((c) => c.id));
  return {
    containers: bench.size,
    running: topology.containers.filter((c) => bench.has(c.id) && c.state === "running").length,
    endpoints: topology.endpoints.filter((e) => bench.has(e.containerId) && e.ipv4Address).length,
  };
}

function countB(b, run) {
  const bench = b.containers.filter((c) => c.Config?.Labels?.[RUN_LABEL] === run);
  return {
    containers: bench.length,
    running: bench.filter((c) => c.State?.Status === "running").length,
    endpoints: bench.reduce(
      (sum, c) => sum + Object.values(c.NetworkSettings?.Networks ?? {}).filter((e) => e.IPAddress).length,
      0,
    ),
  };
}

function verifyCounts(side, counts, expected) {
  const wrong = Object.entries(expected).filter(([key, value]) => counts[key] !== value);
  if (wrong.length)
    throw new Error(
      `${side} did not see the bench topology (${wrong.map(([k, v]) => `${k}: saw ${counts[k]}, expected ${v}`).join("; ")})`,
    );
}

/**
 * Interleaved rounds: A = GET /api/topology over loopback (body read and parsed), then B = the raw Docker calls
 * behind it. `stateOf()` says, before and after each A, which state the server's store is in as far as we know.
 */
async function topologyRounds(base, client, options, { run, expected, pid, stateOf, label }) {
  const a = [];
  const b = [];
  const per = [];
  const states = [];
  let cpu = 0;
  let cpuKnown = pid !== null;
  let bytesA = 0;
  let bytesB = 0;
  const firstAt = Date.now();
  for (let round = 0; round < 2 + options.rounds; round++) {
    checkStop();
    const before = stateOf();
    const cpu0 = processCpuMs(pid);
    const t = performance.now();
    const ra = await call({ url: base, path: "/api/topology", strictJson: true });
    const aMs = performance.now() - t;
    const cpu1 = processCpuMs(pid);
    if (ra.status !== 200)
      throw new Error(`GET /api/topology answered ${ra.status}: ${ra.text.slice(0, 300)}`);
    const after = stateOf();
    const rb = await rawTopologyRead(client);
    verifyCounts(`A (/api/topology, ${label})`, countA(ra.json, run), expected);
    verifyCounts("B (raw Docker calls)", countB(rb, run), expected);
    const warm = round < 2;
    if (!warm) {
      a.push(aMs);
      b.push(rb.ms);
      per.push(aMs / rb.ms);
      states.push(before === after ? before : `${before} → ${after}`);
      if (cpu0 === null || cpu1 === null) cpuKnown = false;
      else cpu += cpu1 - cpu0;
      bytesA = ra.bytes;
      bytesB = rb.bytes;
    }
    if (options.verbose)
      console.log(
        `    ${(warm ? `w${round + 1}` : String(round - 1)).padStart(4)}  A ${fmt(aMs).padStart(7)} ms  B ${fmt(rb.ms).padStart(7)} ms  A/B ${(aMs / rb.ms).toFixed(2)}  store: ${before === after ? before : `${before} → ${after}`}`,
      );
  }
  return {
    a,
    b,
    per,
    states,
    firstAt,
    lastAt: Date.now(),
    cpuPerRead: cpuKnown ? cpu / options.rounds : null,
    bytesA,
    bytesB,
    ratio: median(a) / median(b),
  };
}

function printRounds(name, r) {
  const row = (side, v) =>
    `    ${side.padEnd(30)} ${fmt(median(v)).padStart(8)} ${fmt(percentile(v, 90)).padStart(8)} ${fmt(Math.min(...v)).padStart(8)} ${fmt(Math.max(...v)).padStart(8)}`;
  console.log(`  ${name}: ${r.a.length} interleaved rounds (ms)     median      p90      min      max`);
  console.log(row("A  GET /api/topology", r.a));
  console.log(row("B  raw Docker API calls", r.b));
  const states = [...new Set(r.states)].map((x) => `${r.states.filter((y) => y === x).length}× ${x}`);
  console.log(
    `    ratio median(A)/median(B) ${r.ratio.toFixed(3)} (median of per-round A/B ${median(r.per).toFixed(3)}); server CPU per read ${r.cpuPerRead === null ? "n/a" : `${fmt(r.cpuPerRead)} ms`}; bodies A ${kib(r.bytesA)}, B ${kib(r.bytesB)}; store during A: ${states.join(", ")}`,
  );
}

// ---------------------------------------------------------------------------- 1, 2, 5: the page side

/**
 * Page side (an init script, before the app runs): when the canvas has nodes to draw (data-drawn-nodes > 0, seen
 * by a MutationObserver) and the frame that draws them; every change of what it draws (data-drawn-*) and of its view
 * (data-zoom, data-pan-*); every save of positions to localStorage (the layout's end); long tasks.
 */
function instrumentMapPage() {
  const b = {
    events: [],
    saves: [],
    longtasks: [],
    firstDrawnAt: null,
    firstDrawn: null,
    firstPaintAt: null,
    drawn: null,
  };
  window.__nascale = b;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (String(key).startsWith("netatlas.positions")) b.saves.push(performance.now());
    return setItem.call(this, key, value);
  };
  const last = {};
  new MutationObserver((records) => {
    const t = performance.now();
    for (const r of records) {
      const name = r.attributeName;
      const value = r.target.getAttribute(name);
      if (last[name] === value) continue;
      last[name] = value;
      const drawn = name.startsWith("data-drawn-");
      if (b.events.length < 50_000) b.events.push({ t, kind: drawn ? "drawn" : "view" });
      if (drawn)
        b.drawn = {
          nodes: Number(r.target.dataset.drawnNodes ?? 0),
          edges: Number(r.target.dataset.drawnEdges ?? 0),
        };
    }
    if (b.firstDrawnAt === null && b.drawn?.nodes > 0) {
      b.firstDrawnAt = t;
      b.firstDrawn = { ...b.drawn };
      // The next frame draws them: Cytoscape renders in a requestAnimationFrame loop whose callback for that
      // frame was asked for a frame earlier, so it runs before this one, and the frame is painted right after.
      // (A setTimeout here would also wait for any task queued meanwhile, such as the stream's snapshot.)
      requestAnimationFrame(() => {
        b.firstPaintAt = performance.now();
      });
    }
  }).observe(document, {
    subtree: true,
    attributes: true,
    attributeFilter: ["data-drawn-nodes", "data-drawn-edges", "data-zoom", "data-pan-x", "data-pan-y"],
  });
}

/** Page side: what the map shows now, to compare two looks: counts, view, saves, and a hash of a thumbnail. */
function mapLook(selector) {
  const el = document.querySelector(selector);
  const b = window.__nascale;
  if (!el || !b) return null;
  const thumb = document.createElement("canvas");
  thumb.width = 112;
  thumb.height = 72;
  const g = thumb.getContext("2d");
  for (const layer of el.querySelectorAll("canvas")) {
    if (layer.width && layer.height) g.drawImage(layer, 0, 0, thumb.width, thumb.height);
  }
  const px = g.getImageData(0, 0, thumb.width, thumb.height).data;
  let hash = 0;
  for (let i = 0; i < px.length; i++) hash = (hash * 31 + px[i]) | 0;
  const nodesHeading = [...document.querySelectorAll("h2")].find((h) =>
    /^Nodes \(\d+\)$/.test(h.textContent),
  );
  const edgesHeading = [...document.querySelectorAll("h2")].find((h) =>
    /^Connections \(\d+\)$/.test(h.textContent),
  );
  return {
    at: performance.now(),
    key: JSON.stringify([
      el.dataset.drawnNodes,
      el.dataset.drawnEdges,
      el.dataset.zoom,
      el.dataset.panX,
      el.dataset.panY,
      b.saves.length,
      hash,
    ]),
    drawnNodes: Number(el.dataset.drawnNodes ?? 0),
    drawnEdges: Number(el.dataset.drawnEdges ?? 0),
    listNodes: Number(/\d+/.exec(nodesHeading?.textContent ?? "")?.[0] ?? Number.NaN),
    listEdges: Number(/\d+/.exec(edgesHeading?.textContent ?? "")?.[0] ?? Number.NaN),
    snapshot: window.__nabenchStream?.snapshot ?? null,
  };
}

/**
 * Waits until the map has drawn, then until the picture settled: the page has its stream's snapshot, and two looks
 * SETTLE_POLL_MS apart (at least 300 ms after the snapshot arrived) see the same counts, view, saves and pixels.
 */
async function waitSettled(page) {
  await page.waitForFunction(() => window.__nascale?.firstPaintAt != null, null, {
    timeout: PAGE_TIMEOUT_MS,
    polling: 50,
  });
  const deadline = Date.now() + PAGE_TIMEOUT_MS;
  let previous = null;
  let looks = 0;
  for (;;) {
    checkStop();
    const look = await page.evaluate(mapLook, MAP);
    looks++;
    if (
      previous &&
      look &&
      look.key === previous.key &&
      look.snapshot &&
      previous.at >= look.snapshot.arrived + 300 &&
      look.drawnNodes > 0
    )
      return { look, confirmedAt: previous.at, looks };
    if (Date.now() > deadline) throw new Error(`the map did not settle within ${PAGE_TIMEOUT_MS / 1000} s`);
    previous = look;
    await sleep(SETTLE_POLL_MS);
  }
}

/** The figures of one load (page clock: ms since navigation start). */
async function loadFigures(page, settled) {
  const f = await page.evaluate(() => {
    const b = window.__nascale;
    const nav = performance.getEntriesByType("navigation")[0];
    const last = (kind) => b.events.filter((e) => e.kind === kind).at(-1)?.t ?? null;
    return {
      timeOrigin: performance.timeOrigin,
      firstDrawnAt: b.firstDrawnAt,
      firstDrawn: b.firstDrawn,
      firstPaintAt: b.firstPaintAt,
      lastDrawnAt: last("drawn"),
      lastViewAt: last("view"),
      saves: [...b.saves],
      longtasks: [...b.longtasks],
      html: nav ? { ttfb: nav.responseStart, end: nav.responseEnd, bytes: nav.decodedBodySize } : null,
      dcl: nav?.domContentLoadedEventEnd ?? null,
      snapshot: window.__nabenchStream?.snapshot ?? null,
      resources: performance
        .getEntriesByType("resource")
        .filter((r) => /\/api\/(events|findings)/.test(r.name))
        .map((r) => ({ name: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd })),
    };
  });
  const settledAt = Math.max(f.firstPaintAt, f.lastDrawnAt ?? 0, f.lastViewAt ?? 0, f.saves.at(-1) ?? 0);
  const beforePaint = f.longtasks.filter((t) => t.start < f.firstPaintAt);
  // Which state the server's store was in: a feed that went live after navigation started was started for us.
  const since = f.snapshot?.feeds?.map((x) => Date.parse(x.since)) ?? [];
  const store =
    since.length === 0
      ? "unknown"
      : since.every((s) => s >= f.timeOrigin)
        ? "cold"
        : since.every((s) => s < f.timeOrigin)
          ? "live"
          : "mixed";
  // Useful means complete: if the canvas drew more (or fewer) elements later, the picture counts from then.
  const complete =
    f.firstDrawn.nodes === settled.look.drawnNodes && f.firstDrawn.edges === settled.look.drawnEdges;
  return {
    ...f,
    pictureAt: complete ? f.firstPaintAt : f.lastDrawnAt,
    complete,
    settledAt,
    confirmedAt: settled.confirmedAt,
    look: settled.look,
    store,
    longest: beforePaint.reduce((m, t) => Math.max(m, t.duration), 0),
    blocking: beforePaint.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
    savedAt: f.saves[0] ?? null,
  };
}

function printLoad(label, f, verbose) {
  const snap = f.snapshot ? `${fmt(f.snapshot.arrived)} ms (${kib(f.snapshot.bytes)})` : "not seen";
  const first = f.complete
    ? `first picture ${msf(f.firstPaintAt)} (nodes drawn at ${msf(f.firstDrawnAt)})`
    : `first picture INCOMPLETE at ${msf(f.firstPaintAt)} (${f.firstDrawn.nodes} nodes / ${f.firstDrawn.edges} edges), complete at ${msf(f.lastDrawnAt)}`;
  console.log(
    `  ${label}: store ${f.store}; ${first}; settled ${msf(f.settledAt)} (two equal looks ${SETTLE_POLL_MS} ms apart from ${msf(f.confirmedAt)}); drawn ${f.look.drawnNodes} nodes / ${f.look.drawnEdges} edges (list ${f.look.listNodes} / ${f.look.listEdges})`,
  );
  console.log(
    `    main thread until settled: busy ${msf(f.main?.task)} (script ${msf(f.main?.script)}, compile ${msf(f.main?.compile)}, style ${msf(f.main?.style)}, layout ${msf(f.main?.layout)}); ${f.main?.domNodes} DOM nodes`,
  );
  console.log(
    `    HTML first byte ${msf(f.html?.ttfb)}, ${kib(f.html?.bytes ?? 0)}; DOMContentLoaded ${msf(f.dcl)}; stream snapshot ${snap}; positions first saved ${msf(f.savedAt)}; longest task before the picture ${msf(f.longest)}, blocking ${msf(f.blocking)}`,
  );
  if (verbose)
    console.log(
      `    long tasks before the picture: ${f.longtasks
        .filter((t) => t.start < f.firstPaintAt)
        .map((t) => `${t.start.toFixed(0)}+${t.duration.toFixed(0)}`)
        .join(", ")}`,
    );
}

/** The main thread's totals (CDP Performance.getMetrics; they count from the document's start), in ms. */
async function mainThread(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  const ms = (name) => (m[name] ?? 0) * 1000;
  return {
    task: ms("TaskDuration"),
    script: ms("ScriptDuration"),
    compile: ms("V8CompileDuration"),
    style: ms("RecalcStyleDuration"),
    layout: ms("LayoutDuration"),
    domNodes: m.Nodes,
  };
}

/**
 * One fresh load of / in a new browser context (nothing saved), then a reload in it (positions saved). With
 * `profile`, a CPU profile of the fresh load only (sampling slows it: its figures are not counted), no reload.
 */
async function freshLoad(baseUrl, { keep = false, profile = false }) {
  const context = await browser.newContext({ viewport: VIEWPORT, extraHTTPHeaders: auth.headers });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    if (profile) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
      await cdp.send("Profiler.start");
    }
    await page.addInitScript(instrumentStream);
    await page.addInitScript(instrumentMapPage);
    await page.goto(`${baseUrl}/`, { waitUntil: "commit" });
    const fresh = await loadFigures(page, await waitSettled(page));
    fresh.main = await mainThread(cdp);
    if (profile) {
      const { profile: cpu } = await cdp.send("Profiler.stop");
      await context.close();
      return { fresh, cpu };
    }
    await page.reload({ waitUntil: "commit" });
    const reload = await loadFigures(page, await waitSettled(page));
    reload.main = await mainThread(cdp);
    await cdp.detach().catch(() => {});
    if (keep) return { fresh, reload, page, context };
    await context.close();
    return { fresh, reload };
  } catch (err) {
    await context.close().catch(() => {});
    throw err;
  }
}

/**
 * A CPU profile (CDP Profiler) summed up: self time per function (name, chunk file:line:column; the build is
 * minified, so names are often short, but methods keep theirs) and per chunk, and inclusive time of named functions.
 */
function printProfile(cpu, top) {
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of cpu.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n) => {
    const f = n.callFrame;
    if (!f.url) return f.functionName || "(native)";
    const file = f.url.split("/").pop().split("?")[0] || f.url;
    return `${f.functionName || "(anonymous)"} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  };
  const fileOf = (n) =>
    n.callFrame.url
      ? n.callFrame.url.split("/").pop().split("?")[0] || n.callFrame.url
      : n.callFrame.functionName;
  const self = new Map();
  const files = new Map();
  const inclusive = new Map();
  let total = 0;
  for (let i = 0; i < cpu.samples.length; i++) {
    const dt = (cpu.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(cpu.samples[i]);
    if (!node) continue;
    total += dt;
    self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + dt);
    files.set(fileOf(node), (files.get(fileOf(node)) ?? 0) + dt);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id);
      if (!n.callFrame.url || !n.callFrame.functionName) continue;
      const key = keyOf(n);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  }
  const list = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, v]) =>
          `      ${v.toFixed(0).padStart(6)} ms ${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`,
      )
      .join("\n");
  console.log(`    sampled ${total.toFixed(0)} ms; self time per chunk (or V8's own entries):`);
  console.log(list(files, 8));
  console.log(`    self time, the top ${top} functions:`);
  console.log(list(self, top));
  console.log(`    inclusive time of named functions, the top ${top}:`);
  console.log(list(inclusive, top));
}

/** Page side: counts animation frames from now on (window.__nafps). */
function startFrames() {
  const f = { frames: [], on: true, events: window.__nascale.events.length };
  window.__nafps = f;
  const tick = (t) => {
    f.frames.push(t);
    if (f.on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return performance.now();
}

/** Page side: frames and view changes between from and to (page clock). */
function framesBetween([from, to]) {
  const f = window.__nafps;
  f.on = false;
  const inside = f.frames.filter((t) => t >= from && t <= to);
  let gap = inside.length ? inside[0] - from : to - from;
  for (let i = 1; i < inside.length; i++) gap = Math.max(gap, inside[i] - inside[i - 1]);
  if (inside.length) gap = Math.max(gap, to - inside.at(-1));
  const views = window.__nascale.events.slice(f.events).filter((e) => e.kind === "view" && e.t >= from);
  const el = document.querySelector('div[aria-label^="Network map"]');
  return {
    frames: inside.length,
    seconds: (to - from) / 1000,
    longestGap: gap,
    viewChanges: views.length,
    zoom: Number(el?.dataset.zoom),
  };
}

/** 2: wheel zoom, then drag-pan, each for DRIVE_S seconds at about 60 inputs a second; frames counted. */
async function measureFrames(page, options) {
  const box = await page.locator(MAP).boundingBox();
  const out = {};
  const pace = 16;
  const zoom0 = await page.evaluate((sel) => Number(document.querySelector(sel).dataset.zoom), MAP);
  // Idle first: what the page gives when nothing moves.
  let from = await page.evaluate(startFrames);
  await sleep(1000);
  out.idle = await page.evaluate(framesBetween, [from, await page.evaluate(() => performance.now())]);

  // Zoom: 10 wheel steps in, 10 out, around the middle of the canvas (each step about ×1.07 or ×0.93).
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  from = await page.evaluate(startFrames);
  let t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < options.driveS * 1000) {
    checkStop();
    await page.mouse.wheel(0, Math.floor(n / 10) % 2 === 0 ? -40 : 40);
    n++;
    const next = t0 + n * pace;
    if (next > performance.now()) await sleep(next - performance.now());
  }
  out.zoom = {
    ...(await page.evaluate(framesBetween, [from, await page.evaluate(() => performance.now())])),
    inputs: n,
    zoomFrom: zoom0,
  };

  // Pan: press on the empty margin the fit leaves (40 px) at the canvas's left edge, then drag right and back.
  const startX = box.x + 14;
  const startY = box.y + box.height / 2;
  await page.mouse.move(startX, startY);
  await page.mouse.down();
  from = await page.evaluate(startFrames);
  t0 = performance.now();
  n = 0;
  let x = startX;
  while (performance.now() - t0 < options.driveS * 1000) {
    checkStop();
    x += Math.floor(n / 40) % 2 === 0 ? 8 : -8;
    await page.mouse.move(x, startY);
    n++;
    const next = t0 + n * pace;
    if (next > performance.now()) await sleep(next - performance.now());
  }
  const to = await page.evaluate(() => performance.now());
  await page.mouse.up();
  out.pan = { ...(await page.evaluate(framesBetween, [from, to])), inputs: n };
  if (out.pan.viewChanges === 0)
    console.log(
      "  note: the drag did not pan the view (something under the pointer?); its fps is an idle page's",
    );
  if (out.zoom.viewChanges === 0)
    console.log("  note: the wheel did not zoom the view; its fps is an idle page's");
  return out;
}

/** 5: the page's JS heap (CDP Performance.getMetrics), as it is and after a forced GC. */
async function pageHeap(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("Performance.enable");
    const read = async () => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
      return { used: m.JSHeapUsedSize, total: m.JSHeapTotalSize, nodes: m.Nodes };
    };
    const asIs = await read();
    await cdp.send("HeapProfiler.collectGarbage");
    const afterGc = await read();
    return { asIs, afterGc };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Re-layout (the toolbar button): from the click to the positions saved at the layout's end. */
async function relayoutTime(page) {
  await page.evaluate(() => {
    const b = window.__nascale;
    b.clickAt = null;
    b.savesBefore = b.saves.length;
    document.addEventListener("pointerdown", () => (b.clickAt ??= performance.now()), {
      capture: true,
      once: true,
    });
  });
  await page.getByRole("button", { name: "Re-layout" }).click();
  await page.waitForFunction(() => window.__nascale.saves.length > window.__nascale.savesBefore, null, {
    timeout: PAGE_TIMEOUT_MS,
    polling: 50,
  });
  // Long-task entries arrive after their task ended.
  await sleep(500);
  return page.evaluate(() => {
    const b = window.__nascale;
    const saved = b.saves[b.savesBefore];
    // The task that ran the layout may have begun before pointerdown (input events of one click can share it).
    const longest = b.longtasks
      .filter((t) => t.start + t.duration > b.clickAt)
      .reduce((m, t) => Math.max(m, t.duration), 0);
    return { ms: saved - b.clickAt, longest };
  });
}

// ---------------------------------------------------------------------------------- 3: live changes

/**
 * Change i of a cycle of four on one web replica X and another project's front network Y: rename X to X-r, connect
 * X-r to Y, disconnect it, rename it back; each with what the accessible list must show once it is applied.
 */
function change(i, target, other) {
  const renamed = `${target.name}-r`;
  switch (i % 4) {
    case 0:
    case 3: {
      const named = i % 4 === 0 ? renamed : target.name;
      return {
        what: "rename",
        path: `/containers/${target.id}/rename?name=${named}`,
        body: undefined,
        expect: [["nodes", `^Container ${reEscape(named)}: running`, true]],
      };
    }
    case 1:
      return {
        what: "network connect",
        path: `/networks/${other.name}/connect`,
        body: { Container: target.id },
        expect: [
          [
            "connections",
            `^${reEscape(renamed)} on ${reEscape(other.name)}: \\d+\\.\\d+\\.\\d+\\.\\d+/24`,
            true,
          ],
        ],
      };
    default:
      return {
        what: "network disconnect",
        path: `/networks/${other.name}/disconnect`,
        body: { Container: target.id },
        expect: [["connections", `^${reEscape(renamed)} on ${reEscape(other.name)}:`, false]],
      };
  }
}

async function measureChanges(page, client, options, target, other) {
  const offset = await clockOffset(page);
  const results = [];
  const total = options.warmup + options.changes;
  if (options.verbose)
    console.log("     #  change               API ms  visible ms  (server at, page got, rendered)");
  for (let i = 0; i < total; i++) {
    checkStop();
    const c = change(i, target, other);
    const armed = await page.evaluate(watchMapList, c.expect);
    if (!armed)
      throw new Error(`change ${i} (${c.what}): the list shows the expected state before the change`);
    const started = wallClock();
    await client.docker("POST", c.path, c.body);
    const returnedAt = wallClock();
    try {
      await page.waitForFunction(() => window.__nabenchWatch?.done === true, null, {
        timeout: VISIBLE_TIMEOUT_MS,
        polling: 20,
      });
    } catch {
      throw new Error(
        `change ${i} (${c.what} ${c.path}) not in the map's list within ${VISIBLE_TIMEOUT_MS / 1000} s`,
      );
    }
    const seen = await page.evaluate(() => ({
      visibleAt: window.__nabenchWatch.visibleAt,
      deltas: window.__nabenchStream.deltas,
    }));
    const visibleAt = seen.visibleAt - offset.offset;
    const delta = seen.deltas.filter((d) => d.arrived - offset.offset <= visibleAt).at(-1);
    const r = {
      what: c.what,
      warm: i < options.warmup,
      apiMs: returnedAt - started,
      latency: visibleAt - returnedAt,
      serverAt: delta ? delta.at - returnedAt : null,
      arrived: delta ? delta.arrived - offset.offset - returnedAt : null,
      rendered: delta ? visibleAt - (delta.arrived - offset.offset) : null,
    };
    results.push(r);
    if (options.verbose) {
      const f = (v) => (v === null ? "   n/a" : v.toFixed(0).padStart(6));
      console.log(
        `  ${(r.warm ? `w${i + 1}` : String(i - options.warmup + 1)).padStart(4)}  ${r.what.padEnd(20)} ${r.apiMs.toFixed(0).padStart(6)} ${r.latency.toFixed(1).padStart(11)}  (${f(r.serverAt)}, ${f(r.arrived)}, ${f(r.rendered)})`,
      );
    }
    // Let the page finish what the change started (the findings it re-reads) before the next one: each change
    // is timed from a quiet page.
    await page.evaluate(() => new Promise((r) => requestIdleCallback(r, { timeout: 5000 })));
    await sleep(300);
  }
  return { results, offset };
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
    stream = null;
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

function closeStream() {
  stream?.close();
  stream = null;
}

async function openStore(base, run, s) {
  closeStream();
  stream = openLiveStream(base, (c) => c.labels?.[RUN_LABEL] === run);
  const t = performance.now();
  await stream.until(
    () => {
      const c = stream.counts();
      return (
        stream.live() &&
        c.containers === s.containers.length &&
        c.running === c.containers &&
        c.endpoints === s.attachments
      );
    },
    STORE_TIMEOUT_MS,
    `the live store never held all ${s.containers.length} containers`,
  );
  return performance.now() - t;
}

const storeState = () => (stream ? (stream.live() ? "live" : "not live") : "no client of ours");

async function main() {
  const options = parseOptions();
  const client = dockerClient(options.socketPath, { strictJson: true });
  const version = await client.negotiate();
  activeClient = client;
  const run = randomBytes(3).toString("hex");
  console.log("Netatlas scale benchmark: the map at 1,000 containers, every figure against its budget");
  console.log(machine());
  console.log(`  docker ${version.Version}, engine API ${version.ApiVersion} at ${options.dockerHost}`);
  if (await clearLeftovers(client, LABEL, { cleanupOnly: options.cleanupOnly, note: " (a crashed run?)" })) {
    activeClient = null;
    return;
  }
  await requireImage(client, "scripts/lab.sh up builds it; never pulled");
  ensureChromium();
  if (!options.url) ensureBuild(options.appDir);
  const others = (await client.docker("GET", "/containers/json?all=1")).json.length;
  const s = shape(run, options);
  console.log(
    `  run ${run}: ${options.containers} containers, ${options.networks} networks (${s.projects} projects); load average ${load()}${others ? `; ${others} other containers on the engine count too` : ""}`,
  );

  // Setup: no server yet, so nothing reads events while we create.
  const grown = await grow(client, options, run, s);
  console.log(
    `setup: ${s.nets.length} networks in ${secs(grown.networksMs)}; ${s.containers.length} containers created, connected and started in ${secs(grown.containersMs)} (${((s.containers.length / grown.containersMs) * 1000).toFixed(1)}/s, ${options.concurrency} calls in flight)`,
  );
  console.log(
    `  ${s.twoNetworks} containers on two networks, ${s.attachments} attachments, ${s.aliasGroups} shared aliases over ${s.aliased} containers; load average ${load()}`,
  );
  const expected = {
    containers: s.containers.length,
    running: s.containers.length,
    endpoints: s.attachments,
  };

  let base;
  let pid = null;
  let buildId = null;
  if (options.url) {
    base = new URL(options.url);
    console.log(
      `server: using ${options.url}; its CPU and memory are not measured, and its store may be live already`,
    );
  } else {
    const server = await startServer(options);
    pid = server.pid;
    base = new URL(server.url);
    buildId = server.buildId;
    console.log(
      `server: next start at ${server.url} (pid ${pid}), ready in ${secs(server.readyMs)}; build ${buildId}; RSS ${mib(procStatusBytes(pid, "VmRSS"))}`,
    );
  }
  const baseUrl = base.href.replace(/\/$/, "");
  const summary = {};

  // 4a: cold, before any client of the live stream (no page has been opened yet).
  console.log(
    `\n4. GET /api/topology (A) against the raw Docker calls behind it (B: info, networks, list, ${s.containers.length + others} inspects, ${INSPECT_CONCURRENCY} in flight)`,
  );
  const cold = await topologyRounds(base, client, options, {
    run,
    expected,
    pid,
    stateOf: storeState,
    label: "cold",
  });
  // Which state the cold samples were in: the feed the first client finds tells when it went live.
  const storeMs = await openStore(base, run, s);
  const since = (stream.state.firstFeeds ?? []).map((f) => Date.parse(f.since));
  cold.verified =
    since.length && since.every((x) => x >= cold.lastAt)
      ? `cold: the feeds went live only for the first client after these samples (${stream.state.firstFeeds.map((f) => f.since).join(", ")})`
      : since.length && since.every((x) => x < cold.firstAt)
        ? "NOT cold: the store was live before the first sample (these are store reads)"
        : "unknown";
  printRounds("a) no live client (the server reads Docker)", cold);
  console.log(`    state check: ${cold.verified}; ${memoryNote(pid)}`);
  console.log(
    `  one client on /api/events: the store held all ${s.containers.length} bench containers with ${s.attachments} endpoints ${secs(storeMs)} after it connected (${stream.state.messages} messages, ${mib(stream.state.bytes)})`,
  );
  const live = await topologyRounds(base, client, options, {
    run,
    expected,
    pid,
    stateOf: storeState,
    label: "store",
  });
  printRounds("b) store live (one client on /api/events)", live);
  console.log(`    ${memoryNote(pid)}`);
  summary.cold = cold;
  summary.live = live;

  // 6: idle, store live, no page.
  if (options.idleS > 0 && pid !== null) {
    console.log(
      `\n6. idle: the store live (our one stream client), no page open, no Docker changes; 10 s to settle`,
    );
    await sleep(10_000);
    const samples = [];
    const cpu0 = processCpuMs(pid);
    const t0 = performance.now();
    const end = t0 + options.idleS * 1000;
    while (performance.now() < end) {
      checkStop();
      await sleep(Math.min(1000, end - performance.now()));
      samples.push(procStatusBytes(pid, "VmRSS"));
    }
    const elapsed = performance.now() - t0;
    const cpu = processCpuMs(pid) - cpu0;
    if (!stream.live()) throw new Error("the store stopped being live during the idle measurement");
    summary.idle = { cpu, elapsed, percent: (cpu / elapsed) * 100, rss: samples.filter((x) => x !== null) };
    console.log(
      `  ${(elapsed / 1000).toFixed(0)} s: server CPU ${cpu.toFixed(0)} ms = ${summary.idle.percent.toFixed(2)} % of one core (clock tick ${1000 / CLK_TCK} ms); RSS ${mib(Math.min(...summary.idle.rss))} .. ${mib(Math.max(...summary.idle.rss))}`,
    );
  }

  // 1: fresh loads, first with no live client (the first visitor of an idle server), then with the store live.
  browser = await chromium.launch(chromiumLaunch());
  console.log(
    `\n1. first picture: fresh loads of / in Chromium ${browser.version()} (${VIEWPORT.width}×${VIEWPORT.height}, a new context each, then a reload in it); ms from navigation start; load average ${load()}`,
  );
  const loads = { cold: [], live: [] };
  closeStream();
  for (let i = 0; i < options.loads; i++) {
    checkStop();
    // The hub stops its feeds IDLE_STOP_MS after the last client left (our stream, the last page).
    await sleep(IDLE_STOP_MS + 1500);
    const r = await freshLoad(baseUrl, { keep: false });
    loads.cold.push(r);
    printLoad(`cold load ${i + 1}`, r.fresh, options.verbose);
    printLoad(`  its reload`, r.reload, options.verbose);
    console.log(`    ${memoryNote(pid)}`);
  }
  await openStore(base, run, s);
  let kept = null;
  for (let i = 0; i < options.loads; i++) {
    checkStop();
    const r = await freshLoad(baseUrl, { keep: i === options.loads - 1 });
    loads.live.push(r);
    printLoad(`live load ${i + 1}`, r.fresh, options.verbose);
    printLoad(`  its reload`, r.reload, options.verbose);
    console.log(`    ${memoryNote(pid)}`);
    if (r.page) kept = r;
  }
  summary.loads = loads;
  const page = kept.page;

  // 5 (first look), with the map open.
  const rssOpen = procStatusBytes(pid, "VmRSS");
  const heapOpen = await pageHeap(page);
  console.log(
    `\n5. memory with the map open: server RSS ${mib(rssOpen)} (peak so far ${mib(procStatusBytes(pid, "VmHWM"))}); page JS heap used ${mib(heapOpen.asIs.used)} of ${mib(heapOpen.asIs.total)}, ${mib(heapOpen.afterGc.used)} after a GC; ${heapOpen.asIs.nodes} DOM nodes`,
  );

  // 2: pan and zoom.
  const frames = await measureFrames(page, options);
  const fpsLine = (name, x) =>
    `  ${name}: ${x.frames} frames in ${x.seconds.toFixed(2)} s = ${(x.frames / x.seconds).toFixed(1)} fps, longest frame gap ${msf(x.longestGap)}${x.inputs ? `; ${x.inputs} inputs, ${x.viewChanges} view changes` : ""}`;
  console.log("\n2. frame rate (requestAnimationFrame in the page)");
  console.log(fpsLine("idle, nothing moving", frames.idle));
  console.log(
    `${fpsLine("wheel zoom", frames.zoom)}; zoom ${frames.zoom.zoomFrom.toFixed(3)} → ${frames.zoom.zoom.toFixed(3)}`,
  );
  console.log(fpsLine("drag-pan", frames.pan));
  summary.frames = frames;

  // 3: live changes.
  const topo = (await call({ url: base, path: "/api/topology", strictJson: true })).json;
  const plan = s.containers.find((c) => c.role === "web" && c.k === 0);
  const target = { name: plan.name, id: topo.containers.find((c) => c.name === plan.name).id };
  const other = s.nets.find((n) => n.k === 1 && n.which === "front");
  console.log(
    `\n3. live changes: ${options.warmup} warm-up + ${options.changes} Engine API calls (rename ${target.name}, connect it to ${other.name} and disconnect it), each timed from the call's return to the accessible list showing it`,
  );
  // Grouped (the default above 50 containers), a renamed replica is not on the map by its own name: the changes
  // are measured on the ungrouped map, where every container is drawn and re-applied (the heavier case).
  await page.goto(new URL("/?group=off", baseUrl).href);
  await page.waitForFunction(
    (n) => Number(document.querySelector("[data-drawn-nodes]")?.getAttribute("data-drawn-nodes") ?? 0) >= n,
    options.containers,
    { timeout: 60_000, polling: 200 },
  );
  const changes = await measureChanges(page, client, options, target, other);
  const measured = changes.results.filter((r) => !r.warm);
  const lat = measured.map((r) => r.latency);
  const part = (key) => {
    const v = measured.map((r) => r[key]).filter((x) => x !== null);
    return v.length ? `median ${msf(median(v))}, p95 ${msf(percentile(v, 95))}` : "n/a";
  };
  console.log(
    `  visible after the API call returned: median ${msf(median(lat))}, p95 ${msf(percentile(lat, 95))}, max ${msf(Math.max(...lat))}, min ${msf(Math.min(...lat))} (page clock offset ${changes.offset.offset.toFixed(2)} ms, corrected for)`,
  );
  console.log(
    `    the server committed the delta (its "at", 1 ms resolution) after the return: ${part("serverAt")}`,
  );
  console.log(`    the delta reached the page after the return: ${part("arrived")}`);
  console.log(`    the list showed it after the delta arrived: ${part("rendered")}`);
  for (const kind of [...new Set(measured.map((r) => r.what))]) {
    const v = measured.filter((r) => r.what === kind).map((r) => r.latency);
    console.log(
      `    ${kind.padEnd(20)} n=${String(v.length).padStart(2)}  median ${msf(median(v)).padStart(7)}  max ${msf(Math.max(...v)).padStart(7)}  (the API call itself: median ${msf(median(measured.filter((r) => r.what === kind).map((r) => r.apiMs)))})`,
    );
  }
  summary.changes = { lat };

  // 5 (second look), after the changes; and what a full layout costs at this size.
  const rssAfter = procStatusBytes(pid, "VmRSS");
  const heapAfter = await pageHeap(page);
  console.log(
    `  after the changes: server RSS ${mib(rssAfter)} (peak ${mib(procStatusBytes(pid, "VmHWM"))}); page JS heap used ${mib(heapAfter.asIs.used)}, ${mib(heapAfter.afterGc.used)} after a GC`,
  );
  summary.memory = {
    rss: [rssOpen, rssAfter],
    heap: [heapOpen, heapAfter],
    hwm: procStatusBytes(pid, "VmHWM"),
  };
  const relayout = await relayoutTime(page);
  console.log(
    `  Re-layout (fcose over everything, not animated): ${msf(relayout.ms)} from the click to the positions saved; longest task ${msf(relayout.longest)}`,
  );
  summary.relayout = relayout;
  await kept.context.close();

  if (options.profile) {
    console.log(
      "\nprofile: one more fresh load with the store live, under CDP's CPU profiler (500 µs; not counted)",
    );
    const p = await freshLoad(baseUrl, { profile: true });
    printLoad("profiled load", p.fresh, options.verbose);
    printProfile(p.cpu, 25);
    const file = join(tmpdir(), `bench-scale-${run}.cpuprofile`);
    writeFileSync(file, JSON.stringify(p.cpu));
    console.log(`    the whole profile: ${file} (Chrome DevTools, Performance panel: load it)`);
  }

  printSummary(summary, options, s, { version, buildId });
}

function printSummary(x, options, s, { version, buildId }) {
  const rows = [];
  const row = (figure, measured, budget, r, met) => rows.push([figure, measured, budget, r, met]);
  for (const state of ["cold", "live"]) {
    const fresh = x.loads[state].map((l) => l.fresh.pictureAt);
    const settled = x.loads[state].map((l) => l.fresh.settledAt);
    const reload = x.loads[state].map((l) => l.reload.pictureAt);
    const states = [...new Set(x.loads[state].map((l) => l.fresh.store))].join("/");
    row(
      `1 first picture, fresh load, ${state === "cold" ? "no live client" : "store live"} (seen: ${states})`,
      `median ${msf(median(fresh))}, max ${msf(Math.max(...fresh))}`,
      `≤ ${BUDGET.pictureMs} ms`,
      `${ratio(median(fresh), BUDGET.pictureMs)} / ${ratio(Math.max(...fresh), BUDGET.pictureMs)}`,
      verdict(Math.max(...fresh) <= BUDGET.pictureMs),
    );
    const med = (get) => msf(median(x.loads[state].map(get)));
    row(
      "    of which (medians): HTML first byte, DOMContentLoaded, nodes drawn (laid out); main thread busy (script)",
      `${med((l) => l.fresh.html?.ttfb ?? 0)}, ${med((l) => l.fresh.dcl ?? 0)}, ${med((l) => l.fresh.firstDrawnAt)}; ${med((l) => l.fresh.main.task)} (${med((l) => l.fresh.main.script)})`,
      "",
      "",
      "",
    );
    row(
      "    settled (nothing drawn, moved or saved after)",
      `median ${msf(median(settled))}, max ${msf(Math.max(...settled))}`,
      "",
      "",
      "",
    );
    row(
      "    reload, positions saved (no layout)",
      `median ${msf(median(reload))}, max ${msf(Math.max(...reload))}`,
      `≤ ${BUDGET.pictureMs} ms`,
      `${ratio(median(reload), BUDGET.pictureMs)} / ${ratio(Math.max(...reload), BUDGET.pictureMs)}`,
      verdict(Math.max(...reload) <= BUDGET.pictureMs),
    );
  }
  row(
    "    Re-layout alone (fcose over the whole map: click to positions saved)",
    msf(x.relayout.ms),
    "",
    "",
    "",
  );
  for (const [name, f] of [
    ["wheel zoom", x.frames.zoom],
    ["drag-pan", x.frames.pan],
  ]) {
    const fps = f.frames / f.seconds;
    row(
      `2 frame rate, ${name}`,
      `${fps.toFixed(1)} fps, longest gap ${msf(f.longestGap)}`,
      `≥ ${BUDGET.fps} fps`,
      `${ratio(fps, BUDGET.fps)} (≥ 1 meets)`,
      verdict(fps >= BUDGET.fps),
    );
  }
  const lat = x.changes.lat;
  row(
    `3 live change visible (${lat.length} API changes)`,
    `median ${msf(median(lat))}, p95 ${msf(percentile(lat, 95))}`,
    `p95 ≤ ${BUDGET.changeP95Ms} ms`,
    ratio(percentile(lat, 95), BUDGET.changeP95Ms),
    verdict(percentile(lat, 95) <= BUDGET.changeP95Ms),
  );
  row(
    `4a /api/topology cold ÷ raw Docker (${x.cold.verified.startsWith("cold") ? "verified cold" : x.cold.verified})`,
    `${fmt(median(x.cold.a))} / ${fmt(median(x.cold.b))} ms = ${x.cold.ratio.toFixed(2)}`,
    `≤ ${BUDGET.coldRatio}`,
    ratio(x.cold.ratio, BUDGET.coldRatio),
    verdict(x.cold.ratio <= BUDGET.coldRatio),
  );
  row(
    "4b /api/topology from the store ÷ raw Docker",
    `${fmt(median(x.live.a))} / ${fmt(median(x.live.b))} ms = ${x.live.ratio.toFixed(3)}`,
    `≤ ${BUDGET.storeRatio}`,
    ratio(x.live.ratio, BUDGET.storeRatio),
    verdict(x.live.ratio <= BUDGET.storeRatio),
  );
  const rss = Math.max(...x.memory.rss.filter((v) => v !== null));
  if (Number.isFinite(rss))
    row(
      "5 server RSS, map open (larger of before/after the changes)",
      `${mib(rss)} (peak ${mib(x.memory.hwm)})`,
      "≤ 300 MiB",
      ratio(rss, BUDGET.serverRss),
      verdict(rss <= BUDGET.serverRss),
    );
  const heap = Math.max(...x.memory.heap.map((h) => h.asIs.used));
  row(
    "5 page JS heap used (larger of the two; after a GC)",
    `${mib(heap)} (${mib(Math.max(...x.memory.heap.map((h) => h.afterGc.used)))})`,
    "≤ 300 MiB",
    ratio(heap, BUDGET.pageHeap),
    verdict(heap <= BUDGET.pageHeap),
  );
  if (x.idle)
    row(
      `6 server idle CPU, store live, no page (${(x.idle.elapsed / 1000).toFixed(0)} s)`,
      `${x.idle.cpu.toFixed(0)} ms = ${x.idle.percent.toFixed(2)} %`,
      `< ${BUDGET.idleCpuPercent} % of a core`,
      ratio(x.idle.percent, BUDGET.idleCpuPercent),
      verdict(x.idle.percent < BUDGET.idleCpuPercent),
    );
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(
    `\nsummary: ${options.containers} containers on ${options.networks} networks (${s.attachments} attachments), docker ${version.Version}, node ${process.version}, Chromium ${browser?.version() ?? "?"}${buildId ? `, build ${buildId}` : ""}`,
  );
  console.log("  ratio = measured / budget (≤ 1 meets it; for frame rates ≥ 1 does)");
  for (const r of rows)
    console.log(
      `  ${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3].padEnd(widths[3])}  ${r[4]}`,
    );
  console.log(`load average now ${load()}`);
}

await runScript({
  name: "bench-scale",
  npmScript: "bench:scale",
  inFlight: "step",
  main,
  finish,
  forceExit: true,
});
