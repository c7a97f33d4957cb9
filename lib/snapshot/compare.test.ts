// Comparing two snapshots' topologies: added, removed and changed objects with the timeline's sentences, each
// changed field before → after, and nothing for a status text that only moved with the clock.
import { describe, expect, it } from "vitest";
import { containerDto, endpointDto, networkDto, topologyOf } from "@/lib/testing/topology-builders";
import { compareTopologies } from "./compare";

describe("compareTopologies", () => {
  const front = networkDto({ name: "front" });
  const web = containerDto({ name: "web" });
  const before = topologyOf({ networks: [front], containers: [web], endpoints: [endpointDto(web, front)] });

  it("says what was added, removed and changed, field by field", () => {
    const back = networkDto({
      name: "back",
      internal: true,
      ipam: {
        driver: "default",
        options: {},
        config: [{ subnet: "10.1.0.0/24", gateway: null, ipRange: null, auxAddresses: {} }],
      },
    });
    const stopped = {
      ...web,
      state: "exited",
      status: "Exited (0) 1 second ago",
      labels: { tier: "public" },
    };
    const after = topologyOf({ networks: [front, back], containers: [stopped], endpoints: [] });
    const rows = compareTopologies(before, after);
    expect(rows.map((r) => [r.op, r.kind, r.name, r.sentence])).toEqual([
      ["remove", "endpoint", "web on front", "web left front"],
      ["add", "network", "back", "network back created (bridge, 10.1.0.0/24, internal)"],
      ["change", "container", "web", "web stopped (exited)"],
    ]);
    expect(rows[2]?.fields).toEqual([
      { field: "labels", before: "{}", after: null },
      { field: "labels.tier", before: null, after: '"public"' },
      { field: "state", before: '"running"', after: '"exited"' },
    ]);
  });

  it("leaves out a container whose status text alone moved, and finds nothing between equal topologies", () => {
    const later = topologyOf({ ...before, containers: [{ ...web, status: "Up 5 minutes" }] });
    expect(compareTopologies(before, later)).toEqual([]);
    expect(compareTopologies(before, before)).toEqual([]);
  });
});
