// Test helper: the reach scenario recorded from real Docker 26.1 and 20.10 engines (lib/analysis/__fixtures__,
// written by the reach integration test under npm run record-fixtures), as the models see it: the topology mapped
// by lib/docker/map, the host facts parsed by lib/host/facts-parse, and each role's container.
import { readFileSync } from "node:fs";
import { AnalysisIndex } from "@/lib/analysis/stacks";
import type { HostFactsDto } from "@/lib/api/reach";
import type { ContainerDto, NetworkDto, TopologyDto } from "@/lib/api/types";
import { mapContainer, mapEndpoints, mapNetwork } from "@/lib/docker/map";
import { parseHostFacts } from "@/lib/host/facts-parse";
import { buildTopology } from "@/lib/topology/build";
import { type FixtureVersion, fixtureEngine } from "./fixtures";
import type { ContainerRole, NetworkRole } from "./reach-scenario";
import type { ReachRecording } from "./record-reach";

export interface ReachFixture {
  recording: ReachRecording;
  topology: TopologyDto;
  facts: HostFactsDto;
  ix: AnalysisIndex;
  c(role: ContainerRole): ContainerDto;
  n(role: NetworkRole): NetworkDto;
}

/** A fresh copy (and index) on every call. */
export function loadReachFixture(version: FixtureVersion, engine = "local"): ReachFixture {
  const file = new URL(`../analysis/__fixtures__/reach-${version}.json`, import.meta.url);
  const recording = JSON.parse(readFileSync(file, "utf8")) as ReachRecording;
  const summaries = new Map(recording.containers.map((s) => [s.Id, s]));
  const topology: TopologyDto = {
    engines: [fixtureEngine(recording, engine)],
    networks: recording.networks.map((n) => mapNetwork(engine, n)),
    containers: recording.inspects.map((c) => mapContainer(engine, c, summaries.get(c.Id))),
    endpoints: recording.inspects.flatMap((c) => mapEndpoints(engine, c)),
    nodes: [],
    services: [],
    tasks: [],
  };
  const facts = parseHostFacts(
    engine,
    "network namespace netatlas-lab",
    recording.recordedAt,
    recording.factsOutput,
  );
  const model = buildTopology(topology);
  const ix = new AnalysisIndex(model, [facts]);
  const byName = (name: string) => {
    const found = model.containers.find((x) => x.name === name);
    if (!found) throw new Error(`reach fixture ${version} has no container ${name}`);
    return found;
  };
  return {
    recording,
    topology,
    facts,
    ix,
    c: (role) => byName(recording.roles[role] as string),
    n: (role) => {
      const found = model.networks.find((x) => x.name === recording.networkRoles[role]);
      if (!found) throw new Error(`reach fixture ${version} has no network for ${role}`);
      return found;
    },
  };
}
