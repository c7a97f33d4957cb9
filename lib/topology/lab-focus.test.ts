import { describe, expect, it } from "vitest";
import { resolveFocus } from "./lab-focus";
import type { TopologyModel } from "./model";

const model = {
  engines: [],
  networks: [
    { engine: "a", id: "n1", name: "lab-net" },
    { engine: "b", id: "n2", name: "lab-net" },
    { engine: "a", id: "n0", name: "bridge" },
  ],
  containers: [
    { engine: "a", id: "c1", name: "lab-web" },
    { engine: "a", id: "c2", name: "lab-client" },
  ],
  endpoints: [
    { engine: "a", networkId: "n1", containerId: "c1" },
    { engine: "a", networkId: "n0", containerId: "c2" },
  ],
  nodes: [],
  services: [{ cluster: "s1", id: "v1", name: "lab-api" }],
  tasks: [],
} as unknown as TopologyModel;

describe("resolveFocus", () => {
  it("turns names into element ids, with the edge between a focused container and network", () => {
    expect(resolveFocus(model, ["container:lab-web", "network:lab-net", "service:lab-api"], ["a"])).toEqual({
      ids: ["container:a:c1", "network:a:n1", "service:s1:v1", "endpoint:a:n1:c1"],
      missing: [],
    });
  });

  it("looks on every engine when none is named, and says which references found nothing", () => {
    expect(resolveFocus(model, ["network:lab-net", "container:gone", "volume:x"])).toEqual({
      ids: ["network:a:n1", "network:b:n2"],
      missing: ["container:gone", "volume:x"],
    });
  });
});
