#!/usr/bin/env node
// scripts/test-summary.mjs - the closing table of `npm test`: every stage scripts/test.sh ran (or could not run,
// and why), with the test counts of its Vitest or Playwright JSON report and the names of failed tests, then
// the totals "stages: N passed, N failed" and "tests: N passed, N failed". Exits 1 when anything failed.
// Usage: node scripts/test-summary.mjs [test-results/stages.tsv]   (the stage file's format: scripts/lib/test-summary.mjs)
import { existsSync, readFileSync } from "node:fs";
import { formatSummary, parseStages, summarise } from "./lib/test-summary.mjs";

const file = process.argv[2] ?? "test-results/stages.tsv";
if (!existsSync(file)) {
  console.log(`no stage file at ${file}: nothing ran`);
  process.exit(1);
}
const stages = parseStages(readFileSync(file, "utf8"));
const reports = {};
for (const stage of stages) {
  if (!stage.report || !existsSync(stage.report)) continue;
  try {
    reports[stage.report] = JSON.parse(readFileSync(stage.report, "utf8"));
  } catch (err) {
    console.log(`${stage.report}: not readable JSON (${err.message})`);
  }
}
const summary = summarise(stages, reports);
console.log(formatSummary(summary));
process.exit(summary.ok && stages.length > 0 ? 0 : 1);
