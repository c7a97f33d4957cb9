// A snapshot's answers, computed in the browser from the file alone: the same model, index and tiers the server
// builds in lib/live/analysis.ts from the live store and the host facts, so reach, DNS and findings read from a
// snapshot are the answers the live pages gave when it was taken. Pure.
import { AnalysisIndex } from "@/lib/analysis/stacks";
import { buildTopology } from "@/lib/topology/build";
import type { TopologyModel } from "@/lib/topology/model";
import { inferTiers, type TierMap } from "@/lib/topology/tiers";
import type { Snapshot } from "./format";

export interface SnapshotAnalysis {
  model: TopologyModel;
  ix: AnalysisIndex;
  tiers: TierMap;
}

export function analyseSnapshot(snapshot: Snapshot): SnapshotAnalysis {
  const model = buildTopology(snapshot.topology);
  return {
    model,
    ix: new AnalysisIndex(model, snapshot.hostFacts),
    tiers: inferTiers(model, { labelKey: snapshot.settings.tierLabel }),
  };
}
