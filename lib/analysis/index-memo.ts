// lib/analysis/index-memo.ts - answers worked out once per analysis index and key. A new index is built after every
// change (lib/live/analysis.ts), so what is kept for one never goes stale, and goes with it (a WeakMap).
import type { AnalysisIndex } from "./stacks";

export type IndexMemo<V> = (ix: AnalysisIndex, key: string, make: () => V) => V;

export function indexMemo<V>(): IndexMemo<V> {
  const perIndex = new WeakMap<AnalysisIndex, Map<string, V>>();
  return (ix, key, make) => {
    let known = perIndex.get(ix);
    if (!known) {
      known = new Map();
      perIndex.set(ix, known);
    }
    let value = known.get(key);
    if (value === undefined) {
      value = make();
      known.set(key, value);
    }
    return value;
  };
}
