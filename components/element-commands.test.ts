// commandFor: the command shown for each kind of map element holds the names it is built from (swarm services,
// node hostnames, networks, interfaces, Compose projects) as exactly one shell word each, behind `--` when one
// starts with "-", and pasting it into a shell runs nothing else: checked by running it in /bin/sh with the
// tools replaced by printers (lib/testing/shell-run.ts), for every hostile name.
import { describe, expect, it } from "vitest";
import { HOSTILE_NAMES, expectedOperands as ops, runShown } from "@/lib/testing/shell-run";
import {
  networkDto,
  SWARM_CLUSTER,
  swarmNodeDto,
  swarmServiceDto,
  swarmTaskDto,
} from "@/lib/testing/topology-builders";
import type { EdgeKind, GraphEdge, GraphNode, NodeKind, TopologyModel } from "@/lib/topology/model";
import { commandFor } from "./element-commands";

function node(kind: NodeKind, id: string, extra: Partial<GraphNode> = {}): GraphNode {
  return {
    id,
    kind,
    engine: "local",
    ref: "",
    parent: null,
    label: "",
    sublabel: "",
    classes: [],
    description: "",
    ...extra,
  };
}

function edge(kind: EdgeKind, id: string, extra: Partial<GraphEdge> = {}): GraphEdge {
  return {
    id,
    kind,
    engine: "local",
    source: "a",
    target: "b",
    label: "",
    classes: [],
    description: "",
    ...extra,
  };
}

const empty: TopologyModel = {
  engines: [],
  networks: [],
  containers: [],
  endpoints: [],
  nodes: [],
  services: [],
  tasks: [],
};

/** The calls the shown command makes when pasted, after checking that it made nothing else happen. */
function pasted(command: string | null): string[][] {
  expect(command).not.toBeNull();
  const run = runShown(command ?? "");
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.leftovers).toEqual([]);
  return run.calls;
}

describe.each(HOSTILE_NAMES)("commandFor with the name %j", (name) => {
  it("service and task: docker service inspect / ps", () => {
    const service = swarmServiceDto({ name });
    const task = swarmTaskDto(service);
    const model = { ...empty, services: [service], tasks: [task] };
    expect(pasted(commandFor(node("service", `service:${SWARM_CLUSTER}:${service.id}`), model))).toEqual([
      ["docker", "service", "inspect", ...ops(name)],
      ["docker", "service", "ps", ...ops(name)],
    ]);
    expect(pasted(commandFor(node("task", `task:${SWARM_CLUSTER}:${task.id}`), model))).toEqual([
      ["docker", "service", "ps", ...ops(name)],
    ]);
  });

  it("engine: docker node inspect by hostname", () => {
    const n = swarmNodeDto({ hostname: name });
    const model = { ...empty, nodes: [n] };
    expect(pasted(commandFor(node("engine", `node:${SWARM_CLUSTER}:${n.id}`), model))).toEqual([
      ["docker", "node", "inspect", ...ops(name)],
    ]);
  });

  it("tunnel: docker network inspect and nsenter", () => {
    const net = networkDto({ name, driver: "overlay" });
    expect(pasted(commandFor(edge("tunnel", `tunnel:${net.id}:a:b`), { ...empty, networks: [net] }))).toEqual(
      [
        ["docker", "network", "inspect", "--format", "{{json .Options}} {{json .Peers}}", ...ops(name)],
        [
          "nsenter",
          `--net=/var/run/docker/netns/1-${net.id.slice(0, 10)}`,
          "ip",
          "-d",
          "link",
          "show",
          "type",
          "vxlan",
        ],
      ],
    );
  });

  it("Linux-layer devices: ip -d link show dev NAME", () => {
    expect(pasted(commandFor(node("iface", "iface:x", { label: name }), empty))).toEqual([
      ["docker", "exec", "CONTAINER", "ip", "-d", "link", "show", "dev", name],
    ]);
    for (const kind of ["veth", "bridge", "parent", "stack"] as const)
      expect(pasted(commandFor(node(kind, `${kind}:x`, { label: name }), empty))).toEqual([
        ["ip", "-d", "link", "show", "dev", name],
      ]);
  });

  it("groups: docker ps by Compose labels, docker service ps, docker ps by network", () => {
    expect(pasted(commandFor(node("group", "group:1", { ref: `compose:${name}/${name}` }), empty))).toEqual([
      [
        "docker",
        "ps",
        "-a",
        "--filter",
        `label=com.docker.compose.project=${name}`,
        "--filter",
        `label=com.docker.compose.service=${name}`,
      ],
    ]);
    expect(pasted(commandFor(node("group", "group:2", { ref: `swarm:${name}` }), empty))).toEqual([
      ["docker", "service", "ps", ...ops(name)],
    ]);
    // The group's ref lists its networks split by "," and ended by "|": such a name is not shown (no command).
    if (!/[,|]/.test(name))
      expect(pasted(commandFor(node("group", "group:3", { ref: `nets:${name}` }), empty))).toEqual([
        ["docker", "ps", "-a", "--filter", `network=${name}`],
      ]);
  });
});

describe("commandFor's fixed commands", () => {
  it("tier bands and published ports are one call each, words as written", () => {
    expect(pasted(commandFor(node("tier", "tier:data"), empty))).toEqual([
      ["docker", "network", "ls", "--filter", "label=netatlas.tier"],
    ]);
    expect(pasted(commandFor(edge("published", "published:x"), empty))).toEqual([
      ["docker", "ps", "--format", "{{.Names}}\\t{{.Ports}}"],
    ]);
    expect(pasted(commandFor(edge("link", "link:x", { label: "eth0" }), empty))).toEqual([
      ["ip", "-d", "link", "show"],
    ]);
  });
});
