// diffTopology / applyDeltas: applying the diff of two topologies turns the first into the second (checked on
// the recorded Docker 26.1 and 20.10 topologies with seeded random mutations), deltas come in a safe order,
// endpoints are keyed so a never-started container's attachments stay apart, and inputs are never changed.
import { describe, expect, it } from "vitest";
import type { Delta, DeltaKind } from "@/lib/api/live";
import type { EndpointDto, TopologyDto } from "@/lib/api/types";
import {
  combineTopologies,
  FIXTURE_VERSIONS,
  type FixtureVersion,
  fixtureTopology,
  shuffled,
  shuffledTopology,
} from "@/lib/testing/fixtures";
import {
  configuredEndpoint,
  containerDto,
  endpointDto,
  engineDto,
  hexId,
  networkDto,
  pick,
  randomInt,
  seededRandom,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { applyDeltas, deltaKey, diffTopology, EMPTY_TOPOLOGY } from "./delta";

const KINDS: DeltaKind[] = ["engine", "network", "container", "endpoint"];

const byKey = <T>(items: T[], keyOf: (v: T) => string) =>
  [...items].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));

/** The topology with every list in deltaKey order: equal up to order means equal after this. */
function canonical(t: TopologyDto): TopologyDto {
  return {
    engines: byKey(t.engines, deltaKey.engine),
    networks: byKey(t.networks, deltaKey.network),
    containers: byKey(t.containers, deltaKey.container),
    endpoints: byKey(t.endpoints, deltaKey.endpoint),
    nodes: byKey(t.nodes, deltaKey.node),
    services: byKey(t.services, deltaKey.service),
    tasks: byKey(t.tasks, deltaKey.task),
  };
}

function keysOf(t: TopologyDto, kind: DeltaKind): Set<string> {
  switch (kind) {
    case "engine":
      return new Set(t.engines.map(deltaKey.engine));
    case "network":
      return new Set(t.networks.map(deltaKey.network));
    case "container":
      return new Set(t.containers.map(deltaKey.container));
    case "endpoint":
      return new Set(t.endpoints.map(deltaKey.endpoint));
    case "node":
      return new Set(t.nodes.map(deltaKey.node));
    case "service":
      return new Set(t.services.map(deltaKey.service));
    case "task":
      return new Set(t.tasks.map(deltaKey.task));
  }
}

function byName<T extends { name: string }>(items: T[], name: string): T {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

/** Checks the order diffTopology promises; answers a reason when it is broken. */
function orderProblem(deltas: Delta[]): string | null {
  const firstUpsert = deltas.findIndex((d) => d.op !== "remove");
  const removes = firstUpsert < 0 ? deltas : deltas.slice(0, firstUpsert);
  const upserts = firstUpsert < 0 ? [] : deltas.slice(firstUpsert);
  if (upserts.some((d) => d.op === "remove")) return "a remove after an add or change";
  const rank = (d: Delta) => KINDS.indexOf(d.kind);
  for (let i = 1; i < removes.length; i++)
    if (rank(removes[i - 1] as Delta) < rank(removes[i] as Delta)) return "removes not endpoint-first";
  for (let i = 1; i < upserts.length; i++)
    if (rank(upserts[i - 1] as Delta) > rank(upserts[i] as Delta)) return "upserts not engine-first";
  return null;
}

// --- seeded random mutations of a topology -----------------------------------------------------------

type Mutation = (t: TopologyDto, random: () => number, serial: () => number) => string | null;

const withoutEndpoints = (t: TopologyDto, drop: (e: EndpointDto) => boolean) => {
  t.endpoints = t.endpoints.filter((e) => !drop(e));
};

const MUTATIONS: Record<string, Mutation> = {
  removeContainer(t, random) {
    const c = pick(random, t.containers);
    if (!c) return null;
    t.containers = t.containers.filter((x) => x !== c);
    withoutEndpoints(t, (e) => e.engine === c.engine && e.containerId === c.id);
    return `remove container ${c.name}`;
  },
  addContainer(t, random, serial) {
    const model = pick(random, t.containers);
    if (!model) return null;
    const n = serial();
    const copy = { ...model, id: hexId(`added-container-${n}`), name: `${model.name}-copy-${n}` };
    t.containers.push(copy);
    for (const e of t.endpoints.filter((x) => x.engine === model.engine && x.containerId === model.id)) {
      t.endpoints.push({
        ...e,
        containerId: copy.id,
        id: e.id ? hexId(`added-endpoint-${n}-${e.networkName}`) : null,
        ipv4Address: e.ipv4Address ? `10.99.${n % 250}.${1 + (n % 200)}/24` : null,
      });
    }
    return `add container ${copy.name}`;
  },
  changeContainer(t, random) {
    const i = randomInt(random, t.containers.length);
    const c = t.containers[i];
    if (!c) return null;
    const how = randomInt(random, 3);
    t.containers[i] =
      how === 0
        ? { ...c, state: c.state === "running" ? "exited" : "running", status: "Exited (0) 1 second ago" }
        : how === 1
          ? { ...c, name: `${c.name}-renamed` }
          : { ...c, status: `Up ${randomInt(random, 60)} minutes`, labels: { ...c.labels, touched: "yes" } };
    return `change container ${c.name} (${how})`;
  },
  removeNetwork(t, random) {
    const n = pick(random, t.networks);
    if (!n) return null;
    t.networks = t.networks.filter((x) => x !== n);
    withoutEndpoints(t, (e) => e.engine === n.engine && e.networkName === n.name);
    return `remove network ${n.name}`;
  },
  addNetwork(t, random, serial) {
    const model = pick(random, t.networks);
    if (!model) return null;
    const n = serial();
    t.networks.push({ ...model, id: hexId(`added-network-${n}`), name: `net-${n}`, system: false });
    return `add network net-${n}`;
  },
  changeNetwork(t, random) {
    const i = randomInt(random, t.networks.length);
    const n = t.networks[i];
    if (!n) return null;
    t.networks[i] = { ...n, labels: { ...n.labels, "changed.by": "test" }, internal: !n.internal };
    return `change network ${n.name}`;
  },
  removeEndpoint(t, random) {
    const e = pick(random, t.endpoints);
    if (!e) return null;
    t.endpoints = t.endpoints.filter((x) => x !== e);
    return `remove endpoint ${e.networkName}/${e.containerId.slice(0, 6)}`;
  },
  addEndpoint(t, random, serial) {
    const c = pick(random, t.containers);
    if (!c) return null;
    const free = t.networks.filter(
      (n) =>
        n.engine === c.engine &&
        !t.endpoints.some((e) => e.engine === c.engine && e.containerId === c.id && e.networkName === n.name),
    );
    const n = pick(random, free);
    if (!n) return null;
    const k = serial();
    t.endpoints.push(
      random() < 0.3
        ? configuredEndpoint(c, n)
        : endpointDto(c, n, { ipv4Address: `10.98.${k % 250}.${1 + (k % 200)}/24`, aliases: [`alias-${k}`] }),
    );
    return `add endpoint ${c.name} on ${n.name}`;
  },
  changeEndpoint(t, random) {
    const i = randomInt(random, t.endpoints.length);
    const e = t.endpoints[i];
    if (!e) return null;
    const how = randomInt(random, 3);
    t.endpoints[i] =
      how === 0
        ? { ...e, ipv4Address: "10.97.0.42/24" }
        : how === 1
          ? { ...e, aliases: [...(e.aliases ?? []), "extra"] }
          : { ...e, id: null, networkId: "", ipv4Address: null, gateway: null, macAddress: null };
    return `change endpoint ${e.networkName}/${e.containerId.slice(0, 6)} (${how})`;
  },
  changeEngine(t, random) {
    const i = randomInt(random, t.engines.length);
    const e = t.engines[i];
    if (!e) return null;
    t.engines[i] =
      e.status === "up"
        ? {
            ...e,
            status: "unreachable",
            error: { code: "engine_unreachable", message: "cannot reach", detail: "ECONNREFUSED" },
          }
        : { ...e, status: "up", error: null };
    return `change engine ${e.id}`;
  },
  addEngine(t, random, serial) {
    const version: FixtureVersion = random() < 0.5 ? "26.1" : "20.10";
    const other = fixtureTopology(version, `extra-${serial()}`);
    t.engines.push(...other.engines);
    t.networks.push(...other.networks);
    t.containers.push(...other.containers);
    t.endpoints.push(...other.endpoints);
    return `add engine ${other.engines[0]?.id}`;
  },
  removeEngine(t, random) {
    const e = pick(random, t.engines);
    if (!e) return null;
    t.engines = t.engines.filter((x) => x !== e);
    t.networks = t.networks.filter((x) => x.engine !== e.id);
    t.containers = t.containers.filter((x) => x.engine !== e.id);
    withoutEndpoints(t, (x) => x.engine === e.id);
    return `remove engine ${e.id}`;
  },
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

/** `base` with 1..6 random mutations (and shuffled lists now and then); answers what was done. */
function mutate(base: TopologyDto, random: () => number, serial: () => number) {
  const t = structuredClone(base);
  const done: string[] = [];
  const count = 1 + randomInt(random, 6);
  for (let i = 0; i < count; i++) {
    const name = pick(random, MUTATION_NAMES) as string;
    const what = MUTATIONS[name]?.(t, random, serial);
    if (what) done.push(what);
  }
  return { topology: random() < 0.5 ? shuffledTopology(t, 1 + randomInt(random, 1000)) : t, done };
}

function baseTopology(version: FixtureVersion, random: () => number): TopologyDto {
  return random() < 0.3
    ? combineTopologies(fixtureTopology(version, "lab-a"), fixtureTopology("26.1", "lab-b"))
    : fixtureTopology(version, "lab-a");
}

describe("diffTopology and applyDeltas: round trip on the recorded topologies", () => {
  describe.each(FIXTURE_VERSIONS)("Docker %s recording", (version) => {
    it("turns prev into next for 150 seeded random mutation pairs, up to order", () => {
      const seen = new Set<string>();
      for (let seed = 1; seed <= 150; seed++) {
        const random = seededRandom(seed);
        let n = 0;
        const serial = () => ++n;
        const base = baseTopology(version, random);
        const prev = random() < 0.5 ? mutate(base, random, serial).topology : base;
        const { topology: next, done } = mutate(prev, random, serial);
        const prevCopy = structuredClone(prev);
        const nextCopy = structuredClone(next);
        const label = `seed ${seed}: ${done.join("; ")}`;

        const deltas = diffTopology(prev, next);
        const applied = applyDeltas(prev, deltas);

        expect(canonical(applied), label).toStrictEqual(canonical(next));
        expect(diffTopology(next, applied), label).toEqual([]);
        expect(orderProblem(deltas), label).toBeNull();
        // Every delta names an object of prev (remove, change) or of next (add, change), and only once.
        for (const d of deltas) {
          const inPrev = keysOf(prev, d.kind).has(d.key);
          const inNext = keysOf(next, d.kind).has(d.key);
          expect([d.op, inPrev, inNext], label).toEqual(
            d.op === "remove"
              ? ["remove", true, false]
              : d.op === "add"
                ? ["add", false, true]
                : ["change", true, true],
          );
          seen.add(`${d.op} ${d.kind}`);
        }
        expect(new Set(deltas.map((d) => `${d.kind} ${d.key}`)).size, label).toBe(deltas.length);
        expect(prev, label).toStrictEqual(prevCopy);
        expect(next, label).toStrictEqual(nextCopy);
      }
      // The generator exercised every operation on every kind (else this test proves less than it says).
      const all = KINDS.flatMap((k) => ["add", "change", "remove"].map((op) => `${op} ${k}`));
      expect([...seen].sort()).toEqual(all.sort());
    });

    it("builds the whole topology from empty, and empties it again", () => {
      const t = fixtureTopology(version);
      const adds = diffTopology(EMPTY_TOPOLOGY, t);
      expect(adds.every((d) => d.op === "add")).toBe(true);
      expect(adds).toHaveLength(
        t.engines.length + t.networks.length + t.containers.length + t.endpoints.length,
      );
      expect(applyDeltas(EMPTY_TOPOLOGY, adds)).toStrictEqual(t);
      const removes = diffTopology(t, EMPTY_TOPOLOGY);
      expect(removes.every((d) => d.op === "remove")).toBe(true);
      expect(applyDeltas(t, removes)).toStrictEqual(EMPTY_TOPOLOGY);
      expect(EMPTY_TOPOLOGY).toStrictEqual({
        engines: [],
        networks: [],
        containers: [],
        endpoints: [],
        nodes: [],
        services: [],
        tasks: [],
      });
    });

    it("answers no deltas for identical, deep-equal copies and reordered topologies", () => {
      const t = fixtureTopology(version);
      expect(diffTopology(t, t)).toEqual([]);
      expect(diffTopology(t, structuredClone(t))).toEqual([]);
      expect(diffTopology(t, shuffledTopology(t, 5))).toEqual([]);
      expect(diffTopology(EMPTY_TOPOLOGY, EMPTY_TOPOLOGY)).toEqual([]);
    });

    it("answers one change, carrying the new value, when one container's state changes", () => {
      const prev = fixtureTopology(version);
      const next = structuredClone(prev);
      const api = byName(next.containers, "example-api");
      api.state = "exited";
      expect(diffTopology(prev, next)).toEqual([
        { op: "change", kind: "container", key: `local/${api.id}`, value: api },
      ]);
    });

    it("tells a never-started container starting as changes of its attachment, not remove and add", () => {
      const prev = fixtureTopology(version);
      const next = structuredClone(prev);
      const stopped = byName(next.containers, "example-stopped");
      const internal = byName(next.networks, "example-internal");
      stopped.state = "running";
      const endpoint = next.endpoints.find((e) => e.containerId === stopped.id);
      if (!endpoint) throw new Error("example-stopped has no endpoint");
      expect(endpoint.networkId).toBe("");
      Object.assign(endpoint, {
        networkId: internal.id,
        id: hexId("started"),
        ipv4Address: "10.90.2.140/24",
      });
      const deltas = diffTopology(prev, next);
      expect(deltas.map((d) => `${d.op} ${d.kind} ${d.key}`)).toEqual([
        `change container local/${stopped.id}`,
        `change endpoint local/example-internal/${stopped.id}`,
      ]);
      expect(applyDeltas(prev, deltas)).toStrictEqual(next);
    });
  });
});

describe("delta order", () => {
  const prev = fixtureTopology("26.1");

  it("removes endpoints before the containers and networks they hang on, and those before engines", () => {
    const deltas = diffTopology(prev, EMPTY_TOPOLOGY);
    const kinds = deltas.map((d) => d.kind);
    const last = (k: DeltaKind) => kinds.lastIndexOf(k);
    const first = (k: DeltaKind) => kinds.indexOf(k);
    expect(last("endpoint")).toBeLessThan(first("container"));
    expect(last("endpoint")).toBeLessThan(first("network"));
    expect(last("container")).toBeLessThan(first("network"));
    expect(last("network")).toBeLessThan(first("engine"));
  });

  it("adds engines, then networks, then containers, then endpoints", () => {
    const deltas = diffTopology(EMPTY_TOPOLOGY, shuffledTopology(prev, 3));
    const kinds = deltas.map((d) => d.kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => KINDS.indexOf(a) - KINDS.indexOf(b)));
    expect(new Set(kinds)).toEqual(new Set(KINDS));
  });

  it("puts every removal before every add and change in a mixed batch", () => {
    // example-db leaves (two endpoints and the container go), example-data goes, a new network and container come.
    const next = structuredClone(prev);
    const db = byName(next.containers, "example-db");
    const data = byName(next.networks, "example-data");
    next.containers = next.containers.filter((c) => c.id !== db.id);
    next.networks = next.networks.filter((n) => n.id !== data.id);
    next.endpoints = next.endpoints.filter(
      (e) => e.containerId !== db.id && e.networkName !== "example-data",
    );
    const fresh = networkDto({ name: "fresh" });
    const web = containerDto({ name: "web" });
    next.networks.push(fresh);
    next.containers.push(web);
    next.endpoints.push(endpointDto(web, fresh));
    const api = byName(next.containers, "example-api");
    api.status = "Up 1 hour";

    const deltas = diffTopology(prev, next);
    expect(orderProblem(deltas)).toBeNull();
    const cache = byName(prev.containers, "example-cache");
    expect(deltas.map((d) => `${d.op} ${d.kind} ${d.key}`)).toEqual([
      // Removals, in the order the lists hold them within each kind.
      `remove endpoint local/example-data/${cache.id}`,
      `remove endpoint local/example-data/${db.id}`,
      `remove endpoint local/example-internal/${db.id}`,
      `remove container local/${db.id}`,
      `remove network local/${data.id}`,
      `add network local/${fresh.id}`,
      `change container local/${api.id}`,
      `add container local/${web.id}`,
      `add endpoint local/fresh/${web.id}`,
    ]);
    expect(canonical(applyDeltas(prev, deltas))).toStrictEqual(canonical(next));
  });
});

describe("endpoint keys", () => {
  const app = networkDto({ name: "app" });
  const db = networkDto({ name: "db" });
  const web = containerDto({ name: "web", state: "created", status: "Created", startedAt: null });

  it("key a never-started container's attachments (networkId '') by network name, one per network", () => {
    const onApp = configuredEndpoint(web, app);
    const onDb = configuredEndpoint(web, db);
    expect(onApp.networkId).toBe(onDb.networkId);
    expect(deltaKey.endpoint(onApp)).toBe(`local/app/${web.id}`);
    expect(deltaKey.endpoint(onDb)).toBe(`local/db/${web.id}`);

    const t = topologyOf({
      engines: [engineDto()],
      networks: [app, db],
      containers: [web],
      endpoints: [onApp, onDb],
    });
    const deltas = diffTopology(EMPTY_TOPOLOGY, t);
    expect(deltas.filter((d) => d.kind === "endpoint")).toHaveLength(2);
    expect(applyDeltas(EMPTY_TOPOLOGY, deltas)).toStrictEqual(t);

    const leftDb = { ...t, endpoints: [onApp] };
    const removal = diffTopology(t, leftDb);
    expect(removal).toEqual([{ op: "remove", kind: "endpoint", key: `local/db/${web.id}` }]);
    expect(applyDeltas(t, removal).endpoints).toEqual([onApp]);
  });

  it("keep the same object on two engines apart", () => {
    const a = fixtureTopology("26.1", "lab-a");
    const both = combineTopologies(a, fixtureTopology("26.1", "lab-b"));
    const deltas = diffTopology(a, both);
    expect(deltas.every((d) => d.op === "add")).toBe(true);
    expect(deltas).toHaveLength(1 + a.networks.length + a.containers.length + a.endpoints.length);
    expect(canonical(applyDeltas(a, deltas))).toStrictEqual(canonical(both));
  });
});

describe("applyDeltas", () => {
  const t = fixtureTopology("20.10");

  it("does not change its input topology, its lists, or the values it replaces", () => {
    const before = structuredClone(t);
    const lists = [t.engines, t.networks, t.containers, t.endpoints].map((l) => [...l]);
    const next = structuredClone(t);
    next.containers = next.containers.slice(1);
    next.endpoints = next.endpoints.map((e) => ({ ...e, ipv4Address: e.ipv4Address ? "10.1.1.1/24" : null }));
    next.networks.push(networkDto({ name: "more" }));
    const deltas = diffTopology(t, next);
    const out = applyDeltas(t, deltas);
    expect(t).toStrictEqual(before);
    [t.engines, t.networks, t.containers, t.endpoints].forEach((l, i) => {
      expect(l).toHaveLength(lists[i]?.length ?? -1);
      for (const [j, v] of l.entries()) expect(v).toBe(lists[i]?.[j]);
    });
    expect(out.containers).not.toBe(t.containers);
    expect(out.endpoints).not.toBe(t.endpoints);
  });

  it("treats the removal of an unknown object as a no-op", () => {
    const deltas: Delta[] = [
      { op: "remove", kind: "container", key: "local/0000000000000000" },
      { op: "remove", kind: "endpoint", key: "local/no-such-network/abc" },
      { op: "remove", kind: "network", key: "other-engine/x" },
      { op: "remove", kind: "engine", key: "nowhere" },
    ];
    expect(applyDeltas(t, deltas)).toStrictEqual(t);
    expect(applyDeltas(EMPTY_TOPOLOGY, deltas)).toStrictEqual(EMPTY_TOPOLOGY);
  });

  it("replaces a changed object where it stands and appends an added one", () => {
    const api = byName(t.containers, "example-api");
    const at = t.containers.indexOf(api);
    const changed = { ...api, state: "paused" };
    const web = containerDto({ name: "web" });
    const out = applyDeltas(t, [
      { op: "change", kind: "container", key: deltaKey.container(api), value: changed },
      { op: "add", kind: "container", key: deltaKey.container(web), value: web },
    ]);
    expect(out.containers[at]).toBe(changed);
    expect(out.containers.at(-1)).toBe(web);
    expect(out.containers).toHaveLength(t.containers.length + 1);
  });

  it("applies deltas in order: an object added and removed in one batch is gone", () => {
    const web = containerDto({ name: "web" });
    const key = deltaKey.container(web);
    const out = applyDeltas(EMPTY_TOPOLOGY, [
      { op: "add", kind: "container", key, value: web },
      { op: "remove", kind: "container", key },
    ]);
    expect(out.containers).toEqual([]);
  });

  it("gives the same result for the diff's deltas applied to any order of prev", () => {
    const next = structuredClone(t);
    next.containers = shuffled(next.containers, 9).slice(2);
    next.endpoints = next.endpoints.filter((e) => next.containers.some((c) => c.id === e.containerId));
    const deltas = diffTopology(t, next);
    for (const seed of [1, 2, 3]) {
      expect(canonical(applyDeltas(shuffledTopology(t, seed), deltas))).toStrictEqual(canonical(next));
    }
  });
});
