// Snapshot files: built and read back, refused with the right words (not a snapshot, newer, damaged), and
// redacted without losing the map's shape: on the recorded reach scenarios of Docker 26.1 and 20.10 (real
// topologies and host facts), a redacted snapshot draws the same elements and gives the same reach matrix and
// findings, and none of the original addresses or label values is left anywhere in its text.
import { describe, expect, it } from "vitest";
import { findings } from "@/lib/analysis/findings";
import { reachMatrix } from "@/lib/analysis/reach-matrix";
import { FIXTURE_VERSIONS } from "@/lib/testing/fixtures";
import { loadReachFixture } from "@/lib/testing/reach-fixtures";
import { containerDto, endpointDto, networkDto, topologyOf } from "@/lib/testing/topology-builders";
import { toElements } from "@/lib/topology/elements";
import { toGraph } from "@/lib/topology/graph";
import { analyseSnapshot } from "./analysis";
import { buildSnapshot, parseSnapshot, type Snapshot, SnapshotError, snapshotFileName } from "./format";
import { parseRedactions, REDACTED, redactSecretsIn, redactSnapshot } from "./redact";

const TAKEN = new Date("2026-12-07T12:28:08.123Z");

function fixtureSnapshot(version: (typeof FIXTURE_VERSIONS)[number]): Snapshot {
  const f = loadReachFixture(version);
  return buildSnapshot({
    topology: f.topology,
    hostFacts: [f.facts],
    takenAt: TAKEN,
    netatlasVersion: "0.1.0",
    tierLabel: "netatlas.tier",
  });
}

function refusal(text: string): SnapshotError {
  try {
    parseSnapshot(text);
  } catch (err) {
    if (err instanceof SnapshotError) return err;
    throw err;
  }
  throw new Error("parseSnapshot accepted it");
}

/** Every IPv4, IPv6 and MAC address written anywhere in a value's strings (fields and free text). */
function addressesIn(value: unknown): Set<string> {
  const found = new Set<string>();
  const text = JSON.stringify(value);
  for (const m of text.matchAll(/(?<![0-9.])\d{1,3}(?:\.\d{1,3}){3}(?![0-9]|\.[0-9])/g)) found.add(m[0]);
  for (const m of text.matchAll(/(?<![0-9a-f:])[0-9a-f]{2}(?::[0-9a-f]{2}){5}(?![0-9a-f:])/gi))
    found.add(m[0].toLowerCase());
  for (const m of text.matchAll(/(?<![0-9a-z:])[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}(?![0-9a-z:])/gi))
    if (m[0].includes("::") || m[0].split(":").length === 8) found.add(m[0].toLowerCase());
  return found;
}

/** Addresses that name no one and are kept on purpose. */
const kept = (a: string) =>
  /^(0\.|127\.|169\.254\.|22[4-9]\.|23\d\.|255\.255\.255\.255)/.test(a) ||
  ["::", "::1", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"].includes(a);

describe("snapshot format", () => {
  it("reads back what it writes, and names the file by its time", () => {
    const s = fixtureSnapshot("26.1");
    const back = parseSnapshot(JSON.stringify(s));
    expect(back).toEqual(s);
    expect(back.engines).toEqual([
      {
        id: "local",
        status: "up",
        version: s.topology.engines[0]?.version ?? null,
        hostname: s.topology.engines[0]?.hostname ?? null,
      },
    ]);
    expect(snapshotFileName(s.takenAt)).toBe("netatlas-snapshot-2026-12-07T12-28-08Z.json");
  });

  it("refuses a file that is not JSON, or JSON that is not a snapshot", () => {
    expect(refusal("<html>").problem).toBe("not-json");
    expect(refusal("<html>").message).toMatch(/not a Netatlas snapshot: it is not JSON/);
    expect(refusal(JSON.stringify({ engines: [] })).problem).toBe("not-a-snapshot");
    expect(refusal("[1,2]").problem).toBe("not-a-snapshot");
  });

  it("refuses a newer version by name", () => {
    const s = { ...fixtureSnapshot("26.1"), version: 2, netatlasVersion: "9.0.0" };
    const err = refusal(JSON.stringify(s));
    expect(err.problem).toBe("newer-version");
    expect(err.message).toContain("snapshot version 2, Netatlas 9.0.0");
    expect(err.message).toContain("this one reads version 1");
  });

  it("refuses a damaged snapshot, naming where", () => {
    const s = fixtureSnapshot("26.1") as unknown as {
      topology: { networks: Array<Record<string, unknown>> };
    };
    delete s.topology.networks[1]?.driver;
    const err = refusal(JSON.stringify(s));
    expect(err.problem).toBe("damaged");
    expect(err.message).toBe(
      "This snapshot is damaged and cannot be opened: topology.networks.1.driver: Invalid input: expected string, received undefined.",
    );
    const cut = JSON.stringify(fixtureSnapshot("26.1")).slice(0, 5000);
    expect(refusal(cut).problem).toBe("not-json");
    const noFacts = { ...fixtureSnapshot("26.1"), hostFacts: "none" };
    expect(refusal(JSON.stringify(noFacts)).message).toMatch(/hostFacts: Invalid input: expected array/);
  });
});

describe("redaction", () => {
  it("parses the query's list and names the known words when one is wrong", () => {
    expect(parseRedactions("addresses,labels")).toEqual(["labels", "addresses"]);
    expect(parseRedactions(null)).toEqual([]);
    expect(() => parseRedactions("labels,ips")).toThrow(
      'Unknown redaction "ips": use any of labels, env, addresses (comma separated).',
    );
  });

  for (const version of FIXTURE_VERSIONS) {
    it(`keeps the shape of the recorded ${version} scenario and leaves none of its addresses`, () => {
      const s = fixtureSnapshot(version);
      const r = redactSnapshot(s, ["labels", "env", "addresses"]);
      expect(r.redacted).toEqual(["labels", "env", "addresses"]);
      // Still a valid snapshot.
      expect(parseSnapshot(JSON.stringify(r))).toEqual(r);

      const original = [...addressesIn(s.topology), ...addressesIn(s.hostFacts)].filter((a) => !kept(a));
      expect(original.length).toBeGreaterThan(20);
      const text = JSON.stringify(r);
      const left = original.filter((a) => addressesIn(r).has(a));
      expect(left).toEqual([]);
      for (const a of original) expect(text.includes(`"${a}`) || text.includes(` ${a}`)).toBe(false);

      // The same elements, the same matrix, the same findings (kind, severity and elements).
      const a = analyseSnapshot(s);
      const b = analyseSnapshot(r);
      const ids = (x: Snapshot) =>
        toElements(toGraph(analyseSnapshot(x).model))
          .map((e) => e.data.id)
          .sort();
      expect(ids(r)).toEqual(ids(s));
      expect(toElements(toGraph(b.model)).length).toBe(toElements(toGraph(a.model)).length);
      expect(reachMatrix(b.ix, { group: "off" }).cells).toEqual(reachMatrix(a.ix, { group: "off" }).cells);
      const shape = (x: ReturnType<typeof analyseSnapshot>) =>
        findings(x.ix, x.tiers).findings.map((f) => `${f.kind} ${f.severity} ${f.elements.join(",")}`);
      expect(shape(b)).toEqual(shape(a));
      expect(shape(a).length).toBeGreaterThan(0);
    });
  }

  it("moves each subnet as one block, keeping prefix lengths and host offsets", () => {
    const net = networkDto({
      name: "front",
      ipam: {
        driver: "default",
        options: {},
        config: [
          { subnet: "172.20.0.0/16", gateway: "172.20.0.1", ipRange: null, auxAddresses: {} },
          { subnet: "fd00:db8:1::/64", gateway: "fd00:db8:1::1", ipRange: null, auxAddresses: {} },
        ],
      },
    });
    const web = containerDto({ name: "web", dns: { servers: ["8.8.8.8"], search: [], options: [] } });
    const ep = endpointDto(web, net, {
      ipv4Address: "172.20.0.3/16",
      ipv6Address: "fd00:db8:1::3/64",
      gateway: "172.20.0.1",
      macAddress: "02:42:ac:14:00:03",
    });
    const s = buildSnapshot({
      topology: topologyOf({ networks: [net], containers: [web], endpoints: [ep] }),
      hostFacts: [],
      takenAt: TAKEN,
      netatlasVersion: "0.1.0",
      tierLabel: "netatlas.tier",
    });
    const r = redactSnapshot(s, ["addresses"]);
    const n = r.topology.networks[0];
    const e = r.topology.endpoints[0];
    expect(n?.ipam.config.map((c) => [c.subnet, c.gateway])).toEqual([
      ["198.18.0.0/16", "198.18.0.1"],
      ["2001:db8::/64", "2001:db8::1"],
    ]);
    expect([e?.ipv4Address, e?.ipv6Address, e?.gateway, e?.macAddress]).toEqual([
      "198.18.0.3/16",
      "2001:db8::3/64",
      "198.18.0.1",
      "00:00:5e:00:53:00",
    ]);
    // A lone address gets a block of its own.
    expect(r.topology.containers[0]?.dns.servers).toEqual(["198.19.0.0"]);
  });

  it("rewrites addresses inside free text the same way as in fields, and keeps the ones that name no one", () => {
    const net = networkDto({
      name: "n",
      ipam: {
        driver: "default",
        options: {},
        config: [{ subnet: "10.9.0.0/24", gateway: "10.9.0.1", ipRange: null, auxAddresses: {} }],
      },
    });
    const s = buildSnapshot({
      topology: topologyOf({ networks: [net] }),
      hostFacts: [
        {
          engine: "local",
          source: "this machine",
          unavailable: null,
          readAt: TAKEN.toISOString(),
          firewall: {
            dockerUser: [
              {
                text: "-A DOCKER-USER -s 10.9.0.7/32 -d 10.9.0.0/24 -j DROP",
                target: "DROP",
                source: { cidr: "10.9.0.7/32", negate: false },
                destination: { cidr: "10.9.0.0/24", negate: false },
                inInterface: null,
                outInterface: null,
                protocol: null,
                dports: null,
                sports: null,
                states: null,
                unknown: [],
              },
            ],
            proxied: [],
            dnat: [
              {
                hostIp: "0.0.0.0",
                hostPort: 80,
                protocol: "tcp",
                address: "10.9.0.7",
                port: 80,
                exceptFrom: null,
              },
            ],
            input: { policy: "ACCEPT", rules: [] },
          },
          firewallUnavailable: null,
          bridgeNetfilter: true,
          ipForward: true,
          routes: {
            defaultVia: "127.0.0.1",
            defaultDevice: "lo",
            connected: [{ prefix: "10.9.0.0/24", device: "br-x" }],
          },
          interfaces: [
            { name: "eth0", kind: null, mtu: 1500, addresses: ["fe80::42:acff:fe11:2/64", "::1/128"] },
          ],
          bridges: [],
          ipsec: [],
          ipvs: true,
        },
      ],
      takenAt: TAKEN,
      netatlasVersion: "0.1.0",
      tierLabel: "netatlas.tier",
    });
    const facts = redactSnapshot(s, ["addresses"]).hostFacts[0];
    expect(facts?.firewall?.dockerUser[0]?.text).toBe(
      "-A DOCKER-USER -s 198.18.0.7/32 -d 198.18.0.0/24 -j DROP",
    );
    expect(facts?.firewall?.dockerUser[0]?.source?.cidr).toBe("198.18.0.7/32");
    expect(facts?.firewall?.dnat[0]).toMatchObject({ hostIp: "0.0.0.0", address: "198.18.0.7" });
    expect(facts?.routes).toEqual({
      defaultVia: "127.0.0.1",
      defaultDevice: "lo",
      connected: [{ prefix: "198.18.0.0/24", device: "br-x" }],
    });
    expect(facts?.interfaces[0]?.addresses).toEqual(["fe80::200:5eff:fe00:1/64", "::1/128"]);
  });

  it("replaces label values (the same value the same placeholder) and keeps what the map reads", () => {
    const web = containerDto({
      name: "web",
      labels: {
        "com.docker.compose.project": "shop",
        "com.docker.compose.service": "web",
        "com.docker.compose.project.working_dir": "/home/alice/shop",
        "netatlas.tier": "public",
        owner: "alice@example.com",
        contact: "alice@example.com",
        empty: "",
      },
    });
    const s = buildSnapshot({
      topology: topologyOf({ containers: [web] }),
      hostFacts: [],
      takenAt: TAKEN,
      netatlasVersion: "0.1.0",
      tierLabel: "netatlas.tier",
    });
    const r = redactSnapshot(s, ["labels"]);
    expect(r.topology.containers[0]?.labels).toEqual({
      "com.docker.compose.project": "shop",
      "com.docker.compose.service": "web",
      "com.docker.compose.project.working_dir": "redacted-1",
      "netatlas.tier": "public",
      owner: "redacted-2",
      contact: "redacted-2",
      empty: "",
    });
    expect(JSON.stringify(r)).not.toContain("alice");
  });

  it("removes secrets from label and option values", () => {
    expect(redactSecretsIn("DB_PASSWORD=hunter2 MODE=fast")).toBe(`DB_PASSWORD=${REDACTED} MODE=fast`);
    expect(redactSecretsIn("postgres://app:s3cret@db:5432/x")).toBe(`postgres://app:${REDACTED}@db:5432/x`);
    expect(redactSecretsIn("Bearer abc.def")).toBe(`Bearer ${REDACTED}`);
    expect(redactSecretsIn("key ghp_0123456789abcdefABCDEF0123456789abcd")).toBe(`key ${REDACTED}`);
    expect(redactSecretsIn("com.docker.network.bridge.name")).toBe("com.docker.network.bridge.name");
    const net = networkDto({
      name: "n",
      options: { "com.docker.network.driver.mtu": "1400", "vendor.api_token": "t0k" },
    });
    const web = containerDto({
      name: "web",
      labels: {
        "traefik.auth.users": "bob:$apr1$x",
        note: "TOKEN=abc123 and more",
        "com.docker.compose.service": "web",
      },
    });
    const s = buildSnapshot({
      topology: topologyOf({ networks: [net], containers: [web] }),
      hostFacts: [],
      takenAt: TAKEN,
      netatlasVersion: "0.1.0",
      tierLabel: "netatlas.tier",
    });
    const r = redactSnapshot(s, ["env"]);
    expect(r.topology.networks[0]?.options).toEqual({
      "com.docker.network.driver.mtu": "1400",
      "vendor.api_token": REDACTED,
    });
    expect(r.topology.containers[0]?.labels).toEqual({
      "traefik.auth.users": REDACTED,
      note: `TOKEN=${REDACTED} and more`,
      "com.docker.compose.service": "web",
    });
  });
});
