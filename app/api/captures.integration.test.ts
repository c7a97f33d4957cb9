// Captures on a real engine: a ping between two containers while capturing on one's host-side veth, on the
// network's bridge, and inside the other container; the pcap (read here) holds the echo requests and replies
// between exactly their addresses. The limits stop a capture at its packet count, its time and its size cap;
// the file goes at the download; bad input, a viewer, an unknown or stopped container are refused with
// nothing started.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getPcap } from "@/app/api/captures/[id]/pcap/route";
import { GET as getCapture, DELETE as stopCapture } from "@/app/api/captures/[id]/route";
import { POST as startCapture } from "@/app/api/captures/route";
import type { CaptureDto } from "@/lib/api/captures";
import type { ApiErrorBody } from "@/lib/api/types";
import { queryAudit } from "@/lib/auth/audit";
import { readPcap } from "@/lib/capture/pcap";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { call, request, useIdentities } from "@/lib/testing/routes";

let t: TestObjects;
let ids: TestIdentities;
let net: string;
let a: string;
let b: string;
let ipA: string;
let ipB: string;

const ipOf = (c: string) =>
  docker(["inspect", "--format", `{{(index .NetworkSettings.Networks "${net}").IPAddress}}`, c]);

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  t = testObjects();
  ids = await testIdentities();
  useIdentities(ids);
  net = t.network("cap", ["--subnet", "10.131.7.0/24"]);
  a = t.run("cap-a", ["--network", net]);
  b = t.run("cap-b", ["--network", net]);
  ipA = ipOf(a);
  ipB = ipOf(b);
});

afterAll(() => {
  t?.cleanup();
  ids?.cleanup();
  delete process.env.NETATLAS_CAPTURE_MAX_BYTES;
});

const start = (body: unknown, as: "operator" | "viewer" = "operator") =>
  call<{ capture: CaptureDto } & ApiErrorBody>(
    startCapture,
    "/api/captures",
    {},
    { method: "POST", as, body },
  );

const status = (id: string) =>
  call<{ capture: CaptureDto }>(getCapture, `/api/captures/${id}`, { id }, { as: "operator" });

async function ended(id: string, ms = 40_000): Promise<CaptureDto> {
  for (const until = Date.now() + ms; Date.now() < until; ) {
    const c = (await status(id)).body.capture;
    if (c.state !== "running") return c;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`capture ${id} still running after ${ms} ms`);
}

async function download(id: string): Promise<Buffer> {
  const response = await getPcap(request(`/api/captures/${id}/pcap`, { as: "operator" }), {
    params: Promise.resolve({ id }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/vnd.tcpdump.pcap");
  return Buffer.from(await response.arrayBuffer());
}

/** Echo requests and replies in a capture, as "src>dst type". */
function echoes(data: Buffer): string[] {
  return readPcap(data)
    .packets.filter((p) => p.protocol === "icmp")
    .map((p) => `${p.src}>${p.dst} ${p.icmpType}`);
}

/** Waits until tcpdump listens (its first packet cannot be caught before): a short pause is enough. */
const listening = () => new Promise((r) => setTimeout(r, 1500));

describe("capturing a ping", () => {
  it("on A's host-side veth holds exactly the echo requests and replies between A and B, and stops at its packet count", async () => {
    const made = await start({
      on: "endpoint",
      container: a,
      network: net,
      filter: { protocol: "icmp" },
      packets: 6,
      seconds: 20,
    });
    expect(made.status).toBe(201);
    expect(made.body.capture).toMatchObject({
      state: "running",
      on: "endpoint",
      interface: expect.stringMatching(/^veth/),
    });
    expect(made.body.capture.command).toContain("tcpdump -i veth");
    await listening();
    docker(["exec", a, "ping", "-c", "5", "-i", "0.2", ipB]);
    const done = await ended(made.body.capture.id);
    expect(done).toMatchObject({ state: "done", stoppedBy: "packets", packets: 6, downloadable: true });
    const packets = echoes(await download(done.id));
    expect(packets).toEqual([
      `${ipA}>${ipB} 8`,
      `${ipB}>${ipA} 0`,
      `${ipA}>${ipB} 8`,
      `${ipB}>${ipA} 0`,
      `${ipA}>${ipB} 8`,
      `${ipB}>${ipA} 0`,
    ]);
    expect(done.summary?.conversations[0]).toMatchObject({ protocol: "icmp", packets: 6, aToB: 3, bToA: 3 });
    // The file went with the download; the summary stays.
    const again = await getPcap(request(`/api/captures/${done.id}/pcap`, { as: "operator" }), {
      params: Promise.resolve({ id: done.id }),
    });
    expect(again.status).toBe(409);
    expect((await status(done.id)).body.capture).toMatchObject({ downloadable: false, packets: 6 });
    expect(queryAudit({ action: "capture." }, 10, 0).entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(["capture.start", "capture.download"]),
    );
  });

  it("on the network's bridge and inside B's namespace, with a host filter, until its time", async () => {
    const onBridge = await start({
      on: "bridge",
      network: net,
      filter: { host: ipB, protocol: "icmp" },
      seconds: 4,
    });
    expect(onBridge.status).toBe(201);
    expect(onBridge.body.capture.interface).toMatch(/^br-[0-9a-f]{12}$/);
    const inside = await start(
      { on: "container", container: b, filter: { protocol: "icmp" }, seconds: 4 },
      "operator",
    );
    // One capture per person at once: the second waits its turn.
    expect(inside.status).toBe(429);
    await listening();
    docker(["exec", a, "ping", "-c", "2", "-i", "0.2", ipB]);
    const bridge = await ended(onBridge.body.capture.id);
    expect(bridge).toMatchObject({ state: "done", stoppedBy: "time" });
    expect(echoes(await download(bridge.id))).toEqual([
      `${ipA}>${ipB} 8`,
      `${ipB}>${ipA} 0`,
      `${ipA}>${ipB} 8`,
      `${ipB}>${ipA} 0`,
    ]);
    const inB = await start({
      on: "container",
      container: b,
      filter: { protocol: "icmp" },
      packets: 2,
      seconds: 20,
    });
    expect(inB.body.capture.interface).toBe("any");
    await listening();
    docker(["exec", a, "ping", "-c", "3", "-i", "0.2", ipB]);
    const done = await ended(inB.body.capture.id);
    expect(done).toMatchObject({ state: "done", stoppedBy: "packets", packets: 2 });
    expect(echoes(await download(done.id))).toEqual([`${ipA}>${ipB} 8`, `${ipB}>${ipA} 0`]);
  });

  it("stops at its size cap, keeping only whole packets, and can be stopped by hand", async () => {
    process.env.NETATLAS_CAPTURE_MAX_BYTES = "1000";
    try {
      const made = await start({ on: "endpoint", container: a, network: net, seconds: 20 });
      await listening();
      docker(["exec", a, "ping", "-c", "12", "-i", "0.2", "-s", "200", ipB]);
      const done = await ended(made.body.capture.id);
      expect(done).toMatchObject({ state: "done", stoppedBy: "size" });
      const data = await download(done.id);
      expect(data.length).toBeLessThanOrEqual(1000);
      expect(readPcap(data).completeBytes).toBe(data.length);
    } finally {
      delete process.env.NETATLAS_CAPTURE_MAX_BYTES;
    }
    const long = await start({ on: "container", container: a, seconds: 30 });
    await listening();
    const stopped = await call<{ capture: CaptureDto }>(
      stopCapture,
      `/api/captures/x`,
      { id: long.body.capture.id },
      {
        method: "DELETE",
        as: "operator",
      },
    );
    expect(stopped.status).toBe(200);
    const byHand = await ended(long.body.capture.id, 5000);
    expect(byHand, byHand.error ?? "").toMatchObject({ state: "done", stoppedBy: "stopped" });
  });
});

describe("refused, with nothing started", () => {
  it("refuses bad input, a viewer, an unknown or stopped container, and a network without a bridge", async () => {
    const before = docker(["ps", "-q"]);
    const cases: Array<[unknown, number, "operator" | "viewer"]> = [
      [{ on: "endpoint", container: a, network: net, filter: { host: "a;b" } }, 400, "operator"],
      [{ on: "endpoint", container: a, network: net, filter: { expression: "tcp" } }, 400, "operator"],
      [{ on: "container", container: a, seconds: 31 }, 400, "operator"],
      [{ on: "container", container: a, packets: 10_001 }, 400, "operator"],
      [{ on: "container", container: "-i" }, 400, "operator"],
      [{ on: "endpoint", container: a }, 400, "operator"],
      [{ on: "container", container: a }, 403, "viewer"],
      [{ on: "container", container: t.name("nope") }, 404, "operator"],
      [{ on: "bridge", network: "host" }, 400, "operator"],
    ];
    for (const [body, code, as] of cases) {
      const answer = await start(body, as);
      expect({ body, status: answer.status }).toEqual({ body, status: code });
      expect(answer.body.error?.message).toBeTruthy();
    }
    const stopped = t.run("cap-stopped", ["--network", net]);
    docker(["stop", "-t", "0", stopped]);
    const refused = await start({ on: "container", container: stopped });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toMatch(/is exited/);
    expect(docker(["ps", "-q"])).toBe(before);
  });
});
