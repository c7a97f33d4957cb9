// inferTiers: every rule and its precedence (labels, synonyms, Compose and swarm groups, where Docker publishes
// ports, drivers with a direct route out, shared stacks), on small built topologies and the recorded engines.
import { describe, expect, it } from "vitest";
import type { SwarmServiceDto } from "@/lib/api/swarm";
import type { ContainerDto, NetworkDto } from "@/lib/api/types";
import { FIXTURE_VERSIONS, fixtureTopology, shuffledTopology } from "@/lib/testing/fixtures";
import {
  attachedTopology,
  containerDto,
  endpointDto,
  engineDto,
  networkDto,
  publishedPort,
  swarmServiceDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { buildTopology } from "./build";
import { elementId, type TopologyModel } from "./model";
import {
  groupKey,
  inferTiers,
  parseTier,
  TIER_ORDER,
  TIER_RULES,
  type TierAssignment,
  type TierMap,
  tierOrder,
} from "./tiers";

const OPTIONS = { labelKey: "netatlas.tier" };

const published = publishedPort;

const input = attachedTopology;

const modelOf = (...args: Parameters<typeof input>): TopologyModel => buildTopology(input(...args));

function of(tiers: TierMap, thing: NetworkDto | ContainerDto): TierAssignment {
  const id =
    "driver" in thing
      ? elementId.network(thing.engine, thing.id)
      : elementId.container(thing.engine, thing.id);
  const found = tiers.get(id);
  if (!found) throw new Error(`no tier for ${thing.name}`);
  return found;
}

function serviceDto(overrides: Partial<SwarmServiceDto> = {}): SwarmServiceDto {
  return swarmServiceDto({ cluster: "cluster1", id: "svc1", name: "shop_web", replicas: 2, ...overrides });
}

describe("the classic three-tier application", () => {
  const edge = networkDto({ name: "shop-edge" });
  const inner = networkDto({ name: "shop-internal" });
  const data = networkDto({ name: "shop-data", internal: true });
  const web = containerDto({ name: "web", networkMode: "shop-edge", ports: [published(8080, 80)] });
  const app = containerDto({ name: "app", networkMode: "shop-internal" });
  const db = containerDto({ name: "db", networkMode: "shop-data" });
  const tiers = inferTiers(
    modelOf(
      [edge, inner, data],
      [
        [web, edge, inner],
        [app, inner, data],
        [db, data],
      ],
    ),
    OPTIONS,
  );

  it("puts the networks in public, internal and data, saying why", () => {
    expect(of(tiers, edge)).toEqual({
      tier: "public",
      inferred: true,
      reason: "inferred: web publishes 8080→80/tcp through it",
    });
    expect(of(tiers, inner)).toEqual({
      tier: "internal",
      inferred: true,
      reason: "inferred: not --internal, no published ports",
    });
    expect(of(tiers, data)).toEqual({
      tier: "data",
      inferred: true,
      reason: "inferred: --internal network, no route out",
    });
  });

  it("puts web in public, app in internal and db in data", () => {
    expect(of(tiers, web)).toEqual({
      tier: "public",
      inferred: true,
      reason: "inferred: publishes 8080→80/tcp",
    });
    expect(of(tiers, app)).toEqual({
      tier: "internal",
      inferred: true,
      reason: "inferred: its most outward network, shop-internal, is internal",
    });
    expect(of(tiers, db)).toEqual({
      tier: "data",
      inferred: true,
      reason: "inferred: its network, shop-data, is data",
    });
  });

  it("answers for every network and container, and nothing else", () => {
    expect([...tiers.keys()].sort()).toEqual(
      [
        ...[edge, inner, data].map((n) => elementId.network(n.engine, n.id)),
        ...[web, app, db].map((c) => elementId.container(c.engine, c.id)),
      ].sort(),
    );
  });
});

describe("labels", () => {
  const net = networkDto({ name: "vault", internal: true, labels: { "netatlas.tier": "public" } });
  const box = containerDto({ name: "box", networkMode: "vault", labels: { "netatlas.tier": "data" } });

  it("a label on a network wins over --internal", () => {
    const tiers = inferTiers(modelOf([net], [[box, net]]), OPTIONS);
    expect(of(tiers, net)).toEqual({ tier: "public", inferred: false, reason: "label netatlas.tier=public" });
  });

  it("a label on a container wins over its network's tier and its published ports", () => {
    const shown = { ...box, ports: [published(8443, 443)] };
    const tiers = inferTiers(modelOf([net], [[shown, net]]), OPTIONS);
    expect(of(tiers, shown)).toEqual({ tier: "data", inferred: false, reason: "label netatlas.tier=data" });
  });

  it.each([
    ["public", "public"],
    ["PUBLIC", "public"],
    [" Internal ", "internal"],
    ["data", "data"],
    ["outside", "outside"],
    ["frontend", "public"],
    ["front", "public"],
    ["Edge", "public"],
    ["web", "public"],
    ["backend", "internal"],
    ["back", "internal"],
    ["app", "internal"],
    ["db", "data"],
    ["Database", "data"],
    ["storage", "data"],
  ] as const)("reads %j as %s", (value, tier) => {
    expect(parseTier(value)).toBe(tier);
    const labelled = networkDto({ name: "n", labels: { "netatlas.tier": value } });
    expect(of(inferTiers(modelOf([labelled], []), OPTIONS), labelled)).toEqual({
      tier,
      inferred: false,
      reason: `label netatlas.tier=${value}`,
    });
  });

  it("ignores an unknown value, infers instead and says so", () => {
    const odd = networkDto({ name: "odd", internal: true, labels: { "netatlas.tier": "frontline" } });
    const who = containerDto({ name: "who", networkMode: "odd", labels: { "netatlas.tier": "dmz" } });
    const tiers = inferTiers(modelOf([odd], [[who, odd]]), OPTIONS);
    expect(parseTier("frontline")).toBeNull();
    expect(of(tiers, odd)).toEqual({
      tier: "data",
      inferred: true,
      reason:
        "inferred: --internal network, no route out (label netatlas.tier=frontline is not a known tier, ignored)",
    });
    expect(of(tiers, who)).toMatchObject({ tier: "data", inferred: true });
    expect(of(tiers, who).reason).toContain("label netatlas.tier=dmz is not a known tier");
  });

  it("reads the configured label key, and only that one", () => {
    const n = networkDto({ name: "n", labels: { "netatlas.tier": "data", "acme.zone": "edge" } });
    expect(of(inferTiers(modelOf([n], []), { labelKey: "acme.zone" }), n)).toEqual({
      tier: "public",
      inferred: false,
      reason: "label acme.zone=edge",
    });
  });
});

describe("Compose and swarm services share a tier", () => {
  const net = networkDto({ name: "shop_default" });
  const compose = (name: string, project: string, service: string, extra: Record<string, string> = {}) =>
    containerDto({
      name,
      networkMode: "shop_default",
      labels: { "com.docker.compose.project": project, "com.docker.compose.service": service, ...extra },
    });

  it("gives a Compose service's unlabelled containers the tier of a labelled one", () => {
    const first = compose("shop-api-1", "shop", "api", { "netatlas.tier": "backend" });
    const second = compose("shop-api-2", "shop", "api");
    const otherService = compose("shop-web-1", "shop", "web");
    const otherProject = compose("blog-api-1", "blog", "api");
    const tiers = inferTiers(
      modelOf(
        [net],
        [
          [first, net],
          [second, net],
          [otherService, net],
          [otherProject, net],
        ],
      ),
      OPTIONS,
    );
    expect(of(tiers, second)).toEqual({
      tier: "internal",
      inferred: false,
      reason: "label netatlas.tier=backend on shop-api-1, of the same Compose service shop/api",
    });
    expect(of(tiers, otherService).inferred).toBe(true);
    expect(of(tiers, otherProject).inferred).toBe(true);
    expect(groupKey(second)).toBe("shop/api");
    expect(groupKey(containerDto())).toBeNull();
  });

  it("keeps a container's own label over its service's", () => {
    const first = compose("shop-api-1", "shop", "api", { "netatlas.tier": "data" });
    const second = compose("shop-api-2", "shop", "api", { "netatlas.tier": "public" });
    const tiers = inferTiers(
      modelOf(
        [net],
        [
          [first, net],
          [second, net],
        ],
      ),
      OPTIONS,
    );
    expect(of(tiers, first).tier).toBe("data");
    expect(of(tiers, second).tier).toBe("public");
  });

  it("does not join the same project name on another engine", () => {
    const here = compose("shop-api-1", "shop", "api", { "netatlas.tier": "data" });
    const there = { ...compose("shop-api-1", "shop", "api"), engine: "remote" };
    const remoteNet = { ...net, engine: "remote" };
    const tiers = inferTiers(
      buildTopology(
        topologyOf({
          engines: [engineDto(), engineDto({ id: "remote", hostname: "remote" })],
          networks: [net, remoteNet],
          containers: [here, there],
          endpoints: [endpointDto(here, net), endpointDto(there, remoteNet)],
        }),
      ),
      OPTIONS,
    );
    expect(of(tiers, there)).toMatchObject({ tier: "internal", inferred: true });
  });

  it("gives a swarm service's tasks the tier of a labelled one, across engines", () => {
    const swarm = (name: string, engine: string, extra: Record<string, string> = {}) =>
      containerDto({
        name,
        engine,
        networkMode: "shop_default",
        labels: {
          "com.docker.swarm.service.id": "svc1",
          "com.docker.swarm.service.name": "shop_web",
          ...extra,
        },
      });
    const one = swarm("shop_web.1.abc", "local", { "netatlas.tier": "db" });
    const two = swarm("shop_web.2.def", "remote");
    const remoteNet = { ...net, engine: "remote" };
    const tiers = inferTiers(
      buildTopology(
        topologyOf({
          engines: [engineDto(), engineDto({ id: "remote", hostname: "remote" })],
          networks: [net, remoteNet],
          containers: [one, two],
          endpoints: [endpointDto(one, net), endpointDto(two, remoteNet)],
        }),
      ),
      OPTIONS,
    );
    expect(of(tiers, two)).toEqual({
      tier: "data",
      inferred: false,
      reason: "label netatlas.tier=db on shop_web.1.abc, of the same swarm service shop_web",
    });
    expect(groupKey(two)).toBe("shop_web");
  });

  it("reads a label set on the swarm service itself (docker service create --label)", () => {
    const task = containerDto({
      name: "shop_web.1.abc",
      networkMode: "shop_default",
      labels: { "com.docker.swarm.service.id": "svc1", "com.docker.swarm.service.name": "shop_web" },
    });
    const tiers = inferTiers(
      modelOf([net], [[task, net]], { services: [serviceDto({ labels: { "netatlas.tier": "frontend" } })] }),
      OPTIONS,
    );
    expect(of(tiers, task)).toEqual({
      tier: "public",
      inferred: false,
      reason: "label netatlas.tier=frontend on swarm service shop_web",
    });
  });
});

describe("where published ports go", () => {
  it("publishes on the first non-internal network by name, so only that one is public", () => {
    const back = networkDto({ name: "a-back" });
    const front = networkDto({ name: "b-front" });
    const web = containerDto({ name: "web", networkMode: "b-front", ports: [published(8080, 80)] });
    const tiers = inferTiers(modelOf([back, front], [[web, front, back]]), OPTIONS);
    expect(of(tiers, back)).toMatchObject({
      tier: "public",
      reason: "inferred: web publishes 8080→80/tcp through it",
    });
    expect(of(tiers, front).tier).toBe("internal");
  });

  it("compares names bytewise as Docker does (upper case before lower case)", () => {
    const lower = networkDto({ name: "alpha" });
    const upper = networkDto({ name: "Zulu" });
    const web = containerDto({ name: "web", networkMode: "alpha", ports: [published(80, 80)] });
    const tiers = inferTiers(modelOf([lower, upper], [[web, lower, upper]]), OPTIONS);
    expect(of(tiers, upper).tier).toBe("public");
    expect(of(tiers, lower).tier).toBe("internal");
  });

  it("skips --internal networks, which have no route to publish through", () => {
    const data = networkDto({ name: "a-data", internal: true });
    const front = networkDto({ name: "b-front" });
    const web = containerDto({ name: "web", networkMode: "a-data", ports: [published(8080, 80)] });
    const tiers = inferTiers(modelOf([data, front], [[web, data, front]]), OPTIONS);
    expect(of(tiers, front).tier).toBe("public");
    expect(of(tiers, data).tier).toBe("data");
  });

  it("names one publisher and counts the others", () => {
    const front = networkDto({ name: "front" });
    const a = containerDto({ name: "a", networkMode: "front", ports: [published(81, 80)] });
    const b = containerDto({ name: "b", networkMode: "front", ports: [published(82, 80)] });
    const c = containerDto({ name: "c", networkMode: "front", ports: [published(83, 80)] });
    const tiers = inferTiers(
      modelOf(
        [front],
        [
          [a, front],
          [b, front],
          [c, front],
        ],
      ),
      OPTIONS,
    );
    expect(of(tiers, front).reason).toBe(
      "inferred: a publishes 81→80/tcp through it and 2 more containers do too",
    );
  });

  it("does not count exposed ports that are not published", () => {
    const net = networkDto({ name: "n" });
    const quiet = containerDto({
      name: "quiet",
      networkMode: "n",
      ports: [{ hostIp: null, hostPort: null, containerPort: 80, protocol: "tcp" }],
    });
    const tiers = inferTiers(modelOf([net], [[quiet, net]]), OPTIONS);
    expect(of(tiers, net).tier).toBe("internal");
    expect(of(tiers, quiet).tier).toBe("internal");
  });
});

describe("networks with a direct route out", () => {
  it.each([
    ["host", "inferred: host network: containers use the host's own network stack"],
    ["macvlan", "inferred: macvlan network: containers sit on the host's LAN directly"],
    ["ipvlan", "inferred: ipvlan network: containers sit on the host's LAN directly"],
  ])("a %s network is public", (driver, reason) => {
    const n = networkDto({ name: driver, driver });
    expect(of(inferTiers(modelOf([n], []), OPTIONS), n)).toEqual({ tier: "public", inferred: true, reason });
  });

  it("an --internal macvlan network is still data", () => {
    const n = networkDto({ name: "lan", driver: "macvlan", internal: true });
    expect(of(inferTiers(modelOf([n], []), OPTIONS), n).tier).toBe("data");
  });

  it("the swarm ingress network is public, naming what the routing mesh publishes", () => {
    const ingress = networkDto({
      name: "ingress",
      driver: "overlay",
      scope: "swarm",
      ingress: true,
      system: true,
    });
    const quiet = inferTiers(modelOf([ingress], []), OPTIONS);
    expect(of(quiet, ingress)).toEqual({
      tier: "public",
      inferred: true,
      reason: "inferred: the swarm routing mesh (ingress), reachable on every node",
    });
    const service = serviceDto({
      ports: [{ protocol: "tcp", targetPort: 80, publishedPort: 8080, publishMode: "ingress" }],
    });
    const busy = inferTiers(modelOf([ingress], [], { services: [service] }), OPTIONS);
    expect(of(busy, ingress).reason).toBe(
      "inferred: the swarm routing mesh (ingress) publishes 8080→80/tcp (shop_web) through it",
    );
  });

  it("bridge and none networks with nothing published are internal", () => {
    const bridge = networkDto({ name: "bridge", system: true });
    const none = networkDto({ name: "none", driver: "null", system: true });
    const tiers = inferTiers(modelOf([bridge, none], []), OPTIONS);
    expect(of(tiers, bridge).tier).toBe("internal");
    expect(of(tiers, none).tier).toBe("internal");
  });
});

describe("containers without a label", () => {
  it("a host-mode container is public", () => {
    const host = networkDto({ name: "host", driver: "host", system: true });
    const c = containerDto({ name: "probe", networkMode: "host" });
    expect(of(inferTiers(modelOf([host], [[c, host]]), OPTIONS), c)).toEqual({
      tier: "public",
      inferred: true,
      reason: "inferred: shares the host's network stack",
    });
  });

  it("a --network container:X container takes X's tier, whatever X's is", () => {
    const data = networkDto({ name: "data", internal: true });
    const front = networkDto({ name: "front" });
    const db = containerDto({ name: "db", networkMode: "data" });
    const web = containerDto({ name: "web", networkMode: "front", labels: { "netatlas.tier": "public" } });
    const dbSide = containerDto({
      name: "db-side",
      networkMode: `container:${db.id}`,
      sharesNetworkWith: db.id,
    });
    const webSide = containerDto({
      name: "web-side",
      networkMode: "container:web",
      sharesNetworkWith: "web",
    });
    const tiers = inferTiers(
      modelOf([data, front], [[db, data], [web, front], [dbSide], [webSide]]),
      OPTIONS,
    );
    expect(of(tiers, dbSide)).toEqual({
      tier: "data",
      inferred: true,
      reason: "inferred: shares the network stack of db, which is data",
    });
    expect(of(tiers, webSide)).toMatchObject({ tier: "public", inferred: true });
  });

  it("follows a chain of shared stacks, and stops on a loop", () => {
    const data = networkDto({ name: "data", internal: true });
    const db = containerDto({ name: "db", networkMode: "data" });
    const a = containerDto({ name: "a", networkMode: `container:${db.id}`, sharesNetworkWith: db.id });
    const b = containerDto({ name: "b", networkMode: `container:${a.id}`, sharesNetworkWith: a.id });
    const tiers = inferTiers(modelOf([data], [[db, data], [a], [b]]), OPTIONS);
    expect(of(tiers, b).tier).toBe("data");

    const x = containerDto({ name: "x", networkMode: "container:y", sharesNetworkWith: "y" });
    const y = containerDto({ name: "y", networkMode: "container:x", sharesNetworkWith: "x" });
    const loop = inferTiers(modelOf([], [[x], [y]]), OPTIONS);
    expect(of(loop, x).tier).toBe("internal");
    expect(of(loop, y).tier).toBe("internal");
  });

  it("takes the most outward tier of its networks", () => {
    const front = networkDto({ name: "z-front", labels: { "netatlas.tier": "public" } });
    const back = networkDto({ name: "back" });
    const data = networkDto({ name: "data", internal: true });
    const both = containerDto({ name: "both", networkMode: "back" });
    const deep = containerDto({ name: "deep", networkMode: "back" });
    const tiers = inferTiers(
      modelOf(
        [front, back, data],
        [
          [both, data, back, front],
          [deep, data, back],
        ],
      ),
      OPTIONS,
    );
    expect(of(tiers, both)).toMatchObject({
      tier: "public",
      reason: "inferred: its most outward network, z-front, is public",
    });
    expect(of(tiers, deep).tier).toBe("internal");
  });

  it("a container with no network is internal", () => {
    const none = networkDto({ name: "none", driver: "null", system: true });
    const isolated = containerDto({ name: "isolated", networkMode: "none" });
    const detached = containerDto({ name: "detached", networkMode: "gone" });
    const tiers = inferTiers(modelOf([none], [[isolated, none], [detached]]), OPTIONS);
    expect(of(tiers, isolated)).toEqual({
      tier: "internal",
      inferred: true,
      reason: "inferred: --network none, no network",
    });
    expect(of(tiers, detached).reason).toBe("inferred: attached to no network");
  });
});

describe.each(FIXTURE_VERSIONS)("Docker %s recording", (version) => {
  const input = fixtureTopology(version);
  const model = buildTopology(input);
  const tiers = inferTiers(model, OPTIONS);
  const byName = (name: string) => {
    const n = model.networks.find((x) => x.name === name) ?? model.containers.find((x) => x.name === name);
    if (!n) throw new Error(`no ${name}`);
    return of(tiers, n);
  };

  it("reads the example's labels and infers the rest", () => {
    expect(byName("example-public")).toMatchObject({ tier: "public", inferred: false });
    expect(byName("example-internal")).toMatchObject({ tier: "internal", inferred: false });
    expect(byName("example-data")).toMatchObject({ tier: "data", inferred: false });
    expect(byName("host").tier).toBe("public");
    expect(byName("bridge").tier).toBe("internal");
    expect(byName("example-proxy")).toMatchObject({
      tier: "public",
      reason: "inferred: publishes 127.0.0.1:8080→80/tcp",
    });
    expect(byName("example-hostnet").tier).toBe("public");
    expect(byName("example-sidecar")).toMatchObject({
      tier: "public",
      reason: "inferred: shares the network stack of example-api, which is public",
    });
    expect(byName("example-cache").tier).toBe("data");
    expect(byName("example-isolated").tier).toBe("internal");
  });

  it("answers the same for the same topology listed in another order", () => {
    const again = inferTiers(buildTopology(shuffledTopology(input, 7)), OPTIONS);
    expect([...again.entries()]).toEqual([...tiers.entries()]);
    expect(tiers.size).toBe(model.networks.length + model.containers.length);
  });
});

describe("the legend", () => {
  it("has one rule per tier, in map order", () => {
    expect(TIER_RULES.map((r) => r.tier)).toEqual([...TIER_ORDER]);
    expect(TIER_ORDER.map(tierOrder)).toEqual([0, 1, 2, 3]);
    for (const r of TIER_RULES) expect(r.rule).toMatch(/^[a-z].*[^.]$/);
  });
});
