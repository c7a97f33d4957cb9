// Probes with real packets (run for Docker 26.1 and 20.10): each kind through POST /api/probes gives the same
// answer as the same check made with `docker exec` in the container (ping reachability and TTL, TCP open or
// refused, HTTP status from a busybox httpd, DNS answers), including probes that must fail (a pair on
// different networks, a closed port, a name nobody has); a trace and a throughput test between two containers;
// the helper-container method; the 10 s cap; and bad input refused before anything runs (no process, no
// container, no audit `ok`). Traffic goes only to the lab's own containers.
import { execFile } from "node:child_process";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/probes/route";
import type { DnsDetails, PingDetails, ProbeEvent } from "@/lib/api/probes";
import { queryAudit } from "@/lib/auth/audit";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { limitCounts } from "@/lib/http/limits";
import { parseNslookup } from "@/lib/probe/parse";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { type DnsResponder, labLinkAddress, nxdomainResponder } from "@/lib/testing/dns-responder";
import { docker, inspect, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { call, request, useIdentities } from "@/lib/testing/routes";

let t: TestObjects;
let ids: TestIdentities;
const c = { src: "", web: "", far: "", stopped: "", asksOut: "", bridged: "" };
let responder: DnsResponder;
const ip = { web: "", far: "", gateway: "", unused: "" };

type Result = Extract<ProbeEvent, { type: "result" }>;

interface Probed {
  status: number;
  events: ProbeEvent[];
  result: Result | null;
  error: unknown;
  body: unknown;
  ms: number;
}

async function probe(body: Record<string, unknown>, as: "operator" | "viewer" = "operator"): Promise<Probed> {
  const started = Date.now();
  const answer = await call<unknown>(POST, "/api/probes", {}, { method: "POST", as, body });
  const ms = Date.now() - started;
  if (answer.status !== 200)
    return { status: answer.status, events: [], result: null, error: null, body: answer.body, ms };
  expect(answer.headers.get("content-type")).toMatch(/application\/x-ndjson/);
  const text = typeof answer.body === "string" ? answer.body : `${JSON.stringify(answer.body)}\n`;
  const events = text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ProbeEvent);
  const result = (events.find((e) => e.type === "result") as Result | undefined) ?? null;
  const error = events.find((e) => e.type === "error") ?? null;
  return { status: 200, events, result, error, body: null, ms };
}

/** The result's details, failing the test when the probe ended without a result. */
function details<T>(p: Probed): T {
  expect(p.result, JSON.stringify(p.events)).not.toBeNull();
  return (p.result as Result).details as T;
}

/**
 * The same check by hand: `docker exec` in the container, its exit status and everything it printed. Not
 * synchronous: the test's own DNS responder must keep answering meanwhile.
 */
function exec(container: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(
      "docker",
      ["exec", container, ...args],
      { encoding: "utf8", timeout: 20_000 },
      (err, stdout, stderr) => resolve({ ok: !err, out: `${stdout}${stderr}` }),
    );
  });
}

function endpointOf(container: string, network: string): { IPAddress: string; Gateway: string } {
  const info = inspect<{
    NetworkSettings: { Networks: Record<string, { IPAddress: string; Gateway: string }> };
  }>("container", container);
  return info.NetworkSettings.Networks[network] as { IPAddress: string; Gateway: string };
}
const ipOf = (container: string, network: string) => endpointOf(container, network).IPAddress;

/**
 * Processes in `container`'s network namespace that are not the container's own (not in its cgroup): what a
 * probe runs there (nsenter execs the tool, so the namespace is how to find it), to show a refused probe ran
 * nothing and a stopped one left nothing behind.
 */
function probesIn(container: string): number {
  const { Id, State } = inspect<{ Id: string; State: { Pid: number } }>("container", container);
  const netns = fs.readlinkSync(`/proc/${State.Pid}/ns/net`);
  let count = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/ns/net`) !== netns) continue;
      if (!fs.readFileSync(`/proc/${pid}/cgroup`, "utf8").includes(Id)) count++;
    } catch {
      // gone meanwhile
    }
  }
  return count;
}

/** Helper containers that exist now, any probe's. */
const helperContainers = () =>
  docker(["ps", "-aq", "--filter", "label=netatlas.probe"]).split("\n").filter(Boolean);

const auditedOk = () => queryAudit({ action: "probe.", result: "ok" }, 1, 0).total;

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  ids = await testIdentities();
  useIdentities(ids);
  t = testObjects();
  const net = t.network("probe-net", ["--subnet", "172.31.240.0/24"]);
  const other = t.network("probe-other");
  c.src = t.run("src", ["--network", net]);
  c.web = t.run(
    "web",
    ["--network", net, "--network-alias", "www-alias"],
    ["httpd", "-f", "-p", "80", "-h", "/"],
  );
  c.far = t.run("far", ["--network", other]);
  c.stopped = t.run("stopped", ["--network", net], ["true"]);
  // Names the embedded DNS does not know go to an outside server: ours, on the lab link, says NXDOMAIN.
  responder = await nxdomainResponder(labLinkAddress());
  c.asksOut = t.run("asks-out", ["--network", net, "--dns", responder.address]);
  c.bridged = t.run("bridged", ["--network", "bridge", "--dns", responder.address]);
  docker(["wait", c.stopped]);
  ip.web = ipOf(c.web, net);
  ip.far = ipOf(c.far, other);
  ip.gateway = endpointOf(c.src, net).Gateway;
  ip.unused = "172.31.240.250";
}, 120_000);

afterAll(async () => {
  await responder?.close();
  t?.cleanup();
  ids?.cleanup();
});

describe("each probe agrees with docker exec", () => {
  it("ping: a container on the same network answers with TTL 64, as docker exec ping says", async () => {
    const p = await probe({ kind: "ping", container: c.src, target: ip.web, count: 2 });
    const start = p.events[0];
    expect(start?.type).toBe("start");
    if (start?.type === "start") {
      expect(start.method).toBe("nsenter");
      expect(start.command).toContain(`docker exec ${c.src} ping -c 2`);
    }
    expect(p.events.some((e) => e.type === "line" && /bytes from/.test(e.text))).toBe(true);
    const real = await exec(c.src, ["ping", "-c", "2", "-W", "1", ip.web]);
    const d = p.result?.details as PingDetails;
    expect(p.result?.ok).toBe(real.ok);
    expect(d.received).toBe(2);
    expect(d.ttl).toBe(Number(/ttl=(\d+)/.exec(real.out)?.[1]));
    expect(p.result?.summary).toMatch(/answered 2 of 2 pings/);
  });

  it("ping by name: resolved the container's way (an alias only its network knows)", async () => {
    const p = await probe({ kind: "ping", container: c.src, target: "www-alias", count: 1 });
    expect(p.events.some((e) => e.type === "line" && e.text === `www-alias is ${ip.web}`)).toBe(true);
    expect(p.result?.details).toMatchObject({ received: 1, ttl: 64 });
    const nobody = await probe({ kind: "tcp", container: c.src, target: `${t.prefix}nobody`, port: 80 });
    expect(nobody.result?.ok).toBe(false);
    expect(nobody.result?.summary).toMatch(/does not resolve/);
  }, 20_000);

  it("ping: a pair on different networks (the model: no shared network) gets no reply, as docker exec", async () => {
    const p = await probe({ kind: "ping", container: c.src, target: ip.far, count: 1 });
    const real = await exec(c.src, ["ping", "-c", "1", "-W", "1", ip.far]);
    expect(real.ok).toBe(false);
    expect(p.result?.ok).toBe(false);
    expect(details<PingDetails>(p).received).toBe(0);
  });

  it("tcp: open on the httpd's port, refused on a closed one, as nc in the container says", async () => {
    const open = await probe({ kind: "tcp", container: c.src, target: ip.web, port: 80 });
    const closed = await probe({ kind: "tcp", container: c.src, target: ip.web, port: 81 });
    expect(open.result?.details).toMatchObject({ kind: "tcp", state: "open" });
    expect(open.result?.ok).toBe((await exec(c.src, ["nc", "-w", "2", ip.web, "80", "-e", "true"])).ok);
    expect(closed.result?.details).toMatchObject({ kind: "tcp", state: "refused" });
    const real = await exec(c.src, ["nc", "-w", "2", ip.web, "81", "-e", "true"]);
    expect(real.ok).toBe(false);
    expect(real.out).toMatch(/refused/);
  });

  it("http: 200 for a file and 404 for a missing path, as a GET through nc in the container says", async () => {
    const real = async (path: string) =>
      /HTTP\/1\.[01] (\d+)/.exec(
        (await exec(c.src, ["sh", "-c", `printf 'GET ${path} HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${ip.web} 80`]))
          .out,
      )?.[1];
    // By name: resolved the container's way (its embedded DNS), not this machine's.
    const ok = await probe({ kind: "http", container: c.src, target: c.web, path: "/index.html" });
    const missing = await probe({ kind: "http", container: c.src, target: ip.web, path: "/nope" });
    expect(ok.result?.details).toMatchObject({ status: Number(await real("/index.html")) });
    expect(details<{ body: string }>(ok).body).toContain("netatlas lab");
    expect(missing.result?.details).toMatchObject({ status: Number(await real("/nope")) });
    expect(missing.result?.details).toMatchObject({ status: 404 });
  });

  it("dns: a container name and an alias resolve like nslookup in the container, by the embedded DNS", async () => {
    for (const name of [c.web, "www-alias"]) {
      const p = await probe({ kind: "dns", container: c.src, target: name });
      const d = p.result?.details as DnsDetails;
      const real = parseNslookup((await exec(c.src, ["nslookup", name])).out, name, false);
      expect(d.answers.filter((a) => !a.includes(":")).sort()).toEqual(real.answers.sort());
      expect(d.answers).toContain(ip.web);
      expect(d.resolver).toEqual({ address: "127.0.0.11", kind: "embedded" });
      expect(p.result?.ok).toBe(true);
    }
  });

  it("dns: a name nobody has gets no answer, as nslookup in the container says", async () => {
    const name = `${t.prefix}nobody`;
    const p = await probe({ kind: "dns", container: c.src, target: name });
    const real = parseNslookup((await exec(c.src, ["nslookup", name])).out, name, false);
    expect(real.answers).toEqual([]);
    expect(p.result?.ok).toBe(false);
    expect(details<DnsDetails>(p).answers).toEqual([]);
    console.log(`nonexistent name: probe ${details<DnsDetails>(p).rcode}, nslookup ${real.rcode}`);
  }, 15_000);

  it("dns: NXDOMAIN from the outside server, passed on by the embedded DNS, as nslookup says", async () => {
    const name = `${t.prefix}nobody.example`;
    const p = await probe({ kind: "dns", container: c.asksOut, target: name });
    const real = parseNslookup((await exec(c.asksOut, ["nslookup", name])).out, name, false);
    expect(real.rcode).toBe("NXDOMAIN");
    expect(p.result?.details).toMatchObject({
      rcode: "NXDOMAIN",
      answers: [],
      resolver: { address: "127.0.0.11", kind: "embedded" },
    });
    expect(p.result?.summary).toMatch(/does not exist/);
    expect(responder.questions.some((q) => q.startsWith(name))).toBe(true);
  }, 15_000);

  it("dns: on the default bridge (no embedded DNS) the outside server answers itself", async () => {
    const name = `${t.prefix}nobody.example`;
    const p = await probe({ kind: "dns", container: c.bridged, target: name });
    expect(p.result?.details).toMatchObject({
      rcode: "NXDOMAIN",
      resolver: { address: responder.address, kind: "outside" },
    });
    expect(parseNslookup((await exec(c.bridged, ["nslookup", name])).out, name, false).rcode).toBe(
      "NXDOMAIN",
    );
  }, 15_000);

  it("dns: the container's own hostname comes from its /etc/hosts", async () => {
    const hostname = (await exec(c.src, ["hostname"])).out.trim();
    const p = await probe({ kind: "dns", container: c.src, target: hostname });
    expect(details<DnsDetails>(p).resolver.kind).toBe("hosts-file");
  });

  it("trace: one hop to a container on the same network, two to the engine host's link", async () => {
    const p = await probe({ kind: "trace", container: c.src, target: ip.web });
    expect(p.result?.details).toMatchObject({
      kind: "trace",
      reached: true,
      hops: [{ ttl: 1, address: ip.web }],
    });
    const g = await probe({ kind: "trace", container: c.src, target: ip.gateway });
    expect(g.result?.details).toMatchObject({ reached: true, hops: [{ ttl: 1, address: ip.gateway }] });
    // By name, resolved by the container's embedded DNS.
    const named = await probe({ kind: "trace", container: c.src, target: "www-alias" });
    expect(named.result?.details).toMatchObject({ reached: true, hops: [{ address: ip.web }] });
  });

  it("throughput: bytes flow between two containers on one network, within 5 s", async () => {
    const p = await probe({ kind: "throughput", container: c.src, target: c.web, seconds: 1 });
    expect(p.result?.ok).toBe(true);
    const d = p.result?.details as { bytes: number; bitsPerSecond: number };
    expect(d.bytes).toBeGreaterThan(0);
    console.log(`throughput ${c.src} → ${c.web}: ${p.result?.summary}`);
  }, 15_000);
});

describe("limits", () => {
  it("a ping of 10 to an address nobody has ends within 10 s", async () => {
    const p = await probe({ kind: "ping", container: c.src, target: ip.unused, count: 10 });
    expect(p.result?.ok).toBe(false);
    expect(p.ms).toBeLessThanOrEqual(10_000);
    console.log(`ping -c 10 to ${ip.unused}: ${p.ms} ms`);
  }, 20_000);

  it("the probe slot is given back after each probe", () => {
    expect(limitCounts().probes).toBe(0);
  });

  /** Starts a long probe (10 pings nobody answers) and returns its open answer after the first event. */
  async function longProbe(signal?: AbortSignal) {
    const body = { kind: "ping", container: c.src, target: ip.unused, count: 10 };
    const base = request("/api/probes", { method: "POST", as: "operator", body });
    const response = await POST(signal ? new Request(base, { signal }) : base);
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('"type":"start"');
    return reader;
  }

  async function until(check: () => boolean, ms: number): Promise<number> {
    const started = Date.now();
    while (!check() && Date.now() - started < ms) await new Promise((r) => setTimeout(r, 50));
    return Date.now() - started;
  }

  it("the client going away stops the probe: its process ends and its slot is free", async () => {
    const reader = await longProbe();
    await until(() => probesIn(c.src) > 0, 2000);
    expect(probesIn(c.src)).toBeGreaterThan(0);
    await reader.cancel();
    const took = await until(() => probesIn(c.src) === 0 && limitCounts().probes === 0, 3000);
    expect(probesIn(c.src)).toBe(0);
    expect(limitCounts().probes).toBe(0);
    console.log(`stream cancelled: probe stopped within ${took} ms`);

    const aborted = new AbortController();
    await longProbe(aborted.signal);
    await until(() => probesIn(c.src) > 0, 2000);
    aborted.abort();
    await until(() => probesIn(c.src) === 0 && limitCounts().probes === 0, 3000);
    expect(probesIn(c.src)).toBe(0);
    expect(limitCounts().probes).toBe(0);
    const last = queryAudit({ action: "probe.ping" }, 1, 0).entries[0];
    expect(last).toMatchObject({ result: "error" });
    expect(last?.error).toMatch(/client went away/);
  }, 20_000);

  it("beyond NETATLAS_MAX_PROBES_PER_USER: 429 with Retry-After, audited, nothing run", async () => {
    process.env.NETATLAS_MAX_PROBES_PER_USER = "1";
    try {
      const reader = await longProbe();
      const second = await call<{ error: { code: string; message: string } }>(
        POST,
        "/api/probes",
        {},
        {
          method: "POST",
          as: "operator",
          body: { kind: "tcp", container: c.src, target: ip.web, port: 80 },
        },
      );
      expect(second.status).toBe(429);
      expect(second.headers.get("retry-after")).toBe("5");
      expect(second.body.error.message).toMatch(/NETATLAS_MAX_PROBES_PER_USER/);
      const refused = queryAudit({ action: "probe.tcp", result: "denied" }, 1, 0).entries[0];
      expect(refused?.status).toBe(429);
      await reader.cancel();
      await until(() => limitCounts().probes === 0, 3000);
    } finally {
      delete process.env.NETATLAS_MAX_PROBES_PER_USER;
    }
  }, 20_000);
});

describe("helper-container method", () => {
  beforeAll(() => {
    process.env.NETATLAS_PROBE_METHOD = "helper-container";
  });
  afterAll(() => {
    delete process.env.NETATLAS_PROBE_METHOD;
  });

  it("ping and tcp through a helper container agree, and the helper is removed", async () => {
    const ping = await probe({ kind: "ping", container: c.src, target: ip.web, count: 1 });
    expect(ping.events[0]).toMatchObject({ type: "start", method: "helper-container" });
    expect((ping.events[0] as { command: string }).command).toContain(`--network container:${c.src}`);
    expect(ping.result?.details).toMatchObject({ received: 1, ttl: 64 });
    const open = await probe({ kind: "tcp", container: c.src, target: ip.web, port: 80 });
    const closed = await probe({ kind: "tcp", container: c.src, target: ip.web, port: 81 });
    expect(open.result?.details).toMatchObject({ state: "open" });
    expect(closed.result?.details).toMatchObject({ state: "refused" });
    const far = await probe({ kind: "ping", container: c.src, target: ip.far, count: 1 });
    expect(far.result?.ok).toBe(false);
    expect(helperContainers()).toEqual([]);
  }, 60_000);

  it("a ping of 10 nobody answers ends within 10 s, helper container included", async () => {
    const p = await probe({ kind: "ping", container: c.src, target: ip.unused, count: 10 });
    expect(p.result?.ok).toBe(false);
    expect(p.ms).toBeLessThanOrEqual(10_000);
    expect(helperContainers()).toEqual([]);
    console.log(`helper ping -c 10 to ${ip.unused}: ${p.ms} ms`);
  }, 20_000);

  it("dns through a helper container", async () => {
    const p = await probe({ kind: "dns", container: c.src, target: c.web });
    expect(details<DnsDetails>(p).answers).toContain(ip.web);
  }, 20_000);

  it("throughput is refused: it needs the host", async () => {
    const p = await probe({ kind: "throughput", container: c.src, target: c.web });
    expect(p.status).toBe(409);
    expect(JSON.stringify(p.body)).toMatch(/engine's host/);
  });
});

describe("bad input runs nothing", () => {
  const cases: [string, Record<string, unknown>, number][] = [
    ["an option as target", { kind: "ping", target: "-f" }, 400],
    ["--help as target", { kind: "ping", target: "--help" }, 400],
    ["shell characters", { kind: "ping", target: "a;b" }, 400],
    ["a command substitution", { kind: "tcp", target: "$(x)", port: 80 }, 400],
    ["a huge count", { kind: "ping", target: "127.0.0.1", count: 1_000_000 }, 400],
    ["an unknown kind", { kind: "nmap", target: "127.0.0.1" }, 400],
    ["tcp without a port", { kind: "tcp", target: "127.0.0.1" }, 400],
  ];
  for (const [what, body, status] of cases) {
    it(`${what}: ${status}`, async () => {
      const ok = auditedOk();
      const p = await probe({ container: c.src, ...body });
      expect(p.status).toBe(status);
      expect(probesIn(c.src)).toBe(0);
      expect(helperContainers()).toEqual([]);
      expect(auditedOk()).toBe(ok);
    });
  }

  it("an unknown container: 404; a stopped one: 409 is not running; a viewer: 403, each audited, none ok", async () => {
    const unknown = await probe({ kind: "ping", container: `${t.prefix}nobody`, target: "127.0.0.1" });
    expect(unknown.status).toBe(404);
    const stopped = await probe({ kind: "ping", container: c.stopped, target: "127.0.0.1" });
    expect(stopped.status).toBe(409);
    expect(JSON.stringify(stopped.body)).toMatch(/is not running/);
    const paused = t.run("paused", ["--network", "none"]);
    docker(["pause", paused]);
    const frozen = await probe({ kind: "ping", container: paused, target: "127.0.0.1" });
    expect(frozen.status).toBe(409);
    expect(JSON.stringify(frozen.body)).toMatch(/is not running \(paused\)/);
    docker(["unpause", paused]);
    const viewer = await probe({ kind: "ping", container: c.src, target: "127.0.0.1" }, "viewer");
    expect(viewer.status).toBe(403);
    const audit = queryAudit({ action: "probe" }, 500, 0).entries;
    const denied = audit.filter((e) => e.result === "denied");
    expect(denied.some((e) => e.status === 404 && e.action === "probe.ping")).toBe(true);
    expect(denied.some((e) => e.status === 409 && e.action === "probe.ping")).toBe(true);
    expect(denied.some((e) => e.status === 403)).toBe(true);
    const oks = audit.filter((e) => e.result === "ok");
    expect(oks.every((e) => !/nobody|stopped/.test(e.target))).toBe(true);
  });

  it("every probe that ran was audited ok with its kind, container and command", () => {
    const audit = queryAudit({ action: "probe." }, 500, 0).entries.filter((e) => e.result === "ok");
    expect(audit.length).toBeGreaterThan(5);
    const from = [c.src, c.asksOut, c.bridged];
    expect(audit.every((e) => from.some((name) => e.target.endsWith(`/${name}`)))).toBe(true);
    expect(audit.every((e) => /^probe\.(ping|tcp|http|dns|trace|throughput)$/.test(e.action))).toBe(true);
    expect(audit.some((e) => JSON.stringify(e.params).includes("docker exec"))).toBe(true);
  });
});
