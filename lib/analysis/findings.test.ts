// findings: every kind a reviewer is told about, present when the situation is there and gone once it is fixed,
// with its severity, its exact fix command, stable ids, the order (most severe first), the cap per kind, and
// elements that are ids of the map. On the reach scenario recorded from real Docker 26.1 and 20.10 engines, on
// the recorded two-node swarm (IPsec, IPVS, overlay MTU) and on built topologies for the rest.
import { describe, expect, it } from "vitest";
import type { FindingDto, FindingKind, HostFactsDto, Severity } from "@/lib/api/reach";
import type { ContainerDto, NetworkDto, TopologyDto } from "@/lib/api/types";
import { parseHostFacts } from "@/lib/host/facts-parse";
import { combineTopologies, FIXTURE_VERSIONS, shuffledTopology } from "@/lib/testing/fixtures";
import { loadReachFixture, type ReachFixture } from "@/lib/testing/reach-fixtures";
import type { ContainerRole } from "@/lib/testing/reach-scenario";
import {
  factsOutput,
  hostFacts,
  indexOf,
  READ_AT,
  SWARM,
  swarmFacts,
  swarmTopology,
} from "@/lib/testing/reach-situations";
import {
  containerDto,
  endpointDto,
  engineDto,
  networkDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { toGraph } from "@/lib/topology/graph";
import { elementId } from "@/lib/topology/model";
import { inferTiers, type TierMap } from "@/lib/topology/tiers";
import { findings, MAX_FINDINGS_PER_KIND } from "./findings";
import type { AnalysisIndex } from "./stacks";

const SEVERITY: Severity[] = ["high", "medium", "low", "info"];

const tiersOf = (ix: AnalysisIndex): TierMap => inferTiers(ix.model, { labelKey: "netatlas.tier" });

const ofKind = (list: FindingDto[], kind: FindingKind) => list.filter((x) => x.kind === kind);

/** Every element a finding names is a node of the map drawn from the same model. */
function expectOnMap(ix: AnalysisIndex, list: FindingDto[]): void {
  const nodes = new Set(toGraph(ix.model).nodes.map((n) => n.id));
  for (const finding of list)
    for (const e of finding.elements) expect(nodes, `${finding.id}: ${e}`).toContain(e);
}

/** Most severe first, then by title. */
function expectOrdered(list: FindingDto[]): void {
  for (let i = 1; i < list.length; i++) {
    const [a, b] = [list[i - 1] as FindingDto, list[i] as FindingDto];
    const rank = SEVERITY.indexOf(a.severity) - SEVERITY.indexOf(b.severity);
    expect(
      rank <= 0 && (rank < 0 || a.title.localeCompare(b.title) <= 0),
      `${a.title} before ${b.title}`,
    ).toBe(true);
  }
}

/** The recorded topology, changed, with the recorded host facts and the tiers inferred from it. */
function changed(
  f: ReachFixture,
  change: (t: TopologyDto) => void,
): { ix: AnalysisIndex; list: FindingDto[] } {
  const t = structuredClone(f.topology);
  change(t);
  const ix = indexOf(t, [f.facts]);
  return { ix, list: findings(ix, tiersOf(ix)).findings };
}

describe.each(FIXTURE_VERSIONS)("findings on the reach scenario recorded from Docker %s", (version) => {
  const f = loadReachFixture(version);
  const { ix } = f;
  const answer = findings(ix, tiersOf(ix));
  const list = answer.findings;
  const c = (role: ContainerRole) => f.c(role);
  const name = (role: ContainerRole) => f.c(role).name;
  const cid = (role: ContainerRole) => elementId.container("local", f.c(role).id);
  const nid = (n: NetworkDto) => elementId.network("local", n.id);
  /** The recording's container of a role, in a copy of its topology. */
  const inCopy = (t: TopologyDto, role: ContainerRole) =>
    t.containers.find((x) => x.id === c(role).id) as ContainerDto;

  it("points out exactly what the scenario holds, most severe first, on map elements", () => {
    expect(new Set(list.map((x) => x.kind))).toEqual(
      new Set<FindingKind>([
        "unresolved-name",
        "tier-crossing",
        "default-bridge-by-name",
        "alias-mixed-images",
        "internal-reaches-host",
        "host-network",
        "published-all-addresses",
      ]),
    );
    expect(list).toHaveLength(7);
    expectOrdered(list);
    expect(list.slice(0, 3).every((x) => x.severity === "high")).toBe(true);
    expectOnMap(ix, list);
    expect(answer.hosts).toEqual([{ engine: "local", unavailable: null, readAt: f.facts.readAt }]);
  });

  it("gives the same ids for the same situation, whatever order Docker listed things in", () => {
    const ids = list.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(findings(loadReachFixture(version).ix, tiersOf(ix)).findings.map((x) => x.id)).toEqual(ids);
    const shuffled = indexOf(shuffledTopology(f.topology, 7), [f.facts]);
    expect(findings(shuffled, tiersOf(shuffled)).findings).toEqual(list);
  });

  it("default-bridge-by-name: legacy1 names legacy2, but the default bridge has no DNS", () => {
    const net = `${name("legacy1")}-net`;
    expect(ofKind(list, "default-bridge-by-name")).toEqual([
      {
        id: `default-bridge-by-name:${[cid("legacy1"), cid("legacy2")].sort().join(",")}`,
        kind: "default-bridge-by-name",
        severity: "high",
        title: `${name("legacy1")} addresses ${name("legacy2")} by name on the default bridge`,
        why: `${name("legacy1")}'s configuration uses the name "${name("legacy2")}", but both are only on the default bridge, which has no DNS: the lookup fails, and the connection with it.`,
        fix: {
          text: "Put both on a user-defined network, where names resolve:",
          command: `docker network create ${net} && docker network connect ${net} ${name("legacy1")} && docker network connect ${net} ${name("legacy2")}`,
        },
        elements: [cid("legacy1"), cid("legacy2")],
        engine: "local",
      },
    ]);
  });

  it("default-bridge-by-name: gone once both are on a user-defined network", () => {
    const { list: after } = changed(f, (t) => {
      const peers = networkDto({ name: "peers" });
      t.networks.push(peers);
      t.endpoints.push(
        endpointDto(inCopy(t, "legacy1"), peers, {
          ipv4Address: "172.20.0.2/16",
          aliases: null,
          dnsNames: null,
        }),
        endpointDto(inCopy(t, "legacy2"), peers, {
          ipv4Address: "172.20.0.3/16",
          aliases: null,
          dnsNames: null,
        }),
      );
    });
    expect(ofKind(after, "default-bridge-by-name")).toEqual([]);
    expect(ofKind(after, "unresolved-name").map((x) => x.title)).toEqual([
      `"${name("db")}" does not resolve from ${name("web")}`,
    ]);
  });

  it("unresolved-name: web's configuration names db, on a network web is not on; the fix connects it", () => {
    const data = f.n("data");
    expect(ofKind(list, "unresolved-name")).toEqual([
      {
        id: `unresolved-name:${[cid("web"), cid("db")].sort().join(",")}`,
        kind: "unresolved-name",
        severity: "high",
        title: `"${name("db")}" does not resolve from ${name("web")}`,
        why: `${name("web")}'s configuration uses the name "${name("db")}" (container ${name("db")}), but none of ${name("web")}'s networks answers it: they share no user-defined network.`,
        fix: {
          text: `Connect ${name("web")} to ${data.name}:`,
          command: `docker network connect ${data.name} ${name("web")}`,
          connect: { engine: "local", networkId: data.id, containerId: c("web").id },
        },
        elements: [cid("web"), cid("db")],
        engine: "local",
      },
    ]);
  });

  it("unresolved-name: gone once web is on data; an outside host's name is none of Docker's business", () => {
    const { list: after } = changed(f, (t) => {
      const web = inCopy(t, "web");
      web.namesUsed = [...web.namesUsed, "api.example.com"];
      const data = f.n("data");
      const address = data.ipam.config[0]?.subnet?.replace(/\.64\/27$/, ".90/27") ?? null;
      t.endpoints.push(endpointDto(web, data, { ipv4Address: address, dnsNames: null }));
    });
    expect(ofKind(after, "unresolved-name")).toEqual([]);
  });

  it("unresolved-name: an alias held on a network the container is not on, and a stopped target", () => {
    const { list: alias } = changed(f, (t) => {
      inCopy(t, "worker").namesUsed = ["database"];
    });
    expect(ofKind(alias, "unresolved-name").find((x) => x.title.includes('"database"'))).toMatchObject({
      elements: [cid("worker")],
      why: `${name("worker")}'s configuration uses the name "database", but none of ${name("worker")}'s networks answers it: no container on its networks has that alias.`,
      fix: null,
    });
    const { list: stopped } = changed(f, (t) => {
      inCopy(t, "db").state = "exited";
    });
    expect(ofKind(stopped, "unresolved-name")[0]).toMatchObject({
      why: expect.stringContaining(`: ${name("db")} is exited.`),
      fix: null,
    });
  });

  it("published-all-addresses: web publishes a port on every address; the fix binds it to loopback", () => {
    const port = f.recording.ports.anyPort;
    expect(ofKind(list, "published-all-addresses")).toEqual([
      {
        id: `published-all-addresses:${cid("web")}`,
        kind: "published-all-addresses",
        severity: "medium",
        title: `${name("web")} publishes ${port}→80/tcp on every address of the host`,
        why: "Anything that reaches the host on any of its networks can connect, and Docker's rules put these ports ahead of the host's own firewall (ufw and firewalld rules do not apply to them).",
        fix: {
          text: "If only the host itself needs it, bind it to loopback when you run it:",
          command: `docker run -p 127.0.0.1:${port}:80 …`,
        },
        elements: [cid("web")],
        engine: "local",
      },
    ]);
  });

  it("published-all-addresses: gone when only 127.0.0.1 is published, or the container is stopped", () => {
    const loopback = changed(f, (t) => {
      const web = inCopy(t, "web");
      web.ports = web.ports.filter((p) => p.hostIp === "127.0.0.1");
    }).list;
    expect(ofKind(loopback, "published-all-addresses")).toEqual([]);
    const stopped = changed(f, (t) => {
      inCopy(t, "web").state = "exited";
    }).list;
    expect(ofKind(stopped, "published-all-addresses")).toEqual([]);
  });

  it("host-network: hoster uses the host's stack; gone when it runs on a network", () => {
    expect(ofKind(list, "host-network")).toEqual([
      {
        id: `host-network:${cid("hoster")}`,
        kind: "host-network",
        severity: "medium",
        title: `${name("hoster")} uses the host's network stack`,
        why: "It listens on the host's own addresses with no isolation: every port it opens is open on the host, and it sees all of the host's traffic and interfaces.",
        fix: {
          text: "Run it on a network of its own and publish only what it serves:",
          command: "docker run --network NETWORK -p PORT:PORT netatlas/busybox:latest",
        },
        elements: [cid("hoster")],
        engine: "local",
      },
    ]);
    const after = changed(f, (t) => {
      inCopy(t, "hoster").networkMode = f.n("app").name;
    }).list;
    expect(ofKind(after, "host-network")).toEqual([]);
  });

  it("tier-crossing: data-tier db is reachable from public-tier api, hoster and sidecar", () => {
    const data = f.n("data").name;
    expect(ofKind(list, "tier-crossing")).toEqual([
      {
        id: `tier-crossing:${[cid("db"), cid("api"), cid("hoster"), cid("sidecar")].sort().join(",")}`,
        kind: "tier-crossing",
        severity: "high",
        title: `Data-tier ${name("db")} is reachable from the public tier (${name("api")}, ${name("hoster")}, ${name("sidecar")})`,
        why: `A public-tier container that is broken into can talk to ${name("db")} directly. Data should be reached only through the tier in between.`,
        fix: {
          text: `Take ${name("api")} off ${data}, if it does not need ${name("db")}:`,
          command: `docker network disconnect ${data} ${name("api")}`,
        },
        elements: [cid("db"), cid("api"), cid("hoster"), cid("sidecar")],
        engine: "local",
      },
    ]);
    // Without tiers there is nothing to cross.
    expect(ofKind(findings(ix).findings, "tier-crossing")).toEqual([]);
  });

  it("tier-crossing: with api off data only the host's stack is left, and then nothing once it stops", () => {
    const offData = (t: TopologyDto) => {
      t.endpoints = t.endpoints.filter(
        (e) => !(e.containerId === c("api").id && e.networkId === f.n("data").id),
      );
    };
    const hostOnly = ofKind(changed(f, offData).list, "tier-crossing");
    expect(hostOnly.map((x) => [x.title, x.fix])).toEqual([
      [
        `Data-tier ${name("db")} is reachable from the public tier (${name("hoster")})`,
        {
          text: `${name("hoster")} is on the host's stack, from where every bridge is reachable: run it on a network of its own and publish its ports instead.`,
          command: "docker run --network NETWORK -p PORT:PORT netatlas/busybox:latest",
        },
      ],
    ]);
    const none = changed(f, (t) => {
      offData(t);
      inCopy(t, "hoster").state = "exited";
    }).list;
    expect(ofKind(none, "tier-crossing")).toEqual([]);
  });

  it("alias-mixed-images: 'shared' on app is held by two different images; gone when they are one image", () => {
    const [found, ...more] = ofKind(list, "alias-mixed-images");
    expect(more).toEqual([]);
    expect(found).toMatchObject({ severity: "medium", engine: "local" });
    expect(found?.title).toMatch(/^Alias "shared" on \S+-app is shared by different images \(/);
    expect(found?.title).toContain(c("cache").image);
    expect(found?.title).toContain(c("api").image);
    expect(found?.elements[0]).toBe(nid(f.n("app")));
    expect(found?.elements.slice(1).sort()).toEqual([cid("api"), cid("cache")].sort());
    expect(found?.id).toBe(
      `alias-mixed-images:${[nid(f.n("app")), cid("api"), cid("cache")].sort().join(",")}`,
    );
    const after = changed(f, (t) => {
      inCopy(t, "cache").image = c("api").image;
    }).list;
    expect(ofKind(after, "alias-mixed-images")).toEqual([]);
  });

  it("alias-mixed-images: the fix reconnects the holder of the rarest image (a tie by name: api) with its other aliases", () => {
    const app = f.n("app").name;
    // api and cache each run one of the two images: the tie goes to the first by name.
    expect(c("api").image).not.toBe(c("cache").image);
    expect(name("api").localeCompare(name("cache"))).toBeLessThan(0);
    // 20.10 lists api's short id among its aliases: it is Docker's own, not kept.
    const aliases = ix.model.endpoints.find(
      (e) => e.containerId === c("api").id && e.networkId === f.n("app").id,
    )?.aliases;
    expect(aliases).toEqual(
      version === "26.1" ? ["backend", "shared"] : ["backend", "shared", c("api").id.slice(0, 12)],
    );
    expect(ofKind(list, "alias-mixed-images")[0]?.fix).toEqual({
      text: `Reconnect ${name("api")} (${c("api").image}) without "shared", keeping its other aliases:`,
      command: `docker network disconnect ${app} ${name("api")} && docker network connect --alias backend ${app} ${name("api")}`,
    });
  });

  it("alias-mixed-images: with worker holding 'shared' on api's image too, cache's image is the rarest; it has no other alias", () => {
    const app = f.n("app");
    const { list: after } = changed(f, (t) => {
      const e = t.endpoints.find((x) => x.containerId === c("worker").id && x.networkId === app.id);
      if (!e) throw new Error("worker is not on app");
      e.aliases = [...(e.aliases ?? []), "shared"];
      if (e.dnsNames) e.dnsNames = [...e.dnsNames, "shared"];
    });
    expect(c("worker").image).toBe(c("api").image);
    const [found, ...more] = ofKind(after, "alias-mixed-images");
    expect(more).toEqual([]);
    expect(found?.elements.slice(1).sort()).toEqual([cid("api"), cid("cache"), cid("worker")].sort());
    expect(found?.fix).toEqual({
      text: `Reconnect ${name("cache")} (${c("cache").image}) without "shared", keeping its other aliases:`,
      command: `docker network disconnect ${app.name} ${name("cache")} && docker network connect ${app.name} ${name("cache")}`,
    });
  });

  it("internal-reaches-host: data is --internal, yet its containers reach hoster on the host's stack", () => {
    const data = f.n("data");
    expect(ofKind(list, "internal-reaches-host")).toEqual([
      {
        id: `internal-reaches-host:${[nid(data), cid("hoster")].sort().join(",")}`,
        kind: "internal-reaches-host",
        severity: "medium",
        title: `Containers on --internal ${data.name} can reach ${name("hoster")} on the host's stack`,
        why: "--internal only stops forwarding out of the host. The bridge's own address (its gateway) is the host, so anything listening on the host, such as a --network host container, answers them.",
        fix: {
          text: "Bind host-stack services to the addresses that need them, or add a host firewall rule (INPUT) for the bridge:",
          command: `iptables -I INPUT -i br-${data.id.slice(0, 12)} -j DROP   # on the engine's host`,
        },
        elements: [nid(data), cid("hoster")],
        engine: "local",
      },
    ]);
    const after = changed(f, (t) => {
      inCopy(t, "hoster").state = "exited";
    }).list;
    expect(ofKind(after, "internal-reaches-host")).toEqual([]);
  });

  it("says nothing about IPsec, IPVS, MTU, overlapping subnets or privileges the scenario does not have", () => {
    // The lab host has no IPVS, but no service needs it here.
    expect(f.facts.ipvs).toBe(false);
    for (const kind of [
      "ipsec-missing",
      "ipvs-missing",
      "overlay-mtu",
      "overlapping-subnets",
      "privileged",
    ] as const)
      expect(ofKind(list, kind), kind).toEqual([]);
  });
});

// --- the recorded swarm -----------------------------------------------------------------------------

describe("findings on the recorded two-node swarm", () => {
  const meshIds = [elementId.network("a", SWARM.mesh), elementId.network("b", SWARM.mesh)];
  const swarmFindings = (...facts: HostFactsDto[]) => {
    const ix = indexOf(swarmTopology(), facts);
    return { ix, list: findings(ix).findings };
  };
  const installed = { ipsec: "installed" as const };

  it("ipsec-missing: the encrypted overlay carries nothing between the hosts; gone with IPsec in place", () => {
    const { ix, list } = swarmFindings(swarmFacts("a"), swarmFacts("b"));
    expect(ofKind(list, "ipsec-missing")).toEqual([
      {
        id: `ipsec-missing:${[...meshIds].sort().join(",")}`,
        kind: "ipsec-missing",
        severity: "high",
        title: "Encrypted overlay fx-mesh carries no traffic between hosts: IPsec is missing",
        why: "Docker installed the policy that sends the overlay's VXLAN through ESP (a → b, b → a), but the kernel refused the security association: every packet between the hosts is dropped. Docker reports the network as fine.",
        fix: {
          text: "Load the kernel's IPsec support (esp4, xfrm_user, AES-GCM) on every node, or use an overlay without --opt encrypted:",
          command: "docker network create --driver overlay --attachable fx-mesh-plain",
        },
        elements: meshIds,
        engine: null,
      },
    ]);
    expectOnMap(ix, list);
    expect(
      ofKind(swarmFindings(swarmFacts("a", installed), swarmFacts("b", installed)).list, "ipsec-missing"),
    ).toEqual([]);
  });

  it("ipvs-missing: a VIP-mode service and a host without IPVS; the dnsrr service is not concerned", () => {
    const { ix, list } = swarmFindings(
      swarmFacts("a", installed),
      swarmFacts("b", { ...installed, ipvs: false }),
    );
    expect(ofKind(list, "ipvs-missing")).toEqual([
      {
        id: "ipvs-missing",
        kind: "ipvs-missing",
        severity: "high",
        title: "Service VIPs and the routing mesh do not work on b: no IPVS",
        why: `Docker balances a service's VIP (fx-web) and its published ports through the kernel's IPVS, which these hosts do not have: connections to them go nowhere. Docker only logs "Could not get ipvs family information".`,
        fix: {
          text: "Load ip_vs on every node (modprobe ip_vs), or let DNS hand out the tasks' addresses instead:",
          command: "docker service update --endpoint-mode dnsrr fx-web",
        },
        elements: [elementId.service(SWARM.cluster, SWARM.web)],
        engine: null,
      },
    ]);
    expectOnMap(ix, list);
    expect(
      ofKind(swarmFindings(swarmFacts("a", installed), swarmFacts("b", installed)).list, "ipvs-missing"),
    ).toEqual([]);
  });

  it("overlay-mtu: fx-mesh's 1450 plus VXLAN's 50 bytes do not fit a 1400 underlay; gone at 1500 or MTU 1350", () => {
    const { ix, list } = swarmFindings(
      swarmFacts("a", { ...installed, underlayMtu: 1400 }),
      swarmFacts("b", installed),
    );
    expect(ofKind(list, "overlay-mtu")).toEqual([
      {
        id: `overlay-mtu:${elementId.network("a", SWARM.mesh)}`,
        kind: "overlay-mtu",
        severity: "high",
        title: "Overlay fx-mesh has MTU 1450, but its underlay eth0 carries only 1400",
        why: "VXLAN adds 50 bytes: full-size packets (1450 + 50 > 1400) are dropped or fragmented between hosts. Small requests work, large answers hang.",
        fix: {
          text: "Recreate the overlay with an MTU that fits:",
          command: "docker network create --driver overlay --opt com.docker.network.driver.mtu=1350 fx-mesh",
        },
        elements: [elementId.network("a", SWARM.mesh)],
        engine: "a",
      },
    ]);
    expectOnMap(ix, list);
    expect(
      ofKind(swarmFindings(swarmFacts("a", installed), swarmFacts("b", installed)).list, "overlay-mtu"),
    ).toEqual([]);
    // A copy: the mapped networks share their options with the recording, which later tests read too.
    const t = structuredClone(swarmTopology());
    for (const n of t.networks) if (n.id === SWARM.mesh) n.options["com.docker.network.driver.mtu"] = "1350";
    const fitted = indexOf(t, [
      swarmFacts("a", { ...installed, underlayMtu: 1400 }),
      swarmFacts("b", installed),
    ]);
    expect(ofKind(findings(fitted).findings, "overlay-mtu")).toEqual([]);
  });

  it("overlapping-subnets: an overlay's copies on its hosts are one network, not an overlap", () => {
    const { list } = swarmFindings(swarmFacts("a", installed), swarmFacts("b", installed));
    expect(ofKind(list, "overlapping-subnets")).toEqual([]);
  });

  it("ipvs-missing: a standalone engine without IPVS next to the swarm is not the swarm's concern", () => {
    const standalone = combineTopologies(
      swarmTopology(),
      topologyOf({
        engines: [
          engineDto({
            id: "solo",
            swarm: { state: "inactive", nodeId: null, isManager: false, cluster: null, nodeAddress: null },
          }),
          engineDto({ id: "plain", swarm: null }),
        ],
      }),
    );
    const noIpvs = [hostFacts("solo", { ipvs: false }), hostFacts("plain", { ipvs: false })];
    const clean = findings(
      indexOf(standalone, [swarmFacts("a", installed), swarmFacts("b", installed), ...noIpvs]),
    ).findings;
    expect(ofKind(clean, "ipvs-missing")).toEqual([]);
    const onB = findings(
      indexOf(standalone, [
        swarmFacts("a", installed),
        swarmFacts("b", { ...installed, ipvs: false }),
        ...noIpvs,
      ]),
    ).findings;
    expect(ofKind(onB, "ipvs-missing").map((x) => x.title)).toEqual([
      "Service VIPs and the routing mesh do not work on b: no IPVS",
    ]);
  });

  it("overlay-mtu: the node address on a veth of no bridge (the lab's link) with MTU 1450 is too small; 1500 fits", () => {
    /** Engine a's host whose underlay is the lab's veth lab-b (on no bridge), beside Docker's own veth. */
    const vethHost = (mtu: number) =>
      parseHostFacts(
        "a",
        "network namespace of a",
        READ_AT,
        factsOutput({
          addr: JSON.stringify([
            {
              ifindex: 1,
              ifname: "lo",
              mtu: 65536,
              addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8 }],
            },
            {
              ifindex: 2,
              ifname: "lab-b",
              mtu,
              linkinfo: { info_kind: "veth" },
              addr_info: [{ family: "inet", local: SWARM.addressA, prefixlen: 24 }],
            },
            {
              ifindex: 3,
              ifname: "docker_gwbridge",
              mtu: 1500,
              linkinfo: { info_kind: "bridge" },
              addr_info: [{ family: "inet", local: "172.18.0.1", prefixlen: 16 }],
            },
            {
              ifindex: 4,
              ifname: "veth1a2b3c4",
              mtu: 1500,
              master: "docker_gwbridge",
              linkinfo: { info_kind: "veth" },
            },
          ]),
          ipvs: "1",
        }),
      );
    expect(vethHost(1450).interfaces).toEqual([
      { name: "lab-b", kind: "veth", mtu: 1450, addresses: [`${SWARM.addressA}/24`] },
    ]);
    // fx-mesh as recorded: no MTU option, so Docker's default 1450.
    expect(
      swarmTopology()
        .networks.filter((n) => n.id === SWARM.mesh)
        .map((n) => n.options["com.docker.network.driver.mtu"]),
    ).toEqual([undefined, undefined]);
    const { list } = swarmFindings(vethHost(1450), swarmFacts("b", installed));
    expect(ofKind(list, "overlay-mtu").map((x) => [x.title, x.why, x.fix?.command, x.elements])).toEqual([
      [
        "Overlay fx-mesh has MTU 1450, but its underlay lab-b carries only 1450",
        "VXLAN adds 50 bytes: full-size packets (1450 + 50 > 1450) are dropped or fragmented between hosts. Small requests work, large answers hang.",
        "docker network create --driver overlay --opt com.docker.network.driver.mtu=1400 fx-mesh",
        [elementId.network("a", SWARM.mesh)],
      ],
    ]);
    expect(ofKind(swarmFindings(vethHost(1500), swarmFacts("b", installed)).list, "overlay-mtu")).toEqual([]);
  });
});

// --- built situations -------------------------------------------------------------------------------

const subnet = (cidr: string) => ({
  driver: "default",
  config: [{ subnet: cidr, gateway: null, ipRange: null, auxAddresses: {} }],
  options: {},
});

describe("overlapping-subnets", () => {
  const a = networkDto({ name: "a", ipam: subnet("172.20.0.0/16") });
  const b = networkDto({ name: "b", ipam: subnet("172.20.5.0/24") });
  const c = networkDto({ engine: "other", name: "c", ipam: subnet("172.20.0.0/16") });
  const one = (networks: NetworkDto[], engines = [engineDto()]) =>
    findings(indexOf(topologyOf({ engines, networks }))).findings;

  it("on one engine: high, the host's routes point one way", () => {
    const id = (n: NetworkDto) => elementId.network(n.engine, n.id);
    expect(one([a, b])).toEqual([
      {
        id: `overlapping-subnets:${[id(a), id(b)].sort().join(",")}`,
        kind: "overlapping-subnets",
        severity: "high",
        title: "a (172.20.0.0/16) overlaps b (172.20.5.0/24)",
        why: "Two networks of one host claim the same addresses: the host's routes point one way, so containers on the other cannot get answers.",
        fix: {
          text: "Recreate one of them on a free range, e.g.:",
          command: "docker network create --subnet 10.99.0.0/24 b-new",
        },
        elements: [id(a), id(b)],
        engine: "local",
      },
    ]);
  });

  it("across engines: medium, and names the other engine", () => {
    const list = one([a, c], [engineDto(), engineDto({ id: "other" })]);
    expect(list.map((x) => [x.severity, x.title, x.engine])).toEqual([
      ["medium", "a (172.20.0.0/16) overlaps c (172.20.0.0/16) on engine other", null],
    ]);
  });

  it("none for disjoint subnets, or for a config-only network holding a range for others", () => {
    expect(one([a, networkDto({ name: "d", ipam: subnet("172.21.0.0/16") })])).toEqual([]);
    expect(
      one([a, networkDto({ name: "cfg", configOnly: true, driver: "null", ipam: subnet("172.20.0.0/16") })]),
    ).toEqual([]);
  });
});

describe("privileged", () => {
  const lan = networkDto({ name: "lan" });
  function with_(containers: ContainerDto[]): FindingDto[] {
    return findings(
      indexOf(
        topologyOf({
          engines: [engineDto()],
          networks: [lan],
          containers,
          endpoints: containers.map((x, i) => endpointDto(x, lan, { ipv4Address: `172.20.0.${i + 2}/16` })),
        }),
        [hostFacts("local")],
      ),
    ).findings;
  }

  it("--privileged is high, NET_ADMIN medium, a harmless capability nothing; each with its fix", () => {
    const p = containerDto({ name: "p", privileged: true });
    const n = containerDto({ name: "n", capAdd: ["NET_ADMIN"] });
    const harmless = containerDto({ name: "h", capAdd: ["CHOWN"] });
    const list = with_([p, n, harmless]);
    expect(list.map((x) => [x.kind, x.severity, x.title, x.fix?.command, x.elements])).toEqual([
      [
        "privileged",
        "high",
        "p runs privileged",
        "docker run nginx:1.27 …",
        [elementId.container("local", p.id)],
      ],
      [
        "privileged",
        "medium",
        "n has NET_ADMIN",
        "docker run --cap-drop NET_ADMIN nginx:1.27 …",
        [elementId.container("local", n.id)],
      ],
    ]);
    expect(list[0]?.why).toBe(
      "A privileged container can change the host's network (routes, iptables, interfaces) and escape its isolation.",
    );
  });

  it("reads capabilities as Docker may keep them: with or without CAP_, in any case", () => {
    const list = with_([containerDto({ name: "raw", capAdd: ["cap_net_raw"] })]);
    expect(list.map((x) => [x.severity, x.title])).toEqual([["medium", "raw has cap_net_raw"]]);
  });

  it("drops each risky capability the container has, and only those", () => {
    const s = containerDto({ name: "s", capAdd: ["SYS_ADMIN", "CHOWN", "NET_RAW"] });
    expect(with_([s]).map((x) => [x.severity, x.title, x.fix?.command])).toEqual([
      [
        "medium",
        "s has SYS_ADMIN, NET_RAW",
        "docker run --cap-drop SYS_ADMIN --cap-drop NET_RAW nginx:1.27 …",
      ],
    ]);
  });
});

describe("alias-mixed-images", () => {
  const app = networkDto({ name: "app" });
  /** one and two run nginx with alias "shared"; zeta (last by name) runs redis with "shared", "cache" and "kv". */
  function shared(style: "26.1" | "20.10"): FindingDto[] {
    const one = containerDto({ name: "one" });
    const two = containerDto({ name: "two" });
    const zeta = containerDto({ name: "zeta", image: "redis:7" });
    const ep = (c: ContainerDto, i: number, aliases: string[]) =>
      endpointDto(c, app, {
        ipv4Address: `172.20.0.${i + 2}/16`,
        ...(style === "26.1"
          ? { aliases, dnsNames: [c.name, ...aliases, c.id.slice(0, 12)] }
          : { aliases: [...aliases, c.id.slice(0, 12)], dnsNames: null }),
      });
    return findings(
      indexOf(
        topologyOf({
          engines: [engineDto()],
          networks: [app],
          containers: [one, two, zeta],
          endpoints: [ep(zeta, 0, ["cache", "kv", "shared"]), ep(one, 1, ["shared"]), ep(two, 2, ["shared"])],
        }),
      ),
    ).findings;
  }

  it.each(["26.1", "20.10"] as const)(
    "reconnects the holder of the rarest image with each of its other aliases (as Docker %s lists them)",
    (style) => {
      expect(ofKind(shared(style), "alias-mixed-images").map((x) => x.fix)).toEqual([
        {
          text: 'Reconnect zeta (redis:7) without "shared", keeping its other aliases:',
          command:
            "docker network disconnect app zeta && docker network connect --alias cache --alias kv app zeta",
        },
      ]);
    },
  );
});

describe("the cap per kind and the order across kinds", () => {
  it(`keeps at most MAX_FINDINGS_PER_KIND (${MAX_FINDINGS_PER_KIND}) of one kind`, () => {
    const many = Array.from({ length: MAX_FINDINGS_PER_KIND + 10 }, (_, i) =>
      containerDto({ name: `agent-${String(i).padStart(3, "0")}`, networkMode: "host" }),
    );
    const list = findings(indexOf(topologyOf({ engines: [engineDto()], containers: many }))).findings;
    expect(ofKind(list, "host-network")).toHaveLength(MAX_FINDINGS_PER_KIND);
    expect(list).toHaveLength(MAX_FINDINGS_PER_KIND);
  });

  it("puts high before medium, and sorts by title within a severity", () => {
    const zed = containerDto({ name: "zed", privileged: true, networkMode: "host" });
    const abe = containerDto({ name: "abe", networkMode: "host" });
    const mid = containerDto({ name: "mid", capAdd: ["NET_ADMIN"], networkMode: "host" });
    const a = networkDto({ name: "a", ipam: subnet("10.1.0.0/16") });
    const b = networkDto({ name: "b", ipam: subnet("10.1.2.0/24") });
    const ix = indexOf(topologyOf({ engines: [engineDto()], networks: [a, b], containers: [zed, abe, mid] }));
    const list = findings(ix).findings;
    expect(list.map((x) => [x.severity, x.title])).toEqual([
      ["high", "a (10.1.0.0/16) overlaps b (10.1.2.0/24)"],
      ["high", "zed runs privileged"],
      ["medium", "abe uses the host's network stack"],
      ["medium", "mid has NET_ADMIN"],
      ["medium", "mid uses the host's network stack"],
      ["medium", "zed uses the host's network stack"],
    ]);
    expectOrdered(list);
    expectOnMap(ix, list);
  });

  it("answers for several engines at once, with each one's host facts", () => {
    const one = loadReachFixture("26.1", "one");
    const two = loadReachFixture("20.10", "two");
    const ix = indexOf(combineTopologies(one.topology, two.topology), [one.facts, two.facts]);
    const answer = findings(ix, tiersOf(ix));
    expect(answer.hosts.map((h) => h.engine).sort()).toEqual(["one", "two"]);
    expect(
      ofKind(answer.findings, "host-network")
        .map((x) => x.engine)
        .sort(),
    ).toEqual(["one", "two"]);
    expect(ofKind(answer.findings, "internal-reaches-host")).toHaveLength(2);
    expectOnMap(ix, answer.findings);
  });
});
