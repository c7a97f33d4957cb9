// buildTopology and resolveContainerRef on the recorded Docker 26.1 and 20.10 topologies: references resolve,
// dangling endpoints are dropped, container:<ref> resolves as Docker does, output is sorted and deterministic,
// and engines never mix.
import { describe, expect, it } from "vitest";
import type { ContainerDto, TopologyDto } from "@/lib/api/types";
import {
  combineTopologies,
  FIXTURE_VERSIONS,
  fixtureTopology,
  shuffledTopology,
} from "@/lib/testing/fixtures";
import { buildTopology, resolveContainerRef } from "./build";

function byName<T extends { name: string }>(items: T[], name: string): T {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

const sortedCopy = (values: string[]) => [...values].sort((a, b) => a.localeCompare(b));

describe.each(FIXTURE_VERSIONS)("Docker %s recording", (version) => {
  it("resolves every endpoint to a known network (id and name) and container", () => {
    const input = fixtureTopology(version);
    const model = buildTopology(input);
    expect(model.endpoints).toHaveLength(input.endpoints.length);
    const networks = new Map(model.networks.map((n) => [n.id, n]));
    const containerIds = new Set(model.containers.map((c) => c.id));
    for (const e of model.endpoints) {
      expect(networks.get(e.networkId)?.name).toBe(e.networkName);
      expect(containerIds.has(e.containerId)).toBe(true);
    }
  });

  it("resolves the never-started container's endpoint (empty networkId) by network name", () => {
    const input = fixtureTopology(version);
    const stopped = byName(input.containers, "example-stopped");
    const raw = input.endpoints.find((e) => e.containerId === stopped.id);
    expect(raw?.networkId).toBe("");
    const model = buildTopology(input);
    const resolved = model.endpoints.find((e) => e.containerId === stopped.id);
    expect(resolved?.networkId).toBe(byName(input.networks, "example-internal").id);
    expect(resolved).toMatchObject({ networkName: "example-internal", id: null, ipv4Address: null });
  });

  it("does not change its input", () => {
    const input = fixtureTopology(version);
    const before = structuredClone(input);
    buildTopology(input);
    expect(input).toEqual(before);
  });

  it("drops the endpoints of a network that vanished, and keeps the rest", () => {
    const input = fixtureTopology(version);
    const data = byName(input.networks, "example-data");
    const onData = input.endpoints.filter((e) => e.networkName === "example-data");
    expect(onData.length).toBe(2);
    input.networks = input.networks.filter((n) => n.id !== data.id);
    const model = buildTopology(input);
    expect(model.endpoints).toHaveLength(input.endpoints.length - onData.length);
    expect(model.endpoints.some((e) => e.networkId === data.id || e.networkName === "example-data")).toBe(
      false,
    );
  });

  it("drops the endpoints of a container that vanished", () => {
    const input = fixtureTopology(version);
    const db = byName(input.containers, "example-db");
    expect(input.endpoints.filter((e) => e.containerId === db.id)).toHaveLength(2);
    input.containers = input.containers.filter((c) => c.id !== db.id);
    const model = buildTopology(input);
    expect(model.endpoints).toHaveLength(input.endpoints.length - 2);
    expect(model.endpoints.some((e) => e.containerId === db.id)).toBe(false);
  });

  it("drops a never-started container's endpoint when its network is gone by name too", () => {
    const input = fixtureTopology(version);
    const stopped = byName(input.containers, "example-stopped");
    input.networks = input.networks.filter((n) => n.name !== "example-internal");
    const model = buildTopology(input);
    expect(model.endpoints.some((e) => e.containerId === stopped.id)).toBe(false);
    expect(model.containers.map((c) => c.id)).toContain(stopped.id);
  });

  it("fixes an endpoint whose network name is stale by trusting the network id", () => {
    const input = fixtureTopology(version);
    const proxy = byName(input.containers, "example-proxy");
    const endpoint = input.endpoints.find((e) => e.containerId === proxy.id);
    if (!endpoint) throw new Error("proxy has no endpoint");
    endpoint.networkName = "renamed-meanwhile";
    const resolved = buildTopology(input).endpoints.find((e) => e.containerId === proxy.id);
    expect(resolved?.networkName).toBe("example-public");
  });

  describe("container:<ref> network modes", () => {
    function withSidecarRef(ref: (api: ContainerDto) => string): { input: TopologyDto; api: ContainerDto } {
      const input = fixtureTopology(version);
      const api = byName(input.containers, "example-api");
      byName(input.containers, "example-sidecar").sharesNetworkWith = ref(api);
      return { input, api };
    }
    const sidecarOf = (input: TopologyDto) => byName(buildTopology(input).containers, "example-sidecar");

    it("keeps the full id Docker reports", () => {
      const { input, api } = withSidecarRef((a) => a.id);
      expect(sidecarOf(input).sharesNetworkWith).toBe(api.id);
    });

    it("resolves a name to the full id", () => {
      const { input, api } = withSidecarRef((a) => a.name);
      expect(sidecarOf(input).sharesNetworkWith).toBe(api.id);
    });

    it("resolves a unique id prefix to the full id", () => {
      const { input, api } = withSidecarRef((a) => a.id.slice(0, 12));
      expect(sidecarOf(input).sharesNetworkWith).toBe(api.id);
    });

    it("leaves an ambiguous prefix unresolved", () => {
      const { input, api } = withSidecarRef((a) => a.id.slice(0, 12));
      // A second container whose id shares the first 12 characters of example-api's.
      const worker = byName(input.containers, "example-worker");
      worker.id = `${api.id.slice(0, 12)}${api.id[12] === "0" ? "1" : "0"}${api.id.slice(13)}`;
      expect(sidecarOf(input).sharesNetworkWith).toBe(api.id.slice(0, 12));
      // One character more tells them apart again.
      byName(input.containers, "example-sidecar").sharesNetworkWith = api.id.slice(0, 13);
      expect(sidecarOf(input).sharesNetworkWith).toBe(api.id);
    });

    it("leaves an unknown reference unresolved", () => {
      const { input } = withSidecarRef(() => "no-such-container");
      expect(sidecarOf(input).sharesNetworkWith).toBe("no-such-container");
    });
  });

  it("sorts networks and containers by name and endpoints by network then container", () => {
    const model = buildTopology(fixtureTopology(version));
    const networkNames = model.networks.map((n) => n.name);
    expect(networkNames).toEqual(sortedCopy(networkNames));
    const containerNames = model.containers.map((c) => c.name);
    expect(containerNames).toEqual(sortedCopy(containerNames));
    const endpointKeys = model.endpoints.map((e) => `${e.networkName} ${e.containerId}`);
    expect(endpointKeys).toEqual(sortedCopy(endpointKeys));
  });

  it("gives deep-equal output for shuffled input", () => {
    const input = fixtureTopology(version);
    const expected = buildTopology(input);
    for (const seed of [1, 7, 42, 1234]) {
      const shuffled = shuffledTopology(input, seed);
      expect(shuffled.containers.map((c) => c.id)).not.toEqual(input.containers.map((c) => c.id));
      expect(buildTopology(shuffled)).toStrictEqual(expected);
    }
  });
});

describe("several engines", () => {
  const input = combineTopologies(fixtureTopology("26.1", "lab-b"), fixtureTopology("26.1", "lab-a"));
  const model = buildTopology(input);

  it("keeps the same Docker objects on two engines apart", () => {
    expect(model.engines.map((e) => e.id)).toEqual(["lab-a", "lab-b"]);
    expect(model.networks).toHaveLength(input.networks.length);
    expect(model.containers).toHaveLength(input.containers.length);
    expect(model.endpoints).toHaveLength(input.endpoints.length);
    for (const engine of ["lab-a", "lab-b"]) {
      expect(model.endpoints.filter((e) => e.engine === engine)).toHaveLength(input.endpoints.length / 2);
    }
  });

  it("sorts by engine first", () => {
    const engines = model.networks.map((n) => n.engine);
    expect(engines).toEqual(sortedCopy(engines));
    expect(model.containers[0]?.engine).toBe("lab-a");
    expect(model.endpoints.at(-1)?.engine).toBe("lab-b");
  });

  it("drops endpoints only on the engine that lost the network", () => {
    const changed = combineTopologies(fixtureTopology("26.1", "lab-a"), fixtureTopology("26.1", "lab-b"));
    changed.networks = changed.networks.filter((n) => !(n.engine === "lab-a" && n.name === "example-data"));
    const endpoints = buildTopology(changed).endpoints.filter((e) => e.networkName === "example-data");
    expect(endpoints.map((e) => e.engine)).toEqual(["lab-b", "lab-b"]);
  });

  it("resolves a never-started container's endpoint by name on its own engine only", () => {
    const changed = combineTopologies(fixtureTopology("20.10", "old"), fixtureTopology("26.1", "new"));
    changed.networks = changed.networks.filter((n) => !(n.engine === "old" && n.name === "example-internal"));
    const stopped = buildTopology(changed).endpoints.filter((e) => e.id === null);
    expect(stopped.map((e) => e.engine)).toEqual(["new"]);
  });

  it("resolves container:<name> on the container's own engine", () => {
    const changed = combineTopologies(fixtureTopology("20.10", "old"), fixtureTopology("26.1", "new"));
    for (const c of changed.containers) if (c.name === "example-sidecar") c.sharesNetworkWith = "example-api";
    const built = buildTopology(changed);
    for (const engine of ["old", "new"]) {
      const api = built.containers.find((c) => c.engine === engine && c.name === "example-api");
      const sidecar = built.containers.find((c) => c.engine === engine && c.name === "example-sidecar");
      expect(sidecar?.sharesNetworkWith).toBe(api?.id);
    }
  });
});

describe("resolveContainerRef", () => {
  const containers = fixtureTopology("26.1", "lab-a").containers;
  const api = byName(containers, "example-api");

  it("finds by full id, name and unique prefix", () => {
    expect(resolveContainerRef(containers, "lab-a", api.id)).toBe(api);
    expect(resolveContainerRef(containers, "lab-a", "example-api")).toBe(api);
    expect(resolveContainerRef(containers, "lab-a", api.id.slice(0, 5))).toBe(api);
  });

  it("finds nothing on another engine, for an unknown ref, or for a prefix of every id (empty)", () => {
    expect(resolveContainerRef(containers, "lab-b", api.id)).toBeNull();
    expect(resolveContainerRef(containers, "lab-a", "example-nothing")).toBeNull();
    expect(resolveContainerRef(containers, "lab-a", "")).toBeNull();
  });

  it("prefers a container named like a prefix over the container whose id has that prefix", () => {
    const prefix = api.id.slice(0, 6);
    const named = { ...byName(containers, "example-worker"), name: prefix };
    expect(resolveContainerRef([api, named], "lab-a", prefix)).toBe(named);
  });
});
