// Records the reach scenario as a real engine holds it, for the unit tests of the reach, names and findings
// models (lib/analysis/__fixtures__/reach-<version>.json): the engine's answers (as scripts/record-fixtures.mjs
// records them, limited to the scenario's objects and Docker's own networks) and what the host-facts script
// printed in the engine's namespace. Written by the reach integration test when NETATLAS_RECORD_REACH names a
// folder (npm run record-fixtures does).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { connect, engineConfig } from "@/lib/docker/client";
import type { RawContainer, RawContainerSummary, RawInfo, RawNetwork } from "@/lib/docker/raw";
import { FACTS_SCRIPT } from "@/lib/host/facts-parse";
import type { RecordedEngine } from "./fixtures";
import type { ReachScenario } from "./reach-scenario";

/** A recorded scenario: the engine's answers, the facts script's output, and which container plays which role. */
export interface ReachRecording extends RecordedEngine {
  factsOutput: string;
  roles: Record<string, string>;
  networkRoles: Record<string, string>;
  ports: ReachScenario["ports"];
  prefix: string;
}

export async function recordReach(folder: string, s: ReachScenario): Promise<string> {
  const engine = await connect(engineConfig("local"));
  const get = <T>(p: string) => engine.get(p, new AbortController().signal) as Promise<T>;
  const mine = (labels: Record<string, string> | null | undefined) =>
    labels?.["netatlas.test"] === s.t.label.split("=")[1];
  const networks = (await get<RawNetwork[]>("/networks")).filter(
    (n) => mine(n.Labels) || ["bridge", "host", "none"].includes(n.Name),
  );
  const containers = (await get<RawContainerSummary[]>("/containers/json?all=1")).filter((c) =>
    (c.Names ?? []).some((n) => n.startsWith(`/${s.t.prefix}`)),
  );
  const inspects: RawContainer[] = [];
  for (const c of containers) inspects.push(await get<RawContainer>(`/containers/${c.Id}/json`));
  const info = await get<RawInfo>("/info");
  const recording: ReachRecording = {
    recordedAt: new Date().toISOString(),
    apiVersion: engine.apiVersion,
    version: engine.version,
    info: { Name: info.Name, Swarm: info.Swarm },
    networks,
    containers,
    inspects,
    factsOutput: execFileSync("nsenter", [`--net=${s.netns}`, "sh", "-c", FACTS_SCRIPT], {
      encoding: "utf8",
    }),
    roles: s.c,
    networkRoles: s.n,
    ports: s.ports,
    prefix: s.t.prefix,
  };
  const [major, minor] = engine.version.Version.split(".");
  const out = path.join(folder, `reach-${major}.${minor}.json`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(out, `${JSON.stringify(recording, null, 1)}\n`);
  return out;
}
