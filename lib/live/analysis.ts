// What the reach, DNS and findings routes compute from: the topology (from the live store when it is current,
// else read from Docker) and each engine's host facts, indexed once. An index is reused while the store's
// version and the facts are the same, so a page asking for the matrix and then a pair pays once.
import "server-only";
import { AnalysisIndex } from "@/lib/analysis/stacks";
import type { HostFactsDto } from "@/lib/api/reach";
import { engineConfigs } from "@/lib/docker/client";
import { hostFactsFor } from "@/lib/host/facts";
import { tierLabelKey } from "@/lib/settings/map";
import { buildTopology } from "@/lib/topology/build";
import { inferTiers, type TierMap } from "@/lib/topology/tiers";
import { currentTopologyUnsorted, liveHub } from "./hub";

export interface AnalysisContext {
  ix: AnalysisIndex;
  /** Each network's and container's tier (worked out on first use: only the tier filter and findings need it). */
  readonly tiers: TierMap;
  /**
   * An answer computed once per context: every open map asks for the findings (and pages for the same matrix)
   * after each change; they share one computation.
   */
  once<T>(key: string, compute: () => T): T;
}

let memo: { key: string; context: AnalysisContext } | null = null;

/** What the facts say, not when they were read: a re-read that finds the same rules keeps the computed answers. */
function factsKey(facts: HostFactsDto[]): string {
  return JSON.stringify(facts.map(({ readAt: _readAt, ...f }) => f));
}

export async function analysisContext(): Promise<AnalysisContext> {
  const hub = liveHub();
  const version = hub.storeIfCurrent() ? hub.currentVersion : null;
  const [topology, facts] = await Promise.all([currentTopologyUnsorted(), hostFactsFor(engineConfigs())]);
  const key = version !== null && hub.currentVersion === version ? `${version}|${factsKey(facts)}` : null;
  if (key && memo?.key === key) return memo.context;
  const model = buildTopology(topology);
  const answers = new Map<string, unknown>();
  let tiers: TierMap | null = null;
  const context: AnalysisContext = {
    ix: new AnalysisIndex(model, facts),
    get tiers() {
      tiers ??= inferTiers(model, { labelKey: tierLabelKey() });
      return tiers;
    },
    once<T>(k: string, compute: () => T): T {
      if (!answers.has(k)) answers.set(k, compute());
      return answers.get(k) as T;
    },
  };
  if (key) memo = { key, context };
  return context;
}
