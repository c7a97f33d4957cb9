// Label values stay within fixed sets, whatever the action sentence or path.
import { describe, expect, it } from "vitest";
import {
  actionLabel,
  DOCKER_OPERATION_LABELS,
  dockerOperation,
  MAX_ACTION_LABELS,
  methodLabel,
} from "./labels";

describe("dockerOperation", () => {
  it("maps every engineCall sentence in lib/docker and lib/live to a fixed operation", () => {
    const cases: Array<[string, string]> = [
      ["read the engine version", "version"],
      ["read engine info", "info"],
      ["open the events stream", "events"],
      ["list containers", "container.list"],
      ["list running containers", "container.list"],
      ["list networks", "network.list"],
      ["list swarm nodes", "swarm.nodes"],
      ["list swarm services", "swarm.services"],
      ["list swarm tasks", "swarm.tasks"],
      ["inspect network my-net", "network.inspect"],
      ["inspect container 0123456789ab", "container.inspect"],
      ["inspect image netatlas/busybox:latest", "image.inspect"],
      ["read stats of container 0123456789ab", "container.stats"],
      ["create network natest-x", "network.create"],
      ["remove network natest-x", "network.remove"],
      ["connect web1 to front", "network.connect"],
      ["disconnect web1 from front", "network.disconnect"],
      ["create a probe helper container", "probe_helper.create"],
      ["attach to the probe helper", "probe_helper.attach"],
      ["start the probe helper", "probe_helper.start"],
      ["read the probe helper's exit code", "probe_helper.wait"],
      ["remove the probe helper", "probe_helper.remove"],
      ["something new\nwith a name", "other"],
    ];
    for (const [action, operation] of cases) expect(dockerOperation(action), action).toBe(operation);
    expect(new Set(cases.map(([, op]) => op))).toEqual(new Set(DOCKER_OPERATION_LABELS));
  });
});

describe("actionLabel", () => {
  const routeOf = (p: string) => (p.startsWith("/api/networks/") ? "/api/networks/[id]" : "other");

  it("keeps actions named in code and turns the guard's METHOD /path into METHOD route", () => {
    const seen = new Set<string>();
    expect(actionLabel("network.create", routeOf, seen)).toBe("network.create");
    expect(actionLabel("probe.ping", routeOf, seen)).toBe("probe.ping");
    expect(actionLabel("resync", routeOf, seen)).toBe("resync");
    expect(actionLabel("DELETE /api/networks/abc?x=1", routeOf, seen)).toBe("DELETE /api/networks/[id]");
    expect(actionLabel("BREW /api/networks/abc", routeOf, seen)).toBe("other /api/networks/[id]");
    expect(actionLabel("POST /wherever/I/like", routeOf, seen)).toBe("POST other");
    expect(actionLabel('x"y', routeOf, seen)).toBe("other");
    expect(actionLabel(`POST /api/${"a".repeat(300)}… (120 more characters)`, routeOf, seen)).toBe("other");
    expect(actionLabel(`network.${"a".repeat(60)}`, routeOf, seen)).toBe("other");
  });

  it("hands out at most MAX_ACTION_LABELS distinct values", () => {
    const seen = new Set<string>();
    const labels = new Set<string>();
    for (let i = 0; i < MAX_ACTION_LABELS * 3; i++) labels.add(actionLabel(`made.up${i}`, routeOf, seen));
    expect(labels.size).toBe(MAX_ACTION_LABELS + 1);
    expect(labels.has("other")).toBe(true);
    expect(actionLabel("made.up0", routeOf, seen)).toBe("made.up0");
  });
});

describe("methodLabel", () => {
  it("keeps the seven methods and calls the rest other", () => {
    expect(["GET", "POST", "DELETE", "PROPFIND", "get"].map(methodLabel)).toEqual([
      "GET",
      "POST",
      "DELETE",
      "other",
      "other",
    ]);
  });
});
