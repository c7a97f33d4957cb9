// Which probe checks a reach way or a DNS answer, and whether the probe agrees with the model.
import { describe, expect, it } from "vitest";
import type { NameAnswerDto, PartyDto, ReachRouteDto } from "@/lib/api/reach";
import {
  judgeName,
  judgeRoute,
  type ProbeResult,
  probeForName,
  probeForRoute,
  splitTarget,
} from "./probe-check";

const a: PartyDto = { kind: "container", engine: "lab", id: "aaa", name: "web" };
const route = (over: Partial<ReachRouteDto>): ReachRouteDto => ({
  kind: "network",
  network: { engine: "lab", id: "n1", name: "front", driver: "bridge" },
  from: "10.0.0.2",
  to: "10.0.0.3",
  port: null,
  verdict: "yes",
  reasons: [],
  path: [],
  ...over,
});
const ping = (ok: boolean): ProbeResult => ({
  type: "result",
  ok,
  summary: ok ? "3 of 3 replies, ttl 64" : "0 of 3 replies",
  details: {
    kind: "ping",
    sent: 3,
    received: ok ? 3 : 0,
    lossPercent: ok ? 0 : 100,
    rttMs: null,
    ttl: ok ? 64 : null,
  },
  ms: 2000,
});
const name = (addresses: string[]): NameAnswerDto => ({
  name: "api",
  addresses,
  via: "dns",
  network: "front",
  roundRobin: addresses.length > 1,
  members: [],
  kind: "alias",
});
const dns = (answers: string[], rcode = "NOERROR"): ProbeResult => ({
  type: "result",
  ok: answers.length > 0,
  summary: answers.join(", ") || rcode,
  details: {
    kind: "dns",
    name: "api",
    answers,
    resolver: { address: "127.0.0.11", kind: "embedded" },
    rcode,
  },
  ms: 5,
});

describe("splitTarget", () => {
  it("reads addresses with and without ports, and refuses what is not an address", () => {
    expect(splitTarget("10.0.0.3")).toEqual({ address: "10.0.0.3", port: null });
    expect(splitTarget("10.0.0.3:8080/tcp")).toEqual({ address: "10.0.0.3", port: 8080 });
    expect(splitTarget("[fd00::3]:80")).toEqual({ address: "fd00::3", port: 80 });
    expect(splitTarget("fd00::3")).toEqual({ address: "fd00::3", port: null });
    expect(splitTarget("host other:5432")).toBeNull();
    expect(splitTarget("the host")).toBeNull();
  });
});

describe("probeForRoute", () => {
  it("pings an address, connects to a TCP port, and has nothing for UDP, the outside or a non-address", () => {
    expect(probeForRoute(a, route({}))).toEqual({
      kind: "ping",
      container: "aaa",
      engine: "lab",
      target: "10.0.0.3",
      count: 3,
    });
    expect(probeForRoute(a, route({ port: { number: 5432, protocol: "tcp" } }))).toEqual({
      kind: "tcp",
      container: "aaa",
      engine: "lab",
      target: "10.0.0.3",
      port: 5432,
    });
    expect(probeForRoute(a, route({ port: { number: 53, protocol: "udp" } }))).toBeNull();
    expect(probeForRoute(a, route({ kind: "outside", to: "the outside" }))).toBeNull();
    expect(probeForRoute(a, route({ kind: "host", to: "host other" }))).toBeNull();
    expect(probeForRoute({ kind: "outside" }, route({}))).toBeNull();
  });
});

describe("judgeRoute", () => {
  it("agrees when the packets do what the model says, and flags a miss otherwise", () => {
    expect(judgeRoute("yes", ping(true)).state).toBe("agrees");
    expect(judgeRoute("no", ping(false)).state).toBe("agrees");
    const missed = judgeRoute("no", ping(true));
    expect(missed.state).toBe("disagrees");
    expect(missed.text).toMatch(
      /^The model missed something: the model says this way is blocked, but the probe got through/,
    );
    expect(judgeRoute("yes", ping(false)).state).toBe("disagrees");
    expect(judgeRoute("unknown", ping(true)).state).toBe("no-verdict");
  });
});

describe("probeForName and judgeName", () => {
  it("looks the name up from A and compares the answers as sets", () => {
    expect(probeForName(a, name(["10.0.0.3"]))).toEqual({
      kind: "dns",
      container: "aaa",
      engine: "lab",
      target: "api",
    });
    expect(judgeName(name(["10.0.0.3", "10.0.0.4"]), dns(["10.0.0.4", "10.0.0.3"])).state).toBe("agrees");
    const missed = judgeName(name(["10.0.0.3"]), dns([], "NXDOMAIN"));
    expect(missed.state).toBe("disagrees");
    expect(missed.text).toContain("answered NXDOMAIN");
    expect(judgeName(name(["10.0.0.3"]), ping(true)).state).toBe("no-verdict");
  });
});
