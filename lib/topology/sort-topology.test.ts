// sortTopology (build.ts): a topology assembled from deltas, in any order, put back in the order the API answers
// a read in: engines by id; networks and containers by engine, then name; endpoints by their container's place,
// then network name. The read order is rebuilt here from the recorded answers as lib/docker/read.ts builds it.
import { describe, expect, it } from "vitest";
import type { ContainerDto, TopologyDto } from "@/lib/api/types";
import { mapContainer, mapEndpoints, mapNetwork } from "@/lib/docker/map";
import {
  combineTopologies,
  FIXTURE_VERSIONS,
  type FixtureVersion,
  fixtureEngine,
  fixtureTopology,
  loadFixture,
  shuffled,
  shuffledTopology,
} from "@/lib/testing/fixtures";
import {
  containerDto,
  endpointDto,
  engineDto,
  hexId,
  networkDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { sortTopology } from "./build";
import { applyDeltas, diffTopology, EMPTY_TOPOLOGY } from "./delta";

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** One engine as readSnapshot answers it: networks by name, containers by name, each one's endpoints in turn. */
function readOrder(version: FixtureVersion, engine: string): TopologyDto {
  const recorded = loadFixture(version);
  const summaries = new Map(recorded.containers.map((s) => [s.Id, s]));
  const inspected = recorded.inspects
    .map((raw) => ({ raw, dto: mapContainer(engine, raw, summaries.get(raw.Id)) }))
    .sort((a, b) => byName(a.dto, b.dto));
  return {
    engines: [fixtureEngine(recorded, engine)],
    networks: recorded.networks.map((n) => mapNetwork(engine, n)).sort(byName),
    containers: inspected.map((c) => c.dto),
    endpoints: inspected.flatMap((c) => mapEndpoints(engine, c.raw)),
    nodes: [],
    services: [],
    tasks: [],
  };
}

describe.each(FIXTURE_VERSIONS)("Docker %s recording", (version) => {
  const read = readOrder(version, "local");

  it("puts a shuffled topology in the order a read answers", () => {
    for (const seed of [1, 7, 42, 1234]) {
      const input = shuffledTopology(fixtureTopology(version), seed);
      expect(input.endpoints).not.toEqual(read.endpoints);
      expect(sortTopology(input)).toStrictEqual(read);
    }
  });

  it("puts a topology assembled from deltas, applied in any order, in the order a read answers", () => {
    const t = fixtureTopology(version);
    // As the live store grows: objects added one event at a time, in whatever order Docker told them.
    let store = EMPTY_TOPOLOGY;
    for (const delta of shuffled(diffTopology(EMPTY_TOPOLOGY, t), 5)) store = applyDeltas(store, [delta]);
    expect(store.containers).not.toEqual(read.containers);
    expect(sortTopology(store)).toStrictEqual(read);
  });

  it("orders endpoints by their container's place, then network name", () => {
    const sorted = sortTopology(fixtureTopology(version));
    const names = new Map(sorted.containers.map((c) => [c.id, c.name]));
    expect(sorted.endpoints.map((e) => `${names.get(e.containerId)} ${e.networkName}`)).toEqual([
      "example-api example-internal",
      "example-api example-public",
      "example-cache example-data",
      "example-db example-data",
      "example-db example-internal",
      "example-hostnet host",
      "example-isolated none",
      "example-proxy example-public",
      "example-stopped example-internal",
      "example-worker example-internal",
    ]);
  });

  it("does not change its input, and sorting twice changes nothing", () => {
    const input = shuffledTopology(fixtureTopology(version), 3);
    const before = structuredClone(input);
    const once = sortTopology(input);
    expect(input).toStrictEqual(before);
    expect(sortTopology(once)).toStrictEqual(once);
  });
});

describe("several engines", () => {
  const read = combineTopologies(
    readOrder("26.1", "lab-a"),
    readOrder("20.10", "lab-b"),
    readOrder("26.1", "lab-c"),
  );

  it("orders engines by id and every list by engine first", () => {
    const input = combineTopologies(
      fixtureTopology("26.1", "lab-c"),
      fixtureTopology("26.1", "lab-a"),
      fixtureTopology("20.10", "lab-b"),
    );
    const sorted = sortTopology(input);
    expect(sorted.engines.map((e) => e.id)).toEqual(["lab-a", "lab-b", "lab-c"]);
    for (const list of [sorted.networks, sorted.containers, sorted.endpoints]) {
      const engines = list.map((x) => x.engine);
      expect(engines).toEqual([...engines].sort());
    }
    expect(sorted).toStrictEqual(read);
    for (const seed of [2, 9]) expect(sortTopology(shuffledTopology(input, seed))).toStrictEqual(read);
  });

  it("keeps a container's endpoints with it when the same names live on two engines", () => {
    const sorted = sortTopology(shuffledTopology(read, 17));
    const owner = new Map(sorted.containers.map((c, i) => [`${c.engine}/${c.id}`, i]));
    const places = sorted.endpoints.map((e) => owner.get(`${e.engine}/${e.containerId}`) ?? -1);
    expect(places).toEqual([...places].sort((a, b) => a - b));
  });
});

describe("ties and names", () => {
  it("breaks a tie between equal names on one engine by id", () => {
    const a = containerDto({ name: "twin", id: "a".repeat(64) });
    const b = containerDto({ name: "twin", id: "b".repeat(64) });
    const n1 = networkDto({ name: "same", id: "1".repeat(64) });
    const n2 = networkDto({ name: "same", id: "2".repeat(64) });
    const sorted = sortTopology(topologyOf({ networks: [n2, n1], containers: [b, a] }));
    expect(sorted.containers).toEqual([a, b]);
    expect(sorted.networks).toEqual([n1, n2]);
  });

  it("sorts by name, not by id, and a container's endpoints by network name", () => {
    const zed = containerDto({ name: "zed", id: "0".repeat(64) });
    const amy = containerDto({ name: "amy", id: "f".repeat(64) });
    const app = networkDto({ name: "app" });
    const db = networkDto({ name: "db" });
    const t = topologyOf({
      engines: [engineDto({ id: "z" }), engineDto({ id: "a" })],
      networks: [db, app],
      containers: [zed, amy],
      endpoints: [endpointDto(zed, app), endpointDto(amy, db), endpointDto(amy, app)],
    });
    const sorted = sortTopology(t);
    expect(sorted.engines.map((e) => e.id)).toEqual(["a", "z"]);
    expect(sorted.networks.map((n) => n.name)).toEqual(["app", "db"]);
    expect(sorted.containers.map((c) => c.name)).toEqual(["amy", "zed"]);
    expect(sorted.endpoints.map((e) => `${e.containerId[0]} ${e.networkName}`)).toEqual([
      "f app",
      "f db",
      "0 app",
    ]);
  });
});

describe("found in review", () => {
  it("sorts endpoints whose container is missing the same for any input order", () => {
    const app = networkDto({ name: "app" });
    const [a, g1, g2] = ["a", "ghost1", "ghost2"].map((name) => containerDto({ name, id: hexId(name) }));
    const t = topologyOf({
      networks: [app],
      containers: [a as ContainerDto],
      endpoints: [a, g1, g2].map((c) => endpointDto(c as ContainerDto, app)),
    });
    expect(sortTopology({ ...t, endpoints: [...t.endpoints].reverse() })).toStrictEqual(sortTopology(t));
  });
});
