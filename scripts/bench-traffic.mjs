#!/usr/bin/env node
// scripts/bench-traffic.mjs - what the map's Traffic switch costs the server: with N running containers (200) on a
// lab engine, the server process's CPU over a window (60 s): utime + stime from /proc/<pid>/stat, and with the
// commands it ran and waited for (cutime + cstime: the sampler's `nsenter … ip`). First with no traffic client,
// then with one client of GET /api/traffic subscribed (after its first full sample, so the one-off learning of
// each container's veth is reported apart), then again after it left (sampling must have stopped). Prints the
// three side by side as % of one core. Goal: < 5 % with the switch on, ~0 with it off.
// Not a timed test: it fails only on an error (e.g. the API does not report every container), never on a goal.
// Usage: DOCKER_HOST=unix:///run/netatlas-lab/a/docker.sock npm run bench:traffic [-- --containers=200 --window-s=60]
// Options (argv wins over env): --containers / CONTAINERS (200, one endpoint each), --networks / NETWORKS (4),
// --busy / BUSY (1: pairs among the containers where one fetches 100 KB from the other's httpd in a loop, so some
// rates are not zero), --window-s / WINDOW_S (60), --after-s / AFTER_S (20: the window after the client left),
// --url / NETATLAS_URL (a running server: then no CPU figures), --app-dir / NETATLAS_APP_DIR (the built app to
// start; default the repo), --docker-host / DOCKER_HOST (unix:// only), --subnets / SUBNETS (10.167: network i gets
// 10.167.<i>.0/24), --verbose / VERBOSE=1, --cleanup-only.
// Everything it creates is labelled netatlas.bench=traffic; exactly those are removed at start and at exit.
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { performance } from "node:perf_hooks";
import {
  appDirOption,
  auth,
  CLK_TCK,
  call,
  checkStop,
  cleanupLabelled,
  clearLeftovers,
  dockerClient,
  eachBounded,
  engineOption,
  IMAGE,
  intOption,
  LABEL_KEY,
  load,
  machine,
  median,
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
  UsageError,
  urlOption,
  verboseOption,
} from "./lib/bench-common.mjs";

const LABEL_VALUE = "traffic";
const LABEL = `${LABEL_KEY}=${LABEL_VALUE}`;
const GOAL = { onPercent: 5, offPercent: 0.5 };
const SETUP_CONCURRENCY = 8;

function parseOptions() {
  const args = parseArgs(
    [
      "containers",
      "networks",
      "busy",
      "window-s",
      "after-s",
      "url",
      "docker-host",
      "app-dir",
      "subnets",
      "verbose",
      "cleanup-only",
    ],
    "--containers=200",
  );
  const env = process.env;
  const { dockerHost, socketPath } = engineOption(args, "scripts/lab.sh env --name a");
  const options = {
    containers: intOption("CONTAINERS", args.containers ?? env.CONTAINERS ?? 200, 1),
    networks: intOption("NETWORKS", args.networks ?? env.NETWORKS ?? 4, 1),
    busy: intOption("BUSY", args.busy ?? env.BUSY ?? 1, 0),
    windowS: intOption("WINDOW_S", args["window-s"] ?? env.WINDOW_S ?? 60, 1),
    afterS: intOption("AFTER_S", args["after-s"] ?? env.AFTER_S ?? 20, 0),
    url: urlOption(args, { loopback: true }),
    dockerHost,
    socketPath,
    appDir: appDirOption(args),
    subnets: subnetsOption(args, "10.167"),
    verbose: verboseOption(args),
    cleanupOnly: "cleanup-only" in args,
  };
  if (options.busy * 2 > options.containers) throw new UsageError("BUSY pairs need 2 containers each");
  if (options.containers / options.networks > 250) throw new UsageError("at most 250 containers per network");
  return options;
}

const netName = (i) => `natraffic-net-${i}`;
const containerName = (i) => `natraffic-c-${i}`;
const LINE = "x".repeat(99);
const WEB = `mkdir -p /www && i=0 && while [ $i -lt 1000 ]; do echo ${LINE}; i=$((i+1)); done > /www/f && exec httpd -f -p 80 -h /www`;

/** N containers on M bridge networks, round robin; the first BUSY pairs are an httpd and its fetching client. */
async function setup(client, options) {
  const { docker } = client;
  const [a, b] = options.subnets.split(".").map(Number);
  let t = performance.now();
  await eachBounded(
    Array.from({ length: options.networks }, (_, i) => i),
    SETUP_CONCURRENCY,
    async (i) => {
      checkStop();
      const prefix = `${a}.${b}.${i}`;
      try {
        await docker("POST", "/networks/create", {
          Name: netName(i),
          Driver: "bridge",
          CheckDuplicate: true,
          Labels: { [LABEL_KEY]: LABEL_VALUE },
          IPAM: { Driver: "default", Config: [{ Subnet: `${prefix}.0/24`, Gateway: `${prefix}.1` }] },
        });
      } catch (err) {
        if (/overlap/i.test(err.message))
          err.message += ` (another network uses ${options.subnets}.x: set SUBNETS to another prefix)`;
        throw err;
      }
    },
  );
  const networksMs = performance.now() - t;
  t = performance.now();
  await eachBounded(
    Array.from({ length: options.containers }, (_, i) => i),
    SETUP_CONCURRENCY,
    async (i) => {
      checkStop();
      // Pair k: container 2k serves, 2k+1 fetches; both on the same network.
      const pair = i < options.busy * 2 ? Math.floor(i / 2) : null;
      const net = netName(pair === null ? i % options.networks : pair % options.networks);
      const cmd =
        pair === null
          ? ["sleep", "2147483647"]
          : i % 2 === 0
            ? ["sh", "-c", WEB]
            : [
                "sh",
                "-c",
                `while true; do wget -q -O /dev/null http://${containerName(i - 1)}/f; sleep 0.2; done`,
              ];
      const created = await docker("POST", `/containers/create?name=${containerName(i)}`, {
        Image: IMAGE,
        Cmd: cmd,
        Labels: { [LABEL_KEY]: LABEL_VALUE },
        HostConfig: { NetworkMode: net },
        NetworkingConfig: { EndpointsConfig: { [net]: {} } },
      });
      await docker("POST", `/containers/${created.json.Id}/start`);
    },
  );
  return { networksMs, containersMs: performance.now() - t };
}

/** One client of GET /api/traffic: counts messages and bytes, keeps the latest message. */
function openTraffic(base) {
  const s = {
    messages: 0,
    bytes: 0,
    latest: null,
    firstAt: null,
    ended: null,
    readMs: [],
    listeners: new Set(),
  };
  const req = request(
    {
      hostname: base.hostname,
      port: base.port,
      path: "/api/traffic",
      headers: { ...auth.headers, Accept: "text/event-stream" },
    },
    (res) => {
      if (res.statusCode !== 200) {
        s.ended = `GET /api/traffic answered ${res.statusCode}`;
        res.resume();
        return;
      }
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk) => {
        s.bytes += Buffer.byteLength(chunk);
        buffer += chunk;
        const blocks = buffer.split("\n\n");
        buffer = blocks.pop() ?? "";
        for (const block of blocks) {
          const data = block
            .split("\n")
            .filter((l) => l.startsWith("data: "))
            .map((l) => l.slice(6))
            .join("\n");
          if (!data || !/^event: traffic$/m.test(block)) continue;
          const m = JSON.parse(data);
          s.messages++;
          s.latest = m;
          s.firstAt ??= performance.now();
          for (const e of m.engines) s.readMs.push(e.readMs);
          for (const l of s.listeners) l(m);
        }
      });
      res.on("end", () => (s.ended ??= "the stream ended"));
    },
  );
  req.on("error", (err) => (s.ended ??= `the stream failed: ${err.message}`));
  req.end();
  return {
    state: s,
    until(predicate, timeoutMs, what) {
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => {
          s.listeners.delete(check);
          reject(new Error(`${what}: not within ${timeoutMs / 1000} s (${s.ended ?? "stream open"})`));
        }, timeoutMs);
        function check(m) {
          if (!predicate(m)) return;
          clearTimeout(timer);
          s.listeners.delete(check);
          resolvePromise(m);
        }
        s.listeners.add(check);
      });
    },
    close: () => req.destroy(),
  };
}

/**
 * CPU time in ms of the commands `pid` ran and waited for (cutime + cstime of /proc/<pid>/stat): the sampler's
 * `nsenter … ip` run outside the server process, and count towards what the switch costs.
 */
function childrenCpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLK_TCK;
}

/** CPU of `pid` over `seconds` (its own, utime + stime; and with its finished children): % of one core. */
async function cpuWindow(pid, seconds) {
  const c0 = processCpuMs(pid);
  const k0 = childrenCpuMs(pid);
  const t0 = performance.now();
  for (let left = seconds * 1000; left > 0; left -= 1000) {
    checkStop();
    await sleep(Math.min(1000, left));
  }
  const cpuMs = processCpuMs(pid) - c0;
  const childMs = childrenCpuMs(pid) - k0;
  const wallMs = performance.now() - t0;
  return {
    cpuMs,
    childMs,
    wallMs,
    percent: (cpuMs / wallMs) * 100,
    withChildren: ((cpuMs + childMs) / wallMs) * 100,
  };
}

const pct = (w) => (w ? `${w.percent.toFixed(2)} %` : "n/a");
const pctAll = (w) => (w ? `${w.withChildren.toFixed(2)} %` : "n/a");

let options;
let client;

async function main() {
  options = parseOptions();
  client = dockerClient(options.socketPath, { strictJson: true });
  const version = await client.negotiate();
  if (await clearLeftovers(client, LABEL, { cleanupOnly: options.cleanupOnly })) return;
  await requireImage(client, "scripts/lab.sh up builds it");
  console.log(
    `bench:traffic: ${options.containers} containers on ${options.networks} networks, ${options.busy} busy pair(s)`,
  );
  console.log(machine());
  console.log(
    `  engine ${version.Version} (API ${version.ApiVersion}, using ${client.api}) at ${options.dockerHost}; load ${load()}`,
  );
  const made = await setup(client, options);
  console.log(
    `setup: ${options.networks} networks in ${secs(made.networksMs)}, ${options.containers} containers in ${secs(made.containersMs)}`,
  );

  let base;
  let pid = null;
  if (options.url) {
    base = new URL(options.url);
    console.log(`server: ${options.url} (given: no CPU figures, only what the stream says)`);
  } else {
    const server = await startServer(options);
    base = new URL(server.url);
    pid = server.pid;
    console.log(
      `server: ${server.url}, pid ${pid}, ready in ${secs(server.readyMs)}; build ${server.buildId}`,
    );
  }
  // The store must hold every container before anything is measured (the server keeps it live from its start).
  const until = Date.now() + 60_000;
  for (;;) {
    checkStop();
    const res = await call({ url: base, path: "/api/topology" });
    const n = (res.json?.containers ?? []).filter(
      (c) => c.labels?.[LABEL_KEY] === LABEL_VALUE && c.state === "running",
    ).length;
    if (n === options.containers) break;
    if (Date.now() > until) throw new Error(`the server sees ${n} of ${options.containers} bench containers`);
    await sleep(500);
  }
  await sleep(5000); // let the start settle (first reads, JIT)

  console.log(`off: ${options.windowS} s with no traffic client ...`);
  const off = pid === null ? null : await cpuWindow(pid, options.windowS);

  const started = performance.now();
  const cpuAtSubscribe = processCpuMs(pid);
  const traffic = openTraffic(base);
  const benchIds = new Set(
    (await call({ url: base, path: "/api/topology" })).json.containers
      .filter((c) => c.labels?.[LABEL_KEY] === LABEL_VALUE)
      .map((c) => c.id),
  );
  const rated = (m) => m.endpoints.filter((e) => benchIds.has(e.containerId) && e.rates !== null);
  await traffic.until(
    (m) => rated(m).length >= options.containers,
    120_000,
    "every bench endpoint with a rate",
  );
  const firstFullMs = performance.now() - started;
  const firstCpuMs = pid === null ? null : processCpuMs(pid) - cpuAtSubscribe;
  const messagesBefore = traffic.state.messages;
  const bytesBefore = traffic.state.bytes;
  traffic.state.readMs.length = 0;
  console.log(
    `on: first sample with all ${options.containers} endpoints rated after ${secs(firstFullMs)}; ${options.windowS} s with one client ...`,
  );
  const on = pid === null ? null : await cpuWindow(pid, options.windowS);
  if (pid === null) await sleep(options.windowS * 1000);
  const messages = traffic.state.messages - messagesBefore;
  const streamBytes = traffic.state.bytes - bytesBefore;
  const last = traffic.state.latest;
  const lastRated = rated(last);
  const sources = [...new Set(lastRated.map((e) => e.source))].join(", ");
  const busy = lastRated.filter((e) => e.totalBytes > 0).length;
  if (traffic.state.ended) throw new Error(`traffic stream: ${traffic.state.ended}`);
  traffic.close();

  let after = null;
  if (options.afterS > 0 && pid !== null) {
    await sleep(5000); // the sampler stops about 1 s after the last client left
    console.log(`after: ${options.afterS} s after the client left ...`);
    after = await cpuWindow(pid, options.afterS);
  }
  const rss = procStatusBytes(pid, "VmRSS");

  console.log("");
  console.log(`results (${options.containers} running containers, one endpoint each; sources: ${sources}):`);
  console.log("  server CPU, % of one core     traffic off   traffic on (1 client)   after it left   goal");
  console.log(
    `    the server process          ${pct(off).padEnd(13)} ${pct(on).padEnd(23)} ${pct(after).padEnd(15)} on < ${GOAL.onPercent} %, off ~0`,
  );
  console.log(
    `    with its commands (ip)      ${pctAll(off).padEnd(13)} ${pctAll(on).padEnd(23)} ${pctAll(after).padEnd(15)}`,
  );
  if (off && on) {
    console.log(
      `  the switch on costs ${(on.percent - off.percent).toFixed(2)} % of one core more (${(on.percent / Math.max(off.percent, 0.01)).toFixed(1)}x the idle server); ${((on.cpuMs - off.cpuMs) / messages).toFixed(1)} ms CPU per sample`,
    );
  }
  console.log(
    `  samples: ${messages} in ${options.windowS} s; engine read median ${median(traffic.state.readMs)} ms; ${busy} busy endpoint(s) in the last sample; stream ${(streamBytes / 1024 / Math.max(messages, 1)).toFixed(1)} KiB per sample`,
  );
  console.log(
    `  first full sample (learning ${options.containers} veths: one inspect and one nsenter each): ${secs(firstFullMs)}, ${firstCpuMs === null ? "n/a" : `${firstCpuMs.toFixed(0)} ms CPU`}`,
  );
  console.log(`  server RSS at the end: ${mib(rss)}; load ${load()}`);
  if (on && off) {
    const met =
      on.percent < GOAL.onPercent && (after?.percent ?? off.percent) <= off.percent + GOAL.offPercent;
    console.log(met ? "GOAL MET" : "GOAL MISSED");
  }
}

async function finish() {
  await stopServer();
  if (client && options && !options.cleanupOnly) {
    const gone = await cleanupLabelled(client, LABEL);
    console.log(
      `cleanup: removed ${gone.containers} containers and ${gone.networks} networks in ${secs(gone.ms)}`,
    );
  }
}

await runScript({
  name: "bench:traffic",
  npmScript: "bench:traffic",
  inFlight: "calls",
  main,
  finish,
  forceExit: true,
});
