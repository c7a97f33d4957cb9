#!/usr/bin/env node
// scripts/test-summary.mjs - adds up the JSON reports of the suite's runs (Vitest and Playwright) into one
// closing line "N passed, N failed, N skipped", so CI and people see the whole count at once.
import { existsSync, readFileSync } from "node:fs";

const files = {
  unit: "test-results/unit.json",
  "integration-26": "test-results/integration-26.json",
  "integration-20": "test-results/integration-20.json",
  swarm: "test-results/swarm.json",
  e2e: "test-results/e2e.json",
};
let passed = 0;
let failed = 0;
let skipped = 0;
for (const run of process.argv.slice(2)) {
  const file = files[run];
  if (!file || !existsSync(file)) {
    console.log(`${run}: no report at ${file}`);
    failed++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  // Vitest: numPassedTests...; Playwright: stats.expected/unexpected/skipped/flaky.
  const p = report.numPassedTests ?? (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0);
  const f = report.numFailedTests ?? report.stats?.unexpected ?? 0;
  const s = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) + (report.stats?.skipped ?? 0);
  console.log(`${run}: ${p} passed, ${f} failed${s ? `, ${s} skipped` : ""}`);
  passed += p;
  failed += f;
  skipped += s;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
