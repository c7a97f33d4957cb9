// scripts/lib/bench-common.mjs - what the benchmarks (bench-topology, load-live, bench-live, bench-reach, bench-scale)
// share: options, the Engine API client and label cleanup, the raw Docker read behind one topology, our own
// `next start` and a client of its live stream, /proc readers, stats, Debian's Chromium and the page-side probes of
// the map's accessible list, and the run's lifecycle (signals, cleanup at exit).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

/** The repository root (this file is scripts/lib/bench-common.mjs). */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const LABEL_KEY = "netatlas.bench";
export const IMAGE = "netatlas/busybox:latest";
/** The newest API Netatlas speaks (lib/docker/versions.ts MAX_API_VERSION); it negotiates min(engine, this). */
export const MAX_API_VERSION = "1.45";
export const MIB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------- options

/** A wrong option or environment: reported by its message alone, without a stack. */
export class UsageError extends Error {}

/** The `--name=value` arguments (`--flag` alone is "1"), each one of `known`; `example` shows the form. */
export function parseArgs(known, example) {
  const args = {};
  for (const arg of process.argv.slice(2)) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unknown argument ${arg} (options look like ${example})`);
    args[m[1]] = m[2] ?? "1";
  }
  for (const key of Object.keys(args)) {
    if (!known.includes(key)) throw new UsageError(`unknown option --${key} (known: ${known.join(", ")})`);
  }
  return args;
}

export function intOption(name, value, min) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${name} must be an integer >= ${min}, not ${value}`);
  return n;
}

/** --docker-host / DOCKER_HOST, unix:// only, and its socket path; `labEnv` is the lab.sh call the hint shows. */
export function engineOption(args, labEnv) {
  const dockerHost = args["docker-host"] ?? process.env.DOCKER_HOST;
  if (!dockerHost) {
    throw new UsageError(
      `set DOCKER_HOST=unix:///path (e.g. \`eval "export $(${labEnv})"\`): no default engine`,
    );
  }
  if (!dockerHost.startsWith("unix://"))
    throw new UsageError(`DOCKER_HOST must be unix:///path, not ${dockerHost}`);
  return { dockerHost, socketPath: dockerHost.slice("unix://".length) };
}

/** --subnets / SUBNETS: the first two octets of the /24s to use (or, where `auto` is allowed, "auto"). */
export function subnetsOption(args, fallback, { auto = false } = {}) {
  const subnets = args.subnets ?? process.env.SUBNETS ?? fallback;
  if (auto && subnets === "auto") return subnets;
  if (!/^\d{1,3}\.\d{1,3}$/.test(subnets)) {
    const allowed = auto ? '"auto" or the first two octets' : "the first two octets";
    throw new UsageError(`SUBNETS must be ${allowed}, like ${fallback}; not ${subnets}`);
  }
  return subnets;
}

/** --url / NETATLAS_URL without trailing slashes, or null (start our own server); `loopback`: only 127.x/localhost. */
export function urlOption(args, { loopback = false } = {}) {
  const url = (args.url ?? process.env.NETATLAS_URL ?? "").replace(/\/+$/, "") || null;
  if (loopback && url && !/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(url))
    throw new UsageError(`NETATLAS_URL must be a loopback http:// address, not ${url}`);
  return url;
}

/** --app-dir / NETATLAS_APP_DIR: the built app to start; default the repo. */
export const appDirOption = (args) => resolve(args["app-dir"] ?? process.env.NETATLAS_APP_DIR ?? REPO);
export const verboseOption = (args) => (args.verbose ?? process.env.VERBOSE ?? "0") !== "0";

// ------------------------------------------------------------------------------------------ helpers

export const secs = (t) => `${(t / 1000).toFixed(1)} s`;
export const mib = (bytes) =>
  bytes === null || bytes === undefined ? "n/a" : `${(bytes / MIB).toFixed(1)} MiB`;
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** "  node v20...; 8 cores (<model>)": the machine line of every header. */
export const machine = () =>
  `  node ${process.version}; ${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown CPU"})`;

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM); null when unknown. */
export function procStatusBytes(pid, field) {
  if (pid === null) return null;
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export const CLK_TCK = (() => {
  const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(r.stdout) > 0 ? Number(r.stdout) : 100;
})();

/** CPU time (user + system, all threads) of a process in ms, from /proc/<pid>/stat; null when unknown. */
export function processCpuMs(pid) {
  if (pid === null) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile. */
export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

/** At most `limit` calls in flight, results in input order: the same scheme as lib/docker/limit.ts. */
export async function mapBounded(items, limit, fn) {
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

/**
 * mapBounded for calls that create things: a failure stops new calls and is thrown only once every call in flight
 * has ended, so that the cleanup never races calls still creating objects.
 */
export async function eachBounded(items, limit, fn) {
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

/** What a run must let go of: `stopping` once a signal came, `server` once startServer spawned one. */
export const run = { stopping: false, server: null };

export function checkStop() {
  if (run.stopping) throw new Error("interrupted");
}

// ------------------------------------------------------------------------------------------ HTTP

/**
 * One HTTP call (unix socket or loopback), body read in full and JSON.parse'd when it is JSON; `strictJson`: a 2xx
 * body that is not JSON fails the call. A plain `http.request` with no agent option, exactly as docker-modem
 * (dockerode) makes every call: Node's global agent and its connection reuse (keep-alive in Node 20).
 */
/**
 * What signs our requests to Netatlas in: the session cookie startServer gets by signing in, or, for a server
 * given with --url, an API token from NETATLAS_TOKEN (read-only is enough: the benchmarks only read).
 */
export const auth = {
  headers: process.env.NETATLAS_TOKEN ? { Authorization: `Bearer ${process.env.NETATLAS_TOKEN}` } : {},
};

export function call({
  socketPath,
  url,
  method = "GET",
  path,
  body,
  strictJson = false,
  headers: extra = {},
}) {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = payload
      ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload), ...extra }
      : { ...extra };
    const target = socketPath
      ? { socketPath, path, headers: { ...headers, Host: "docker" } }
      : { hostname: url.hostname, port: url.port, path, headers: { ...auth.headers, ...headers } };
    const req = request({ ...target, method }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const text = raw.toString("utf8");
        let json = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch (err) {
          if (strictJson && res.statusCode < 300)
            return reject(new Error(`${method} ${path}: body is not JSON (${err.message})`));
        }
        resolvePromise({ status: res.statusCode, json, text, bytes: raw.length, headers: res.headers });
      });
    });
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

// --------------------------------------------------------------------------------------- docker side

/** The Engine API over its unix socket, at the version negotiated by negotiate(). */
export function dockerClient(socketPath, { strictJson = false } = {}) {
  let api = null;
  /** Throws on any status outside 2xx (304 "already in that state" included), except those in `allowed`. */
  async function docker(method, path, body, allowed = []) {
    const res = await call({ socketPath, method, path: api ? `/v${api}${path}` : path, body, strictJson });
    if ((res.status < 200 || res.status >= 300) && !allowed.includes(res.status)) {
      throw new Error(
        `docker ${method} ${path}: ${res.status} ${res.json?.message ?? res.text ?? ""}`.trim(),
      );
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

export const labelFilter = (label) => encodeURIComponent(JSON.stringify({ label: [label] }));

/** Removes every container (forced) and then every network labelled `label`, `concurrency` at a time. */
export async function cleanupLabelled(client, label, concurrency = 8) {
  const { docker } = client;
  const started = performance.now();
  const containers = (await docker("GET", `/containers/json?all=1&filters=${labelFilter(label)}`)).json;
  // 409 "removal … already in progress": another cleanup (a run that was stopped) is removing it already.
  await mapBounded(containers, concurrency, (c) =>
    docker("DELETE", `/containers/${c.Id}?force=1&v=1`, undefined, [404, 409]),
  );
  const networks = (await docker("GET", `/networks?filters=${labelFilter(label)}`)).json;
  await mapBounded(networks, concurrency, (n) => docker("DELETE", `/networks/${n.Id}`, undefined, [404]));
  return { containers: containers.length, networks: networks.length, ms: performance.now() - started };
}

/**
 * Removes what an earlier run left labelled `label`, and says so. True with --cleanup-only: then that was all.
 * `note` follows the "left labelled" line.
 */
export async function clearLeftovers(client, label, { cleanupOnly, concurrency = 8, note = "" }) {
  const left = await cleanupLabelled(client, label, concurrency);
  if (cleanupOnly) {
    console.log(
      `cleanup: removed ${left.containers} containers and ${left.networks} networks labelled ${label}`,
    );
    return true;
  }
  if (left.containers + left.networks > 0) {
    console.log(
      `setup: removed ${left.containers} containers and ${left.networks} networks left labelled ${label}${note}`,
    );
  }
  return false;
}

/** Fails unless IMAGE is on the engine (it is never pulled); `hint` says where it comes from. */
export async function requireImage(client, hint) {
  const reference = encodeURIComponent(JSON.stringify({ reference: [IMAGE] }));
  const images = (await client.docker("GET", `/images/json?filters=${reference}`)).json;
  if (images.length === 0) throw new Error(`image ${IMAGE} is missing on this engine (${hint})`);
}

/** The same bound as lib/docker/read.ts INSPECT_CONCURRENCY, so a raw read fans out as Netatlas's does. */
export const INSPECT_CONCURRENCY = 8;

/**
 * The Docker calls behind one topology read, with Netatlas's concurrency (lib/docker/read.ts readSnapshot): info,
 * networks and the container list in parallel; every listed container inspected, at most 8 in flight; every body
 * read and parsed. GET /version is left out: Netatlas makes it once per negotiation and caches the result.
 * What `GET /api/topology` is compared with (bench-topology's side B).
 */
export async function rawTopologyRead(client) {
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

// ---------------------------------------------------------------------------------------- the server

export function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

export function ensureBuild(appDir) {
  const buildId = join(appDir, ".next", "BUILD_ID");
  if (existsSync(buildId)) return;
  console.log(`build: ${buildId} is missing, running \`npx next build\` (about 15 s)`);
  const result = spawnSync("npx", ["next", "build"], { cwd: appDir, stdio: "inherit" });
  if (result.status !== 0 || !existsSync(buildId)) throw new Error("next build failed; see above");
}

/**
 * `next start` of options.appDir on a free loopback port, reading exactly options.dockerHost; resolves once
 * /api/health answers 200. Registered in run.server at once, so stopServer() and the exit handler reach it.
 * `logLines`: how much of its output is kept for the error when it does not come up.
 */
export async function startServer(options, { logLines = 60 } = {}) {
  ensureBuild(options.appDir);
  const buildId = join(options.appDir, ".next", "BUILD_ID");
  const port = await freePort();
  // Its own throwaway data folder and admin, so the benchmark signs in like a person and reads with a session.
  const dataDir = mkdtempSync(join(tmpdir(), "netatlas-bench-data-"));
  const password = randomBytes(12).toString("hex");
  const env = {
    ...process.env,
    DOCKER_HOST: options.dockerHost,
    NODE_ENV: "production",
    NETATLAS_DATA_DIR: dataDir,
    NETATLAS_ADMIN_PASSWORD: password,
    // One signed-in admin plays every client: the per-user limits (docs/security.md, "Limits") would measure
    // themselves, not the server. An explicit setting in the environment still wins.
    NETATLAS_MAX_STREAMS_PER_CLIENT: process.env.NETATLAS_MAX_STREAMS_PER_CLIENT ?? "10000",
    NETATLAS_LISTING_BURST: process.env.NETATLAS_LISTING_BURST ?? "1000000",
    NETATLAS_LISTING_PER_MINUTE: process.env.NETATLAS_LISTING_PER_MINUTE ?? "1000000",
  };
  // NETATLAS_ENGINES would win over DOCKER_HOST: the server must read exactly the engine we use.
  delete env.NETATLAS_ENGINES;
  const started = performance.now();
  // Its own process group, so the whole of it (next start may fork) is stopped by our one pid.
  const child = spawn(
    process.execPath,
    [join(options.appDir, "scripts", "server.mjs"), "-H", "127.0.0.1", "-p", String(port)],
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
    log.splice(0, Math.max(0, log.length - logLines));
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
      rmSync(dataDir, { recursive: true, force: true });
    },
    killNow() {
      if (!exited) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }
    },
  };
  run.server = server;
  const deadline = Date.now() + 60_000;
  for (;;) {
    checkStop();
    if (exited) throw new Error(`next start exited (${JSON.stringify(exited)}):\n${log.join("\n")}`);
    try {
      // The setup status answers without signing in: once it does, sign in, then ask for health.
      if (!auth.headers.Cookie) {
        const login = await call({
          url: new URL(server.url),
          method: "POST",
          path: "/api/auth/login",
          body: { username: "admin", password },
          headers: { Origin: server.url },
        });
        const cookie = [login.headers?.["set-cookie"] ?? []].flat()[0];
        if (login.status === 200 && cookie) auth.headers = { Cookie: cookie.split(";")[0] };
      }
      const res = await call({ url: new URL(server.url), path: "/api/health" });
      if (res.status === 200) {
        server.health = res.json;
        break;
      }
      if (Date.now() > deadline) throw new Error(`/api/health answers ${res.status}: ${res.text}`);
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`server not ready after 60 s (${err.message}):\n${log.join("\n")}`);
    }
    await sleep(100);
  }
  server.readyMs = performance.now() - started;
  return server;
}

/** Stops the server startServer spawned, if any, and says so. */
export async function stopServer() {
  if (!run.server) return;
  await run.server.stop();
  console.log("server: stopped");
}

// ------------------------------------------------------------------------------------ the live stream

/**
 * One client of GET /api/events (plain node:http, signed in), so that the server's store is live: it follows the
 * snapshot and deltas far enough to count containers and endpoints, and keeps the feeds' status. `isBench(c)`
 * picks the benchmark's containers (a ContainerDto) for counts().
 */
export function openLiveStream(base, isBench) {
  const s = {
    version: null,
    feeds: [],
    /** The feeds as the first snapshot gave them: `since` tells whether they started for this client. */
    firstFeeds: null,
    snapshotAt: null,
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
      s.firstFeeds ??= m.feeds;
      s.snapshotAt ??= Date.now();
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

  /** The bench containers (running ones too) and their endpoints with an address in the stream's copy. */
  const counts = () => {
    const bench = new Set();
    let running = 0;
    for (const c of s.containers.values()) {
      if (!isBench(c)) continue;
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

// ------------------------------------------------------------------------------------------ the browser

/** The Debian Chromium and flags of the e2e tests (e2e/chromium.json), for chromium.launch(). */
export function chromiumLaunch() {
  return JSON.parse(readFileSync(join(REPO, "e2e", "chromium.json"), "utf8"));
}

/** Installs Debian's chromium (scripts/ensure-chromium.sh) when it is missing. */
export function ensureChromium() {
  const { executablePath } = chromiumLaunch();
  if (existsSync(executablePath)) return;
  console.log(`browser: ${executablePath} is missing, running scripts/ensure-chromium.sh`);
  const result = spawnSync("bash", [join(REPO, "scripts", "ensure-chromium.sh")], { stdio: "inherit" });
  if (result.status !== 0 || !existsSync(executablePath))
    throw new Error("could not install chromium; see above");
}

/** Wall-clock time in ms with sub-ms precision; pages use the same formula, so the two compare. */
export const wallClock = () => performance.timeOrigin + performance.now();

/** page clock - our clock, estimated from the round trip with the smallest delay. */
export async function clockOffset(page) {
  let best = null;
  for (let i = 0; i < 7; i++) {
    const before = wallClock();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = wallClock();
    const rtt = after - before;
    if (!best || rtt < best.rtt) best = { rtt, offset: pageNow - (before + after) / 2 };
  }
  return best;
}

/**
 * Page side (an init script, before the app's code runs): wraps EventSource so the page records when each `delta`
 * arrives (with the server's `at`), and the first `snapshot` (its arrival and the feeds it names), in
 * window.__nabenchStream.
 */
export function instrumentStream() {
  const Original = window.EventSource;
  const rec = { deltas: [], snapshot: null };
  window.__nabenchStream = rec;
  window.EventSource = class extends Original {
    constructor(...args) {
      super(...args);
      // Registered before the app's own listeners, so these are the times the messages reached the page.
      this.addEventListener("delta", (e) => {
        const m = JSON.parse(e.data);
        rec.deltas.push({
          version: m.version,
          at: Date.parse(m.at),
          arrived: performance.timeOrigin + performance.now(),
          count: m.deltas.length,
        });
        if (rec.deltas.length > 500) rec.deltas.splice(0, 250);
      });
      this.addEventListener("snapshot", (e) => {
        if (rec.snapshot) return;
        const m = JSON.parse(e.data);
        rec.snapshot = {
          arrived: performance.now(),
          bytes: e.data.length,
          feeds: m.feeds,
          version: m.version,
        };
      });
    }
  };
}

/**
 * Page side: watches the map's accessible list ("Map nodes", "Map connections") until every expectation
 * [list, pattern, present] holds, and records the wall-clock time of the DOM mutation after which it first does
 * (taken as the observer is called, before the list is searched). Answers false when they hold already.
 */
export function watchMapList(expectations) {
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
  window.__nabenchWatch?.observer.disconnect();
  if (holds()) return false;
  const state = { done: false, visibleAt: null, observer: null };
  state.observer = new MutationObserver(() => {
    const at = performance.timeOrigin + performance.now();
    if (state.done || !holds()) return;
    state.visibleAt = at;
    state.done = true;
    state.observer.disconnect();
  });
  state.observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  window.__nabenchWatch = state;
  return true;
}

/** A string as a literal inside a RegExp pattern. */
export const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// ------------------------------------------------------------------------------------------ the run

/**
 * Runs `main`, then always `finish` (the cleanup). The first SIGINT/SIGTERM/SIGHUP makes checkStop() throw, so the
 * run stops after the `inFlight` in flight and cleans up; a second exits at once. `name` prefixes the error,
 * `npmScript` is named for the --cleanup-only rerun; `forceExit`: open sockets or timers must not keep it alive.
 */
export async function runScript({ name, npmScript, inFlight, main, finish, forceExit = false }) {
  let interrupts = 0;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      interrupts++;
      if (interrupts > 1) {
        console.error(
          `${signal} again: exiting without cleanup; run \`npm run ${npmScript} -- --cleanup-only\``,
        );
        run.server?.killNow();
        process.exit(130);
      }
      console.error(
        `${signal}: stopping after the ${inFlight} in flight, then cleaning up (again to exit at once)`,
      );
      run.stopping = true;
    });
  }
  process.on("exit", () => run.server?.killNow());

  try {
    await main();
  } catch (err) {
    const why = err instanceof UsageError ? err.message : (err.stack ?? err);
    console.error(run.stopping ? "interrupted" : `${name}: ${why}`);
    process.exitCode = run.stopping ? 130 : 1;
  } finally {
    try {
      await finish();
    } catch (err) {
      console.error(`cleanup failed: ${err.message}; run \`npm run ${npmScript} -- --cleanup-only\``);
      process.exitCode = 1;
    }
    if (forceExit) setTimeout(() => process.exit(), 200).unref();
  }
}
