import { it } from "vitest";
import { loadReachFixture } from "@/lib/testing/reach-fixtures";
import { pairVerdict } from "./reach";
import { directRoute, publishedRoute } from "./reach-rules";
import { AnalysisIndex } from "./stacks";
import { bench } from "./zz-perf3.test";

it("micro", () => {
  const facts = loadReachFixture("26.1").facts;
  const model = bench(200);
  for (let round = 0; round < 4; round++) {
    const ix = new AnalysisIndex(model, [{ ...facts }]);
    const cs = model.containers;
    const pubs = cs.filter((c) => c.ports.length);
    let t0 = performance.now();
    let n = 0;
    for (const a of cs)
      for (const b of pubs)
        for (const p of b.ports) {
          publishedRoute(ix, ix.stack(a), ix.stack(b), p);
          n++;
        }
    const tp = performance.now() - t0;
    t0 = performance.now();
    let m = 0;
    for (const a of cs)
      for (const b of cs) {
        if (a !== b) {
          pairVerdict(ix, a, b);
          m++;
        }
      }
    const tv = performance.now() - t0;
    console.log(
      `round ${round}: ${n} publishedRoute ${tp.toFixed(0)} ms (${((1000 * tp) / n).toFixed(1)} µs); ${m} pairVerdict ${tv.toFixed(0)} ms (${((1000 * tv) / m).toFixed(1)} µs)`,
    );
  }
}, 120000);
