#!/usr/bin/env node
// scripts/bench-live.mjs - how fast a docker CLI change shows on the open map, and what keeping maps live costs
// when nothing changes. In Debian's Chromium (Playwright): 50 CLI changes, each timed from the CLI process exiting
// to the change being in the map's accessible list (seen by a MutationObserver in the page); then the server's CPU
// and RSS over 60 s with 3 pages connected and no Docker changes.
// Usage: DOCKER_HOST=unix:///run/netatlas-lab/bench/docker.sock npm run bench:live [-- --changes=50 --idle-s=60]
// Options (argv wins over env): --changes / CHANGES (50), --warmup / WARMUP (5, not counted), --idle-s / IDLE_S (60),
// --pages / PAGES (3), --url / NETATLAS_URL (default: start our own `next start`), --app-dir / NETATLAS_APP_DIR
// (the built app to start; default the repo), --docker-host / DOCKER_HOST (unix:// only), --subnets / SUBNETS
// (first two octets, default 10.161), --verbose / VERBOSE=1, --cleanup-only.
// Every object it creates carries the label netatlas.bench=live; exactly those are removed at start and at exit.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { chromium } from "@playwright/test";
import {
  appDirOption,
  auth,
  CLK_TCK,
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

const LABEL_VALUE = "live";
const LABEL = `${LABEL_KEY}=${LABEL_VALUE}`;
const DOCKER_CLI = "/usr/local/bin/docker";
// The same Debian chromium and flags as the e2e tests.
const chromiumLaunch = JSON.parse(readFileSync(join(REPO, "e2e/chromium.json"), "utf8"));
const CHROMIUM = chromiumLaunch.executablePath;
const GOAL = { p50: 150, p95: 400, idleCpuPercent: 1 };
/** How long one change may take to show before the run fails. */
const VISIBLE_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------------- options

function parseOptions() {
  const args = parseArgs(
    [
      "changes",
      "warmup",
      "idle-s",
      "pages",
      "url",
      "docker-host",
      "app-dir",
      "subnets",
      "verbose",
      "cleanup-only",
    ],
    "--changes=50",
  );
  const env = process.env;
  const { dockerHost, socketPath } = engineOption(args, "scripts/lab.sh env --name bench");
  const subnets = subnetsOption(args, "10.161");
  const url = urlOption(args, { loopback: true });
  const options = {
    changes: intOption("CHANGES", args.changes ?? env.CHANGES ?? 50, 1),
    warmup: intOption("WARMUP", args.warmup ?? env.WARMUP ?? 5, 0),
    idleS: intOption("IDLE_S", args["idle-s"] ?? env.IDLE_S ?? 60, 0),
    pages: intOption("PAGES", args.pages ?? env.PAGES ?? 3, 1),
    url,
    dockerHost,
    socketPath,
    appDir: appDirOption(args),
    subnets,
    verbose: verboseOption(args),
    cleanupOnly: "cleanup-only" in args,
  };
  if ((options.warmup + options.changes) / 5 > 250)
    throw new UsageError("at most 1250 changes (one /24 per cycle)");
  return options;
}

// ------------------------------------------------------------------------------------------ helpers

const ms = (v) => `${v.toFixed(0)} ms`;
/** Wall-clock time in ms with sub-ms precision; the page uses the same formula, so the two compare. */
const clock = () => performance.timeOrigin + performance.now();

// --------------------------------------------------------------------------------------- docker side

/** Runs the docker CLI; resolves when the process exits, with the wall-clock time of the exit. */
function dockerCli(args, dockerHost) {
  return new Promise((resolvePromise, reject) => {
    const started = clock();
    const child = spawn(DOCKER_CLI, args, {
      env: { ...process.env, DOCKER_HOST: dockerHost },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("error", reject);
    child.on("exit", (code) => {
      const exitedAt = clock();
      if (code !== 0) reject(new Error(`docker ${args.join(" ")} exited ${code}: ${out.trim()}`));
      else resolvePromise({ started, exitedAt });
    });
  });
}

// ---------------------------------------------------------------------------------------- the changes

const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Change i of the cycle (network create, run, connect --alias, disconnect, rm -f) and what the accessible list
 * must show once it is applied: [list, pattern, present].
 */
function change(i, options) {
  const k = Math.floor(i / 5);
  const [o1, o2] = options.subnets.split(".").map(Number);
  const net = `natlive-net-${k}`;
  const c = `natlive-c-${k}`;
  const alias = `natlive-a-${k}`;
  const subnet = `${o1}.${o2}.${k + 1}`;
  const label = ["--label", LABEL];
  switch (i % 5) {
    case 0:
      return {
        what: "network create",
        args: ["network", "create", ...label, "--subnet", `${subnet}.0/24`, net],
        expect: [["nodes", `^Network ${reEscape(net)}: `, true]],
      };
    case 1:
      return {
        what: "run -d --network",
        args: ["run", "-d", ...label, "--name", c, "--network", net, IMAGE, "sleep", "2147483647"],
        expect: [
          ["nodes", `^Container ${reEscape(c)}: running`, true],
          ["connections", `^${reEscape(c)} on ${reEscape(net)}: ${reEscape(subnet)}\\.\\d+/24`, true],
        ],
      };
    case 2:
      return {
        what: "network connect --alias",
        args: ["network", "connect", "--alias", alias, "natlive-hub", c],
        expect: [
          [
            "connections",
            `^${reEscape(c)} on natlive-hub: ${o1}\\.${o2}\\.0\\.\\d+/24, aliases ([^,]+, )*${reEscape(alias)}(,|$)`,
            true,
          ],
        ],
      };
    case 3:
      return {
        what: "network disconnect",
        args: ["network", "disconnect", "natlive-hub", c],
        expect: [["connections", `^${reEscape(c)} on natlive-hub:`, false]],
      };
    default:
      return {
        what: "rm -f",
        args: ["rm", "-f", c],
        expect: [["nodes", `^Container ${reEscape(c)}:`, false]],
      };
  }
}

/** Page side: records when every delta arrives (wrapping EventSource before the app's code runs). */
function instrumentPage() {
  const Original = window.EventSource;
  window.__natliveDeltas = [];
  window.EventSource = class extends Original {
    constructor(...args) {
      super(...args);
      // Registered before the app's own listener, so this is the time the message reached the page.
      this.addEventListener("delta", (e) => {
        const m = JSON.parse(e.data);
        window.__natliveDeltas.push({
          version: m.version,
          at: Date.parse(m.at),
          arrived: performance.timeOrigin + performance.now(),
        });
        if (window.__natliveDeltas.length > 500) window.__natliveDeltas.splice(0, 250);
      });
    }
  };
}

/** Page side: watches the accessible lists until every expectation holds; records the time it first does. */
function watchInPage(expectations) {
  const selector = { nodes: 'ul[aria-label="Map nodes"]', connections: 'ul[aria-label="Map connections"]' };
  const compiled = expectations.map(([list, pattern, present]) => [
    selector[list],
    new RegExp(pattern),
    present,
  ]);
  const holds = () =>
    compiled.every(([sel, re, present]) => {
      const ul = document.querySelector(sel);
      if (!ul) return false;
      let found = false;
      for (const b of ul.querySelectorAll(":scope > li > button")) {
        if (re.test(b.textContent ?? "")) {
          found = true;
          break;
        }
      }
      return found === present;
    });
  window.__natliveWatch?.observer.disconnect();
  if (holds()) return false;
  const state = { done: false, visibleAt: null, observer: null };
  state.observer = new MutationObserver(() => {
    if (state.done || !holds()) return;
    state.visibleAt = performance.timeOrigin + performance.now();
    state.done = true;
    state.observer.disconnect();
  });
  state.observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  window.__natliveWatch = state;
  return true;
}

/** page clock - our clock, estimated from the round trip with the smallest delay. */
async function clockOffset(page) {
  let best = null;
  for (let i = 0; i < 7; i++) {
    const before = clock();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = clock();
    const rtt = after - before;
    if (!best || rtt < best.rtt) best = { rtt, offset: pageNow - (before + after) / 2 };
  }
  return best;
}

// ---------------------------------------------------------------------------------------- the server

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.log(`browser: ${CHROMIUM} is missing, running scripts/ensure-chromium.sh`);
  const result = spawnSync("bash", [join(REPO, "scripts", "ensure-chromium.sh")], { stdio: "inherit" });
  if (result.status !== 0 || !existsSync(CHROMIUM)) throw new Error("could not install chromium; see above");
}

// ------------------------------------------------------------------------------------------------ main

let activeClient = null;
let browser = null;
let cleanupPromise = null;

async function finish() {
  cleanupPromise ??= (async () => {
    if (browser) {
      await browser.close().catch(() => {});
      browser = null;
    }
    await stopServer();
    if (activeClient?.api) {
      const removed = await cleanupLabelled(activeClient, LABEL, 1);
      console.log(
        `cleanup: removed ${removed.containers} containers and ${removed.networks} networks labelled ${LABEL}`,
      );
    }
  })();
  return cleanupPromise;
}

async function openMap(baseUrl) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // Signed in as the benchmark's admin (or with NETATLAS_TOKEN): the page and its event stream carry it.
  await page.setExtraHTTPHeaders(auth.headers);
  await page.addInitScript(instrumentPage);
  await page.goto(`${baseUrl}/`);
  await page
    .getByRole("status", { name: "Connection" })
    .filter({ hasText: /Live/ })
    .waitFor({ timeout: 30_000 });
  await page.getByRole("list", { name: "Map nodes" }).waitFor({ timeout: 30_000 });
  return page;
}

async function main() {
  const options = parseOptions();
  const client = dockerClient(options.socketPath);
  const version = await client.negotiate();
  activeClient = client;
  console.log(
    "Netatlas live benchmark: docker CLI change -> visible on the open map; idle cost of live maps",
  );
  console.log(machine());
  console.log(`  docker ${version.Version}, engine API ${version.ApiVersion} at ${options.dockerHost}`);
  if (await clearLeftovers(client, LABEL, { cleanupOnly: options.cleanupOnly, concurrency: 1 })) {
    activeClient = null;
    return;
  }
  await requireImage(client, "scripts/lab.sh up builds it");
  if (!existsSync(DOCKER_CLI)) throw new Error(`${DOCKER_CLI} is missing`);
  ensureChromium();
  if (!options.url) ensureBuild(options.appDir);

  // The network every container joins and leaves with an alias.
  const [o1, o2] = options.subnets.split(".").map(Number);
  await client.docker("POST", "/networks/create", {
    Name: "natlive-hub",
    CheckDuplicate: true,
    Labels: { [LABEL_KEY]: LABEL_VALUE },
    IPAM: { Config: [{ Subnet: `${o1}.${o2}.0.0/24`, Gateway: `${o1}.${o2}.0.1` }] },
  });

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
    console.log(`server: using ${baseUrl}; its CPU and memory are not measured (not started here)`);
  }

  browser = await chromium.launch(chromiumLaunch);
  const page = await openMap(baseUrl);
  const offset = await clockOffset(page);
  console.log(
    `browser: Chromium ${browser.version()}, map live; page clock offset ${offset.offset.toFixed(2)} ms (round trip ${offset.rtt.toFixed(1)} ms), corrected for`,
  );
  console.log(`  load average ${load()}`);

  // Latency: one CLI change at a time.
  const results = [];
  const total = options.warmup + options.changes;
  if (options.verbose)
    console.log("   #  change                      cli ms  visible ms  (server at, page got, rendered)");
  for (let i = 0; i < total; i++) {
    checkStop();
    const c = change(i, options);
    const armed = await page.evaluate(watchInPage, c.expect);
    if (!armed)
      throw new Error(`change ${i} (${c.what}): the list already shows the expected state before the change`);
    const cli = await dockerCli(c.args, options.dockerHost);
    try {
      await page.waitForFunction(() => window.__natliveWatch?.done === true, null, {
        timeout: VISIBLE_TIMEOUT_MS,
        polling: 50,
      });
    } catch {
      throw new Error(
        `change ${i} (docker ${c.args.join(" ")}) not visible in the map's list within ${VISIBLE_TIMEOUT_MS / 1000} s`,
      );
    }
    const seen = await page.evaluate(() => ({
      visibleAt: window.__natliveWatch.visibleAt,
      deltas: window.__natliveDeltas,
    }));
    const visibleAt = seen.visibleAt - offset.offset;
    // The delta that made it visible: the last one to arrive before the list showed it.
    const delta = seen.deltas.filter((d) => d.arrived - offset.offset <= visibleAt).at(-1);
    const r = {
      i,
      what: c.what,
      warm: i < options.warmup,
      cliMs: cli.exitedAt - cli.started,
      latency: visibleAt - cli.exitedAt,
      serverAt: delta ? delta.at - cli.exitedAt : null,
      arrived: delta ? delta.arrived - offset.offset - cli.exitedAt : null,
      rendered: delta ? visibleAt - (delta.arrived - offset.offset) : null,
    };
    results.push(r);
    if (options.verbose) {
      const f = (v) => (v === null ? "   n/a" : v.toFixed(0).padStart(6));
      console.log(
        `${(r.warm ? `w${i + 1}` : String(i - options.warmup + 1)).padStart(4)}  ${r.what.padEnd(26)} ${r.cliMs.toFixed(0).padStart(6)} ${r.latency.toFixed(1).padStart(11)}  (${f(r.serverAt)}, ${f(r.arrived)}, ${f(r.rendered)})`,
      );
    }
    await sleep(150);
  }
  const measured = results.filter((r) => !r.warm);
  const lat = measured.map((r) => r.latency);
  const p50 = percentile(lat, 50);
  const p95 = percentile(lat, 95);
  const max = Math.max(...lat);
  console.log(
    `latency over ${measured.length} changes (after ${options.warmup} warm-up), CLI exit -> visible in the list: p50 ${ms(p50)}, p95 ${ms(p95)}, max ${ms(max)}, min ${ms(Math.min(...lat))}`,
  );
  const part = (key) => {
    const v = measured.map((r) => r[key]).filter((x) => x !== null);
    return v.length ? `p50 ${ms(percentile(v, 50))}, p95 ${ms(percentile(v, 95))}` : "n/a";
  };
  const fromStart = measured.map((r) => r.cliMs + r.latency);
  console.log(
    `  from the CLI's start instead (the CLI's own run included): p50 ${ms(percentile(fromStart, 50))}, p95 ${ms(percentile(fromStart, 95))}`,
  );
  console.log(`  server committed the delta (its "at", ms resolution) after CLI exit: ${part("serverAt")}`);
  console.log(`  delta reached the page after CLI exit: ${part("arrived")}`);
  console.log(`  page rendered the list after the delta arrived: ${part("rendered")}`);
  const kinds = [...new Set(measured.map((r) => r.what))];
  for (const kind of kinds) {
    const v = measured.filter((r) => r.what === kind).map((r) => r.latency);
    const cliV = measured.filter((r) => r.what === kind).map((r) => r.cliMs);
    console.log(
      `  ${kind.padEnd(24)} n=${v.length}  p50 ${ms(percentile(v, 50)).padStart(7)}  max ${ms(Math.max(...v)).padStart(7)}   (the CLI itself: p50 ${ms(percentile(cliV, 50))})`,
    );
  }
  const latencyMet = p50 <= GOAL.p50 && p95 <= GOAL.p95;
  console.log(
    `LATENCY p50 ${ms(p50)} (goal <= ${GOAL.p50}), p95 ${ms(p95)} (goal <= ${GOAL.p95}): ${latencyMet ? "GOAL MET" : "GOAL MISSED"}`,
  );

  // Idle cost: PAGES maps open, no Docker changes.
  let idleMet = null;
  if (options.idleS > 0) {
    const pages = [page];
    while (pages.length < options.pages) pages.push(await openMap(baseUrl));
    await sleep(5000);
    if (pid === null) {
      console.log("idle: not measured (the server was not started here)");
    } else {
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
      const percent = (cpu / elapsed) * 100;
      const rss = samples.filter((s) => s !== null);
      idleMet = percent < GOAL.idleCpuPercent;
      console.log(
        `idle: ${options.pages} pages live, ${(elapsed / 1000).toFixed(0)} s without Docker changes: server CPU ${cpu.toFixed(0)} ms = ${percent.toFixed(2)} % of one core (clock tick ${1000 / CLK_TCK} ms); RSS ${mib(Math.min(...rss))} .. ${mib(Math.max(...rss))} (last ${mib(rss.at(-1))})`,
      );
      console.log(
        `IDLE CPU ${percent.toFixed(2)} % (goal < ${GOAL.idleCpuPercent} %): ${idleMet ? "GOAL MET" : "GOAL MISSED"}`,
      );
    }
  }
  console.log(`load average now ${load()}`);
}

await runScript({
  name: "bench-live",
  npmScript: "bench:live",
  inFlight: "step",
  main,
  finish,
  forceExit: true,
});
