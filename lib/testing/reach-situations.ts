// Test helper: what the recorded reach scenario lacks, for the unit tests of the reach, names and findings models:
// host facts parsed from hand-written output of the facts script (iptables-save text, routes, interfaces, xfrm),
// an index over a built topology or over the recorded scenario with other host facts, and the two-node swarm
// recorded from lab engines a (26.1) and b (20.10) (lib/docker/__fixtures__/swarm.json) as the models see it.
import { readFileSync } from "node:fs";
import { AnalysisIndex } from "@/lib/analysis/stacks";
import type { HostFactsDto } from "@/lib/api/reach";
import type { ContainerDto, TopologyDto } from "@/lib/api/types";
import { mapNetwork } from "@/lib/docker/map";
import { mapService, mapSwarmNode, mapSwarmState, mapTask } from "@/lib/docker/map-swarm";
import { FACT_SECTIONS, type FactSection, parseHostFacts } from "@/lib/host/facts-parse";
import { buildTopology } from "@/lib/topology/build";
import { loadSwarmRecording, swarmTaskContainers } from "./fixtures";
import type { ReachFixture } from "./reach-fixtures";
import { engineDto } from "./topology-builders";

export const READ_AT = "2026-01-01T00:00:00.000Z";

/** iptables-save as Docker leaves it: the filter table's DOCKER-USER and INPUT, and the nat table's DOCKER chain. */
export function iptablesSave(
  parts: { dockerUser?: string[]; input?: string[]; inputPolicy?: string; natDocker?: string[] } = {},
): string {
  const { dockerUser = ["-j RETURN"], input = [], inputPolicy = "ACCEPT", natDocker = [] } = parts;
  return [
    "*filter",
    `:INPUT ${inputPolicy} [0:0]`,
    ":FORWARD DROP [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    ":DOCKER-USER - [0:0]",
    ...input.map((r) => `-A INPUT ${r}`),
    "-A FORWARD -j DOCKER-USER",
    ...dockerUser.map((r) => `-A DOCKER-USER ${r}`),
    "COMMIT",
    "*nat",
    ":DOCKER - [0:0]",
    ...natDocker.map((r) => `-A DOCKER ${r}`),
    "COMMIT",
  ].join("\n");
}

/** What the facts script prints, from its sections (each missing one printed empty). */
export function factsOutput(sections: Partial<Record<FactSection, string>>): string {
  return FACT_SECTIONS.map((s) => `### ${s}\n${sections[s] ?? ""}`).join("\n");
}

export interface FactsParts {
  iptables?: string;
  bridgeNetfilter?: boolean;
  /** `ip -j route` entries. */
  routes?: Array<{ dst: string; dev: string; gateway?: string; scope?: string }>;
  /** The host's own interfaces: name, MTU and addresses (CIDR). */
  interfaces?: Array<{ name: string; mtu: number; addresses: string[] }>;
  xfrmPolicy?: string;
  xfrmState?: string;
  /** null: not read (the section printed nothing). */
  ipvs?: boolean | null;
}

/** Host facts as lib/host/facts-parse reads them from the script's output on one engine's host. */
export function hostFacts(engine: string, parts: FactsParts = {}): HostFactsDto {
  const flag = (b: boolean | null | undefined, fallback: string) =>
    b === undefined ? fallback : b === null ? "" : b ? "1" : "0";
  const addr = (parts.interfaces ?? []).map((l, i) => ({
    ifindex: i + 2,
    ifname: l.name,
    mtu: l.mtu,
    operstate: "UP",
    addr_info: l.addresses.map((a) => {
      const [local, prefixlen] = a.split("/");
      return { family: local?.includes(":") ? "inet6" : "inet", local, prefixlen: Number(prefixlen) };
    }),
  }));
  return parseHostFacts(
    engine,
    `network namespace of ${engine}`,
    READ_AT,
    factsOutput({
      iptables: parts.iptables ?? iptablesSave(),
      "bridge-nf": flag(parts.bridgeNetfilter, "1"),
      "ip-forward": "1",
      addr: JSON.stringify(addr),
      route: JSON.stringify((parts.routes ?? []).map((r) => ({ scope: "link", ...r }))),
      "xfrm-policy": parts.xfrmPolicy ?? "",
      "xfrm-state": parts.xfrmState ?? "",
      ipvs: flag(parts.ipvs, "1"),
    }),
  );
}

/** The analysis index of a built topology, with the given host facts. */
export function indexOf(topology: TopologyDto, facts: HostFactsDto[] = []): AnalysisIndex {
  return new AnalysisIndex(buildTopology(topology), facts);
}

/** The recorded scenario's model with host facts read from an edited copy of the recorded facts output. */
export function withRecordedFacts(f: ReachFixture, edit: (output: string) => string): AnalysisIndex {
  const facts = parseHostFacts("local", f.facts.source ?? "", f.facts.readAt, edit(f.recording.factsOutput));
  return new AnalysisIndex(f.ix.model, [facts]);
}

// --- the recorded swarm ----------------------------------------------------------------------------

const recording = loadSwarmRecording();

export const SWARM = {
  cluster: recording.infoA.Swarm?.Cluster?.ID as string,
  nodeA: recording.infoA.Swarm?.NodeID as string,
  nodeB: recording.infoB.Swarm?.NodeID as string,
  addressA: recording.infoA.Swarm?.NodeAddr as string,
  addressB: recording.infoB.Swarm?.NodeAddr as string,
  /** fx-mesh: the encrypted overlay both services are on. */
  mesh: "9fxybqj8satt4zh5ffme4a58a",
  ingress: "izulaod61htmywbtjvc4k6onj",
  /** fx-web: 3 replicas, VIP mode, port 8089 on the routing mesh. fx-dns: global, dnsrr. */
  web: "sqoyb2qk2rezx8586lmp6bujy",
  dns: "4xcq26cytbs6ylqs98ywfde2p",
} as const;

const xfrmPolicy = (version: string) =>
  readFileSync(new URL(`../host/__fixtures__/xfrm-policy-${version}.txt`, import.meta.url), "utf8");

/** The security association an outgoing policy of the recording needs (the kernel refused them when recorded). */
function xfrmState(src: string, dst: string, spi: string): string {
  return (
    `src ${src} dst ${dst}\n\tproto esp spi ${spi} reqid 13681891 mode transport\n\treplay-window 0 \n` +
    "\taead rfc4106(gcm(aes)) 0x0102030405060708090a0b0c0d0e0f1011121314 64\n"
  );
}

/**
 * One swarm node's host facts: its recorded IPsec policy toward the other node (with its security association
 * when `ipsec` is "installed"), IPVS, and its underlay interface (the one holding the node's address).
 */
export function swarmFacts(
  engine: "a" | "b",
  parts: { ipsec?: "installed" | "refused"; ipvs?: boolean | null; underlayMtu?: number } = {},
): HostFactsDto {
  const [self, peer, spi, version] =
    engine === "a"
      ? [SWARM.addressA, SWARM.addressB, "0x6b734840", "26.1"]
      : [SWARM.addressB, SWARM.addressA, "0x50d0fc60", "20.10"];
  return hostFacts(engine, {
    xfrmPolicy: xfrmPolicy(version),
    xfrmState: parts.ipsec === "installed" ? xfrmState(self, peer, spi) : "",
    ipvs: parts.ipvs === undefined ? true : parts.ipvs,
    interfaces: [{ name: "eth0", mtu: parts.underlayMtu ?? 1500, addresses: [`${self}/24`] }],
  });
}

/** Each task's container and its attachments, with the labels Docker puts on a task's container. */
const taskContainers = () => swarmTaskContainers(recording, { taskLabels: true });

/** The swarm as the topology API answers it with engines a (the manager, reporting the swarm) and b configured. */
export function swarmTopology(): TopologyDto {
  return {
    engines: [
      engineDto({ id: "a", hostname: "netatlas-a", swarm: mapSwarmState(recording.infoA) }),
      engineDto({
        id: "b",
        hostname: "netatlas-b",
        version: "20.10.24",
        swarm: mapSwarmState(recording.infoB),
      }),
    ],
    networks: [
      ...recording.networksA.map((n) => mapNetwork("a", n)),
      ...recording.networksB.map((n) => mapNetwork("b", n)),
    ],
    ...taskContainers(),
    nodes: recording.nodes.map((n) => mapSwarmNode("a", SWARM.cluster, n)),
    services: recording.services.map((s) => mapService("a", SWARM.cluster, s)),
    tasks: recording.tasks.map((t) => mapTask("a", SWARM.cluster, t)),
  };
}

/** The same swarm when only the manager's engine is configured (b's tasks are known only as tasks). */
export function swarmTopologyWithoutB(): TopologyDto {
  const t = swarmTopology();
  return {
    ...t,
    engines: t.engines.filter((e) => e.id !== "b"),
    networks: t.networks.filter((n) => n.engine !== "b"),
    containers: t.containers.filter((c) => c.engine !== "b"),
    endpoints: t.endpoints.filter((e) => e.engine !== "b"),
  };
}

/** A task's container by service name and slot ("fx-web.1"), or service name and engine for a global service. */
export function taskContainer(ix: AnalysisIndex, name: string, engine?: string): ContainerDto {
  const found = ix.model.containers.find(
    (c) => c.name.startsWith(`${name}.`) && (engine === undefined || c.engine === engine),
  );
  if (!found) throw new Error(`swarm has no task container ${name}`);
  return found;
}
