// The probe parsers on output recorded from the real tools (busybox 1.35 of Debian 12, in containers of the
// lab engine Docker 26.1, lib/probe/__fixtures__): ping and traceroute run with nsenter in a container's
// namespace, nc and nslookup with docker exec, resolv.conf and hosts as Docker wrote them; the NXDOMAIN one
// from a container whose --dns server answers NXDOMAIN (lib/testing/dns-responder.ts).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  agentResult,
  dnsSummary,
  hostsLookup,
  parseNc,
  parseNslookup,
  parsePing,
  parseResolvConf,
  parseTrace,
  pingSummary,
  searchNames,
  tcpSummary,
  throughputSummary,
  traceSummary,
} from "./parse";

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "__fixtures__", name), "utf8");

describe("ping", () => {
  it("replies: counts, loss, round trips and the TTL", () => {
    const d = parsePing(fixture("ping-ok.txt"), 3);
    expect(d).toEqual({
      kind: "ping",
      sent: 3,
      received: 3,
      lossPercent: 0,
      rttMs: { min: 0.071, avg: 0.091, max: 0.113 },
      ttl: 64,
    });
    expect(pingSummary("172.19.0.3", d)).toBe(
      "172.19.0.3 answered 3 of 3 pings (0 % lost, 0.091 ms on average, TTL 64).",
    );
  });

  it("no reply: all lost, no TTL", () => {
    const d = parsePing(fixture("ping-lost.txt"), 2);
    expect(d).toMatchObject({ sent: 2, received: 0, lossPercent: 100, rttMs: null, ttl: null });
    expect(pingSummary("172.19.0.250", d)).toBe("No reply from 172.19.0.250: 2 pings sent, all lost.");
  });

  it("killed before its statistics: counts the replies seen", () => {
    const cut = fixture("ping-ok.txt").split("\n").slice(0, 3).join("\n");
    expect(parsePing(cut, 3)).toMatchObject({ sent: 3, received: 2, ttl: 64, rttMs: null });
  });
});

describe("traceroute", () => {
  it("one hop to a container on the same network", () => {
    const d = parseTrace(fixture("trace-one-hop.txt"), "172.19.0.3");
    expect(d).toEqual({ kind: "trace", hops: [{ ttl: 1, address: "172.19.0.3", ms: 0.007 }], reached: true });
    expect(traceSummary("172.19.0.3", d)).toBe("172.19.0.3 reached in 1 hop.");
  });

  it("two hops: the gateway, then the engine host's link", () => {
    const d = parseTrace(fixture("trace-two-hops.txt"), "10.211.1.1");
    expect(d.hops.map((h) => h.address)).toEqual(["172.19.0.1", "10.211.1.1"]);
    expect(d.reached).toBe(true);
  });

  it("nobody has the address: a silent hop, then host unreachable from the container itself", () => {
    const d = parseTrace(fixture("trace-lost.txt"), "172.19.0.250");
    expect(d.hops).toEqual([
      { ttl: 1, address: null, ms: null },
      { ttl: 2, address: "172.19.0.2", ms: 28.18 },
    ]);
    expect(d.reached).toBe(false);
    expect(traceSummary("172.19.0.250", d)).toBe("172.19.0.250 not reached: 2 hops tried, 1 answered.");
  });
});

describe("nc (helper container)", () => {
  it("open, refused, no route, timed out", () => {
    expect(parseNc("", 0, false).state).toBe("open");
    expect(parseNc(fixture("nc-refused.txt"), 1, false).state).toBe("refused");
    expect(parseNc(fixture("nc-no-route.txt"), 1, false).state).toBe("unreachable");
    expect(parseNc(fixture("nc-timeout.txt"), 1, false).state).toBe("timeout");
    expect(parseNc("", null, true).state).toBe("timeout");
  });

  it("says each in words", () => {
    expect(tcpSummary("web", 81, { kind: "tcp", state: "refused", connectMs: null })).toMatch(
      /refused the connection/,
    );
    expect(tcpSummary("web", 80, { kind: "tcp", state: "open", connectMs: 0.4 })).toBe(
      "web port 80 is open: connected in 0.4 ms.",
    );
  });
});

describe("nslookup (helper container)", () => {
  it("answers from the embedded DNS", () => {
    expect(parseNslookup(fixture("nslookup-ok.txt"), "pdev2", false)).toEqual({
      kind: "dns",
      name: "pdev2",
      answers: ["172.19.0.3"],
      resolver: { address: "127.0.0.11", kind: "embedded" },
      rcode: "NOERROR",
    });
  });

  it("NXDOMAIN from an outside server, SERVFAIL on an internal network, no answer in time", () => {
    expect(parseNslookup(fixture("nslookup-nxdomain.txt"), "nobody.example", false)).toMatchObject({
      answers: [],
      rcode: "NXDOMAIN",
      resolver: { address: "10.211.1.1", kind: "outside" },
    });
    expect(parseNslookup(fixture("nslookup-servfail.txt"), "nosuchname", false).rcode).toBe("SERVFAIL");
    expect(parseNslookup(fixture("nslookup-timeout.txt"), "nosuchname", false).rcode).toBe("TIMEOUT");
  });
});

describe("the container's resolver files", () => {
  it("resolv.conf: Docker's embedded DNS with ndots 0; an outside server with the default ndots", () => {
    expect(parseResolvConf(fixture("resolv-embedded.conf"))).toEqual({
      nameservers: ["127.0.0.11"],
      search: [],
      ndots: 0,
    });
    expect(parseResolvConf(fixture("resolv-outside.conf"))).toEqual({
      nameservers: ["10.211.1.1"],
      search: [],
      ndots: 1,
    });
  });

  it("hosts: the container's own short id, localhost; nothing else", () => {
    const hosts = fixture("hosts.txt");
    expect(hostsLookup(hosts, "aa8f8b77aa52")).toEqual(["172.19.0.2"]);
    expect(hostsLookup(hosts, "LOCALHOST")).toEqual(["127.0.0.1", "::1"]);
    expect(hostsLookup(hosts, "pdev2")).toEqual([]);
  });

  it("search domains: short names with each domain first, long names as given first, a final dot as is", () => {
    const conf = { nameservers: [], search: ["corp.example", "lab"], ndots: 1 };
    expect(searchNames("db", conf)).toEqual(["db.corp.example", "db.lab", "db"]);
    expect(searchNames("db.svc", conf)).toEqual(["db.svc", "db.svc.corp.example", "db.svc.lab"]);
    expect(searchNames("db.", conf)).toEqual(["db"]);
    expect(searchNames("db", { ...conf, ndots: 0 })).toEqual(["db", "db.corp.example", "db.lab"]);
  });
});

describe("the agent's result and the remaining summaries", () => {
  it("reads the RESULT line's JSON; nothing when it never came or is broken", () => {
    expect(agentResult('{"state":"open","connectMs":1.2}')).toEqual({ state: "open", connectMs: 1.2 });
    expect(agentResult(null)).toBeNull();
    expect(agentResult("{broken")).toBeNull();
  });

  it("dns and throughput in words", () => {
    expect(
      dnsSummary({
        kind: "dns",
        name: "www",
        answers: ["172.19.0.3"],
        resolver: { address: "127.0.0.11", kind: "embedded" },
        rcode: "NOERROR",
      }),
    ).toBe("www is 172.19.0.3, answered by Docker's embedded DNS (127.0.0.11).");
    expect(
      throughputSummary("web", { kind: "throughput", bytes: 125_000_000, seconds: 1, bitsPerSecond: 1e9 }),
    ).toBe("125.0 MB to web in 1.0 s: 1000 Mbit/s.");
  });
});
