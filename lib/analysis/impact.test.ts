import { describe, expect, it } from "vitest";
import type { ContainerDto, EndpointDto, NetworkDto } from "@/lib/api/types";
import { connectivityLoss, managedBy, unusedNetworks } from "./impact";

const net = (id: string, extra: Partial<NetworkDto> = {}): NetworkDto =>
  ({
    engine: "e",
    id,
    name: id,
    driver: "bridge",
    scope: "local",
    internal: false,
    attachable: false,
    ingress: false,
    enableIPv6: false,
    configOnly: false,
    configFrom: null,
    ipam: { driver: "default", config: [], options: {} },
    options: {},
    labels: {},
    createdAt: "",
    system: false,
    ...extra,
  }) as NetworkDto;
const box = (id: string): ContainerDto => ({ engine: "e", id, name: `c-${id}` }) as ContainerDto;
const ep = (containerId: string, networkId: string): EndpointDto =>
  ({ engine: "e", containerId, networkId, networkName: networkId }) as EndpointDto;

describe("unusedNetworks", () => {
  it("lists networks without containers, never Docker's own, ingress or a --config-from source", () => {
    const networks = [
      net("bridge", { system: true }),
      net("idle"),
      net("used"),
      net("ing", { ingress: true, driver: "overlay" }),
      net("cfg", { configOnly: true }),
      net("child", { configFrom: "cfg" }),
      net("other-engine", { engine: "f" }),
    ];
    const names = unusedNetworks({ networks, endpoints: [ep("a", "used")] }, "e").map((n) => n.name);
    expect(names).toEqual(["idle", "child"]);
  });
});

describe("connectivityLoss", () => {
  const topology = {
    networks: [net("front"), net("back"), net("host", { driver: "host" })],
    containers: [box("a"), box("b"), box("c")],
    // a and b share front and back; c is on front only; a is also on host.
    endpoints: [
      ep("a", "front"),
      ep("b", "front"),
      ep("c", "front"),
      ep("a", "back"),
      ep("b", "back"),
      ep("a", "host"),
    ],
  };

  it("says which peers a disconnected container loses and which it keeps, over which network", () => {
    expect(connectivityLoss(topology, { engine: "e", id: "front" }, ["a"])).toEqual([
      { container: "c-a", loses: ["c-c"], keeps: [{ peer: "c-b", via: ["back"] }] },
    ]);
  });

  it("covers every container on a removed network", () => {
    const loss = connectivityLoss(topology, { engine: "e", id: "front" });
    expect(loss.map((l) => [l.container, l.loses])).toEqual([
      ["c-a", ["c-c"]],
      ["c-b", ["c-c"]],
      ["c-c", ["c-a", "c-b"]],
    ]);
  });

  it("loses nothing on host or none, which join no containers", () => {
    expect(connectivityLoss(topology, { engine: "e", id: "host" }, ["a"])).toEqual([
      { container: "c-a", loses: [], keeps: [] },
    ]);
  });
});

describe("managedBy", () => {
  it("names Compose, stacks and Kubernetes from their labels", () => {
    expect(managedBy({ "com.docker.compose.project": "shop" })).toBe('Docker Compose (project "shop")');
    expect(managedBy({ "com.docker.stack.namespace": "web" })).toBe('Docker stack "web"');
    expect(managedBy({ "io.kubernetes.pod.name": "x" })).toBe("Kubernetes");
    expect(managedBy({ team: "a" })).toBeNull();
  });
});
